/**
 * What the exploration engines see: an abstract transition system. Nothing here knows about pages,
 * FF-A or kernels; the engines would work unchanged for any other domain.
 */

/** A finite-branching transition system with safety properties. */
export interface TransitionSystem<S, M, V> {
  initial(): S;
  /** Every move enabled in `state`, in a deterministic order. Empty = the system has terminated. */
  moves(state: S): readonly M[];
  /** The successor of a move enabled in `state`. Pure. */
  apply(state: S, move: M): S;
  /** The first broken property in `state`, or null. */
  check(state: S): V | null;
  /** A canonical key: equal for states the properties cannot tell apart (symmetry-reduced). */
  fingerprint(state: S): string;
  /**
   * Optional fast path for the exhaustive search: the fingerprint's 64-bit hash, written to
   * `out[0]` and `out[1]` without building the string. It must induce the same equivalence as
   * `fingerprint` (equal strings <=> equal hashes, up to hash collisions); `fingerprint` stays for
   * tests and debugging.
   */
  fingerprintInto?(state: S, out: Int32Array): void;
  /**
   * Optional, for partial-order reduction (exhaustive search with `reduce`): ample sets of the
   * moves enabled in `state`, as indices into `moves` (the list `moves(state)` returned), in order
   * of preference; empty to expand every move. For each set the system promises that no move
   * outside it, nor any move that can become enabled before one of the set is taken, depends on
   * (fails to commute with, enables or disables) a move of the set, and that no move of the set
   * can hide a broken property. The engine adds the cycle proviso, trying the sets in order.
   */
  ample?(state: S, moves: readonly M[]): readonly (readonly number[])[];
  /** A stable identity for a move, independent of the state it is enabled in (for replay and minimisation). */
  moveKey(move: M): string;
  /**
   * Optional: states as 32-bit words, so the exhaustive search keeps its frontier packed instead
   * of as objects. Must be lossless (`decode(encode(s))` behaves exactly as `s`).
   */
  readonly codec?: StateCodec<S>;
}

/** A lossless state <-> words codec (see `TransitionSystem.codec`). */
export interface StateCodec<S> {
  /**
   * Writes `state` into `out` from `at` and returns the end index. Writes past the array's end
   * are dropped (typed-array semantics): an end beyond `out.length` means "grow and encode again".
   */
  encode(state: S, out: Int32Array, at: number): number;
  /** The state whose words start at `words[at]`. */
  decode(words: Int32Array, at: number): S;
}

export interface SearchStats {
  /** Random walks run (random mode) or 1 (exhaustive). */
  readonly runs: number;
  /** Distinct states seen (exhaustive) or states visited (random). */
  readonly states: number;
  readonly transitions: number;
  /** Longest trace explored (random) or deepest BFS level completed (exhaustive). */
  readonly depth: number;
  /** True when the bounded space was covered completely. */
  readonly complete: boolean;
  readonly elapsedMs: number;
}

export type SearchOutcome<M, V> =
  | { readonly verdict: 'violation'; readonly trace: readonly M[]; readonly violation: V; readonly stats: SearchStats }
  | { readonly verdict: 'pass'; readonly stats: SearchStats }
  | { readonly verdict: 'incomplete'; readonly reason: string; readonly stats: SearchStats };
