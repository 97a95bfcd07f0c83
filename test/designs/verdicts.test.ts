/**
 * The reference designs reach their documented verdicts (expected.ts) in both search modes: the
 * same invariant, the same shortest counterexample length, and a complete exhaustive search for
 * every design that passes.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INVARIANT_IDS, type InvariantId } from '../../properties/invariant.ts';
import type { Program } from '../../src/design/program.ts';
import { checkProgram, type CheckOptions } from '../../src/system/check.ts';
import type { CheckReport } from '../../src/system/trace.ts';
import { EXPECTED, type Expected } from './expected.ts';
import { compileFile } from '../design/helpers.ts';

const DESIGNS = fileURLToPath(new URL('../../designs/', import.meta.url));

const RANDOM: CheckOptions = { mode: 'random', seed: 1, runs: 2000, maxSteps: 60, replayCommand: 'x' };
const EXHAUSTIVE: CheckOptions = { mode: 'exhaustive', seed: 1, runs: 1, maxSteps: 60, maxStates: 2_000_000, replayCommand: 'x' };

const load = (file: string): Program => compileFile(join(DESIGNS, file));

async function check(file: string, options: CheckOptions): Promise<CheckReport> {
  return (await checkProgram(load(file), options)).report;
}

/** The verdict, the invariant and the trace length, in one comparable line. */
function summary(report: CheckReport): string {
  const v = report.violation;
  return v === undefined ? report.verdict : `${report.verdict} ${v.invariant} in ${v.trace.length} steps`;
}

function expectedSummary(e: Expected): string {
  return e.verdict === 'pass' ? 'pass' : `violation ${e.invariant} in ${e.steps} steps`;
}

describe('the design manifest', () => {
  it('lists every file in designs/, once', () => {
    const files = readdirSync(DESIGNS).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
    const listed = EXPECTED.map((e) => e.file);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(files);
  });

  it('names each file after its design id', () => {
    for (const e of EXPECTED) expect(`${load(e.file).design}.yaml`).toBe(e.file);
  });

  it('has, for every invariant, a design that violates it and a passing design that checks it', () => {
    const violated = new Set<InvariantId>();
    const kept = new Set<InvariantId>();
    for (const e of EXPECTED) {
      if (e.verdict === 'violation') violated.add(e.invariant);
      else for (const id of load(e.file).invariants) kept.add(id);
    }
    expect([...violated].sort()).toEqual([...INVARIANT_IDS].sort());
    expect([...kept].sort()).toEqual([...INVARIANT_IDS].sort());
  });
});

describe('random search (seed 1, 2000 runs)', () => {
  for (const e of EXPECTED) {
    it(`${e.file}: ${expectedSummary(e)}`, async () => {
      const report = await check(e.file, RANDOM);
      expect(summary(report)).toBe(expectedSummary(e));
      if (report.violation !== undefined) expect(report.violation.step).toBe(report.violation.trace.length);
    });
  }
});

describe('exhaustive search (2,000,000 states)', () => {
  for (const e of EXPECTED) {
    it(`${e.file}: ${e.verdict === 'pass' ? 'complete pass' : `shortest counterexample ${e.steps} steps`}`, async () => {
      const exhaustive = await check(e.file, EXHAUSTIVE);
      expect(summary(exhaustive)).toBe(expectedSummary(e));
      if (e.verdict === 'pass') {
        expect(exhaustive.stats.complete).toBe(true);
        return;
      }
      // The random search shrinks to a counterexample as short as the shortest one.
      const random = await check(e.file, RANDOM);
      expect(random.violation?.invariant).toBe(exhaustive.violation?.invariant);
      expect(random.violation?.trace.length).toBe(exhaustive.violation?.trace.length);
    });
  }
});

describe('optee-protmem-merged', () => {
  it('breaks at the lend: alloc then ffa_lend, and the first invariant in id order is reported', async () => {
    const report = await check('optee-protmem-merged.yaml', RANDOM);
    expect(report.invariants).toEqual([...INVARIANT_IDS]);
    expect(report.violation?.trace.map((s) => `${s.actor} ${s.step} ${s.result}`)).toEqual(['t1 alloc ok', 't1 ffa_lend ok']);
    expect(report.violation?.pages).toEqual([0, 1]);
    // Other invariants break at the same step; no-ns-mapping-of-lent-memory is the first in id order.
    const alsoBroken: InvariantId[] = ['no-ns-access-to-lent-memory', 'clean-before-lend'];
    for (const id of alsoBroken) {
      const other = await check('optee-protmem-merged.yaml', { ...RANDOM, invariants: [id] });
      expect(summary(other)).toBe(`violation ${id} in 2 steps`);
    }
    for (const id of alsoBroken) expect(INVARIANT_IDS.indexOf(id)).toBeGreaterThan(INVARIANT_IDS.indexOf('no-ns-mapping-of-lent-memory'));
  });
});

describe('optee-protmem-fixed', () => {
  it('passes 10,000 random runs under every invariant', async () => {
    const report = await check('optee-protmem-fixed.yaml', { ...RANDOM, runs: 10_000 });
    expect(report.invariants).toEqual([...INVARIANT_IDS]);
    expect(report.verdict).toBe('pass');
    expect(report.stats.runs).toBe(10_000);
  });
});

describe('optee-protmem-fixed, exhaustively', () => {
  // The reference state space: a change to the model or to the symmetry reduction that adds or
  // merges states shows up here first, before any verdict moves.
  it('is 597 distinct states and 1,890 transitions, complete (without partial-order reduction)', async () => {
    const report = await check('optee-protmem-fixed.yaml', { ...EXHAUSTIVE, partialOrder: false });
    expect(report.verdict).toBe('pass');
    expect(report.stats).toMatchObject({ states: 597, transitions: 1890, complete: true });
    expect(report.search?.['partialOrder']).toBeUndefined();
  });

  // The reduced space (the default): the page-local steps of one actor at a time, and the leak.
  it('is 360 distinct states and 702 transitions with partial-order reduction, complete', async () => {
    const report = await check('optee-protmem-fixed.yaml', EXHAUSTIVE);
    expect(report.verdict).toBe('pass');
    expect(report.stats).toMatchObject({ states: 360, transitions: 702, complete: true });
    expect(report.search?.['partialOrder']).toMatchObject({ states: 360, transitions: 702, rerun: false });
  });
});
