/**
 * checkProgram's own decisions, beyond the verdicts (test/designs): which searches renaming
 * reaches and what the report says of it, and the moves a non-violating result carries.
 */
import { describe, expect, it } from 'vitest';
import { checkProgram, type CheckOptions } from '../../src/system/check.ts';
import { compileFile } from '../design/helpers.ts';

const base: CheckOptions = { mode: 'exhaustive', seed: 1, runs: 40, maxSteps: 30, replayCommand: 'r' };

describe('checkProgram', () => {
  it.each([
    ['test/system/fixtures/scaled-x3-fixed.yaml', 'applied'],
    ['test/system/fixtures/scaled-x3-freed-on-failure.yaml', 'abandoned'],
  ])('exhaustive mode on %s: renaming %s, and the report says so', async (file, renaming) => {
    const { report } = await checkProgram(compileFile(file), base);
    expect(report.search?.['renaming']).toBe(renaming);
  });

  it('says nothing of renaming where it does not apply: without partial-order reduction, and in random mode', async () => {
    const program = compileFile('test/system/fixtures/scaled-x3-fixed.yaml');
    const plain = await checkProgram(program, { ...base, partialOrder: false });
    expect(plain.report.search).not.toHaveProperty('renaming');
    const random = await checkProgram(program, { ...base, mode: 'random' });
    expect(random.report.search).not.toHaveProperty('renaming');
  });

  it('an incomplete search carries no moves to save', async () => {
    const result = await checkProgram(compileFile('test/system/fixtures/scaled-x3-fixed.yaml'), { ...base, maxStates: 10 });
    expect(result.report.verdict).toBe('incomplete');
    expect(result.moves).toEqual([]);
  });
});
