/**
 * Progress of a long search, as numbers. The engines call `tick` often and cheaply; the reporter
 * forwards a snapshot to the listener at most once per interval. Nothing here prints: the CLI
 * decides whether there is a terminal to draw on.
 */

/** One progress snapshot. */
export interface Progress {
  /** What the engine is doing: exploring, shrinking with fast-check, or minimising the trace. */
  readonly phase: 'search' | 'shrink' | 'minimize';
  /** Random walks run so far (random mode), or 1 (exhaustive). */
  readonly runs: number;
  /** Distinct states (exhaustive) or states visited (random). */
  readonly states: number;
  readonly transitions: number;
  /** BFS level being expanded (exhaustive) or the longest walk so far (random). */
  readonly depth: number;
  /** States waiting to be expanded (exhaustive; 0 in random mode). */
  readonly queue: number;
  readonly elapsedMs: number;
  /** Average since the search started. */
  readonly statesPerSecond: number;
  readonly transitionsPerSecond: number;
}

/** Receives progress snapshots; must not throw. */
export type ProgressListener = (progress: Progress) => void;

/** Default interval between two snapshots. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 500;

/**
 * Throttles progress snapshots. `tick` costs one clock read; call it every few thousand
 * transitions, not per transition.
 */
export class ProgressReporter {
  private readonly startedAt: number;
  private nextAt: number;

  constructor(
    private readonly listener: ProgressListener | undefined,
    private readonly intervalMs: number = DEFAULT_PROGRESS_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.nextAt = this.startedAt + intervalMs;
  }

  /** Milliseconds since the reporter was created. */
  elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  /** Reports if the interval has passed since the last snapshot. */
  tick(phase: Progress['phase'], runs: number, states: number, transitions: number, depth: number, queue: number): void {
    if (this.listener === undefined) return;
    const t = this.now();
    if (t < this.nextAt) return;
    this.nextAt = t + this.intervalMs;
    this.emit(phase, runs, states, transitions, depth, queue, t);
  }

  /** Reports now, whatever the interval (e.g. once at the end). */
  flush(phase: Progress['phase'], runs: number, states: number, transitions: number, depth: number, queue: number): void {
    if (this.listener === undefined) return;
    const t = this.now();
    this.nextAt = t + this.intervalMs;
    this.emit(phase, runs, states, transitions, depth, queue, t);
  }

  private emit(
    phase: Progress['phase'],
    runs: number,
    states: number,
    transitions: number,
    depth: number,
    queue: number,
    t: number,
  ): void {
    const elapsedMs = t - this.startedAt;
    const seconds = Math.max(elapsedMs, 1) / 1000;
    this.listener?.({
      phase,
      runs,
      states,
      transitions,
      depth,
      queue,
      elapsedMs,
      statesPerSecond: Math.round(states / seconds),
      transitionsPerSecond: Math.round(transitions / seconds),
    });
  }
}
