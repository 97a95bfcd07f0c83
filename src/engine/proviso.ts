/**
 * Expanding one state under partial-order reduction with the BFS cycle proviso (SPIN's, as
 * docs/SCALE.md describes it): the system's ample sets are tried in order, and the first whose
 * successors are all NEW (not stored at any level up to the current one: new, or first stored in
 * this level's expansion) is enough; otherwise every move is taken. Ample moves then always lead
 * one level down, so every cycle of the reduced graph has a fully expanded state.
 *
 * Shared by the one-thread search (exhaustive.ts) and the worker threads (parallel-worker.ts). NEW
 * versus SEEN depends only on the levels already finished, never on the order in which this
 * level's states are expanded, so workers choose the same sets as one thread does.
 */

/** A transition's successor is new, or first stored in this level's expansion. */
export const NEW = 0;
/** A transition's successor was stored at an earlier level (or the current one). */
export const SEEN = 1;

/**
 * Takes the moves `state`'s expansion needs: `take(m)` makes move m's transition and says NEW or
 * SEEN, or returns an object that ends the search, which is returned as it is. Otherwise: true
 * when an ample set was enough, false when every move was taken. Each move is taken at most once.
 */
export function expandUnderProviso<T extends object>(
  moveCount: number,
  amples: readonly (readonly number[])[],
  take: (m: number) => typeof NEW | typeof SEEN | T,
): boolean | T {
  /** Per move: 0 not taken yet, NEW + 1 or SEEN + 1 as `take` said. */
  let taken: Int8Array | null = null;
  for (const ample of amples) {
    let allNew = true;
    for (const m of ample) {
      taken ??= new Int8Array(moveCount);
      if (taken[m] === 0) {
        const outcome = take(m);
        if (typeof outcome === 'object') return outcome;
        taken[m] = outcome + 1;
      }
      if (taken[m] === SEEN + 1) allNew = false;
    }
    if (allNew) return true;
  }
  for (let m = 0; m < moveCount; m++) {
    if (taken !== null && taken[m] !== 0) continue;
    const outcome = take(m);
    if (typeof outcome === 'object') return outcome;
  }
  return false;
}
