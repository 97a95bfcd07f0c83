/**
 * The secure world as an environment actor: each secure endpoint retrieves, writes to, and
 * relinquishes every live transaction it is a receiver of, through the relayer (FFA_MEM_RETRIEVE_REQ,
 * FFA_MEM_RELINQUISH) and the relayer's access rules (a write by a holder of a LEND or DONATE
 * leaves `secret` content, by a SHARE `data`).
 */
import { accessOutcome, memoryAccess, writtenContent } from '../ffa/access.ts';
import { ffaRelinquish, ffaRetrieve } from '../ffa/relayer.ts';
import { bootOwnedRegion } from '../platform.ts';
import type { Receiver, Transaction, World } from '../state.ts';
import type { EnvAction } from './actions.ts';

type SecureAction = Extract<EnvAction, { actor: 'secure' }>;

/** Appends the enabled secure actions: endpoint by endpoint, then by handle. */
export function secureActions(world: World, out: EnvAction[]): void {
  const { transactions } = world;
  for (const endpoint of world.platform.endpoints) {
    // Stryker disable next-line EqualityOperator: handle === transactions.length reads undefined, which the next line skips
    for (let handle = 0; handle < transactions.length; handle++) {
      const tx = transactions[handle];
      if (tx === null || tx === undefined) continue;
      const receiver = receiverOf(tx, endpoint);
      if (receiver === undefined) continue;
      if (!receiver.retrieved) {
        if (retrieveSucceeds(world, endpoint, tx)) out.push({ actor: 'secure', kind: 'ffa_retrieve', endpoint, handle });
        continue;
      }
      if (receiver.mapped === 'rw' && writeChangesContent(world, endpoint, tx)) out.push({ actor: 'secure', kind: 'write', endpoint, handle });
      out.push({ actor: 'secure', kind: 'ffa_relinquish', endpoint, handle });
    }
    // Pages the endpoint owns after retrieving a donate: no handle names them any more.
    for (let page = 0; page < world.pages.length; page++) {
      const current = world.pages[page]!;
      if (current.owner !== endpoint) continue;
      // A free page of the static carveout sits unused in the driver's pool: nothing writes it.
      if (current.alloc === 'free' && bootOwnedRegion(world.platform, current.region)) continue;
      if (accessOutcome(world, endpoint, page, 'write') === 'ok' && current.content !== writtenContent(world, endpoint, page)) {
        out.push({ actor: 'secure', kind: 'write_owned', endpoint, page });
      }
    }
  }
}

/** `endpoint`'s entry in `tx`'s receivers, if any (a loop, not `find`: this runs for every state). */
function receiverOf(tx: Transaction, endpoint: string): Receiver | undefined {
  const receivers = tx.receivers;
  for (let i = 0; i < receivers.length; i++) if (receivers[i]!.endpoint === endpoint) return receivers[i];
  return undefined;
}

/**
 * Would the relayer accept a plain retrieve of `tx` by `endpoint` (a receiver not holding it)? The
 * common case, where `tx` alone covers its pages and the endpoint owns none of them, always
 * succeeds; otherwise (the endpoint may hold a page through another handle) ask the relayer.
 */
function retrieveSucceeds(world: World, endpoint: string, tx: Transaction): boolean {
  // Stryker disable next-line BooleanLiteral: plain = false only means always asking the relayer, which accepts every plain retrieve
  let plain = true;
  for (const page of tx.pages) {
    // Stryker disable next-line ConditionalExpression: 'true' only means always asking the relayer (as above); silences the killed 'false' mutants too
    if (world.pages[page]?.owner === endpoint || !coveredOnlyBy(world, page, tx)) {
      plain = false;
      break;
    }
  }
  return plain || ffaRetrieve(world, { handle: tx.handle, receiver: endpoint }).result === 'ok';
}

/**
 * Would a write by `endpoint`, holding `tx` with rw, change any page's content? Where `tx` alone
 * covers a page the endpoint does not own, the write leaves `data` under a share and `secret`
 * otherwise; anything else is asked of the relayer's access rules.
 */
function writeChangesContent(world: World, endpoint: string, tx: Transaction): boolean {
  const plain = tx.op === 'share' ? 'data' : 'secret';
  for (const page of tx.pages) {
    const current = world.pages[page];
    if (current === undefined) continue;
    // Stryker disable next-line BlockStatement,ConditionalExpression,LogicalOperator,EqualityOperator: the access rules below give the same answer for every page of a transaction the endpoint holds rw, whatever else covers it (the relayer's one-holding-per-page law, test/model/laws.test.ts): the fast path only saves the lookups
    if (current.owner !== endpoint && coveredOnlyBy(world, page, tx)) {
      if (current.content !== plain) return true;
      continue;
    }
    // Stryker disable next-line ConditionalExpression: a page of a transaction the endpoint holds rw is always written (the same law)
    if (accessOutcome(world, endpoint, page, 'write') === 'ok' && current.content !== writtenContent(world, endpoint, page)) return true;
  }
  return false;
}

/** No live transaction other than `tx` covers the page. */
function coveredOnlyBy(world: World, page: number, tx: Transaction): boolean {
  for (const other of world.transactions) {
    if (other === null) continue;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: not skipping `tx` (or skipping every other) only turns the callers' fast paths off, and the relayer's rules answer the same
    if (other === tx) continue;
    // Stryker disable next-line ConditionalExpression: 'false' for every other live transaction only turns the callers' fast paths off (as above)
    if (other.pages.includes(page)) return false;
  }
  // Stryker disable next-line BooleanLiteral: 'false' only turns the callers' fast paths off (as above)
  return true;
}

/** Runs one secure action; the result is the relayer's or the access's (`ok`, an FF-A error, `fault`). */
export function applySecureAction(world: World, action: SecureAction): { world: World; result: string } {
  if (action.kind === 'write_owned') {
    const outcome = memoryAccess(world, action.endpoint, action.page, 'write');
    return { world: outcome.world, result: outcome.result };
  }
  const { endpoint, handle } = action;
  switch (action.kind) {
    case 'ffa_retrieve': {
      const outcome = ffaRetrieve(world, { handle, receiver: endpoint });
      return { world: outcome.world, result: outcome.result };
    }
    case 'ffa_relinquish': {
      const outcome = ffaRelinquish(world, { handle, endpoint });
      return { world: outcome.world, result: outcome.result };
    }
    case 'write': {
      const tx = world.transactions[handle];
      if (tx === null || tx === undefined) return { world, result: 'FFA_INVALID_PARAMETERS' };
      let next = world;
      let result = 'ok';
      for (const page of tx.pages) {
        const outcome = memoryAccess(next, endpoint, page, 'write');
        next = outcome.world;
        // Stryker disable next-line ConditionalExpression,LogicalOperator: a write is offered only to a holder, which has one access to all of the transaction's pages (the law above), so they all answer alike
        if (result === 'ok' && outcome.result !== 'ok') result = outcome.result;
      }
      return { world: next, result };
    }
  }
}
