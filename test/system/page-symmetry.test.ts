/**
 * The exhaustive search's page-symmetry reduction at scatter-gather allocations
 * (src/system/alloc-choices.ts) changes how many states are explored, never the verdict, the
 * invariant or the shortest counterexample's length; and it is off where the design depends on
 * page numbers.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Program } from '../../src/design/program.ts';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { symmetricRegions } from '../../src/system/alloc-choices.ts';
import { designSystem } from '../../src/system/design-system.ts';
import { compile, lines } from '../design/helpers.ts';
import { compileFile } from '../design/helpers.ts';

const DESIGNS = fileURLToPath(new URL('../../designs/', import.meta.url));

const load = (file: string): Program => compileFile(join(DESIGNS, file));

function search(program: Program, pageSymmetry: boolean) {
  const outcome = exhaustiveSearch(designSystem(program, undefined, { pageSymmetry }), { maxStates: 500_000 });
  const summary = outcome.verdict === 'violation' ? `violation ${outcome.violation.invariant} ${outcome.trace.length}` : outcome.verdict;
  return { summary, states: outcome.stats.states, complete: outcome.stats.complete };
}

/** Two threads on a system heap of `pages` pages, each taking `take` pages, with a bug or not. */
function twoThreads(pages: number, take: number, unmap: boolean): Program {
  return compile(
    lines(
      'design: t',
      `platform: {hypervisor: none, spmc: hafnium, pages: {system: ${pages}}, endpoints: [optee]}`,
      'procedures:',
      '  p:',
      `    - alloc: {buffer: b, region: system, pages: ${take}, contiguous: false}`,
      '    - clean_cache: b',
      ...(unmap ? ['    - unmap_linear: b', '    - flush_tlb: b'] : []),
      '    - ffa_lend: {buffer: b, to: [optee]}',
      '    - ffa_reclaim: {buffer: b, clear: true}',
      '      on_error: [leak: b]',
      '    - map_linear: b',
      '    - free: b',
      'actors: {t1: [p], t2: [p]}',
      'environment: [secure, cpu]',
    ),
  );
}

describe('page symmetry at scatter-gather allocations', () => {
  for (const file of ['sg-system-heap-fixed.yaml', 'sg-system-heap-merged.yaml', 'bug-b09-lend-alloc-failure-fixed.yaml']) {
    it(`${file}: the same verdict and shortest trace with and without it`, () => {
      const program = load(file);
      const full = search(program, false);
      const reduced = search(program, true);
      expect(reduced.summary).toBe(full.summary);
      expect(reduced.complete).toBe(full.complete);
      expect(reduced.states).toBeLessThanOrEqual(full.states);
    });
  }

  for (const [pages, take, unmap] of [[4, 2, true], [4, 1, false], [5, 2, true], [3, 2, false]] as const) {
    it(`two threads taking ${take} of ${pages} pages (${unmap ? 'fixed' : 'buggy'}): same outcome, fewer states`, () => {
      const program = twoThreads(pages, take, unmap);
      const full = search(program, false);
      const reduced = search(program, true);
      expect(reduced.summary).toBe(full.summary);
      expect(reduced.complete).toBe(full.complete);
      expect(reduced.states).toBeLessThan(full.states);
    });
  }

  it('is off for a region that a contiguous alloc also uses, and with chunked sends', () => {
    expect([...symmetricRegions(load('sg-system-heap-fixed.yaml'))]).toEqual(['system']);
    expect([...symmetricRegions(load('bug-b09-lend-alloc-failure.yaml'))]).toEqual([]);
    expect([...symmetricRegions(load('sg-partial-lend-no-rollback.yaml'))]).toEqual([]);
  });
});
