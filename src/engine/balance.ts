/**
 * How the parallel search evens out its workers' next levels. A new state belongs to the worker
 * that stored it first, so a worker that had more states finds more new ones, and the level's end
 * waits for it: measured on the 4-actor design, the larger part held about 1.4x the smaller one
 * at every level. Between levels the workers with more than their share cut the excess off their
 * frontier's tail and the others adopt it (packed words, no decoding: frontier.ts).
 */

/** What one worker gives: `count` states to worker `worker`. */
export interface Gift {
  readonly worker: number;
  readonly count: number;
}

/** A worker's part may exceed its share by this fraction before a level is balanced ... */
const SLACK = 1 / 32;
/** ... or by this many states (moving fewer costs more than it saves). */
const MIN_MOVE = 64;

/**
 * Per worker, the gifts that leave every worker with its share of the total (the total divided
 * evenly, the first workers one more for a remainder); null when every part is within its share's
 * slack already (`exact`: when every part is its share).
 */
export function balancePlan(counts: readonly number[], exact = false): Gift[][] | null {
  const total = counts.reduce((a, b) => a + b, 0);
  const share = (i: number) => Math.floor(total / counts.length) + (i < total % counts.length ? 1 : 0);
  const excess = counts.map((count, i) => count - share(i));
  if (excess.every((e, i) => e <= (exact ? 0 : Math.max(MIN_MOVE, share(i) * SLACK)))) return null;
  const plan: Gift[][] = counts.map(() => []);
  let receiver = 0;
  for (let giver = 0; giver < counts.length; giver++) {
    while (excess[giver]! > 0) {
      while (excess[receiver]! >= 0) receiver++;
      const count = Math.min(excess[giver]!, -excess[receiver]!);
      plan[giver]!.push({ worker: receiver, count });
      excess[giver]! -= count;
      excess[receiver]! += count;
    }
  }
  return plan;
}
