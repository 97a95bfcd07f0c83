/**
 * `--workers`: the parallel exhaustive search gives the one-thread answer. On every passing shipped
 * design (and a 3-actor scaled one with a table that must grow twice mid-level), the same verdict
 * and the same distinct-state and transition counts; on violating designs, the same invariant and
 * shortest length. Workers are forced (sequentialBelow 0): by default such small searches would
 * not start any.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDesignText } from '../../src/design/load.ts';
import type { Program } from '../../src/design/program.ts';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { parallelExhaustiveSearch } from '../../src/engine/parallel-exhaustive.ts';
import { designSystem } from '../../src/system/design-system.ts';
import { workerSystemFactory } from '../../src/system/parallel-system.ts';
import { EXPECTED } from '../designs/expected.ts';
import { compileFile } from '../design/helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const load = (file: string): Program => compileFile(join(ROOT, file));

/** designs/optee-protmem-fixed.yaml with a third actor and 6 pages (bench/run.ts's -x3 variant). */
function threeActors(): Program {
  const text = readFileSync(join(ROOT, 'designs/optee-protmem-fixed.yaml'), 'utf8')
    .replace('pages: {cma: 4}', 'pages: {cma: 6}')
    .replace('\n  t2: [alloc, release]\n', '\n  t2: [alloc, release]\n  t3: [alloc, release]\n');
  const loaded = loadDesignText('x3.yaml', text);
  if (!loaded.ok) throw new Error('x3 does not load');
  return loaded.value;
}

async function compare(program: Program, workers: number, initialSlots?: number): Promise<void> {
  const one = exhaustiveSearch(designSystem(program), { maxStates: 1_000_000 });
  const many = await parallelExhaustiveSearch(designSystem(program), workerSystemFactory(program, program.invariants), {
    workers,
    sequentialBelow: 0,
    splitPerWorker: 2, // split at once: small spaces are searched by the workers' shared part too
    maxStates: 1_000_000,
    ...(initialSlots === undefined ? {} : { initialSlots }),
  });
  expect(many.parallel.workers).toBe(workers);
  expect(many.verdict).toBe(one.verdict);
  if (one.verdict === 'violation' && many.verdict === 'violation') {
    expect(many.violation.invariant).toBe(one.violation.invariant);
    expect(many.trace.length).toBe(one.trace.length);
    expect(many.parallel.rerun).toBe('violation');
  } else {
    expect(many.parallel.rerun).toBeNull();
    expect({ states: many.stats.states, transitions: many.stats.transitions, complete: many.stats.complete, exhausted: many.exhaustive.exhausted }).toEqual({
      states: one.stats.states,
      transitions: one.stats.transitions,
      complete: true,
      exhausted: true,
    });
  }
}

describe('parallel exhaustive search', () => {
  it.each(EXPECTED.filter((e) => e.verdict === 'pass').map((e) => e.file))('%s: 2 workers, the one-thread counts', async (file) => {
    await compare(load(join('designs', file)), 2);
  });

  it('a 3-actor design whose shared table must grow mid-level (3 times): 2 workers, the one-thread counts', async () => {
    await compare(threeActors(), 2, 1 << 12);
  });

  // With 2 workers, "keep the states whose index is not mine" is a partition too; with 3 it is not.
  it('3 workers on a passing design: the one-thread counts (each state of the split level expanded once)', async () => {
    await compare(load('designs/optee-protmem-fixed.yaml'), 3);
  });

  it('3 workers on a violating design: the one-thread invariant and shortest length', async () => {
    await compare(load('designs/bug-b07-free-before-remap-race.yaml'), 3);
  });

  it('a search within sequentialBelow runs on the calling thread', async () => {
    const program = load('designs/optee-protmem-fixed.yaml');
    const outcome = await parallelExhaustiveSearch(designSystem(program), workerSystemFactory(program, program.invariants), { workers: 2 });
    expect(outcome.parallel.workers).toBe(1);
    expect(outcome.verdict).toBe('pass');
  });

  // The workers start beside a one-thread search past 40% of sequentialBelow (WARM_WORKERS_AT).
  it('a search that outgrows sequentialBelow continues on the workers started beside it: the one-thread counts', async () => {
    const program = threeActors();
    const one = exhaustiveSearch(designSystem(program), { maxStates: 1_000_000 });
    const many = await parallelExhaustiveSearch(designSystem(program), workerSystemFactory(program, program.invariants), {
      workers: 2,
      sequentialBelow: 20_000,
      maxStates: 1_000_000,
    });
    expect(many.parallel).toEqual({ workers: 2, rerun: null });
    expect([many.verdict, many.stats.states, many.stats.transitions]).toEqual(['pass', one.stats.states, one.stats.transitions]);
  });

  // Whether the signal comes while the workers load or while they search, the report says why.
  it('an abort stops the workers: incomplete, with the signal\'s reason and the states searched so far', async () => {
    const program = load('bench/designs/optee-protmem-fixed-x4.yaml');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted by SIGTERM')), 300);
    const outcome = await parallelExhaustiveSearch(designSystem(program), workerSystemFactory(program, program.invariants), {
      workers: 2,
      sequentialBelow: 0,
      signal: controller.signal,
    });
    expect(outcome.verdict).toBe('incomplete');
    expect(outcome.verdict === 'incomplete' ? outcome.reason : '').toMatch(/^interrupted by SIGTERM \(\d+ distinct states, depth \d+ complete\)$/);
    expect(outcome.exhaustive.stoppedBy).toBe('aborted');
    expect(outcome.stats.states).toBeGreaterThanOrEqual(1);
  });

  it('a time budget: passed on to the workers, and changing nothing when it is not reached', async () => {
    const program = threeActors();
    const factory = workerSystemFactory(program, program.invariants);
    const one = exhaustiveSearch(designSystem(program));
    const unhurried = await parallelExhaustiveSearch(designSystem(program), factory, { workers: 2, sequentialBelow: 0, timeoutMs: 600_000 });
    expect([unhurried.verdict, unhurried.stats.states, unhurried.stats.transitions]).toEqual([one.verdict, one.stats.states, one.stats.transitions]);
    // 1 ms runs out while the workers load: they stop at their first look at the clock.
    const hurried = await parallelExhaustiveSearch(designSystem(program), factory, { workers: 2, sequentialBelow: 0, timeoutMs: 1 });
    expect(hurried.verdict).toBe('incomplete');
    expect(hurried.exhaustive.stoppedBy).toBe('timeout');
  });

  it('a state budget smaller than the space: incomplete at the budget, as on one thread', async () => {
    const program = threeActors();
    const many = await parallelExhaustiveSearch(designSystem(program), workerSystemFactory(program, program.invariants), { workers: 2, sequentialBelow: 0, maxStates: 10_000 });
    expect(many.verdict).toBe('incomplete');
    expect(many.exhaustive.stoppedBy).toBe('max-states');
    expect(many.stats.states).toBe(10_000);
  });

  it('workers started beside a one-thread search that then answers are stopped: no thread outlives the search', async () => {
    // Against what ran before the search: under vitest's threads pool (Stryker's) the test itself runs on a worker with its own port.
    const threads = (): string[] => process.getActiveResourcesInfo().filter((r) => r.includes('Worker') || r === 'MessagePort');
    const before = threads();
    const program = threeActors();
    const outcome = await parallelExhaustiveSearch(designSystem(program), workerSystemFactory(program, program.invariants), {
      workers: 2,
      sequentialBelow: 30_000, // above the design's 25,816 states, and past 40% of it well before the end
      maxStates: 1_000_000,
    });
    expect(outcome.parallel.workers).toBe(1);
    expect(outcome.verdict).toBe('pass');
    expect(threads()).toEqual(before);
  });
});

describe('check with workers', () => {
  it('reports the one-thread verdict, counts and coverage (merged from the workers)', async () => {
    const { checkProgram } = await import('../../src/system/check.ts');
    const program = load('designs/optee-protmem-fixed.yaml');
    // Workers search without partial-order reduction (a reduced search stays on one thread).
    const base = { mode: 'exhaustive', seed: 1, runs: 1, maxSteps: 1, replayCommand: 'x', partialOrder: false } as const;
    const one = (await checkProgram(program, base)).report;
    const two = (await checkProgram(program, { ...base, workers: 2, sequentialBelow: 0 })).report;
    expect(two.search?.['workers']).toBe(2);
    expect([two.verdict, two.stats.states, two.stats.transitions]).toEqual([one.verdict, one.stats.states, one.stats.transitions]);
    expect(two.coverage).toEqual(one.coverage);
  });

  // The workers once built their systems without page symmetry: sg-system-heap-fixed gave 1,839
  // states on 2 workers against 597 on one thread.
  it.each(['sg-system-heap-fixed'])(
    '%s (scatter-gather allocs merged by page symmetry): the one-thread counts on 2 workers',
    async (name) => {
      const { checkProgram } = await import('../../src/system/check.ts');
      const program = load(`designs/${name}.yaml`);
      const base = { mode: 'exhaustive', seed: 1, runs: 1, maxSteps: 1, replayCommand: 'x', partialOrder: false } as const;
      const one = (await checkProgram(program, base)).report;
      const two = (await checkProgram(program, { ...base, workers: 2, sequentialBelow: 0 })).report;
      expect(two.search?.['workers']).toBe(2);
      expect([two.verdict, two.stats.states, two.stats.transitions]).toEqual([one.verdict, one.stats.states, one.stats.transitions]);
    },
  );
});
