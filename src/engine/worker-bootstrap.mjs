// Entry of the search's worker threads when they run the TypeScript sources (tests,
// `bin/lendcheck.js` through tsx): a plain ES module that Node runs as it is, registers tsx's loader
// in the worker (a worker does not inherit the main thread's), then imports the worker. A build's
// workers start from parallel-worker.js directly (tsc does not copy this file into dist/).
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
