/**
 * Reads and writes by an endpoint (SPEC section 7): what stops them and what a write leaves behind.
 * A secure endpoint is stopped by its own translation (the SPMC maps exactly its FF-A access); the
 * normal world only by hardware: host stage-2 (`fault`) or the secure side's firewall (`abort`).
 */
import { NS } from '../platform.ts';
import type { AccessOutcome } from '../results.ts';
import type { Content, World } from '../state.ts';
import { editPage, someTransactionCovering, updatePages } from '../state.ts';
import { ffaAccess } from './ownership.ts';

export type AccessKind = 'read' | 'write';

/** The outcome of `endpoint` reading or writing `page`, and the world after it. */
export function memoryAccess(world: World, endpoint: string, page: number, kind: AccessKind): { world: World; result: AccessOutcome } {
  const result = accessOutcome(world, endpoint, page, kind);
  if (result !== 'ok' || kind === 'read') return { world, result };
  const content = writtenContent(world, endpoint, page);
  // A CPU store from NS goes through the cache; a secure endpoint's cache is not modelled.
  const next = updatePages(world, [page], (p) =>
    endpoint === NS
      ? editPage(p, (d) => {
          d.content = content;
          d.cache = 'dirty';
        })
      : // Stryker disable next-line ConditionalExpression: editing a page to the content it has gives an equal page; the shortcut only keeps the object
        p.content === content
        ? p
        : editPage(p, (d) => {
            d.content = content;
          }),
  );
  return { world: next, result };
}

/** `ok`, `fault` (a translation stage refuses it) or `abort` (only the secure side's protection stops it). */
export function accessOutcome(world: World, endpoint: string, page: number, kind: AccessKind): AccessOutcome {
  const p = world.pages[page];
  if (p === undefined) return 'fault';
  if (endpoint === NS) {
    // The FF-A state does not stop NS: only what the hardware was told to enforce does.
    if (!p.stage2) return 'fault';
    return p.secureProtected ? 'abort' : 'ok';
  }
  return hasAccess(world, endpoint, page, kind) ? 'ok' : 'fault';
}

/** FF-A access: the owner unless Owner-NA, or a borrower holding it (`rw` needed to write). */
export function hasAccess(world: World, endpoint: string, page: number, kind: AccessKind): boolean {
  const access = ffaAccess(world, endpoint, page);
  return access !== null && (kind === 'read' || access === 'rw');
}

/**
 * What a write by `endpoint` leaves: NS writes `data`; a secure endpoint writes `secret` into memory
 * it owns or holds by LEND/DONATE, `data` into memory it borrows by SHARE (the NS owner still sees it).
 */
export function writtenContent(world: World, endpoint: string, page: number): Content {
  if (endpoint === NS) return 'data';
  // Stryker disable next-line ConditionalExpression: no transaction the endpoint retrieved covers a page it owns (test/model/laws.test.ts), so the share test below answers secret too
  if (world.pages[page]?.owner === endpoint) return 'secret';
  const shared = someTransactionCovering(
    world,
    page,
    (tx) => tx.op === 'share' && tx.receivers.some((r) => r.endpoint === endpoint && r.retrieved),
  );
  return shared ? 'data' : 'secret';
}
