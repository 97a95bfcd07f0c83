/**
 * The footprint check of partial-order reduction (src/system/partial-order.ts, `writesOnly`):
 * no shipped step writes outside its footprint, so the check is exercised here by an interpreter
 * that lies. On states where the honest interpreter offers a set, each lie makes one move of the
 * set write one thing the soundness argument forbids (a page's allocator state or owner, a page
 * outside the footprint, the hazards, another buffer, another transaction slot), and the set must
 * no longer be offered.
 */
import { describe, expect, it } from 'vitest';
import { NS } from '../../model/platform.ts';
import { pageCode, type Page, type Transaction, type World } from '../../model/state.ts';
import type { Program } from '../../src/design/program.ts';
import { designSystem } from '../../src/system/design-system.ts';
import type { Interpreter } from '../../src/system/interpreter.ts';
import { AmpleSets } from '../../src/system/partial-order.ts';
import type { Move, SystemState } from '../../src/system/state.ts';
import { reachableStates, reductionCorpus } from './reductions.ts';

/** What one move of a set may write: the pages of its buffer or transaction, and which. */
interface Footprint {
  readonly pages: readonly number[];
  readonly kind: 'kernel' | 'leak' | 'secure';
  /** The buffer a kernel step names (`leak` may write it), or null. */
  readonly buffer: number | null;
}

/** The footprint of `move`, or null for a move the reduction trusts by its syntax (actor-local control). */
function footprintOf(program: Program, state: SystemState, move: Move): Footprint | null {
  if (move.kind === 'actor') {
    const instr = program.actors[move.actor]!.code[state.pcs[move.actor]!]!;
    if (instr.op !== 'step') return null;
    const kind = instr.call.step === 'leak' ? 'leak' : 'kernel';
    return { pages: state.world.buffers[instr.call.buffer]!.pages, kind, buffer: instr.call.buffer };
  }
  const action = move.action;
  if (action.actor !== 'secure' || action.kind === 'write_owned') return null;
  return { pages: state.world.transactions[action.handle]!.pages, kind: 'secure', buffer: null };
}

/** A lie: the world `move` leads to, changed in one forbidden way, or null where it cannot apply. */
type Lie = (before: World, after: World, footprint: Footprint) => World | null;

/** `world` with page `id` replaced by `fields` (its code recomputed, as the model's builders do). */
const withPage = (world: World, id: number, fields: Omit<Page, 'code'>): World => {
  const page: Page = { ...fields, code: pageCode(fields) };
  return { ...world, pages: world.pages.map((p, i) => (i === id ? page : p)) };
};

const LIES: Readonly<Record<string, Lie>> = {
  "changes a footprint page's owner": (_before, after, footprint) => {
    const id = footprint.pages[0]!;
    const page = after.pages[id]!;
    return withPage(after, id, { ...page, owner: page.owner === NS ? 'optee' : NS });
  },
  "changes a footprint page's allocator state": (before, after, footprint) => {
    const id = footprint.pages[0]!;
    const page = after.pages[id]!;
    const alloc = before.pages[id]!.alloc === 'allocated' ? 'free' : 'allocated';
    return withPage(after, id, { ...page, alloc });
  },
  'changes a page outside the footprint': (_before, after, footprint) => {
    const id = after.pages.findIndex((_, i) => !footprint.pages.includes(i));
    if (id < 0) return null;
    const page = after.pages[id]!;
    return withPage(after, id, { ...page, user: !page.user });
  },
  'changes the hazards': (_before, after) => ({ ...after, hazards: { ...after.hazards } }),
  'changes a buffer (another one, for a kernel step)': (_before, after, footprint) => {
    // A kernel step may write its own buffer (leak empties it); a secure move none.
    const b = footprint.buffer === 0 ? 1 : 0;
    if (after.buffers[b] === undefined) return null;
    return { ...after, buffers: after.buffers.map((buffer, i) => (i === b ? { ...buffer } : buffer)) };
  },
  'opens a transaction in a new slot': (_before, after) => {
    const any = after.transactions.find((tx): tx is Transaction => tx !== null);
    if (any === undefined) return null;
    return { ...after, transactions: [...after.transactions, { ...any }] };
  },
};

/** `interpreter`, but every move in `lying` leads where `lie` says. */
function lyingInterpreter(interpreter: Interpreter, lying: ReadonlySet<Move>, lie: Lie, footprints: ReadonlyMap<Move, Footprint>): Interpreter {
  return {
    program: interpreter.program,
    peek(state: SystemState, move: Move): SystemState {
      const next = interpreter.peek(state, move);
      if (!lying.has(move)) return next;
      const world = lie(state.world, next.world, footprints.get(move)!);
      return world === null ? next : { ...next, world };
    },
  } as unknown as Interpreter;
}

interface Offered {
  readonly state: SystemState;
  readonly moves: readonly Move[];
  readonly set: readonly number[];
  readonly footprints: ReadonlyMap<Move, Footprint>;
  readonly kind: Footprint['kind'];
}

/** Up to `limit` sets of each kind the honest reduction offers on `program`'s reachable states. */
function offeredSets(program: Program, limit: number): { system: ReturnType<typeof designSystem>; offered: Offered[] } {
  const system = designSystem(program, program.invariants, { pageSymmetry: true });
  const honest = new AmpleSets(system.interpreter);
  const offered: Offered[] = [];
  const counts = { kernel: 0, leak: 0, secure: 0 };
  for (const state of reachableStates(system, 3000)) {
    const moves = system.moves(state);
    for (const set of honest.ample(state, moves)) {
      const footprints = new Map<Move, Footprint>();
      for (const i of set) {
        const footprint = footprintOf(program, state, moves[i]!);
        if (footprint !== null && footprint.pages.length > 0) footprints.set(moves[i]!, footprint);
      }
      const first = [...footprints.values()][0];
      if (first === undefined || counts[first.kind] >= limit) continue;
      counts[first.kind]++;
      offered.push({ state, moves, set, footprints, kind: first.kind });
    }
  }
  return { system, offered };
}

const sameSet = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

describe('the footprint check refuses a set whose move writes what the argument forbids', () => {
  const corpus = reductionCorpus();
  const found = corpus.map((c) => ({ name: c.name, ...offeredSets(c.program, 10) })).filter((c) => c.offered.length > 0);

  it('finds sets of page-local kernel steps, of leaks and of secure moves to lie about (the checks below are not vacuous)', () => {
    const kinds = new Set(found.flatMap((c) => c.offered.map((o) => o.kind)));
    expect([...kinds].sort()).toEqual(['kernel', 'leak', 'secure']);
  });

  it.each(Object.keys(LIES))('%s', (name) => {
    const lie = LIES[name]!;
    let refused = 0;
    for (const { system, offered } of found) {
      for (const o of offered) {
        const truthful = new AmpleSets(lyingInterpreter(system.interpreter, new Set(), lie, o.footprints));
        expect(truthful.ample(o.state, o.moves).some((s) => sameSet(s, o.set)), 'the wrapper itself changes nothing').toBe(true);
        // Lie about each move of the set whose world changes (a move that changes nothing is
        // accepted before any check), one at a time.
        for (const move of o.footprints.keys()) {
          if (lie(o.state.world, system.interpreter.peek(o.state, move).world, o.footprints.get(move)!) === null) continue;
          const lying = new AmpleSets(lyingInterpreter(system.interpreter, new Set([move]), lie, o.footprints));
          expect(lying.ample(o.state, o.moves).some((s) => sameSet(s, o.set)), `${name}: the set is still offered`).toBe(false);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(5);
  });
});

/** `world` with one more live transaction: a copy of `tx` under a new handle, in a new slot. */
const withSecondTransaction = (world: World, tx: Transaction): World => {
  const handle = world.transactions.length;
  return { ...world, transactions: [...world.transactions, { ...tx, handle }] };
};

describe('a set is offered only while what it touches is frozen', () => {
  const corpus = reductionCorpus();
  const found = corpus.map((c) => ({ name: c.name, ...offeredSets(c.program, 10) })).filter((c) => c.offered.length > 0);

  it("the secure world's moves on a transaction: not while another live transaction covers one of its pages", () => {
    let refused = 0;
    for (const { system, offered } of found) {
      for (const o of offered.filter((x) => x.kind === 'secure')) {
        const move = o.moves[o.set[0]!]!;
        if (move.kind !== 'env' || !('handle' in move.action)) continue;
        const tx = o.state.world.transactions[move.action.handle]!;
        const state = { ...o.state, world: withSecondTransaction(o.state.world, tx) };
        expect(new AmpleSets(system.interpreter).ample(state, o.moves).some((s) => sameSet(s, o.set))).toBe(false);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(5);
  });

  it("a page-local kernel step with the secure world about: not while the secure side owns one of the buffer's pages", () => {
    let refused = 0;
    for (const { system, offered } of found) {
      if (!system.interpreter.program.environment.includes('secure')) continue;
      const endpoint = system.interpreter.program.platform.endpoints[0]!;
      for (const o of offered.filter((x) => x.kind === 'kernel')) {
        const id = [...o.footprints.values()][0]!.pages[0]!;
        const state = { ...o.state, world: withPage(o.state.world, id, { ...o.state.world.pages[id]!, owner: endpoint }) };
        expect(new AmpleSets(system.interpreter).ample(state, o.moves).some((s) => sameSet(s, o.set))).toBe(false);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(5);
  });
});
