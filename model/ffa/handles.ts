/**
 * Share-state slots (Hafnium `share_state_allocate` / `share_state_free`): the handle is the slot
 * index, the lowest free slot is taken, and a freed slot is reused, so stale handles alias new
 * transactions exactly as they can on Hafnium.
 */
import type { Transaction, World } from '../state.ts';
import { MAX_TRANSACTIONS, withTransactions } from '../state.ts';

/** Number of live transactions. */
export function liveTransactions(world: World): number {
  let n = 0;
  for (const tx of world.transactions) if (tx !== null) n++;
  return n;
}

/** The handle the next send gets: the lowest free slot, or null when all MAX_MEM_SHARES are taken. */
export function lowestFreeHandle(world: World): number | null {
  if (liveTransactions(world) >= MAX_TRANSACTIONS) return null;
  const free = world.transactions.indexOf(null);
  return free === -1 ? world.transactions.length : free;
}

/** Stores `tx` in its slot (`tx.handle`). */
export function storeTransaction(world: World, tx: Transaction): World {
  const transactions = world.transactions.slice();
  // Stryker disable next-line ConditionalExpression,EqualityOperator: handles come from lowestFreeHandle, at most the length: the loop is a guard that never runs
  while (transactions.length < tx.handle) transactions.push(null);
  transactions[tx.handle] = tx;
  return withTransactions(world, transactions);
}

/**
 * Frees a slot. Trailing free slots are dropped so that equal sets of live transactions have one
 * representation (state fingerprints stay canonical).
 */
export function freeTransaction(world: World, handle: number): World {
  const transactions = world.transactions.slice();
  transactions[handle] = null;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: on an empty list transactions[-1] is undefined, not null, and stops the loop as well
  while (transactions.length > 0 && transactions[transactions.length - 1] === null) transactions.pop();
  return withTransactions(world, transactions);
}
