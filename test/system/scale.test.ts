/**
 * The pieces of `--shard I/N` and `--workers N` that src/system/scale.ts owns: reading `I/N`, a
 * random shard's seed and share of the runs, where an exhaustive check searches (a shard's part,
 * workers, or the calling thread), and what a report's `search` says about workers and shards.
 * (The shards' coverage of the space is test/engine/shards.test.ts's; the workers' answers,
 * test/engine/parallel.test.ts's.)
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Coverage } from '../../src/system/coverage.ts';
import { CutShortCounter } from '../../src/system/cut-short.ts';
import { designSystem } from '../../src/system/design-system.ts';
import { exhaustiveCheck, parseShard, scaleDetails, shardedRandom, type ScaleOptions } from '../../src/system/scale.ts';
import { compileFile } from '../design/helpers.ts';

describe('--shard I/N', () => {
  it.each([
    ['1/1', 0, 1],
    ['2/4', 1, 4],
    ['4/4', 3, 4],
    [' 3/12 ', 2, 12],
  ])('reads %j as part %i of %i (0-based)', (text, index, count) => {
    expect(parseShard(text)).toEqual({ ok: true, value: { index, count } });
  });

  it.each(['0/4', '5/4', '1/0', '0/0', '2', '2/', '/4', 'a/4', '2/b', '-1/4', '1.5/4', '2/4/6', '12/4x', 'x2/4'])('refuses %j, saying what it expects', (text) => {
    expect(parseShard(text)).toEqual({ ok: false, error: `--shard expects I/N with 1 <= I <= N (e.g. 2/4), got '${text}'` });
  });
});

describe("a random shard's seed and runs", () => {
  it('is the whole search without a shard or with one part', () => {
    expect(shardedRandom(7, 10, undefined)).toEqual({ seed: 7, runs: 10 });
    expect(shardedRandom(7, 10, { index: 0, count: 1 })).toEqual({ seed: 7, runs: 10 });
    // The seed as given, even past 2^31 (a shard's seed is a signed 32-bit one).
    expect(shardedRandom(3_000_000_000, 10, { index: 0, count: 1 })).toEqual({ seed: 3_000_000_000, runs: 10 });
  });

  it('gives the first runs % N shards one run more, so that the shares add up to the runs', () => {
    const shares = [0, 1, 2].map((index) => shardedRandom(7, 10, { index, count: 3 }).runs);
    expect(shares).toEqual([4, 3, 3]);
    expect([0, 1, 2, 3].map((index) => shardedRandom(7, 8, { index, count: 4 }).runs)).toEqual([2, 2, 2, 2]);
  });

  it('runs at least one run on every shard, even with fewer runs than shards', () => {
    expect([0, 1, 2].map((index) => shardedRandom(7, 1, { index, count: 3 }).runs)).toEqual([1, 1, 1]);
  });

  it("draws shard I's walks from seed + I x 0x9E3779B9 (mod 2^32, as a signed 32-bit seed)", () => {
    const seeds = [0, 1, 2, 3].map((index) => shardedRandom(7, 100, { index, count: 4 }).seed);
    expect(seeds).toEqual([7, (7 + 0x9e3779b9) | 0, (7 + 2 * 0x9e3779b9) | 0, (7 + 3 * 0x9e3779b9) | 0]);
    expect(new Set(seeds).size).toBe(4);
  });
});

describe("what a report's search says about workers and shards", () => {
  it('says nothing for a one-thread, unsharded search', () => {
    expect(scaleDetails({}, undefined)).toEqual({});
  });

  it('gives the workers, and why the answer came from one thread when it did', () => {
    expect(scaleDetails({ parallel: { workers: 2, rerun: null } }, undefined)).toEqual({ workers: 2 });
    expect(scaleDetails({ parallel: { workers: 2, rerun: 'violation' } }, undefined)).toEqual({ workers: 2, rerunOnOneThread: 'violation' });
  });

  it('gives the shard 1-based, with the level the search split at (null when it never split)', () => {
    expect(scaleDetails({ exhaustive: { part: { splitLevel: 3 } } }, { index: 1, count: 4 })).toEqual({ shard: { index: 2, count: 4, splitLevel: 3 } });
    expect(scaleDetails({ exhaustive: { part: { splitLevel: null } } }, { index: 0, count: 2 })).toEqual({ shard: { index: 1, count: 2, splitLevel: null } });
    expect(scaleDetails({}, { index: 0, count: 2 })).toEqual({ shard: { index: 1, count: 2, splitLevel: null } });
  });
});

describe('where an exhaustive check searches', () => {
  const plain = compileFile(join(import.meta.dirname, '../../designs/optee-protmem-fixed.yaml'));
  // One-page buffers: page and handle renaming applies.
  const renamable = compileFile(join(import.meta.dirname, 'fixtures/scaled-x3-fixed.yaml'));
  const run = (renaming: boolean, options: ScaleOptions & { readonly reduce?: boolean; readonly maxMemoryBytes?: number }) => {
    const program = renaming ? renamable : plain;
    const system = designSystem(program, program.invariants, { pageSymmetry: true, renaming });
    expect(system.renaming !== null).toBe(renaming);
    const recorders = { coverage: new Coverage(program), cutShort: new CutShortCounter(program, program.invariants, false) };
    return exhaustiveCheck(program, system, recorders, options);
  };

  it('a shard: its part, on one thread, without reduction', async () => {
    const shard = await run(false, { shard: { index: 1, count: 2 }, reduce: true, workers: 2 });
    expect(shard.exhaustive.part).toMatchObject({ index: 1, count: 2 });
    expect(shard.exhaustive.reduction).toBeUndefined();
    expect(shard.parallel).toBeUndefined();
  });

  it('on workers only with more than one, no renaming and no memory budget', async () => {
    expect((await run(false, { workers: 2, sequentialBelow: 0, reduce: true })).parallel?.workers).toBe(2);
    expect((await run(false, { workers: 1, sequentialBelow: 0 })).parallel).toBeUndefined();
    expect((await run(true, { workers: 2, sequentialBelow: 0 })).parallel).toBeUndefined();
    expect((await run(false, { workers: 2, sequentialBelow: 0, maxMemoryBytes: 2 ** 30 })).parallel).toBeUndefined();
  });

  it('passes sequentialBelow on: with the default, this small design stays on the calling thread', async () => {
    expect((await run(false, { workers: 2 })).parallel?.workers).toBe(1);
  });
});
