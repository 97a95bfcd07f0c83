/**
 * kdump as an environment actor (SPEC section 9): after a crash the capture kernel reads the old
 * kernel's memory through /proc/vmcore, every allocated or free `cma`/`system` page not marked
 * nosave (makedumpfile's filtering of PageOffline pages), each through a fresh linear mapping: a
 * kernel read. A page the secure side protects, or one host stage-2 removed, is a kernel fault in
 * the capture kernel; a readable page with secret content puts plaintext in the dump.
 *
 * The dump is an observation of what a crash at this point would read: the search goes on as if
 * the crash had not happened (the other branch), so one state space holds both. Like the
 * hibernation snapshot it is offered only when it would record something not yet recorded.
 */
import { protectionFault } from '../kernel/buffer.ts';
import type { Page, World } from '../state.ts';
import { withHazard } from '../state.ts';
import type { EnvAction } from './actions.ts';

/** Does /proc/vmcore read this page? Leaked pages are allocated memory as far as the dump goes. */
export function dumpedPage(page: Page): boolean {
  return !page.nosave && (page.region === 'cma' || page.region === 'system');
}

function faults(page: Page): boolean {
  return !page.stage2 || page.secureProtected;
}

/** Appends `vmcore` when the dump would record a kernel fault or a secret copy not yet recorded. */
export function kdumpActions(world: World, out: EnvAction[]): void {
  const wantFault = world.hazards.kernelFault === null;
  const wantSecret = world.hazards.secretCopied === null;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral: a shortcut; with both hazards recorded the loop below pushes nothing either (and with one, the loop's own checks skip it)
  if (!wantFault && !wantSecret) return;
  for (const page of world.pages) {
    if (!dumpedPage(page)) continue;
    if ((faults(page) && wantFault) || (!faults(page) && wantSecret && page.content === 'secret')) {
      out.push({ actor: 'kdump', kind: 'vmcore' });
      return;
    }
  }
}

/** The dump: `fault`/`abort` on the first protected page, else `ok`; both hazards recorded. */
export function applyVmcore(world: World): { world: World; result: string } {
  const faulted: number[] = [];
  const secrets: number[] = [];
  world.pages.forEach((page, id) => {
    if (!dumpedPage(page)) return;
    if (faults(page)) faulted.push(id);
    else if (page.content === 'secret') secrets.push(id);
  });
  let next = world;
  let result = 'ok';
  const first = faulted[0];
  if (first !== undefined) {
    const page = world.pages[first]!;
    result = page.stage2 ? 'abort' : 'fault';
    next = withHazard(next, 'kernelFault', {
      pages: faulted,
      what: `the kdump capture kernel read ${faulted.length === 1 ? 'page' : 'pages'} ${faulted.join(', ')} through /proc/vmcore, but page ${first} ${protectionFault(page)}`,
    });
  }
  if (secrets.length > 0) {
    next = withHazard(next, 'secretCopied', {
      pages: secrets,
      what: `the kdump capture kernel copied secret content of ${secrets.length === 1 ? 'page' : 'pages'} ${secrets.join(', ')} into the crash dump`,
    });
  }
  return { world: next, result };
}
