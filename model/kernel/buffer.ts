/**
 * What every kernel step shares: the outcome shape, the buffer a step acts on, and a page update
 * that copies the page array only when a page actually changes (so a no-op step returns the same
 * world, and unchanged pages are shared).
 */
import type { StepResult } from '../results.ts';
import type { Buffer, Hazard, Page, PageFields, World } from '../state.ts';
import { samePageShape, withBuffers, withHazard, withPages } from '../state.ts';
import type { KernelCall } from './calls.ts';

/** The call shape of one kernel step: `StepCall<'alloc'>`. */
export type StepCall<S extends KernelCall['step']> = Extract<KernelCall, { step: S }>;

/** What a kernel step returns: the next world, `ok` or an error code, and the handle of a send. */
export interface KernelOutcome {
  readonly world: World;
  readonly result: StepResult;
  readonly handle?: number;
}

/** The buffer a step names; an id outside the world reads as an empty buffer. */
export const EMPTY_BUFFER: Buffer = { pages: [], handle: null };

export function bufferOf(world: World, id: number): Buffer {
  return world.buffers[id] ?? EMPTY_BUFFER;
}

/** `world` with buffer `id` replaced (the buffer array is copied, the rest shared). */
export function withBuffer(world: World, id: number, buffer: Buffer): World {
  const buffers = world.buffers.slice();
  buffers[id] = buffer;
  return withBuffers(world, buffers);
}

/** `result` with the world left as it was. */
export function unchanged(world: World, result: StepResult): KernelOutcome {
  return { world, result };
}

/**
 * Applies `update` to the listed pages. `update` returns the same page object for "no change";
 * the page array is copied only once a page changes, and the world itself only then.
 */
export function changePages(world: World, ids: readonly number[], update: (page: Page) => PageFields): World {
  let pages: Page[] | null = null;
  for (const id of ids) {
    const before = (pages ?? world.pages)[id];
    if (before === undefined) continue;
    const after = update(before);
    if (after === before) continue;
    if (pages === null) pages = world.pages.slice();
    pages[id] = samePageShape(after);
  }
  return pages === null ? world : withPages(world, pages);
}

/** Why a kernel access to `page` through the linear map faults, or null if it does not. */
export function linearAccessFault(page: Page): string | null {
  if (page.linear === 'absent') return 'has no linear map entry';
  if (page.linear === 'invalid') return 'has an invalid linear map entry';
  return protectionFault(page);
}

/** Why any kernel access to `page` faults regardless of the mapping used, or null. */
export function protectionFault(page: Page): string | null {
  if (!page.stage2) return 'is no longer mapped by host stage-2';
  if (page.secureProtected) return 'is protected by the secure side (external abort)';
  return null;
}

/**
 * Records a kernel fault on `pages` (the first one recorded stays) and answers EFAULT. `doing` says
 * what the kernel did, with `PAGES` standing for the page list ("alloc zeroed PAGES through the linear
 * map"), `reason` why the first page faulted ("has no linear map entry").
 */
export function kernelFault(world: World, pages: readonly number[], doing: string, reason: string): KernelOutcome {
  const hazard: Hazard = { pages, what: `${doing.replace('PAGES', pageList(pages))}, but page ${pages[0]} ${reason}` };
  return { world: withHazard(world, 'kernelFault', hazard), result: 'EFAULT' };
}

/** "page 3" / "pages 1, 2". */
export function pageList(pages: readonly number[]): string {
  return pages.length === 1 ? `page ${pages[0]}` : `pages ${pages.join(', ')}`;
}

/** The common shape of a per-page step: EINVAL on an empty buffer, else `update` on each page, ok. */
export function onBufferPages(world: World, id: number, update: (page: Page) => PageFields): KernelOutcome {
  const buffer = bufferOf(world, id);
  if (buffer.pages.length === 0) return { world, result: 'EINVAL' };
  return { world: changePages(world, buffer.pages, update), result: 'ok' };
}
