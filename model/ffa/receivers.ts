/**
 * Updates to one receiver of a live transaction (retrieve, relinquish). The record sits three
 * levels down (world -> transaction slot -> receivers[i]); immer lets the change be written as the
 * assignment it is, and structural sharing keeps every other slot and receiver. Its own instance,
 * without auto-freeze, because freezing every produced transaction doubles the cost in the search
 * loop (bench/run.ts measures immer against hand-written copies).
 */
import { Immer, type Draft } from 'immer';
import type { Receiver, Transaction, World } from '../state.ts';
import { storeTransaction } from './handles.ts';

const immer = new Immer({ autoFreeze: false });

/** The world with `recipe` applied to receiver `index` of `tx`. */
export function updateReceiver(world: World, tx: Transaction, index: number, recipe: (receiver: Draft<Receiver>) => void): World {
  return storeTransaction(
    world,
    immer.produce(tx, (draft) => {
      recipe(draft.receivers[index]!);
    }),
  );
}
