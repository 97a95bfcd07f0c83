/** interruptOnSignals with a stand-in process: first signal aborts, second exits, early ones count. */
import { describe, expect, it } from 'vitest';
import { EARLY_SIGNALS, interruptOnSignals, type SignalProcess, type StopSignalName } from '../../src/cli/signals.ts';

function fakeProcess() {
  const listeners = new Map<string, ((s: StopSignalName) => void)[]>();
  const exits: number[] = [];
  const proc: SignalProcess = {
    on: (event, listener) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    removeListener: (event, listener) => listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== listener)),
    exit: ((code: number) => void exits.push(code)) as SignalProcess['exit'],
  };
  const send = (signal: StopSignalName) => (listeners.get(signal) ?? []).forEach((l) => l(signal));
  return { proc, send, exits, count: () => [...listeners.values()].flat().length };
}

describe('interruptOnSignals', () => {
  it('aborts with the signal as reason, then exits 128 + n on the second signal', () => {
    const f = fakeProcess();
    const i = interruptOnSignals(f.proc);
    expect(i.signal.aborted).toBe(false);
    f.send('SIGTERM');
    expect(i.signal.aborted).toBe(true);
    expect((i.signal.reason as Error).message).toBe('interrupted by SIGTERM');
    expect(f.exits).toEqual([]);
    f.send('SIGINT');
    expect(f.exits).toEqual([130]);
    i.dispose();
    expect(f.count()).toBe(0);
  });

  it('takes over the signals bin/lendcheck.js caught before the CLI was loaded', () => {
    const f = fakeProcess();
    let disposed = false;
    (globalThis as Record<symbol, unknown>)[EARLY_SIGNALS] = { signals: ['SIGINT'], dispose: () => (disposed = true) };
    const i = interruptOnSignals(f.proc);
    expect(disposed).toBe(true);
    expect((globalThis as Record<symbol, unknown>)[EARLY_SIGNALS]).toBeUndefined();
    expect((i.signal.reason as Error).message).toBe('interrupted by SIGINT');
    f.send('SIGTERM');
    expect(f.exits).toEqual([143]);
    i.dispose();
  });
});
