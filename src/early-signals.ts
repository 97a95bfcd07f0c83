/**
 * SIGINT/SIGTERM that arrive before a command has taken the signals over (while the CLI's modules
 * load) are kept for it: src/cli/signals.ts takes them over and stops the search at once. A second
 * one exits at once (130 / 143). bin/lendcheck.js (the tsx path) installs the same listener before
 * tsx loads; this one is for the built CLI, and does nothing when that one is already in place.
 */
interface EarlySignals {
  readonly signals: string[];
  dispose(): void;
}

const KEY = Symbol.for('lendcheck.earlySignals');

type WithEarly = typeof globalThis & { [KEY]?: EarlySignals };

/** Installs the early listener unless one is there. */
export function captureEarlySignals(): void {
  const global = globalThis as WithEarly;
  if (global[KEY] !== undefined) return;
  const early: string[] = [];
  const onEarlySignal = (signal: string) => {
    if (early.length > 0) process.exit(signal === 'SIGINT' ? 130 : 143);
    early.push(signal);
  };
  process.on('SIGINT', onEarlySignal);
  process.on('SIGTERM', onEarlySignal);
  global[KEY] = {
    signals: early,
    dispose: () => {
      process.removeListener('SIGINT', onEarlySignal);
      process.removeListener('SIGTERM', onEarlySignal);
    },
  };
}

/**
 * The exit code once `main` returned `code`: a command that never took the signals over (it runs
 * no search) ends as the signal would have ended it.
 */
export function exitCodeAfter(code: number): number {
  const early = (globalThis as WithEarly)[KEY];
  const untaken = early === undefined ? [] : early.signals;
  return untaken.length > 0 ? (untaken[0] === 'SIGINT' ? 130 : 143) : code;
}
