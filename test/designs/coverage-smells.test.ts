/**
 * B22's design smells pass, and their coverage reports name the dead branch; fault injection makes
 * the same branch live (SPEC section 9 failures: "the coverage report then shows both branches").
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDesignFile } from '../../src/design/load.ts';
import { checkProgram, type CheckOptions } from '../../src/system/check.ts';
import type { CheckReport } from '../../src/system/trace.ts';

const DESIGNS = fileURLToPath(new URL('../../designs/', import.meta.url));
const EXHAUSTIVE: CheckOptions = { mode: 'exhaustive', seed: 1, runs: 1, maxSteps: 60, replayCommand: 'x' };

async function check(file: string): Promise<CheckReport> {
  const program = loadDesignFile(join(DESIGNS, file));
  if (!program.ok) throw new Error(JSON.stringify(program.errors));
  return (await checkProgram(program.value, EXHAUSTIVE)).report;
}

describe('B22 design smells', () => {
  it('smell-b22-dead-reclaim-error-path passes, and its reclaim is seen ok only', async () => {
    const report = await check('smell-b22-dead-reclaim-error-path.yaml');
    expect(report.verdict).toBe('pass');
    expect(report.stats.complete).toBe(true);
    const oneWay = report.coverage!.oneWay.map((l) => `${l.step} ${l.only}`);
    expect(oneWay).toContain('ffa_reclaim ok');
    // The leak in the reclaim's on_error never ran.
    expect(report.coverage!.unreached.map((l) => l.step)).toContain('leak');
  });

  it('with failures the same reclaim is seen both ways and the leak runs', async () => {
    const report = await check('bug-b11-reclaim-rejected-fixed.yaml');
    expect(report.verdict).toBe('pass');
    expect(report.coverage!.oneWay.map((l) => l.step)).not.toContain('ffa_reclaim');
    expect(report.coverage!.unreached.map((l) => l.step)).not.toContain('leak');
  });

  it('smell-b22-no-map-heap-skips-dma-map passes, with its device path never reached', async () => {
    const report = await check('smell-b22-no-map-heap-skips-dma-map.yaml');
    expect(report.verdict).toBe('pass');
    expect(report.coverage!.oneWay.map((l) => `${l.step} ${l.only}`)).toContain('if then');
    const unreached = report.coverage!.unreached.map((l) => l.step);
    expect(unreached).toContain('iommu_map');
    expect(unreached).toContain('iommu_unmap');
  });

  it('fault injection shows an injected alloc failure as the failed branch (B9 fixed)', async () => {
    const report = await check('bug-b09-lend-alloc-failure-fixed.yaml');
    expect(report.verdict).toBe('pass');
    // Both allocs are branch points now (failures: {alloc: ENOMEM}) and were seen both ways.
    expect(report.coverage!.oneWay.map((l) => l.step)).not.toContain('alloc');
  });
});
