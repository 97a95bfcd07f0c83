/**
 * `--shard I/N` in exhaustive mode: the shards together reach the unsharded verdict, and the
 * shortest shard counterexample is as short as the unsharded one, on every shipped design. The
 * split level is made small (2 states a part) so that every design with a level of 6 states splits.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDesignFile } from '../../src/design/load.ts';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { formatInputError } from '../../src/input/errors.ts';
import { designSystem } from '../../src/system/design-system.ts';
import { counterRace } from './examples/counterRace.ts';
import { tree } from './examples/tree.ts';

const DESIGNS = fileURLToPath(new URL('../../designs/', import.meta.url));
const FILES = readdirSync(DESIGNS).filter((f) => f.endsWith('.yaml')).sort();
const COUNT = 3;

describe('exhaustive shards', () => {
  it.each(FILES)('%s: 3 shards, the unsharded verdict and shortest length', (file) => {
    const loaded = loadDesignFile(join(DESIGNS, file));
    if (!loaded.ok) throw new Error(loaded.errors.map(formatInputError).join('\n'));
    const whole = exhaustiveSearch(designSystem(loaded.value));
    const parts = [0, 1, 2].map((index) => exhaustiveSearch(designSystem(loaded.value), { part: { index, count: COUNT, perPart: 2 } }));
    const violations = parts.flatMap((p) => (p.verdict === 'violation' ? [p] : []));
    if (whole.verdict === 'violation') {
      expect(violations.length).toBeGreaterThan(0);
      const shortest = Math.min(...violations.map((v) => v.trace.length));
      expect(shortest).toBe(whole.trace.length);
      // Each shard's own counterexample is a real one, never shorter than the shortest.
      for (const v of violations) expect(v.trace.length).toBeGreaterThanOrEqual(whole.trace.length);
    } else {
      expect(whole.verdict).toBe('pass');
      for (const p of parts) expect([p.verdict, p.stats.complete]).toEqual(['pass', true]);
      const split = parts[0]!.exhaustive.part!.splitLevel;
      // Each part alone covers less than the whole when the search split; together at least all of it.
      if (split !== null) {
        expect(parts.some((p) => p.stats.states < whole.stats.states)).toBe(true);
        expect(parts.reduce((sum, p) => sum + p.stats.states, 0)).toBeGreaterThanOrEqual(whole.stats.states);
      }
    }
  });

  it('splits a system without fingerprintInto by its fingerprint string: every part expands some of the split level', () => {
    const system = counterRace({ threads: 3, increments: 2, mutex: true });
    const whole = exhaustiveSearch(system);
    const parts = [0, 1, 2].map((index) => exhaustiveSearch(system, { part: { index, count: COUNT, perPart: 2 } }));
    const split = parts[0]!.exhaustive.part!.splitLevel;
    expect(split).not.toBeNull();
    const throughSplit = exhaustiveSearch(system, { depth: split! }).stats.states;
    for (const p of parts) {
      expect([p.verdict, p.stats.complete]).toEqual(['pass', true]);
      expect(p.stats.states).toBeGreaterThan(throughSplit);
      expect(p.stats.states).toBeLessThan(whole.stats.states);
    }
  });

  it.each([
    ['its fingerprint string', false],
    ['fingerprintInto', true],
  ])('splits by %s into disjoint parts: on a tree their states past the split level add up to the whole', (_, withWords) => {
    const system = tree(12, withWords);
    const whole = exhaustiveSearch(system);
    const parts = [0, 1, 2].map((index) => exhaustiveSearch(system, { part: { index, count: COUNT, perPart: 2 } }));
    const split = parts[0]!.exhaustive.part!.splitLevel!;
    const throughSplit = exhaustiveSearch(system, { depth: split }).stats.states;
    const past = parts.map((p) => p.stats.states - throughSplit);
    expect(past.every((n) => n > 0)).toBe(true);
    expect(past.reduce((a, b) => a + b, 0)).toBe(whole.stats.states - throughSplit);
  });

  it('splits at the first level with count x perPart states, not one later, and one part never splits', () => {
    // The tree's levels have 1, 2, 4, 8 ... states: 2 parts of 2 states split at level 2 (4 states).
    const system = tree(12, true);
    expect(exhaustiveSearch(system, { part: { index: 0, count: 2, perPart: 2 } }).exhaustive.part!.splitLevel).toBe(2);
    expect(exhaustiveSearch(system, { part: { index: 0, count: 2, perPart: 3 } }).exhaustive.part!.splitLevel).toBe(3);
    const one = exhaustiveSearch(system, { part: { index: 0, count: 1, perPart: 1 } });
    expect(one.exhaustive.part!.splitLevel).toBeNull();
    expect(one.stats.states).toBe(exhaustiveSearch(system).stats.states);
  });
});
