/**
 * Partial-order reduction (docs/SCALE.md): ample sets, in a state, of moves that touch nothing any
 * move outside the set, the environment or an invariant can observe before one of them is taken.
 * Exploring only such a set (SPIN's process-based ample sets; in LTSmin's terms stubborn sets whose
 * necessary enabling sets are empty) loses no violation: every other move commutes with the set's,
 * and none can come to depend on them. The engine adds the cycle proviso and re-searches a
 * violation without reduction so that the reported trace is a shortest one.
 *
 * The sets, fewest moves first (why they are sound: docs/MODEL.md, "Partial-order reduction"):
 * - an actor's `if` on its own last result, or `set`/`inc`/`dec`/`if` on a variable no other actor
 *   names: they write its program counter, last result and that variable, which nothing else reads;
 * - an actor's page-local kernel step (PAGE_LOCAL_STEPS) on a buffer only it names, whose pages are
 *   allocated, held by no buffer another actor names, covered by no transaction, owned by ns when
 *   the secure world runs, and not the page of any enabled cpu read or device DMA; with no
 *   hibernation or kdump actor (each reads every page) and a one-page firewall granule (a wider one
 *   protects pages a send does not cover). Such a step reads only the buffer, its pages, the
 *   platform and the hazards, and the pages are frozen for everyone else until the actor moves: no
 *   alloc can take them, no other step names them, no transaction can come to cover them, no
 *   environment action can start reading them. Every invariant judges a page from that page and
 *   the transactions covering it (or from sticky hazards), so the step cannot hide a violation
 *   someone else causes;
 * - an actor's `leak` of pages no other actor's buffer holds: allocated and leaked differ for no
 *   one else;
 * - the secure world's moves on one live lend or share whose pages and handle no kernel actor can
 *   name again and nothing else reaches.
 * What a set's moves write is checked on every use (`writesOnly`). Never in a set:
 * alloc, free, a kernel actor's FF-A calls, pool steps, mutexes and retried steps (what
 * no-deadlock reads); kexec designs are not reduced.
 */
import type { KernelStepName } from '../../model/kernel/calls.ts';
import { NS } from '../../model/platform.ts';
import { pageCode, type Page, type World } from '../../model/state.ts';
import type { Instr, Program } from '../design/program.ts';
import type { Interpreter } from './interpreter.ts';
import type { Move, SystemState } from './state.ts';

/** Kernel steps that read and write only their buffer's pages (plus the platform and hazards). */
export const PAGE_LOCAL_STEPS: ReadonlySet<KernelStepName> = new Set<KernelStepName>([
  'unmap_linear',
  'map_linear',
  'flush_tlb',
  'clean_cache',
  'zero',
  'vmap',
  'vunmap',
  'mmap_user',
  'munmap_user',
  'iommu_map',
  'iommu_unmap',
  'mark_nosave',
  'clear_nosave',
  'memremap',
  'memunmap',
  'memremap_pages',
  'memunmap_pages',
]);

/** How an instruction may be reduced: never, always (actor-local), or after a check of its pages. */
type Candidate =
  | { readonly kind: 'never' }
  | { readonly kind: 'local' }
  | { readonly kind: 'pages'; readonly buffer: number }
  | { readonly kind: 'leak'; readonly buffer: number };

const NEVER: Candidate = { kind: 'never' };
const NONE: readonly (readonly number[])[] = [];
const LOCAL: Candidate = { kind: 'local' };

/** What a move of an ample set may write (`writesOnly`). */
interface Writes {
  /** The pages it may change, and how each may change. */
  readonly pages: readonly number[];
  readonly page: (was: Page, now: Page) => boolean;
  /** The one transaction slot it may change, or null. */
  readonly slot: number | null;
  /** The one buffer it may change, or null. */
  readonly buffer: number | null;
}

/** A page-local step or a secure move: any field but the allocator state and owner (no move changes a page's region). */
const KEEPS_IDENTITY = (was: Page, now: Page): boolean => was.alloc === now.alloc && was.owner === now.owner;
/** A leak: the allocator state from allocated to leaked, nothing else. */
const ONLY_LEAKED = (was: Page, now: Page): boolean => was.alloc !== 'free' && now.alloc === 'leaked' && now.code === pageCode({ ...was, alloc: 'leaked' });

export class AmpleSets {
  /** Per actor, per pc. */
  private readonly candidates: readonly (readonly Candidate[])[];
  /** Per buffer: the one actor whose code names it, or -1 (shared, or named by several). */
  private readonly bufferActor: readonly number[];
  private readonly secure: boolean;
  /** Sets of the secure world's moves are offered (no actor reads every page, granule 1). */
  private readonly secureSets: boolean;
  /** Reduction is off for the whole design (kexec). */
  private readonly off: boolean;
  /** Per actor, per pc: the buffers any instruction reachable from there names. */
  private readonly namesFrom: readonly (readonly ReadonlySet<number>[])[];

  constructor(private readonly interpreter: Interpreter) {
    const program = interpreter.program;
    this.bufferActor = namingActors(program, buffersOf, program.buffers.length);
    const variableActor = namingActors(program, variablesOf, program.variables.length);
    const env = new Set(program.environment);
    this.secure = env.has('secure');
    const readsEveryPage = env.has('hibernate') || env.has('kdump');
    // A firewall granule wider than a page protects the neighbours of what a send covers: a send
    // then writes pages outside its buffer, and no page stays frozen for anyone.
    const pagesShared = program.platform.firewallGranule > 1;
    this.secureSets = this.secure && !readsEveryPage && !pagesShared;
    // kexec always has a shutdown actor (load.ts), and a shutdown actor runs only when kexec fires.
    this.off = (program.shutdownActors?.length ?? 0) > 0;
    this.candidates = program.actors.map((actor, a) =>
      actor.code.map((instr) => candidateOf(instr, a, this.bufferActor, variableActor, readsEveryPage || pagesShared)),
    );
    this.namesFrom = program.actors.map((actor) => reachableFrom(actor.code, buffersOf));
  }

  /**
   * The ample sets of `state`, as indices into `moves` (the interpreter's list for it): the actors'
   * sets, fewest moves first and in declaration order among equals, then the secure world's by
   * handle; empty to expand every move. Deterministic.
   */
  ample(state: SystemState, moves: readonly Move[]): readonly (readonly number[])[] {
    if (this.off || moves.length < 2) return NONE;
    let found: number[][] | null = null;
    let start = 0;
    while (start < moves.length && moves[start]!.kind === 'actor') {
      // Actor moves come first, each actor's together.
      const actor = (moves[start] as { actor: number }).actor;
      let end = start + 1;
      while (end < moves.length && moves[end]!.kind === 'actor' && (moves[end] as { actor: number }).actor === actor) end++;
      if (end - start < moves.length && this.qualifies(state, actor, moves, start, end)) {
        const chosen: number[] = [];
        for (let i = start; i < end; i++) chosen.push(i);
        (found ??= []).push(chosen);
      }
      start = end;
    }
    // Fewest moves first (a stable sort: declaration order among equals).
    if (found !== null && found.length > 1) found.sort((a, b) => a.length - b.length);
    if (!this.secureSets) return found ?? NONE;
    const frozen: number[][] = [];
    this.secureAmples(state, moves, start, frozen);
    if (frozen.length === 0) return found ?? NONE;
    return [...(found ?? []), ...frozen];
  }

  /**
   * The secure world's moves on one transaction (retrieve, write, relinquish, by every receiver),
   * when no kernel actor will ever again name a buffer holding its pages or its handle (its lender
   * has finished with it, typically after a failed reclaim left it live) and nothing else can reach
   * its pages: one set per such transaction, by handle.
   */
  private secureAmples(state: SystemState, moves: readonly Move[], from: number, out: number[][]): void {
    const world = state.world;
    for (let handle = 0; handle < world.transactions.length; handle++) {
      const tx = world.transactions[handle];
      if (tx === null || tx === undefined || tx.op === 'donate') continue;
      const chosen = this.secureMovesOn(moves, from, handle);
      if (chosen.length === 0 || chosen.length === moves.length) continue;
      if (!this.transactionFrozen(state, tx.pages, handle, moves)) continue;
      const writes: Writes = { pages: tx.pages, page: KEEPS_IDENTITY, slot: handle, buffer: null };
      if (chosen.every((i) => this.writesOnly(state, moves[i]!, writes))) out.push(chosen);
    }
  }

  /** No one but the secure world can touch transaction `handle` or its `pages` from here on. */
  private transactionFrozen(state: SystemState, pages: readonly number[], handle: number, moves: readonly Move[]): boolean {
    const world = state.world;
    for (const id of pages) {
      const page = world.pages[id]!;
      if (page.alloc === 'free' || page.owner !== NS) return false;
    }
    for (const tx of world.transactions) {
      if (tx === null || tx.handle === handle) continue;
      for (const id of tx.pages) if (pages.includes(id)) return false;
    }
    const buffers = world.buffers;
    for (let b = 0; b < buffers.length; b++) {
      const buffer = buffers[b]!;
      if (buffer.handle !== handle && !(buffer.handles?.includes(handle) ?? false) && !buffer.pages.some((id) => pages.includes(id))) continue;
      // A buffer holding the pages or the handle: no actor may name it again.
      for (let a = 0; a < state.pcs.length; a++) {
        const pc = state.pcs[a]!;
        if (pc >= 0 && this.namesFrom[a]![pc]!.has(b)) return false;
      }
    }
    return !envReaches(moves, pages);
  }

  private qualifies(state: SystemState, actor: number, moves: readonly Move[], start: number, end: number): boolean {
    const candidate = this.candidates[actor]![state.pcs[actor]!]!;
    if (candidate.kind === 'never') return false;
    if (candidate.kind === 'local') return true;
    const world = state.world;
    const pages = world.buffers[candidate.buffer]!.pages;
    // `leak` changes its pages' allocator state and empties its buffer, which no one else can
    // observe (allocated and leaked are both "not free"; nothing reads a buffer but its own steps).
    const leak = candidate.kind === 'leak';
    if (leak ? !this.heldOnlyBy(world, actor, candidate.buffer, pages) : !this.pagesFrozen(state, actor, candidate.buffer, pages, moves)) return false;
    const writes: Writes = leak ? { pages, page: ONLY_LEAKED, slot: null, buffer: candidate.buffer } : { pages, page: KEEPS_IDENTITY, slot: null, buffer: null };
    for (let i = start; i < end; i++) if (!this.writesOnly(state, moves[i]!, writes)) return false;
    return true;
  }

  /** Indices, from `from` on, of the secure world's moves on transaction `handle`. */
  private secureMovesOn(moves: readonly Move[], from: number, handle: number): number[] {
    const found: number[] = [];
    for (let i = from; i < moves.length; i++) {
      const move = moves[i]!;
      if (move.kind === 'env' && move.action.actor === 'secure' && move.action.kind !== 'write_owned' && move.action.handle === handle) found.push(i);
    }
    return found;
  }

  /** The pages are allocated (or leaked), and no buffer another actor names holds one. */
  private heldOnlyBy(world: World, actor: number, buffer: number, pages: readonly number[]): boolean {
    for (const id of pages) if (world.pages[id]!.alloc === 'free') return false;
    const buffers = world.buffers;
    for (let b = 0; b < buffers.length; b++) {
      if (b === buffer || this.bufferActor[b] === actor) continue;
      for (const id of buffers[b]!.pages) if (pages.includes(id)) return false;
    }
    return true;
  }

  /** Nobody but `actor` can touch `pages` (the buffer's) until it moves: see the header. */
  private pagesFrozen(state: SystemState, actor: number, buffer: number, pages: readonly number[], moves: readonly Move[]): boolean {
    const world = state.world;
    if (!this.heldOnlyBy(world, actor, buffer, pages)) return false;
    if (this.secure) for (const id of pages) if (world.pages[id]!.owner !== NS) return false;
    for (const tx of world.transactions) {
      if (tx === null) continue;
      for (const id of tx.pages) if (pages.includes(id)) return false;
    }
    return !envReaches(moves, pages);
  }

  /**
   * The move, run here, writes no more than `writes` allows, and never the hazards: what the
   * header's argument assumes, checked every time.
   */
  private writesOnly(state: SystemState, move: Move, writes: Writes): boolean {
    const before = state.world;
    const after = this.interpreter.peek(state, move).world;
    if (after === before) return true;
    if (after.hazards !== before.hazards) return false;
    if (after.buffers !== before.buffers) {
      for (let b = 0; b < before.buffers.length; b++) if (b !== writes.buffer && after.buffers[b] !== before.buffers[b]) return false;
    }
    if (after.transactions !== before.transactions) {
      // The slot arrays may differ in length (trailing free slots): compare up to the longer one.
      const slots = Math.max(after.transactions.length, before.transactions.length);
      for (let h = 0; h < slots; h++) if (h !== writes.slot && (after.transactions[h] ?? null) !== (before.transactions[h] ?? null)) return false;
    }
    for (let id = 0; id < before.pages.length; id++) {
      const was = before.pages[id]!;
      const now = after.pages[id]!;
      if (was !== now && (!writes.pages.includes(id) || !writes.page(was, now))) return false;
    }
    return true;
  }
}

function candidateOf(instr: Instr, actor: number, bufferActor: readonly number[], variableActor: readonly number[], readsEveryPage: boolean): Candidate {
  switch (instr.op) {
    case 'if':
      if (instr.cond.kind === 'result') return LOCAL;
      return variableActor[instr.cond.variable] === actor ? LOCAL : NEVER;
    case 'set':
    case 'inc':
    case 'dec':
      return variableActor[instr.variable] === actor ? LOCAL : NEVER;
    case 'step': {
      const call = instr.call;
      if (instr.retry || bufferActor[call.buffer] !== actor) return NEVER;
      if (call.step === 'leak') return { kind: 'leak', buffer: call.buffer };
      if (readsEveryPage || !PAGE_LOCAL_STEPS.has(call.step)) return NEVER;
      return { kind: 'pages', buffer: call.buffer };
    }
    default:
      return NEVER;
  }
}

/** Per item: the one actor whose code names it, or -1 when several (or none) do. */
function namingActors(program: Program, named: (instr: Instr) => readonly number[], count: number): number[] {
  const owner: number[] = new Array<number>(count).fill(-2);
  program.actors.forEach((actor, a) => {
    for (const instr of actor.code) {
      for (const item of named(instr)) owner[item] = owner[item] === -2 || owner[item] === a ? a : -1;
    }
  });
  return owner.map((o) => (o === -2 ? -1 : o));
}

function buffersOf(instr: Instr): readonly number[] {
  if (instr.op !== 'step') return [];
  const call = instr.call;
  return call.step === 'pool_alloc' ? [call.buffer, call.pool] : [call.buffer];
}

function variablesOf(instr: Instr): readonly number[] {
  if (instr.op === 'set' || instr.op === 'inc' || instr.op === 'dec') return [instr.variable];
  if (instr.op === 'if' && instr.cond.kind !== 'result') return [instr.cond.variable];
  return [];
}

/** Is one of `pages` the page of an enabled cpu read or device DMA? */
function envReaches(moves: readonly Move[], pages: readonly number[]): boolean {
  for (const move of moves) {
    if (move.kind !== 'env') continue;
    const action = move.action;
    if ((action.actor === 'cpu' || action.actor === 'devices') && pages.includes(action.page)) return true;
  }
  return false;
}

/** Per pc: what `named` says of the instructions reachable from it (itself included). */
function reachableFrom(code: readonly Instr[], named: (instr: Instr) => readonly number[]): ReadonlySet<number>[] {
  const next = (pc: number): number[] => {
    const instr = code[pc];
    if (instr === undefined) return [];
    switch (instr.op) {
      case 'step':
        return instr.onError === null ? [pc + 1] : [pc + 1, instr.onError];
      case 'if':
        return [instr.then, instr.else];
      case 'jump':
        return [instr.to];
      case 'end':
        return [];
      default:
        return [pc + 1];
    }
  };
  return code.map((_, start) => {
    const found = new Set<number>();
    const seen = new Set<number>([start]);
    const todo = [start];
    while (todo.length > 0) {
      const pc = todo.pop()!;
      const instr = code[pc];
      if (instr !== undefined) for (const b of named(instr)) found.add(b);
      for (const to of next(pc)) {
        if (to < 0 || seen.has(to)) continue;
        seen.add(to);
        todo.push(to);
      }
    }
    return found;
  });
}
