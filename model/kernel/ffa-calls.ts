/**
 * The kernel's side of FF-A memory management (drivers/firmware/arm_ffa): FFA_MEM_LEND,
 * FFA_MEM_SHARE and FFA_MEM_DONATE of a buffer's pages from `ns`, and FFA_MEM_RECLAIM of the
 * buffer's handle. The relayer (model/ffa/relayer.ts) decides every outcome; this file stores the
 * handle and records what the kernel did wrong whatever the relayer answered: a send of pages a
 * live transaction covers (`doubleSend`) and a lend or donate of dirty cache lines (`dirtyLend`).
 */
import { ffaReclaim, ffaSend } from '../ffa/relayer.ts';
import type { SendRequest } from '../ffa/types.ts';
import { NS } from '../platform.ts';
import type { Access, FfaOp, World } from '../state.ts';
import { withHazard } from '../state.ts';
import type { KernelCall } from './calls.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { bufferOf, pageList, unchanged, withBuffer } from './buffer.ts';

/** ffa_lend and ffa_share share one call shape. */
type SendCall = Extract<KernelCall, { step: 'ffa_lend' | 'ffa_share' }>;

/** `ffa_lend {to, access, clear}`: FFA_MEM_LEND from `ns`. */
export function ffaMemLend(world: World, call: SendCall, chunkIndex = 0): KernelOutcome {
  return call.chunk == null
    ? send(world, call.buffer, 'lend', call.to, call.access, call.clear)
    : sendChunk(world, call.buffer, 'lend', call.to, call.access, call.clear, call.chunk, chunkIndex);
}

/** `ffa_share {to, access, clear}`: FFA_MEM_SHARE from `ns`. */
export function ffaMemShare(world: World, call: SendCall, chunkIndex = 0): KernelOutcome {
  return call.chunk == null
    ? send(world, call.buffer, 'share', call.to, call.access, call.clear)
    : sendChunk(world, call.buffer, 'share', call.to, call.access, call.clear, call.chunk, chunkIndex);
}

/** How many transactions a chunked send of the buffer takes (at least one). */
export function chunkCount(world: World, id: number, chunk: number): number {
  return Math.max(1, Math.ceil(bufferOf(world, id).pages.length / chunk));
}

/**
 * One chunk of a chunked send: pages [index*K, (index+1)*K) of the buffer in one transaction. On
 * success its handle is appended to the buffer's `handles` (chunk 0 starts the list afresh); on a
 * failure the chunks sent before stay lent and the buffer keeps their handles.
 */
function sendChunk(
  world: World,
  id: number,
  op: FfaOp,
  to: readonly string[],
  access: Access | undefined,
  clear: boolean,
  chunk: number,
  index: number,
): KernelOutcome {
  const buffer = bufferOf(world, id);
  const pages = buffer.pages.slice(index * chunk, (index + 1) * chunk);
  if (pages.length === 0) return unchanged(world, 'EINVAL');
  const outcome = sendPages(world, pages, op, to, access, clear);
  if (outcome.handle === undefined) return outcome;
  const earlier = index === 0 ? [] : (buffer.handles ?? []);
  const after = withBuffer(outcome.world, id, { pages: buffer.pages, handle: buffer.handle, handles: [...earlier, outcome.handle] });
  return { world: after, result: 'ok', handle: outcome.handle };
}

/** `ffa_donate {to}`: FFA_MEM_DONATE from `ns` (no access specified, as the spec requires). */
export function ffaMemDonate(world: World, call: StepCall<'ffa_donate'>): KernelOutcome {
  return send(world, call.buffer, 'donate', call.to, undefined, false);
}

/**
 * `ffa_reclaim {clear}`: FFA_MEM_RECLAIM of the handle the buffer holds. The handle may be stale and
 * name another transaction by now; the relayer decides. On success the buffer forgets the handle.
 */
export function ffaMemReclaim(world: World, call: StepCall<'ffa_reclaim'>): KernelOutcome {
  const buffer = bufferOf(world, call.buffer);
  const chunks = buffer.handles;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a buffer holds handles only while it has pages, and never an empty list (the last reclaim drops it)
  if (buffer.pages.length > 0 && chunks !== undefined && chunks.length > 0) {
    // A chunked buffer: this move reclaims its first handle; the caller repeats while handles remain.
    const outcome = ffaReclaim(world, { handle: chunks[0]!, caller: NS, clear: call.clear });
    if (outcome.result !== 'ok') return { world: outcome.world, result: outcome.result };
    const rest = chunks.slice(1);
    const kept = rest.length === 0 ? { pages: buffer.pages, handle: buffer.handle } : { pages: buffer.pages, handle: buffer.handle, handles: rest };
    return { world: withBuffer(outcome.world, call.buffer, kept), result: 'ok' };
  }
  // Stryker disable next-line ConditionalExpression: a buffer without pages holds no handle (free, leak and pool_free drop both), so the handle test answers alone
  if (buffer.pages.length === 0 || buffer.handle === null) return unchanged(world, 'EINVAL');
  const outcome = ffaReclaim(world, { handle: buffer.handle, caller: NS, clear: call.clear });
  if (outcome.result !== 'ok') return { world: outcome.world, result: outcome.result };
  return { world: withBuffer(outcome.world, call.buffer, { pages: buffer.pages, handle: null }), result: 'ok' };
}

function send(
  world: World,
  id: number,
  op: FfaOp,
  to: readonly string[],
  access: Access | undefined,
  clear: boolean,
): KernelOutcome {
  const buffer = bufferOf(world, id);
  const pages = buffer.pages;
  if (pages.length === 0) return unchanged(world, 'EINVAL');
  const outcome = sendPages(world, pages, op, to, access, clear);
  if (outcome.handle === undefined) return outcome;
  return { world: withBuffer(outcome.world, id, { pages, handle: outcome.handle }), result: 'ok', handle: outcome.handle };
}

/** FFA_MEM_{LEND,SHARE,DONATE} of `pages` from `ns`, with the hazards the kernel's side records; a handle exactly when the result is ok. */
function sendPages(
  world: World,
  pages: readonly number[],
  op: FfaOp,
  to: readonly string[],
  access: Access | undefined,
  clear: boolean,
): KernelOutcome {
  let before = world;
  const covered = coveredPages(world, pages);
  if (covered !== null) {
    before = withHazard(world, 'doubleSend', {
      pages: covered.pages,
      what: `ns sent ${pageList(covered.pages)} by FFA_MEM_${op.toUpperCase()}, already covered by handle ${covered.handle}`,
    });
  }

  const request: SendRequest = {
    op,
    sender: NS,
    // Stryker disable next-line ConditionalExpression: the relayer reads r.access by value, so { endpoint, access: undefined } is { endpoint } to it
    receivers: to.map((endpoint) => (access === undefined ? { endpoint } : { endpoint, access })),
    pages,
    clear,
  };
  const outcome = ffaSend(before, request);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: ffaSend returns a handle exactly when the result is ok; the handle test narrows the type
  if (outcome.result !== 'ok' || outcome.handle === undefined) return { world: outcome.world, result: outcome.result };

  const handle = outcome.handle;
  let after = outcome.world;
  if (op !== 'share') {
    const dirty = pages.filter((page) => after.pages[page]?.cache === 'dirty');
    if (dirty.length > 0) {
      after = withHazard(after, 'dirtyLend', {
        pages: dirty,
        what: `ns ${op === 'lend' ? 'lent' : 'donated'} ${pageList(dirty)} by handle ${handle} with dirty cache lines`,
      });
    }
  }
  return { world: after, result: 'ok', handle };
}

/** The buffer's pages that a live transaction already covers, with the first such handle, or null. */
function coveredPages(world: World, pages: readonly number[]): { pages: number[]; handle: number } | null {
  let found: number[] | null = null;
  // Stryker disable next-line UnaryOperator: read only once the first covered page set it
  let handle = -1;
  for (const page of pages) {
    for (const tx of world.transactions) {
      if (tx === null || !tx.pages.includes(page)) continue;
      if (found === null) {
        found = [];
        handle = tx.handle;
      }
      found.push(page);
      break;
    }
  }
  return found === null ? null : { pages: found, handle };
}
