/**
 * Partial-order reduction on worker threads gives the one-thread reduced search's answer: on every
 * passing shipped design, three violating ones and the scaled test fixtures, forced onto 2 workers (sequentialBelow 0), the same
 * verdict, and on a pass the same distinct states, transitions and states reduced; on a violation
 * the same invariant and shortest length. Why it can be equal, not just equivalent: the cycle
 * proviso depends on the finished levels only (engine/proviso.ts). Renaming stays on one thread.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Program } from '../../src/design/program.ts';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { parallelExhaustiveSearch } from '../../src/engine/parallel-exhaustive.ts';
import { designSystem } from '../../src/system/design-system.ts';
import { workerSystemFactory } from '../../src/system/parallel-system.ts';
import { EXPECTED } from '../designs/expected.ts';
import { compileFile } from '../design/helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Every passing design, three violating ones (a violation is reported by the one-thread re-search), the fixtures. */
const VIOLATING = ['bug-b07-free-before-remap-race.yaml', 'optee-protmem-merged.yaml', 'bug-b06-missing-tlb-flush.yaml'];
const FILES = [
  ...EXPECTED.filter((e) => e.verdict === 'pass' || VIOLATING.includes(e.file)).map((e) => join('designs', e.file)),
  ...['scaled-x2-everything', 'scaled-x3-fixed', 'scaled-x3-freed-on-failure', 'scaled-x3-late-unmap'].map((f) => `test/system/fixtures/${f}.yaml`),
];

const load = (file: string): Program => compileFile(join(ROOT, file));

describe('partial-order reduction on 2 workers', () => {
  let reducedSomewhere = 0;
  it.each(FILES)('%s: the one-thread reduced answer', async (file) => {
    const program = load(file);
    const options = { pageSymmetry: true } as const;
    const one = exhaustiveSearch(designSystem(program, program.invariants, options), { reduce: true, maxStates: 2_000_000 });
    const two = await parallelExhaustiveSearch(designSystem(program, program.invariants, options), workerSystemFactory(program, program.invariants, false, options), {
      workers: 2,
      sequentialBelow: 0,
      splitPerWorker: 2, // the workers split at once: most of each search is their shared part
      reduce: true,
      maxStates: 2_000_000,
    });
    expect(two.parallel.workers).toBe(2);
    expect(two.verdict).toBe(one.verdict);
    if (one.verdict === 'violation' && two.verdict === 'violation') {
      expect([two.violation.invariant, two.trace.length]).toEqual([one.violation.invariant, one.trace.length]);
      expect(two.parallel.rerun).toBe('violation');
      return;
    }
    expect(two.parallel.rerun).toBeNull();
    const r1 = one.exhaustive.reduction!;
    const r2 = two.exhaustive.reduction!;
    expect({ states: two.stats.states, transitions: two.stats.transitions, reducedStates: r2.reducedStates }).toEqual({
      states: one.stats.states,
      transitions: one.stats.transitions,
      reducedStates: r1.reducedStates,
    });
    if (r1.reducedStates > 0) reducedSomewhere++;
  });

  it('the reduction reduced something on most passing designs (the comparisons above are not all of unreduced searches)', () => {
    expect(reducedSomewhere).toBeGreaterThan(10);
  });
});

describe('check --workers 2 with partial-order reduction', () => {
  const base = { mode: 'exhaustive', seed: 1, runs: 1, maxSteps: 1, replayCommand: 'x' } as const;

  it('a design renaming does not apply to: reduced on the workers, the one-thread report', async () => {
    const { checkProgram } = await import('../../src/system/check.ts');
    const program = load('designs/optee-protmem-fixed.yaml');
    const one = (await checkProgram(program, base)).report;
    const two = (await checkProgram(program, { ...base, workers: 2, sequentialBelow: 0 })).report;
    expect(two.search?.['workers']).toBe(2);
    expect(one.search?.['renaming']).toBeUndefined();
    expect([two.verdict, two.stats.states, two.stats.transitions, two.search?.['partialOrder']]).toEqual([one.verdict, one.stats.states, one.stats.transitions, one.search?.['partialOrder']]);
    expect(two.stats.states).toBe(360);
    expect(two.coverage).toEqual(one.coverage);
  });

  it('a design renaming applies to: stays on one thread (renaming is the one-thread search\'s)', async () => {
    const { checkProgram } = await import('../../src/system/check.ts');
    const program = load('test/system/fixtures/scaled-x3-fixed.yaml');
    const two = (await checkProgram(program, { ...base, workers: 2, sequentialBelow: 0 })).report;
    expect(two.search?.['renaming']).toBe('applied');
    expect(two.search?.['workers']).toBeUndefined();
  });
});
