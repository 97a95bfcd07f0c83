#!/usr/bin/env node
// lendcheck command-line entry: loads the TypeScript CLI through tsx (no build step).
// SIGINT/SIGTERM sent while it loads are kept for the command (src/cli/signals.ts takes them over);
// a second one exits at once (130 / 143).
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
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// A command that never took the signals over (it runs no search) ends as the signal would have ended it.
const untaken = globalThis[Symbol.for('lendcheck.earlySignals')] === undefined ? [] : early;
process.exitCode = untaken.length > 0 ? (untaken[0] === 'SIGINT' ? 130 : 143) : code;
