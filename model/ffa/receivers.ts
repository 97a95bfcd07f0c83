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
  receivers[index] = sameReceiverShape(update(receivers[index]!));
  const next: Transaction = { handle: tx.handle, op: tx.op, sender: tx.sender, receivers, pages: tx.pages, clear: tx.clear };
  return storeTransaction(world, next);
}

/**
 * `receiver` rebuilt by this one object literal (see `samePageShape`): receivers updated by spreads
 * ended up with eight V8 hidden classes, which made every receiver read in the search (access
 * rules, secure-side moves, fingerprints) a megamorphic lookup. Every receiver is built here.
 */
export function sameReceiverShape(receiver: Receiver): Receiver {
  return {
    endpoint: receiver.endpoint,
    access: receiver.access,
    retrieved: receiver.retrieved,
    mapped: receiver.mapped,
    clearOnRelinquish: receiver.clearOnRelinquish,
  };
}
