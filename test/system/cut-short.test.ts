import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDesignText } from '../../src/design/load.ts';
import { checkProgram } from '../../src/system/check.ts';
import type { InvariantId } from '../../properties/invariant.ts';

async function check(text: string, mode: 'random' | 'exhaustive', invariants?: InvariantId[]) {
  const loaded = loadDesignText('d.yaml', text);
  if (!loaded.ok) throw new Error(loaded.errors[0]!.message);
  const result = await checkProgram(loaded.value, { mode, seed: 42, runs: 200, maxSteps: 50, replayCommand: 'r', ...(invariants ? { invariants } : {}) });
  return result.report;
}

describe('honest passes (cutShort)', () => {
  const b15 = readFileSync('designs/bug-b15-hibernation-lent-pages.yaml', 'utf8');

  it('counts kernel faults when no-kernel-fault is not checked: transitions (exhaustive), runs (random)', async () => {
    const exhaustive = await check(b15, 'exhaustive', ['no-double-lend']);
    expect(exhaustive.verdict).toBe('pass');
    expect(exhaustive.cutShort?.kernelFault).toBeGreaterThan(0);
    const random = await check(b15, 'random', ['no-double-lend']);
    expect(random.verdict).toBe('pass');
    expect(random.cutShort!.kernelFault).toBeGreaterThan(0);
    expect(random.cutShort!.kernelFault).toBeLessThanOrEqual(200);
  });

  it('counts the same on worker threads as on one (each thread counts its own transitions, merged)', async () => {
    const loaded = loadDesignText('d.yaml', b15);
    if (!loaded.ok) throw new Error(loaded.errors[0]!.message);
    for (const partialOrder of [true, false]) {
      const base = { mode: 'exhaustive', seed: 42, runs: 1, maxSteps: 50, replayCommand: 'r', invariants: ['no-double-lend'], partialOrder } as const;
      const one = (await checkProgram(loaded.value, base)).report;
      const two = (await checkProgram(loaded.value, { ...base, workers: 2, sequentialBelow: 0 })).report;
      expect(two.search?.['workers']).toBe(2);
      expect(one.cutShort?.kernelFault).toBeGreaterThan(0);
      expect(two.cutShort).toEqual(one.cutShort);
    }
  });

  it('says nothing when the fault is a checked invariant or nothing was cut short', async () => {
    expect((await check(b15, 'exhaustive')).verdict).toBe('violation');
    const fixed = await check(readFileSync('designs/optee-protmem-fixed-single.yaml', 'utf8'), 'exhaustive');
    expect(fixed.verdict).toBe('pass');
    expect(fixed.cutShort).toBeUndefined();
  });

  it('counts an actor that an unhandled error ended', async () => {
    const design = [
      'design: too-big',
      'platform: {pages: {cma: 1}}',
      'procedures:',
      '  p:',
      '    - alloc: {buffer: buf, region: cma, pages: 2}   # ENOMEM, no on_error',
      '    - free: buf',
      'actors: {t1: [p]}',
      'environment: []',
    ].join('\n');
    const report = await check(design, 'exhaustive');
    expect(report.verdict).toBe('pass');
    expect(report.cutShort).toEqual({ kernelFault: 0, actorEnded: 1 });
  });
});
