/**
 * Hibernation opt-out: register_nosave_region / __SetPageOffline make the snapshot skip the pages
 * (as /proc/kcore skips PageOffline pages); clear_nosave undoes it.
 */
import type { Page, PageFields, World } from '../state.ts';
import { editPage } from '../state.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { onBufferPages } from './buffer.ts';


const mark = (page: Page): PageFields => (page.nosave ? page : editPage(page, (p) => { p.nosave = true; }));
const unmark = (page: Page): PageFields => (page.nosave ? editPage(page, (p) => { p.nosave = false; }) : page);

/** `mark_nosave` (register_nosave_region / __SetPageOffline): hibernation skips the pages. */
export function registerNosaveRegion(world: World, call: StepCall<'mark_nosave'>): KernelOutcome {
  return onBufferPages(world, call.buffer, mark);
}

/** `clear_nosave`: hibernation saves the pages again. */
export function clearNosave(world: World, call: StepCall<'clear_nosave'>): KernelOutcome {
  return onBufferPages(world, call.buffer, unmark);
}
