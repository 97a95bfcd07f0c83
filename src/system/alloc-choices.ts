/**
 * The choices of a scatter-gather allocation (`alloc {contiguous: false}`, SPEC section 9): any N
 * free pages of the region, each choice its own move.
 *
 * Without reduction every N-subset of the region's free pages is a move (random mode draws one of
 * them like any other move). With page symmetry (exhaustive mode, `pageSymmetric` regions only),
 * free pages that no buffer or transaction names and whose states are identical are
 * interchangeable, so only one choice per multiset of such classes is a move: the lowest pages of
 * each class. Why that is sound, and when it applies, is in `symmetricRegions` below.
 */
import type { Region } from '../../model/platform.ts';
import type { World } from '../../model/state.ts';
import type { Program } from '../design/program.ts';

/** Every N-subset of `free` (ascending page lists, in lexicographic order). */
export function allSubsets(free: readonly number[], n: number): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const walk = (start: number): void => {
    if (pick.length === n) {
      out.push(pick.slice());
      return;
    }
    for (let i = start; i <= free.length - (n - pick.length); i++) {
      pick.push(free[i]!);
      walk(i + 1);
      pick.pop();
    }
  };
  walk(0);
  return out;
}

/**
 * One representative per class of equivalent choices: free pages are grouped into classes (a page
 * a buffer or transaction names is a class of its own; the others by their page code), and a
 * choice is how many pages it takes from each class, the lowest ones of the class.
 */
export function representativeChoices(world: World, free: readonly number[], n: number): number[][] {
  const named = new Set<number>();
  for (const b of world.buffers) for (const p of b.pages) named.add(p);
  for (const tx of world.transactions) if (tx !== null) for (const p of tx.pages) named.add(p);
  const classes: number[][] = [];
  const byCode = new Map<number, number[]>();
  for (const id of free) {
    if (named.has(id)) {
      classes.push([id]);
      continue;
    }
    const code = world.pages[id]!.code;
    let members = byCode.get(code);
    if (members === undefined) {
      members = [];
      byCode.set(code, members);
      classes.push(members);
    }
    members.push(id);
  }
  const out: number[][] = [];
  const pick: number[] = [];
  const walk = (c: number, left: number): void => {
    if (left === 0) {
      out.push([...pick].sort((a, b) => a - b));
      return;
    }
    if (c === classes.length) return;
    const members = classes[c]!;
    for (let k = Math.min(left, members.length); k >= 0; k--) {
      for (let i = 0; i < k; i++) pick.push(members[i]!);
      walk(c + 1, left - k);
      for (let i = 0; i < k; i++) pick.pop();
    }
  };
  walk(0, n);
  return out.sort(compareLists);
}

/** Lexicographic order of two distinct choices of the same page count (every choice takes n pages). */
function compareLists(a: readonly number[], b: readonly number[]): number {
  // Stryker disable next-line EqualityOperator: `<=` compares a[n] and b[n], both undefined, and goes on to 0
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return 0;
}

/**
 * The regions whose pages the exhaustive search may treat as interchangeable at a scatter-gather
 * allocation. A permutation of a region's pages maps every behaviour of the system onto another
 * one (so exploring one choice per class of equivalent choices reaches every state up to that
 * permutation, at the same depth, and every invariant, which reads pages one by one, holds or
 * fails alike) exactly when nothing the design does depends on page numbers in that region:
 * - every `alloc` of the region is `contiguous: false` (a contiguous or aligned allocation takes
 *   the lowest free run, so which pages are free decides what it takes);
 * - no chunked send (a chunk is a run of the buffer's pages in page order);
 * - no `pool_alloc` (a gen_pool hands out the lowest pages of the pool first);
 * - `firewall_granule` is 1 (granules are aligned runs of page numbers).
 * Other regions are not reduced: every subset stays a move.
 */
export function symmetricRegions(program: Program): ReadonlySet<Region> {
  const regions = new Set<Region>();
  const blocked = new Set<Region>();
  let orderSensitive = program.platform.firewallGranule !== 1;
  for (const actor of program.actors) {
    for (const instr of actor.code) {
      if (instr.op !== 'step') continue;
      const call = instr.call as { step: string; region?: Region; contiguous?: boolean; align?: number; chunk?: number | null };
      if (call.step === 'alloc' && call.region !== undefined) {
        if (call.contiguous === false && (call.align ?? 1) === 1) regions.add(call.region);
        else blocked.add(call.region);
      }
      if ((call.step === 'ffa_lend' || call.step === 'ffa_share') && call.chunk != null) orderSensitive = true;
      if (call.step === 'pool_alloc') orderSensitive = true;
    }
  }
  if (orderSensitive) return new Set();
  for (const r of blocked) regions.delete(r);
  return regions;
}
