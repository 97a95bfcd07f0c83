#!/usr/bin/env node
// lendcheck from the TypeScript sources through tsx, for development (the package's `bin` is the
// build, dist/src/bin.js, made by `npm run build` and by `npm ci` through `prepare`).
// SIGINT/SIGTERM sent while tsx and the CLI load are kept for the command (src/early-signals.ts
// installs the same listener in the built CLI; src/cli/signals.ts takes them over); a second one
// exits at once (130 / 143).
const early = [];
const onEarlySignal = (signal) => {
  if (early.length > 0) process.exit(signal === 'SIGINT' ? 130 : 143);
  early.push(signal);
};
process.on('SIGINT', onEarlySignal);
process.on('SIGTERM', onEarlySignal);
globalThis[Symbol.for('lendcheck.earlySignals')] = {
  signals: early,
  dispose: () => {
    process.removeListener('SIGINT', onEarlySignal);
    process.removeListener('SIGTERM', onEarlySignal);
  },
};

const { register } = await import('tsx/esm/api');
register();
await import('../src/bin.ts');
