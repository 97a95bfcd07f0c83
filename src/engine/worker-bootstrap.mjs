// Entry of the search's worker threads. A plain ES module so that Node runs it as it is, from the
// sources (tests, `bin/lendcheck.js` through tsx) or from a build: it registers tsx's loader only
// when the module it is asked to run is TypeScript, then imports it.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
