/**
 * representativeChoices: one scatter-gather allocation choice per class of equivalent free pages
 * (pages alike by their code; a page a buffer or transaction names is a class of its own), the
 * lowest pages of each class, every choice sorted and the choices in order.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { samePageShape, type World } from '../../model/state.ts';
import { representativeChoices, symmetricRegions } from '../../src/system/alloc-choices.ts';
import { designSystem } from '../../src/system/design-system.ts';
import { compile, compileFile } from '../design/helpers.ts';

/** Five free cma pages: page 1 has a dirty cache line (another code), page 3 is named by a stale transaction. */
function world(): World {
  const program = compile(`design: five-pages
title: "five free pages"
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 5}, endpoints: [optee]}
procedures:
  p:
    - alloc: {buffer: b, region: cma, pages: 1}
    - free: b
actors: {t1: [p]}
environment: []
invariants: all
`);
  const initial = designSystem(program).initial().world;
  const pages = initial.pages.map((page, id) => (id === 1 ? samePageShape({ ...page, cache: 'dirty' }) : page));
  const tx = { handle: 0, op: 'lend' as const, sender: 'ns', receivers: [], pages: [3], clear: false };
  return { ...initial, pages, transactions: [tx] };
}

describe('representativeChoices', () => {
  const free = [0, 1, 2, 3, 4];

  it('takes the lowest pages of each class, one choice per count taken from each class, in order', () => {
    // Classes: {0, 2, 4} alike, {1} (dirty), {3} (named).
    expect(representativeChoices(world(), free, 1)).toEqual([[0], [1], [3]]);
    expect(representativeChoices(world(), free, 2)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 3],
    ]);
    expect(representativeChoices(world(), free, 3)).toEqual([
      [0, 1, 2],
      [0, 1, 3],
      [0, 2, 3],
      [0, 2, 4],
    ]);
    expect(representativeChoices(world(), free, 5)).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('offers the empty choice for no pages, and none for more pages than are free', () => {
    expect(representativeChoices(world(), free, 0)).toEqual([[]]);
    expect(representativeChoices(world(), free, 6)).toEqual([]);
  });

  it('keeps every page apart when all are named or differ', () => {
    const w = world();
    const named = { ...w, buffers: [{ pages: [0, 2], handle: null }, ...w.buffers.slice(1)] };
    // Now {4} is the only unnamed clean page: classes {1}, {0}, {2}, {3}, {4}.
    expect(representativeChoices(named, free, 4)).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 4],
      [0, 1, 3, 4],
      [0, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
  });
});

describe('symmetricRegions and the firewall granule', () => {
  const program = compileFile(join(fileURLToPath(new URL('../../designs/', import.meta.url)), 'sg-system-heap-fixed.yaml'));

  it('reduces a region whose granule is one page, never one of a larger granule', () => {
    const withGranule = (firewallGranule: number) => ({ ...program, platform: { ...program.platform, firewallGranule } });
    expect(program.platform.firewallGranule).toBe(1);
    expect([...symmetricRegions(withGranule(1))]).toEqual(['system']);
    expect([...symmetricRegions(withGranule(2))]).toEqual([]);
  });
});
