/**
 * Page and handle renaming (docs/MODEL.md "Page and handle symmetry"): state keys that do not
 * depend on which page numbers the allocator handed out or which slots the relayer chose, for the
 * one-thread exhaustive search. Two states get one key when a renaming of pages (within a region)
 * and of transaction slots maps one onto the other, with interchangeable actors permuted as the
 * Fingerprinter does.
 *
 * Why it is sound, and when. The model picks the lowest free page (run) and the lowest free slot,
 * so numbers matter in general. They do not when (a) every allocation takes one page, or any pages
 * (`contiguous: false`), with no alignment, no gen_pool over a buffer and a one-page firewall
 * granule (nothing reads adjacency or order), and (b) in every reachable state the free pages of a
 * region have one page code and no buffer or transaction names them, and no buffer keeps a handle
 * whose slot is free. Then the page (slot) the allocator (relayer) picks and any other free one
 * are interchangeable: swapping them is an automorphism of the state, so renamed states have
 * renamed successors (a bisimulation) and the invariants, which read pages and transactions but
 * not their numbers, agree on them. (a) is checked once (`renamingApplies`); (b) is checked on
 * every state keyed, and `broken` records a state where it fails: the search must then be run again
 * without renaming (check.ts does). A breaking state reachable at all is reached, as a renamed
 * copy, by a search that was exact up to it, so a finished search that never saw one was exact.
 */
import type { Region } from '../../model/platform.ts';
import type { Buffer, Transaction, World } from '../../model/state.ts';
import { hashString } from '../engine/fingerprints.ts';
import type { Program } from '../design/program.ts';
import type { Fingerprinter } from './fingerprint.ts';
import type { SystemState } from './state.ts';

/** (a): nothing in the design reads page adjacency or order, nor kexec's whole-memory handover. */
export function renamingApplies(program: Program): boolean {
  if (program.platform.firewallGranule > 1) return false;
  // kexec: the loader gives every kexec design a shutdown actor (an empty one without the key).
  if (program.environment.includes('kdump') || (program.shutdownActors?.length ?? 0) > 0) return false;
  for (const actor of program.actors) {
    for (const instr of actor.code) {
      if (instr.op !== 'step') continue;
      const call = instr.call;
      if (call.step === 'pool_alloc') return false;
      if (call.step === 'alloc' && ((call.align ?? 1) > 1 || (call.contiguous !== false && call.pages > 1))) return false;
    }
  }
  return true;
}

export class RenamingKeys {
  private isBroken = false;
  /** Called once, when the first state breaks condition (b) (the search can stop there). */
  onBroken: (() => void) | null = null;
  private readonly classes: readonly (readonly number[])[];
  private readonly localBuffers: readonly (readonly number[])[];
  private readonly sharedBuffers: readonly number[];

  /** The actor classes and buffer lists are the Fingerprinter's, so both reductions agree on them. */
  constructor(fingerprinter: Fingerprinter) {
    this.classes = fingerprinter.classes;
    this.localBuffers = fingerprinter.localBuffers;
    this.sharedBuffers = fingerprinter.sharedBuffers;
  }

  /** A state broke condition (b): keys given since may have merged states that differ. */
  get broken(): boolean {
    return this.isBroken;
  }

  fingerprintInto(state: SystemState, out: Int32Array): void {
    hashString(this.key(state), out);
  }

  private breaks(): void {
    if (this.isBroken) return;
    this.isBroken = true;
    this.onBroken?.();
  }

  /** The renamed state, written out in full (equal keys: states equal up to a renaming). */
  key(state: SystemState): string {
    const world = state.world;
    // Interchangeable actors in an order that does not depend on numbers: by what they hold.
    const order: number[] = [];
    for (const members of this.classes) {
      // Stryker disable next-line ConditionalExpression,BlockStatement: a shortcut; a one-actor class sorts to itself
      if (members.length === 1) {
        order.push(members[0]!);
        continue;
      }
      const keyed = members.map((a) => ({ a, key: this.actorContent(state, a) }));
      // Stryker disable next-line EqualityOperator,ConditionalExpression: actors of equal content give one key in either order; and V8 sorts a class (members in actor order) by binary insertion, each later actor compared against earlier ones, where `x.key < y.key` alone decides: the rest keeps the comparator consistent
      keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.a - y.a));
      for (const { a } of keyed) order.push(a);
    }
    // Numbers by first mention: the actors' buffers, the shared buffers, their transactions, the
    // other live transactions (by content), the other pages in use (by region and code).
    const pageNo = new Map<number, number>();
    const slotNo = new Map<number, number>();
    const page = (id: number): number => {
      let n = pageNo.get(id);
      if (n === undefined) pageNo.set(id, (n = pageNo.size));
      return n;
    };
    const slot = (handle: number): number => {
      let n = slotNo.get(handle);
      if (n === undefined) slotNo.set(handle, (n = slotNo.size));
      return n;
    };
    const buffer = (id: number): string => {
      const b = world.buffers[id]!;
      let text = b.pages.map(page).join(',') + '/';
      for (const h of handlesOf(b)) {
        if (world.transactions[h] == null) this.breaks(); // a stale handle: slots matter
        text += `${slot(h)},`;
      }
      return text + (b.handles === undefined ? 's' : 'c');
    };
    const position = new Map(order.map((a, i) => [a, i]));
    let key = '';
    for (const a of order) {
      key += `A${state.pcs[a]}.${state.sub[a]}.${state.last[a]}:`;
      for (const id of this.localBuffers[a]!) key += buffer(id) + ';';
    }
    key += '|';
    for (const id of this.sharedBuffers) key += buffer(id) + ';';
    for (const h of slotNo.keys()) for (const id of world.transactions[h]?.pages ?? []) page(id);
    const unmentioned: { h: number; key: string }[] = [];
    world.transactions.forEach((tx, h) => {
      if (tx != null && !slotNo.has(h)) unmentioned.push({ h, key: txContent(world, tx) });
    });
    unmentioned.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    for (const { h } of unmentioned) {
      slot(h);
      for (const id of world.transactions[h]!.pages) page(id);
    }
    const free = new Map<Region, { count: number; code: number }>();
    const idle: { id: number; key: string }[] = [];
    for (let id = 0; id < world.pages.length; id++) {
      const p = world.pages[id]!;
      if (p.alloc === 'free') {
        if (pageNo.has(id)) this.breaks(); // a free page someone names
        const seen = free.get(p.region);
        if (seen === undefined) free.set(p.region, { count: 1, code: p.code });
        else {
          if (seen.code !== p.code) this.breaks(); // free pages that differ: order matters
          seen.count++;
        }
      } else if (!pageNo.has(id)) idle.push({ id, key: `${p.region}:${p.code}` });
    }
    idle.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    for (const { id } of idle) page(id);
    key += '|T';
    const slots = [...slotNo.entries()].sort((x, y) => x[1] - y[1]);
    for (const [h] of slots) {
      const tx = world.transactions[h];
      key += tx == null ? '-;' : `${txHead(tx)}${tx.pages.map(page).join(',')};`;
    }
    key += '|P';
    const pages = [...pageNo.entries()].sort((x, y) => x[1] - y[1]);
    for (const [id] of pages) key += `${world.pages[id]!.region}:${world.pages[id]!.code},`;
    key += '|F';
    for (const [region, { count, code }] of [...free.entries()].sort()) key += `${region}:${count}:${code},`;
    key += `|L${state.locks.map((holder) => (holder < 0 ? -1 : position.get(holder)!)).join(',')}`;
    key += `|V${state.vars.join(',')}|H${JSON.stringify(world.hazards)}`;
    return key;
  }

  /** An actor's state and what its buffers hold, without page or slot numbers (its sort key). */
  private actorContent(state: SystemState, actor: number): string {
    const world = state.world;
    let key = `${state.pcs[actor]}.${state.sub[actor]}.${state.last[actor]}.${state.locks.map((h) => (h === actor ? 1 : 0)).join('')}:`;
    for (const id of this.localBuffers[actor]!) {
      const b = world.buffers[id]!;
      key += b.pages.map((p) => `${world.pages[p]!.region}${world.pages[p]!.code}`).join(',') + '/';
      for (const h of handlesOf(b)) {
        const tx = world.transactions[h];
        key += tx == null ? '-,' : `${txContent(world, tx)},`;
      }
      key += ';';
    }
    return key;
  }
}

/** The handles a buffer keeps: a chunked send's list, or its one handle. */
function handlesOf(b: Buffer): readonly number[] {
  return b.handles ?? (b.handle === null ? [] : [b.handle]);
}

/** A transaction without its slot and page numbers: what it is, and its pages' codes. */
function txContent(world: World, tx: Transaction): string {
  return txHead(tx) + tx.pages.map((p) => `${world.pages[p]!.region}${world.pages[p]!.code}`).join(',');
}

function txHead(tx: Transaction): string {
  const receivers = tx.receivers.map((r) => `${r.endpoint}:${r.access}:${r.retrieved ? 1 : 0}:${r.mapped}:${r.clearOnRelinquish ? 1 : 0}`).join('+');
  return `${tx.op}.${tx.sender}.${tx.clear ? 1 : 0}.${receivers}>`;
}
