/**
 * checkProgram's own decisions, beyond the verdicts (test/designs): which searches renaming
 * reaches and what the report says of it, and the moves a non-violating result carries.
 */
import { describe, expect, it } from 'vitest';
import { checkProgram, type CheckOptions } from '../../src/system/check.ts';
import { compileFile } from '../design/helpers.ts';

/** The scaled correct design: renaming applies to it. */
const X3 = 'test/system/fixtures/scaled-x3-fixed.yaml';
const base: CheckOptions = { mode: 'exhaustive', seed: 1, runs: 40, maxSteps: 30, replayCommand: 'r' };

describe('checkProgram', () => {
  it.each([
    [X3, 'applied', 'pass', 670],
    ['test/system/fixtures/scaled-x3-freed-on-failure.yaml', 'abandoned', 'violation', 80],
    ['designs/static-carveout-protmem.yaml', 'abandoned', 'pass', 73],
  ])('exhaustive mode on %s: renaming %s, and the report says so', async (file, renaming, verdict, states) => {
    const { report } = await checkProgram(compileFile(file), base);
    expect(report.search?.['renaming']).toBe(renaming);
    // Abandoned, the search runs again without renaming (renamed, the two abandoned designs would
    // count 20 and 44 states: states told apart by their page numbers merged).
    expect([report.verdict, report.stats.states]).toEqual([verdict, states]);
  });

  it('says nothing of renaming where it does not apply: without partial-order reduction, and in random mode', async () => {
    const program = compileFile(X3);
    const plain = await checkProgram(program, { ...base, partialOrder: false });
    expect(plain.report.search).not.toHaveProperty('renaming');
    const random = await checkProgram(program, { ...base, mode: 'random' });
    expect(random.report.search).not.toHaveProperty('renaming');
  });

  it('an incomplete search carries no moves to save', async () => {
    const result = await checkProgram(compileFile(X3), { ...base, maxStates: 10 });
    expect(result.report.verdict).toBe('incomplete');
    expect(result.moves).toEqual([]);
  });

  it('a shard searches without the one-thread reductions: its counts are the unreduced shard\'s', async () => {
    const program = compileFile(X3);
    const shard = { index: 0, count: 2 };
    const sharded = await checkProgram(program, { ...base, shard });
    const unreduced = await checkProgram(program, { ...base, shard, partialOrder: false });
    expect(sharded.report.search).not.toHaveProperty('renaming');
    expect(sharded.report.stats.states).toBe(unreduced.report.stats.states);
  });

  it('passes the caller\'s signal, time budget and progress listener on to the search (renaming on)', async () => {
    const program = compileFile(X3);
    const controller = new AbortController();
    controller.abort(new Error('interrupted by SIGINT'));
    const aborted = await checkProgram(program, { ...base, signal: controller.signal });
    expect(aborted.report.verdict === 'incomplete' && aborted.report.reason).toMatch(/^interrupted by SIGINT/);
    const timed = await checkProgram(program, { ...base, timeoutMs: 0 });
    expect(timed.report.verdict === 'incomplete' && timed.report.reason).toMatch(/^time budget of 0 ms reached/);
    let ticks = 0;
    await checkProgram(program, { ...base, onProgress: () => ticks++ });
    expect(ticks).toBeGreaterThan(0);
  });

  it('passes the depth bound and the memory budget (in MB) on to the exhaustive search', async () => {
    const program = compileFile(X3);
    const bounded = await checkProgram(program, { ...base, depth: 3 });
    expect([bounded.report.verdict, bounded.report.stats.depth]).toEqual(['pass', 3]);
    const memory = await checkProgram(program, { ...base, maxMemoryMb: 1 });
    expect(memory.report.verdict === 'incomplete' && memory.report.reason).toMatch(/^memory budget of 1 MB reached/);
  });
});
