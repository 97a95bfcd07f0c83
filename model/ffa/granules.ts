/**
 * Firewall granules (`firewall_granule`, SPEC section 9, B19): a TZASC region or GPT block
 * protects whole aligned runs of N pages, so a lend or donate of any page of a run protects all of
 * it. Runs are aligned within each region (each region starts on a granule boundary: the model's
 * regions are separate physical ranges), and a run never spans two regions.
 */
import { NS } from '../platform.ts';
import type { World } from '../state.ts';
import { ffaAccess } from './ownership.ts';

/** The first page and the page count of the granule holding `page`. */
export function granuleOf(world: World, page: number): { start: number; end: number } {
  const pages = world.pages;
  const region = pages[page]?.region;
  let regionStart = page;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: at 0, pages[-1] is undefined and stops the loop as well (the bound only guards a world without pages)
  while (regionStart > 0 && pages[regionStart - 1]?.region === region) regionStart--;
  const n = world.platform.firewallGranule;
  const start = regionStart + Math.floor((page - regionStart) / n) * n;
  let end = start;
  while (end < start + n && end < pages.length && pages[end]!.region === region) end++;
  return { start, end };
}

/** `pages` with every other page of their granules, ascending, without repeats. */
export function granulesOf(world: World, pages: readonly number[]): number[] {
  const all = new Set<number>();
  for (const page of pages) {
    const { start, end } = granuleOf(world, page);
    for (let id = start; id < end; id++) all.add(id);
  }
  return [...all].sort((a, b) => a - b);
}

/**
 * Does another page of `page`'s granule keep the firewall on: one NS gave away (no FF-A access for
 * NS: a live LEND or DONATE, or owned by a secure endpoint, as the static carveout's pages are)?
 */
export function granuleGivenAway(world: World, page: number): boolean {
  const { start, end } = granuleOf(world, page);
  for (let id = start; id < end; id++) {
    if (id === page) continue;
    if (ffaAccess(world, NS, id) === null) return true;
  }
  return false;
}
