/**
 * SIGINT and SIGTERM during a search (SPEC section 13): the first one aborts the command's
 * AbortSignal with the reason "interrupted by SIGTERM", so the search ends as `incomplete` (exit 3)
 * and the command still prints its JSON and writes nothing half-done; a second one exits at once
 * with the shell's convention, 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
 *
 * bin/lendcheck.js listens from the first line, before the TypeScript is loaded, and keeps the
 * signals that arrive early (EARLY_SIGNALS); `interruptOnSignals` takes them over, so a signal sent
 * while the CLI is still starting is not lost either.
 */
export type StopSignalName = 'SIGINT' | 'SIGTERM';
export const STOP_SIGNALS: readonly StopSignalName[] = ['SIGINT', 'SIGTERM'];

/** Exit code of the second signal. */
export const SIGNAL_EXIT: Readonly<Record<StopSignalName, number>> = { SIGINT: 130, SIGTERM: 143 };

/** What bin/lendcheck.js leaves on globalThis: the signals seen so far and how to stop listening. */
export interface EarlySignals {
  readonly signals: StopSignalName[];
  dispose(): void;
}
export const EARLY_SIGNALS = Symbol.for('lendcheck.earlySignals');

/** The process as this module uses it (injectable for tests). */
export interface SignalProcess {
  on(event: StopSignalName, listener: (signal: StopSignalName) => void): unknown;
  removeListener(event: StopSignalName, listener: (signal: StopSignalName) => void): unknown;
  exit(code: number): never;
}

export interface Interruption {
  /** Aborted (with an Error saying which signal) at the first signal. */
  readonly signal: AbortSignal;
  /** Stops listening (a later signal has its default effect again). */
  dispose(): void;
}

/** Listens for SIGINT and SIGTERM until `dispose`; see the module comment. */
export function interruptOnSignals(proc: SignalProcess = process as unknown as SignalProcess): Interruption {
  const controller = new AbortController();
  const onSignal = (signal: StopSignalName) => {
    if (controller.signal.aborted) proc.exit(SIGNAL_EXIT[signal]);
    else controller.abort(new Error(`interrupted by ${signal}`));
  };
  for (const name of STOP_SIGNALS) proc.on(name, onSignal);
  const early = takeEarlySignals();
  for (const name of early) onSignal(name);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of STOP_SIGNALS) proc.removeListener(name, onSignal);
    },
  };
}

/** The signals bin/lendcheck.js caught before the CLI was ready; it stops listening for them. */
function takeEarlySignals(): StopSignalName[] {
  const holder = globalThis as { [EARLY_SIGNALS]?: EarlySignals };
  const early = holder[EARLY_SIGNALS];
  if (early === undefined) return [];
  delete holder[EARLY_SIGNALS];
  early.dispose();
  return [...early.signals];
}
