/**
 * Updates to one receiver of a live transaction (retrieve, relinquish). Written by hand rather
 * than with immer: this runs on every secure-side move of the search, where immer's `produce` costs
 * more than ten times a copy (bench/run.ts measures both in the same run).
 */
import type { Receiver, Transaction, World } from '../state.ts';
import { storeTransaction } from './handles.ts';

/** The world with receiver `index` of `tx` replaced by `update(receiver)`. */
export function updateReceiver(world: World, tx: Transaction, index: number, update: (receiver: Receiver) => Receiver): World {
  const receivers = tx.receivers.slice();
  receivers[index] = update(receivers[index]!);
  const next: Transaction = { handle: tx.handle, op: tx.op, sender: tx.sender, receivers, pages: tx.pages, clear: tx.clear };
  return storeTransaction(world, next);
}
