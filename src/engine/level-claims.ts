/**
 * One worker's walk over a level of the parallel exhaustive search (parallel-worker.ts): the level
 * is a list of parts (one per worker: the states that worker stored), and a worker claims blocks
 * of states from them, its own part first, then the others' in turn, with one atomic add on the
 * part's cursor per block. A worker done with its part so takes over the rest of another's, and
 * the level ends when every part is expanded (work sharing within a level); every state is claimed
 * by exactly one worker whatever the timing.
 */
import type { Frontier } from './frontier.ts';

/** States a worker claims at a time: one atomic add per block. */
export const CLAIM_BLOCK = 32;

/** One part of a level, as the claims read it. */
export interface LevelPart<S> {
  readonly length: number;
  state(index: number): S;
}

export class LevelClaims<S> {
  /** Part indices in the order this worker claims from them: its own first. */
  private readonly order: readonly number[];
  private turn = 0;
  private part = 0;
  /** This worker's block: [at, end) of `part`. */
  private at = 0;
  private end = 0;

  /**
   * `cursors`: one word per part, 0 at the start, shared by every worker of the level (a plain
   * Int32Array when only this worker reads the parts).
   */
  constructor(
    private readonly parts: readonly LevelPart<S>[],
    private readonly cursors: Int32Array<ArrayBufferLike>,
    first: number,
    private readonly block = CLAIM_BLOCK,
  ) {
    this.order = parts.map((_, k) => (first + k) % parts.length);
  }

  /** Whether a state is left for this worker (claiming the next block if its own is used up). */
  more(): boolean {
    if (this.at < this.end) return true;
    for (; this.turn < this.order.length; this.turn++) {
      const part = this.order[this.turn]!;
      const from = Atomics.add(this.cursors, part, this.block);
      const length = this.parts[part]!.length;
      if (from < length) {
        this.part = part;
        this.at = from;
        this.end = Math.min(from + this.block, length);
        return true;
      }
    }
    return false;
  }

  /** The next state of this worker's block (after `more()` said there is one). */
  take(): S {
    return this.parts[this.part]!.state(this.at++);
  }
}

/** A worker's own frontier as the only part of a level: read once each, in increasing order. */
export function ownLevel<S>(frontier: Frontier<S>): LevelClaims<S> {
  return new LevelClaims([{ length: frontier.length, state: (index) => frontier.take(index) }], new Int32Array(1), 0);
}
