/**
 * Hibernation as an environment actor (kernel/power/snapshot.c): the snapshot copies every saveable
 * page, and safe_copy_page re-maps a page missing from the linear map (hibernate_map_page) to read
 * it. A read of a page the secure side protects, or one host stage-2 removed, is a kernel fault; a
 * readable page with secret content puts plaintext into the image. Offered only when it records
 * something new.
 *
 * Saveable (saveable_page): allocated (not free), not nosave/PageOffline, and System RAM with a
 * struct page in a populated zone: `cma` and `system`. A `carveout` page is DT no-map reserved memory
 * (PageReserved and not kernel_page_present: skipped); a `device` page is ZONE_DEVICE memory
 * (pfn_to_online_page is NULL: skipped).
 */
import { protectionFault } from '../kernel/buffer.ts';
import type { Page, World } from '../state.ts';
import { withHazard } from '../state.ts';
import type { EnvAction } from './actions.ts';

/** Does the hibernation snapshot copy this page? */
export function saveablePage(page: Page): boolean {
  return page.alloc !== 'free' && !page.nosave && (page.region === 'cma' || page.region === 'system');
}

/** What one snapshot would find: faulting pages and readable secret pages. */
function survey(world: World): { faults: number[]; secrets: number[] } {
  const faults: number[] = [];
  const secrets: number[] = [];
  const { pages } = world;
  for (let id = 0; id < pages.length; id++) {
    const page = pages[id]!;
    if (!saveablePage(page)) continue;
    if (!page.stage2 || page.secureProtected) faults.push(id);
    else if (page.content === 'secret') secrets.push(id);
  }
  return { faults, secrets };
}

/** Appends `snapshot` when it would record a kernel fault or a secret copy not yet recorded. */
export function hibernateActions(world: World, out: EnvAction[]): void {
  const wantFault = world.hazards.kernelFault === null;
  const wantSecret = world.hazards.secretCopied === null;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral: a shortcut; with both hazards recorded the loop below pushes nothing either (and with one, the loop's own checks skip it)
  if (!wantFault && !wantSecret) return;
  for (const page of world.pages) {
    if (!saveablePage(page)) continue;
    const faults = !page.stage2 || page.secureProtected;
    if ((faults && wantFault) || (!faults && wantSecret && page.content === 'secret')) {
      out.push({ actor: 'hibernate', kind: 'snapshot' });
      return;
    }
  }
}

/** The snapshot: `fault`/`abort` on the first protected page, else `ok`; both hazards recorded. */
export function applySnapshot(world: World): { world: World; result: string } {
  const { faults, secrets } = survey(world);
  let next = world;
  let result = 'ok';
  const first = faults[0];
  if (first !== undefined) {
    const page = world.pages[first]!;
    result = page.stage2 ? 'abort' : 'fault';
    const pages = faults.length === 1 ? 'page' : 'pages';
    next = withHazard(next, 'kernelFault', {
      pages: faults,
      what: `the hibernation snapshot read ${pages} ${faults.join(', ')}, but page ${first} ${protectionFault(page)}`,
    });
  }
  if (secrets.length > 0) {
    const pages = secrets.length === 1 ? 'page' : 'pages';
    next = withHazard(next, 'secretCopied', {
      pages: secrets,
      what: `the hibernation snapshot copied secret content of ${pages} ${secrets.join(', ')} into the image`,
    });
  }
  return { world: next, result };
}
