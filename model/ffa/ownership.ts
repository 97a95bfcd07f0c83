/**
 * FF-A ownership and access states (FF-A v1.0 §5.4, Table 5.4), derived from the transactions rather
 * than stored, so they can never disagree with the share states that imply them.
 */
import type { Access, Transaction, World } from '../state.ts';
import { someTransactionCovering, transactionsCovering } from '../state.ts';

/** One component's state for one page: (Owner | !Owner) x (EA | SA | NA). */
export type OwnershipState = 'Owner-EA' | 'Owner-SA' | 'Owner-NA' | '!Owner-EA' | '!Owner-SA' | '!Owner-NA';

/**
 * The state `endpoint` is in for `page`. The owner is Owner-NA while a LEND or DONATE it sent covers
 * the page (Hafnium sets the sender's mode INVALID at send, before any retrieve), Owner-SA while only
 * a SHARE does. A borrower is !Owner-EA alone on a lend, !Owner-SA on a share or a multi-borrower lend.
 */
export function ownershipState(world: World, endpoint: string, page: number): OwnershipState {
  const p = world.pages[page];
  if (p === undefined) return '!Owner-NA';
  const covering = transactionsCovering(world, page);
  if (p.owner === endpoint) {
    const sent = covering.filter((tx) => tx.sender === endpoint);
    if (sent.some((tx) => tx.op !== 'share')) return 'Owner-NA';
    return sent.length > 0 ? 'Owner-SA' : 'Owner-EA';
  }
  const held = heldBy(covering, endpoint);
  if (held === null) return '!Owner-NA';
  return held.op === 'lend' && held.receivers.length === 1 ? '!Owner-EA' : '!Owner-SA';
}

/** The first live transaction in `covering` that `endpoint` has retrieved and still holds. */
function heldBy(covering: readonly Transaction[], endpoint: string): Transaction | null {
  return covering.find((tx) => tx.receivers.some((r) => r.endpoint === endpoint && r.retrieved)) ?? null;
}

/**
 * The data access `endpoint` has to `page` under FF-A: `rw`, `ro` or null (no access). Loops over
 * the live transactions rather than `transactionsCovering`: this runs several times per page on
 * every relayer call of the search, and the list it would build is garbage at once.
 */
export function ffaAccess(world: World, endpoint: string, page: number): Access | null {
  const p = world.pages[page];
  if (p === undefined) return null;
  const transactions = world.transactions;
  if (p.owner === endpoint) {
    // Owner-NA: a lend or donate it sent is live. Owner-EA/SA: the owner keeps full access.
    for (const tx of transactions) {
      if (tx !== null && tx.sender === endpoint && tx.op !== 'share' && tx.pages.includes(page)) return null;
    }
    return 'rw';
  }
  let best: Access | null = null;
  for (const tx of transactions) {
    if (tx === null || !tx.pages.includes(page)) continue;
    for (const r of tx.receivers) {
      if (r.endpoint !== endpoint || !r.retrieved) continue;
      // Stryker disable next-line ConditionalExpression: an endpoint holds at most one live transaction covering a page and a transaction names an endpoint once (the relayer's checks; test/model/laws.test.ts), so `best` is set once
      best = best === 'rw' || r.mapped === 'rw' ? 'rw' : 'ro';
    }
  }
  return best;
}

/** Owner-EA: the only state a page may be sent from (Hafnium `ffa_send_check_transition`). */
export function isOwnerEA(world: World, endpoint: string, page: number): boolean {
  return world.pages[page]?.owner === endpoint && !someTransactionCovering(world, page, () => true);
}
