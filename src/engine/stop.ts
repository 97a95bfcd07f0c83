/**
 * Cooperative stopping for long searches. A search is synchronous JavaScript: a signal handler
 * (SIGINT, SIGTERM) or a timer only runs when the event loop gets a turn. So every engine runs in
 * slices: between two slices it awaits `yieldToEventLoop()`, and inside a slice it polls the
 * AbortSignal (one property read). Whoever wants the search to stop aborts the signal with a
 * reason (`new Error('interrupted by SIGTERM')`); the engine ends as `incomplete` with that reason.
 *
 * Review, repair and explain use the same pieces: take an AbortSignal, run in `Slicer` slices,
 * answer `incomplete` with `stopReason(signal)` once it is aborted.
 */

/** Default length of a slice between two turns of the event loop. */
export const DEFAULT_SLICE_MS = 50;

/** Lets timers, I/O and signal handlers run (a resolved promise would not: it is a microtask). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Why `signal` was aborted, as words for a report ("interrupted by SIGINT"). */
export function stopReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.message !== '') return reason.message;
  if (typeof reason === 'string' && reason !== '') return reason;
  return 'search aborted';
}

/** Whether the signal asks the search to stop. */
export function stopRequested(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/**
 * Decides when a slice is over: `due()` is one clock read, cheap enough to call once per random
 * walk or once per few thousand transitions.
 */
export class Slicer {
  private sliceEnd: number;

  constructor(
    private readonly sliceMs: number = DEFAULT_SLICE_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.sliceEnd = now() + sliceMs;
  }

  /** True when the current slice has run its time (then the caller yields and calls `next`). */
  due(): boolean {
    return this.now() >= this.sliceEnd;
  }

  /** Yields to the event loop and starts the next slice. */
  async next(): Promise<void> {
    await yieldToEventLoop();
    this.sliceEnd = this.now() + this.sliceMs;
  }

  /** Yields only if the slice is over. */
  async pause(): Promise<void> {
    if (this.due()) await this.next();
  }
}
