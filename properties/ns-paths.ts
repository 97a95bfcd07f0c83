/**
 * What the invariants share: which NS path still reaches a page, how `ns` gave a page away, and the
 * collection of offending pages into one plain-words message. Allocation-free where nothing is wrong.
 */
import { NS } from '../model/platform.ts';
import type { Page, Transaction, World } from '../model/state.ts';
import type { InvariantId, InvariantViolation } from './invariant.ts';

/** The same words about one page and about several: ["maps it", "maps them"]. */
export type Phrase = readonly [one: string, many: string];

const LINEAR: Phrase = ['the kernel linear map still maps it', 'the kernel linear map still maps them'];
const TLB: Phrase = ['a stale TLB entry still translates its linear address', 'stale TLB entries still translate their linear addresses'];
const VMAP: Phrase = ['a vmap alias still maps it', 'a vmap alias still maps them'];
const VMAP_STALE: Phrase = ['a lazily unmapped vmap alias still translates it', 'a lazily unmapped vmap alias still translates them'];
const REMAP: Phrase = ['a memremap alias still maps it', 'a memremap alias still maps them'];
const REMAP_STALE: Phrase = ['a lazily unmapped memremap alias still translates it', 'a lazily unmapped memremap alias still translates them'];
const USER: Phrase = ['a user-space mapping still maps it', 'a user-space mapping still maps them'];

/**
 * The first NS path that still reaches `page` (linear map, stale TLB entry, vmap or memremap alias, user
 * mapping, IOMMU mapping for a device not authorised for protected memory), in words, or null.
 */
export function nsPathTo(world: World, page: Page): Phrase | null {
  if (page.linear === 'valid') return LINEAR;
  if (page.tlbStale) return TLB;
  if (page.vmap === 'mapped') return VMAP;
  if (page.vmap === 'stale') return VMAP_STALE;
  if (page.remap === 'mapped') return REMAP;
  if (page.remap === 'stale') return REMAP_STALE;
  if (page.user) return USER;
  for (const device of page.iommu) {
    if (world.platform.devices[device] !== 'secure') {
      return [`the IOMMU still maps it for the normal device ${device}`, `the IOMMU still maps them for the normal device ${device}`];
    }
  }
  return null;
}

/** A live LEND or DONATE from `ns`: the pages `ns` has given away until the transaction ends. */
export function givenAwayBy(tx: Transaction | null): tx is Transaction {
  return tx !== null && tx.sender === NS && tx.op !== 'share';
}

/** "lent to optee by handle 0" / "being donated to optee by handle 1". */
export function howGivenAway(tx: Transaction): string {
  return tx.op === 'lend' ? `lent to ${receiversOf(tx)} by handle ${tx.handle}` : `being donated to ${receiversOf(tx)} by handle ${tx.handle}`;
}

/** "optee" / "optee and sp2". */
export function receiversOf(tx: Transaction): string {
  return tx.receivers.map((r) => r.endpoint).join(' and ');
}

/**
 * The offending pages found so far, each with what is wrong with it; created only once something
 * is wrong, so a check that passes allocates nothing. Pages with the same story share one sentence.
 */
export class Findings {
  private readonly pages: number[] = [];
  private readonly phrases: Phrase[] = [];

  /** Notes `page` with its predicate ("is lent to optee ..."), unless it is already noted. */
  add(page: number, phrase: Phrase): void {
    if (this.pages.includes(page)) return;
    this.pages.push(page);
    this.phrases.push(phrase);
  }

  /** "pages 0, 1 are lent to optee by handle 0 but the kernel linear map still maps them; page 3 ..." */
  violation(invariant: InvariantId): InvariantViolation {
    const groups = new Map<string, { pages: number[]; many: string }>();
    for (let i = 0; i < this.pages.length; i++) {
      const [one, many] = this.phrases[i]!;
      const group = groups.get(one);
      if (group === undefined) groups.set(one, { pages: [this.pages[i]!], many });
      else group.pages.push(this.pages[i]!);
    }
    const sentences: string[] = [];
    for (const [one, { pages, many }] of groups) {
      sentences.push(pages.length === 1 ? `page ${pages[0]} ${one}` : `pages ${pages.join(', ')} ${many}`);
    }
    return { invariant, message: sentences.join('; '), pages: this.pages.slice().sort((a, b) => a - b) };
  }
}
