/**
 * A transition system from a directed graph: the state is a node, the moves are its out-edges
 * (by target node), and reaching a "bad" node is a violation. Used to compare BFS traces with
 * a reference shortest-path search.
 */
import type { TransitionSystem } from '../../../src/engine/types.ts';

export interface Graph {
  /** Out-edges of each node, by target (no duplicates). */
  readonly edges: readonly (readonly number[])[];
  readonly bad: readonly number[];
}

export function graphSystem(graph: Graph): TransitionSystem<number, number, number> {
  const bad = new Set(graph.bad);
  return {
    initial: () => 0,
    moves: (s) => graph.edges[s] ?? [],
    apply: (_s, to) => to,
    check: (s) => (bad.has(s) ? s : null),
    fingerprint: (s) => String(s),
    moveKey: (to) => String(to),
  };
}

/** Reference: length of a shortest path from node 0 to a bad node, or null. */
export function shortestDistanceToBad(graph: Graph): number | null {
  const bad = new Set(graph.bad);
  const dist = new Map<number, number>([[0, 0]]);
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    if (bad.has(node)) return dist.get(node)!;
    for (const to of graph.edges[node] ?? []) {
      if (!dist.has(to)) {
        dist.set(to, dist.get(node)! + 1);
        queue.push(to);
      }
    }
  }
  return null;
}

/** Reference: nodes reachable from node 0. */
export function reachable(graph: Graph): number {
  const seen = new Set<number>([0]);
  const stack = [0];
  while (stack.length > 0) {
    for (const to of graph.edges[stack.pop()!] ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    }
  }
  return seen.size;
}
