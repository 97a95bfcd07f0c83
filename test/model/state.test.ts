/**
 * The state helpers (model/state.ts): the boot state, the packed page code the fingerprints read,
 * page updates that share what they do not change, and sticky hazards.
 */
import { describe, expect, it } from 'vitest';
import type { Hazard, Page, PageFields } from '../../model/state.ts';
import {
  editPage,
  initialWorld,
  ownerDevicePairsNumbered,
  pageCode,
  pageFromCode,
  samePageShape,
  someTransactionCovering,
  transactionByHandle,
  transactionsCovering,
  updatePages,
  withHazard,
} from '../../model/state.ts';
import { alloc, boot, carefulLend, lend, on, platform, reclaim, runOk, share } from './worlds.ts';

/** Every combination of every page field's values (two owners, two IOMMU lists). */
function everyPage(): PageFields[] {
  const pages: PageFields[] = [];
  const base: PageFields = initialWorld(platform(), 0).pages[0]!;
  const choices: { [K in keyof PageFields]?: readonly PageFields[K][] } = {
    alloc: ['free', 'allocated', 'leaked'],
    linear: ['valid', 'invalid', 'absent'],
    tlbStale: [false, true],
    vmap: ['none', 'mapped', 'stale'],
    user: [false, true],
    stage2: [false, true],
    secureProtected: [false, true],
    content: ['zero', 'data', 'secret'],
    cache: ['clean', 'dirty'],
    nosave: [false, true],
    remap: ['none', 'mapped', 'stale'],
    pooled: [false, true],
    owner: ['ns', 'optee'],
    iommu: [[], ['gpu']],
  };
  const fields = Object.keys(choices) as (keyof PageFields)[];
  const fill = (i: number, page: PageFields): void => {
    if (i === fields.length) {
      pages.push(page);
      return;
    }
    for (const value of choices[fields[i]!]!) fill(i + 1, { ...page, [fields[i]!]: value });
  };
  fill(0, base);
  return pages;
}

describe('pageCode', () => {
  it('gives distinct codes to pages that differ in any field but region, and fits in 32 bits', () => {
    const pages = everyPage();
    expect(pages).toHaveLength(3 ** 5 * 2 ** 7 * 4);
    const codes = new Set(pages.map(pageCode));
    expect(codes.size).toBe(pages.length);
    for (const code of codes) expect(code >>> 0).toBe(code);
  });

  it('ignores the region, and gives ns without devices the pair number 0', () => {
    const page = initialWorld(platform({ pages: { cma: 1, system: 1 } }), 0).pages;
    expect(pageCode(page[0]!)).toBe(pageCode(page[1]!));
    expect(pageCode(page[0]!)).toBeLessThan(1 << 17);
    expect(pageCode({ ...page[0]!, owner: 'optee' })).toBeGreaterThanOrEqual(1 << 17);
  });

  it('pageFromCode gives back every page of every code, in the region asked for', () => {
    const pages = everyPage();
    for (const page of pages) {
      const code = pageCode(page);
      expect(pageFromCode(code, page.region)).toEqual(samePageShape(page));
      expect(pageFromCode(code, 'system')).toEqual(samePageShape({ ...page, region: 'system' }));
    }
    const mine = initialWorld(platform(), 0).pages[0]!;
    expect(pageFromCode(pageCode({ ...mine, owner: 'optee', iommu: ['gpu', 'vpu'] }), mine.region)).toMatchObject({ owner: 'optee', iommu: ['gpu', 'vpu'] });
    expect(() => pageFromCode(ownerDevicePairsNumbered() << 17, 'cma')).toThrow(/never numbered/);
  });

  it('samePageShape keeps every value and adds the code; editPage applies the edit to a copy', () => {
    const page = initialWorld(platform(), 0).pages[0]!;
    const { code, ...fields } = page;
    expect(samePageShape(fields)).toEqual(page);
    expect(code).toBe(pageCode(fields));
    const edited = editPage(page, (d) => {
      d.content = 'secret';
    });
    expect(edited).toEqual({ ...fields, content: 'secret' });
    expect(page.content).toBe('zero');
  });
});

describe('the boot state', () => {
  it('free ns pages with a linear map; a carveout has none; a secure-owned carveout is protected (and out of stage-2 under Hafnium)', () => {
    const plain = initialWorld(platform({ pages: { cma: 1, carveout: 1 } }), 2);
    expect(plain.pages.map((p) => [p.region, p.alloc, p.linear, p.owner, p.secureProtected, p.stage2])).toEqual([
      ['cma', 'free', 'valid', 'ns', false, true],
      ['carveout', 'free', 'absent', 'ns', false, true],
    ]);
    expect(plain.buffers).toEqual([{ pages: [], handle: null }, { pages: [], handle: null }]);
    expect(plain.transactions).toEqual([]);
    for (const [hypervisor, stage2] of [['none', true], ['pkvm', true], ['hafnium', false]] as const) {
      const owned = initialWorld(platform({ pages: { cma: 1, carveout: 1 }, carveoutOwner: 'optee', hypervisor }), 0);
      expect(owned.pages[1], hypervisor).toMatchObject({ owner: 'optee', secureProtected: true, stage2 });
      expect(owned.pages[0], hypervisor).toMatchObject({ owner: 'ns', secureProtected: false, stage2: true });
    }
  });
});

describe('updatePages', () => {
  const world = runOk(boot({ pages: { cma: 3 } }), alloc(0, 2));
  const secret = (p: Page): PageFields => editPage(p, (d) => {
    d.content = 'secret';
  });

  it('replaces the listed pages and shares the others', () => {
    const next = updatePages(world, [1], secret);
    expect(next.pages.map((p) => p.content)).toEqual(['zero', 'secret', 'zero']);
    expect(next.pages[0]).toBe(world.pages[0]);
    expect(next.pages[2]).toBe(world.pages[2]);
    expect(next.pages[1]!.code).toBe(pageCode(next.pages[1]!));
    expect(next.buffers).toBe(world.buffers);
  });

  it('returns the world itself when nothing changes, and skips ids past the last page', () => {
    expect(updatePages(world, [0, 1], (p) => p)).toBe(world);
    expect(updatePages(world, [7], secret)).toBe(world);
    expect(updatePages(world, [7, 2], secret).pages.map((p) => p.content)).toEqual(['zero', 'zero', 'secret']);
  });

  it('an id listed twice sees the first update', () => {
    const seen: string[] = [];
    updatePages(world, [0, 0], (p) => {
      seen.push(p.content);
      return secret(p);
    });
    expect(seen).toEqual(['zero', 'secret']);
  });
});

describe('transactions and hazards', () => {
  it('finds live transactions by handle and by page; a reclaimed slot is none', () => {
    const two = runOk(carefulLend(boot({ pages: { cma: 2 } }), 0), alloc(1), on('clean_cache', 1), share(1));
    expect(transactionByHandle(two, 1)?.op).toBe('share');
    expect(transactionByHandle(two, 2)).toBeNull();
    expect(transactionsCovering(two, 1).map((tx) => tx.handle)).toEqual([1]);
    expect(someTransactionCovering(two, 0, (tx) => tx.op === 'lend')).toBe(true);
    expect(someTransactionCovering(two, 0, (tx) => tx.op === 'share')).toBe(false);
    const reclaimed = runOk(two, reclaim(0));
    expect(transactionByHandle(reclaimed, 0)).toBeNull();
    expect(transactionsCovering(reclaimed, 0)).toEqual([]);
    expect(someTransactionCovering(reclaimed, 0, () => true)).toBe(false);
    // A trusting relayer lets two live transactions cover one page.
    const doubled = runOk(boot({ spmc: 'trusting' }), alloc(0), on('clean_cache', 0), lend(0), share(0));
    expect(transactionsCovering(doubled, 0).map((tx) => tx.op)).toEqual(['lend', 'share']);
  });

  it('keeps the first hazard of each kind and records other kinds beside it', () => {
    const first: Hazard = { pages: [0], what: 'first' };
    const second: Hazard = { pages: [1], what: 'second' };
    const world = withHazard(boot(), 'dirtyLend', first);
    expect(withHazard(world, 'dirtyLend', second)).toBe(world);
    for (const kind of ['kernelFault', 'doubleSend', 'secretCopied'] as const) {
      expect(withHazard(world, kind, second).hazards).toEqual({ ...world.hazards, dirtyLend: first, [kind]: second });
    }
  });
});
