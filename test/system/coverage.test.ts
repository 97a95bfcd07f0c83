import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesignFile, loadDesignText } from '../../src/design/load.ts';
import { checkProgram } from '../../src/system/check.ts';

const fixed = loadDesignFile(join(import.meta.dirname, '../../designs/optee-protmem-fixed.yaml'));

describe('coverage of a search', () => {
  it('shows that the fixed design never exercises a failed lend, but does exercise a failed reclaim', async () => {
    if (!fixed.ok) throw new Error('design does not load');
    const { report } = await checkProgram(fixed.value, { mode: 'exhaustive', seed: 0, runs: 1, maxSteps: 1, replayCommand: '-' });
    const c = report.coverage!;
    expect(c.steps.total).toBe(11);
    // ffa_lend never fails on this platform, so its on_error (map_linear, free) is dead code.
    expect(c.unreached.map((l) => `${l.procedure}:${l.step}`)).toEqual(['alloc:map_linear', 'alloc:free']);
    expect(c.oneWay.map((l) => `${l.step}:${l.only}`)).toEqual(['ffa_lend:ok']);
    // The reclaim went both ways: DENIED while optee held the pages (then leak), ok otherwise.
    expect(c.unreached.some((l) => l.step === 'leak')).toBe(false);
    expect(Object.keys(c.environment)).toEqual(['secure ffa_relinquish', 'secure ffa_retrieve', 'secure write']);
  });

  it('reports both branches of an if once both are taken, and an untaken one otherwise', async () => {
    const text = (initial: number) =>
      [
        'design: branches',
        'platform: {pages: {cma: 1}, endpoints: [optee]}',
        `variables: {n: ${initial}}`,
        'procedures:',
        '  p:',
        '    - if: {var: n, eq: 0, then: [inc: n], else: [dec: n]}',
        'actors:',
        '  t1: [p]',
        'environment: []',
      ].join('\n');
    const run = async (initial: number) => {
      const loaded = loadDesignText('b.yaml', text(initial));
      if (!loaded.ok) throw new Error('does not load');
      return (await checkProgram(loaded.value, { mode: 'exhaustive', seed: 0, runs: 1, maxSteps: 1, replayCommand: '-' })).report.coverage!;
    };
    const zero = await run(0);
    expect(zero.oneWay).toEqual([{ line: 6, column: 7, procedure: 'p', step: 'if', only: 'then' }]);
    expect(zero.unreached.map((l) => l.step)).toEqual(['dec']);
    const one = await run(1);
    expect(one.oneWay[0]!.only).toBe('else');
    expect(one.unreached.map((l) => l.step)).toEqual(['inc']);
  });
});
