import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { minimizeTrace } from '../../src/engine/minimize.ts';
import { randomSearch } from '../../src/engine/random.ts';
import { replayTrace } from '../../src/engine/replay.ts';
import { graphSystem, reachable, shortestDistanceToBad, type Graph } from './examples/graph.ts';

/** Directed graphs of 1-14 nodes, deduplicated out-edges, a few bad nodes (maybe none). */
const graphArb: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    edges: fc.array(fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 4 }), { minLength: n, maxLength: n }),
    bad: fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 3 }),
  }),
);

/** Whether `trace` is a path from node 0 along the graph's edges. */
function isPath(graph: Graph, trace: readonly number[]): boolean {
  let at = 0;
  for (const to of trace) {
    if (!(graph.edges[at] ?? []).includes(to)) return false;
    at = to;
  }
  return true;
}

describe('randomGraphs: BFS against a reference shortest-path search', () => {
  it('the exhaustive trace is a shortest path to a bad node; pass covers every reachable node', () => {
    fc.assert(
      fc.property(graphArb, (graph) => {
        const system = graphSystem(graph);
        const outcome = exhaustiveSearch(system);
        const distance = shortestDistanceToBad(graph);
        if (distance === null) {
          expect(outcome.verdict).toBe('pass');
          expect(outcome.stats.complete).toBe(true);
          expect(outcome.exhaustive.exhausted).toBe(true);
          expect(outcome.stats.states).toBe(reachable(graph));
        } else {
          expect(outcome.verdict).toBe('violation');
          if (outcome.verdict !== 'violation') return;
          expect(outcome.trace).toHaveLength(distance);
          expect(isPath(graph, outcome.trace)).toBe(true);
          expect(graph.bad).toContain(outcome.trace.length === 0 ? 0 : outcome.trace[outcome.trace.length - 1]);
          expect(replayTrace(system, outcome.trace.map(system.moveKey)).violationStep).toBe(distance);
        }
      }),
      { seed: 20240601, numRuns: 300 },
    );
  });

  it('a random-mode violation, once minimised, is as short as the reference', () => {
    fc.assert(
      fc.property(graphArb, fc.nat(), (graph, seed) => {
        const system = graphSystem(graph);
        const outcome = randomSearch(system, { seed, runs: 50, maxSteps: 20 });
        const distance = shortestDistanceToBad(graph);
        if (outcome.verdict === 'violation') {
          expect(distance).not.toBeNull();
          expect(outcome.trace).toHaveLength(distance!);
          expect(isPath(graph, outcome.trace)).toBe(true);
        } else {
          expect(outcome.verdict).toBe('pass');
        }
      }),
      { seed: 20240602, numRuns: 200 },
    );
  });

  it('minimizeTrace turns any walk to a bad node into a shortest one', () => {
    fc.assert(
      fc.property(graphArb, fc.array(fc.nat(), { maxLength: 40 }), (graph, choices) => {
        const system = graphSystem(graph);
        // A walk along the choices, up to the first bad node.
        const trace: number[] = [];
        let at = 0;
        for (const c of choices) {
          if (graph.bad.includes(at)) break;
          const out = graph.edges[at] ?? [];
          if (out.length === 0) break;
          at = out[c % out.length]!;
          trace.push(at);
        }
        fc.pre(graph.bad.includes(at));
        const result = minimizeTrace(system, trace, at);
        expect(result.trace).toHaveLength(shortestDistanceToBad(graph)!);
        expect(isPath(graph, result.trace)).toBe(true);
        const local = minimizeTrace(system, trace, at, { skipSearch: true });
        expect(local.report.search).toBe('skipped');
        expect(local.trace.length).toBeLessThanOrEqual(trace.length);
        expect(isPath(graph, local.trace)).toBe(true);
      }),
      { seed: 20240603, numRuns: 300 },
    );
  });
});
