/**
 * What the mapping invariants share: which NS path still reaches a page, and how `ns` gave a page
 * away, in words for violation messages. Allocation-free on the path where nothing is wrong.
 */
import { NS } from '../model/platform.ts';
import type { Page, Transaction, World } from '../model/state.ts';
import type { InvariantId, InvariantViolation } from './invariant.ts';

/**
 * The first NS path that still reaches `page` (linear map, stale TLB entry, vmap alias, user
 * mapping, IOMMU mapping for a device not authorised for protected memory), in words, or null.
 */
export function nsPathTo(world: World, page: Page): string | null {
  if (page.linear === 'valid') return 'the kernel linear map still maps it';
  if (page.tlbStale) return 'a stale TLB entry still translates its linear address';
  if (page.vmap === 'mapped') return 'a vmap alias still maps it';
  if (page.vmap === 'stale') return 'a lazily unmapped vmap alias still translates it';
  if (page.user) return 'a user-space mapping still maps it';
  for (const device of page.iommu) {
    if (world.platform.devices[device] !== 'secure') return `the IOMMU still maps it for the normal device ${device}`;
  }
  return null;
}

/** A live LEND or DONATE from `ns`: the pages `ns` has given away until the transaction ends. */
export function givenAwayBy(tx: Transaction | null): tx is Transaction {
  return tx !== null && tx.sender === NS && tx.op !== 'share';
}

/** "lent to optee by handle 0" / "being donated to optee by handle 1". */
export function howGivenAway(tx: Transaction): string {
  const to = tx.receivers.map((r) => r.endpoint).join(' and ');
  return tx.op === 'lend' ? `lent to ${to} by handle ${tx.handle}` : `being donated to ${to} by handle ${tx.handle}`;
}

/**
 * The offending pages found so far, each with one sentence; created only once something is wrong,
 * so a check that passes allocates nothing.
 */
export class Findings {
  readonly pages: number[] = [];
  readonly sentences: string[] = [];

  /** Notes `page` unless it is already noted (the first reason stands). */
  add(page: number, sentence: string): void {
    if (this.pages.includes(page)) return;
    this.pages.push(page);
    this.sentences.push(sentence);
  }

  /** "page 0 is lent to optee by handle 0 but the kernel linear map still maps it; page 1 ..." */
  violation(invariant: InvariantId): InvariantViolation {
    return { invariant, message: this.sentences.join('; '), pages: this.pages.slice().sort((a, b) => a - b) };
  }
}
