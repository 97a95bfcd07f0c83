/**
 * A reference for the relayer's bookkeeping, transcribed from the derived summary of Hafnium's
 * transition function (research/ffa-memory-management.md section 2.8) and written for clarity, not
 * speed: immer lets each rule read as the mutation the summary states. The differential test
 * (reference.test.ts) runs it beside model/ffa/relayer.ts on random call sequences.
 *
 * Scope: spmc hafnium, no hypervisor, well-formed descriptors (distinct receivers other than the
 * sender, RW access, no clear flags): ownership, share-state slots and retrieve state only.
 */
import { produce } from 'immer';

export type Op = 'lend' | 'share' | 'donate';

export interface RefTransaction {
  readonly op: Op;
  readonly sender: string;
  readonly receivers: readonly { readonly endpoint: string; readonly retrieved: boolean }[];
  readonly pages: readonly number[];
}

export interface RefState {
  /** Slot index = handle; null = free slot. */
  readonly slots: readonly (RefTransaction | null)[];
  readonly owner: readonly string[];
}

export const refInitial = (pages: number): RefState => ({ slots: [], owner: Array.from({ length: pages }, () => 'ns') });

type Outcome = { state: RefState; ok: boolean; handle?: number };
const refuse = (state: RefState): Outcome => ({ state, ok: false });

/** send(op, s, rs, pages): every page Owner-EA for s (owned by s, in no live transaction). */
export function refSend(state: RefState, op: Op, sender: string, receivers: readonly string[], pages: readonly number[]): Outcome {
  if (op === 'donate' && receivers.length !== 1) return refuse(state);
  const covered = (p: number) => state.slots.some((tx) => tx !== null && tx.pages.includes(p));
  if (pages.some((p) => state.owner[p] !== sender || covered(p))) return refuse(state);
  const free = state.slots.indexOf(null);
  const handle = free === -1 ? state.slots.length : free;
  const next = produce(state, (draft) => {
    draft.slots[handle] = { op, sender, receivers: receivers.map((endpoint) => ({ endpoint, retrieved: false })), pages: [...pages] };
  });
  return { state: next, ok: true, handle };
}

/** retrieve(h, r): r a receiver not holding it; a donate moves ownership and frees the slot. */
export function refRetrieve(state: RefState, handle: number, receiver: string): Outcome {
  const tx = state.slots[handle];
  const index = tx?.receivers.findIndex((r) => r.endpoint === receiver) ?? -1;
  if (tx === undefined || tx === null || index < 0 || tx.receivers[index]!.retrieved) return refuse(state);
  const next = produce(state, (draft) => {
    if (tx.op === 'donate') {
      for (const p of tx.pages) draft.owner[p] = receiver;
      freeSlot(draft, handle);
    } else {
      draft.slots[handle]!.receivers[index]!.retrieved = true;
    }
  });
  return { state: next, ok: true };
}

/** relinquish(h, r): r currently holds it. */
export function refRelinquish(state: RefState, handle: number, endpoint: string): Outcome {
  const tx = state.slots[handle];
  const index = tx?.receivers.findIndex((r) => r.endpoint === endpoint && r.retrieved) ?? -1;
  if (tx === undefined || tx === null || index < 0) return refuse(state);
  return {
    state: produce(state, (draft) => {
      draft.slots[handle]!.receivers[index]!.retrieved = false;
    }),
    ok: true,
  };
}

/** reclaim(h, c): c is the sender and no receiver holds it; the slot is freed. */
export function refReclaim(state: RefState, handle: number, caller: string): Outcome {
  const tx = state.slots[handle];
  if (tx === undefined || tx === null || tx.sender !== caller || tx.receivers.some((r) => r.retrieved)) return refuse(state);
  return { state: produce(state, (draft) => freeSlot(draft, handle)), ok: true };
}

/** Frees a slot; trailing free slots are dropped (the handle numbering does not depend on it). */
function freeSlot(draft: { slots: (RefTransaction | null)[] }, handle: number): void {
  draft.slots[handle] = null;
  while (draft.slots.length > 0 && draft.slots[draft.slots.length - 1] === null) draft.slots.pop();
}
