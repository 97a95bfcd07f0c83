/**
 * What the exhaustive search's coordinator and its worker threads tell each other (see
 * parallel-exhaustive.ts). Only plain data crosses threads; the system itself is rebuilt in each
 * worker from a module and structured-cloneable arguments (`SystemFactory`).
 */
import type { SharedLevel } from './frontier.ts';
import type { TransitionSystem } from './types.ts';

/** How a worker builds the system: `(await import(module))[exportName](args)`. */
export interface SystemFactory {
  /** A file URL of a module (TypeScript or JavaScript). */
  readonly module: string;
  readonly exportName: string;
  /** Structured-cloneable. */
  readonly args: unknown;
}

/** What a factory returns. */
export interface WorkerSystem<S, M, V> {
  readonly system: TransitionSystem<S, M, V>;
  /**
   * Whether the fingerprints this thread computed so far are the ones any other thread computes
   * for the same states (a fingerprint that numbers names on first sight is thread-local once it
   * met a name it was not seeded with). A false answer makes the search redo the work on one thread.
   */
  consistent(): boolean;
  /**
   * Whether every word this thread's codec has written so far decodes to the same state in any
   * other thread's (then the workers share levels: parallel-exhaustive.ts). Absent: never.
   */
  levelsPortable?(): boolean;
  /** What the system recorded about the search (e.g. coverage), structured-cloneable, for the caller to merge. */
  summary?(): unknown;
  /** Forgets what it recorded (the workers but the first do, after the first levels they all recompute). */
  resetSummary?(): void;
}

export interface WorkerInit {
  readonly entry: string;
  readonly factory: SystemFactory;
  readonly id: number;
  readonly workers: number;
  readonly table: SharedArrayBuffer;
  /** Int32 words: see CONTROL_*. */
  readonly control: SharedArrayBuffer;
  readonly depth: number | null;
  readonly maxStates: number;
  /** The private prefix ends at the first level with at least this many states. */
  readonly prefixStates: number;
  /** Partial-order reduction (the system's ample sets under the cycle proviso, proviso.ts). */
  readonly reduce: boolean;
}

/** control[STOP] != 0: every worker ends its round at the next state. */
export const CONTROL_STOP = 0;
export const CONTROL_WORDS = 1;

/** The next level, as every worker's part of it (`SharedLevel`s) and one claim cursor per part (Int32 words). */
export interface LevelParts {
  readonly parts: readonly SharedLevel[];
  readonly cursors: SharedArrayBuffer;
}

export type ToWorker =
  /** `parts` with `advance`: the next level is shared (else each worker expands its own part alone). */
  | { readonly type: 'go'; readonly table: SharedArrayBuffer | null; readonly advance: boolean; readonly parts: LevelParts | null }
  | { readonly type: 'summary' };

export type FromWorker =
  | {
      readonly type: 'prefix';
      readonly states: number;
      readonly transitions: number;
      /** States the prefix expanded through an ample set only. */
      readonly reducedStates: number;
      readonly level: number;
      /** The prefix search ended the whole search: the space is exhausted or the depth bound reached. */
      readonly finished: { readonly exhausted: boolean } | null;
      readonly consistent: boolean;
    }
  /** A state of the level being expanded breaks an invariant (the coordinator re-runs the one-thread search for the trace). */
  | { readonly type: 'violation'; readonly consistent: boolean }
  | { readonly type: 'max-states'; readonly consistent: boolean }
  | {
      readonly type: 'round';
      /** The worker expanded all of its part of the level (false: paused for a bigger table or a stop). */
      readonly done: boolean;
      readonly next: number;
      /** With `done`: the states this worker stored, for every worker to read (null: its states are objects, or not done). */
      readonly level: SharedLevel | null;
      /** Transitions this worker took since the prefix. */
      readonly transitions: number;
      /** States this worker expanded through an ample set only, since the prefix. */
      readonly reducedStates: number;
      readonly consistent: boolean;
    }
  | { readonly type: 'summary'; readonly summary: unknown }
  /**
   * Building the system or searching the first levels threw (in place of the prefix). Later, an
   * error is thrown in the thread itself: the worker's 'error' event.
   */
  | { readonly type: 'error'; readonly message: string };
