/**
 * Runs a compiled design over the model: which moves are enabled, and what one move does.
 * Each visible instruction is one atomic move; `jump` and `end` are followed at once after it.
 */
import { applyEnvAction, enabledEnvActions } from '../../model/environment/index.ts';
import type { EnvActor } from '../../model/environment/actions.ts';
import { applyKernelStep } from '../../model/kernel/index.ts';
import { initialWorld, type World } from '../../model/state.ts';
import type { Condition, Instr, Program } from '../design/program.ts';
import type { Coverage } from './coverage.ts';
import { DONE, type Move, type SystemState } from './state.ts';

/** What executing a move produced, besides the next state (for traces). */
export interface MoveEffect {
  readonly state: SystemState;
  readonly result: string;
  readonly handle?: number;
}

export class Interpreter {
  private readonly env: ReadonlySet<EnvActor>;
  private readonly actorMoves: readonly Move[];
  /*
   * What the last `step` produced besides the state, for `execute`. Kept in fields rather than
   * returned in an object: `apply` runs on every transition of the search and needs the state only.
   */
  private result = '';
  private handle: number | undefined = undefined;
  /** Records what the search exercised, when set (see coverage.ts). */
  coverage: Coverage | null = null;

  constructor(readonly program: Program) {
    this.env = new Set(program.environment);
    this.actorMoves = program.actors.map((_, actor): Move => ({ kind: 'actor', actor }));
  }

  initial(): SystemState {
    const { program } = this;
    return systemState(
      initialWorld(program.platform, program.buffers.length),
      program.actors.map((_, actor) => this.settle(actor, 0)),
      program.actors.map(() => 'ok'),
      program.variables.map((v) => v.initial),
      program.locks.map(() => -1),
    );
  }

  /** Actor moves first (in declaration order), then environment actions. */
  moves(state: SystemState): Move[] {
    const moves: Move[] = [];
    for (let actor = 0; actor < state.pcs.length; actor++) {
      const pc = state.pcs[actor]!;
      if (pc === DONE) continue;
      const instr = this.program.actors[actor]!.code[pc]!;
      if (instr.op === 'lock' && state.locks[instr.lock] !== -1) continue; // mutex_lock blocks
      moves.push(this.actorMoves[actor]!);
    }
    if (this.env.size > 0) {
      for (const action of enabledEnvActions(state.world, this.env)) moves.push({ kind: 'env', action });
    }
    return moves;
  }

  apply(state: SystemState, move: Move): SystemState {
    return this.step(state, move);
  }

  execute(state: SystemState, move: Move): MoveEffect {
    const next = this.step(state, move);
    const effect: MoveEffect = { state: next, result: this.result };
    return this.handle === undefined ? effect : { ...effect, handle: this.handle };
  }

  /** The instruction an actor will execute next, or null when it is done. */
  nextInstr(state: SystemState, actor: number): Instr | null {
    const pc = state.pcs[actor]!;
    return pc === DONE ? null : this.program.actors[actor]!.code[pc]!;
  }

  /** The state after `move`; the move's result (and a send's handle) are left in `result`/`handle`. */
  private step(state: SystemState, move: Move): SystemState {
    this.handle = undefined;
    if (move.kind === 'env') {
      const outcome = applyEnvAction(state.world, move.action);
      this.result = outcome.result;
      this.coverage?.environmentAction(move.action);
      return systemState(outcome.world, state.pcs, state.last, state.vars, state.locks);
    }
    const next = this.stepActor(state, move.actor);
    this.coverage?.actor(move.actor, state.pcs[move.actor]!, this.result);
    return next;
  }

  private stepActor(state: SystemState, actor: number): SystemState {
    const code = this.program.actors[actor]!.code;
    const pc = state.pcs[actor]!;
    const instr = code[pc]!;
    this.result = 'ok';
    switch (instr.op) {
      case 'step': {
        const outcome = applyKernelStep(state.world, instr.call);
        const ok = outcome.result === 'ok';
        const next = ok ? pc + 1 : instr.retry ? pc : instr.onError ?? DONE;
        this.result = outcome.result;
        this.handle = outcome.handle;
        return this.moveTo(state, actor, next, outcome.world, replace(state.last, actor, outcome.result));
      }
      case 'lock':
        return this.moveTo(state, actor, pc + 1, state.world, state.last, state.vars, replace(state.locks, instr.lock, actor));
      case 'unlock': {
        // mutex_unlock by a non-holder is a bug the kernel warns about; the mutex stays as it is.
        if (state.locks[instr.lock] !== actor) {
          this.result = 'EPERM';
          return this.moveTo(state, actor, pc + 1);
        }
        return this.moveTo(state, actor, pc + 1, state.world, state.last, state.vars, replace(state.locks, instr.lock, -1));
      }
      case 'set':
        return this.moveTo(state, actor, pc + 1, state.world, state.last, replace(state.vars, instr.variable, instr.value));
      case 'inc':
      case 'dec': {
        const value = state.vars[instr.variable]! + (instr.op === 'inc' ? 1 : -1);
        return this.moveTo(state, actor, pc + 1, state.world, state.last, replace(state.vars, instr.variable, value));
      }
      case 'if': {
        const { cond } = instr;
        if (cond.kind === 'inc_not_zero' || cond.kind === 'dec_and_test') {
          // refcount_inc_not_zero / refcount_dec_and_test: the test and the update are one move.
          const before = state.vars[cond.variable]!;
          const taken = cond.kind === 'inc_not_zero' ? before > 0 : before - 1 === 0;
          const after = cond.kind === 'inc_not_zero' ? (taken ? before + 1 : before) : before - 1;
          this.result = taken ? 'then' : 'else';
          const vars = replace(state.vars, cond.variable, after);
          return this.moveTo(state, actor, taken ? instr.then : instr.else, state.world, state.last, vars);
        }
        const taken = holds(cond, state, actor);
        this.result = taken ? 'then' : 'else';
        return this.moveTo(state, actor, taken ? instr.then : instr.else);
      }
      case 'jump':
      case 'end':
        throw new Error(`internal: actor ${actor} stopped on a silent instruction at ${pc}`);
    }
  }

  /**
   * `state` with `actor` at `pc` (settled) and the given parts replaced, as one new state; `state`
   * itself when nothing changes.
   */
  private moveTo(
    state: SystemState,
    actor: number,
    pc: number,
    world = state.world,
    last = state.last,
    vars = state.vars,
    locks = state.locks,
  ): SystemState {
    const pcs = replace(state.pcs, actor, this.settle(actor, pc));
    if (pcs === state.pcs && world === state.world && last === state.last && vars === state.vars && locks === state.locks) return state;
    return systemState(world, pcs, last, vars, locks);
  }

  /** Follows silent instructions (jumps, end) so an actor always rests on a visible one or DONE. */
  private settle(actor: number, pc: number): number {
    const code = this.program.actors[actor]!.code;
    for (let hops = 0; pc !== DONE; hops++) {
      const instr = code[pc];
      if (instr === undefined || instr.op === 'end') return DONE;
      if (instr.op !== 'jump') return pc;
      if (hops > code.length) throw new Error(`internal: jump cycle in actor ${actor}`);
      pc = instr.to;
    }
    return DONE;
  }
}

/**
 * A state, always built by this one object literal: states made by spreads at several sites get
 * several V8 hidden classes, which makes every `state.world`/`state.pcs` read in the search slower.
 */
function systemState(
  world: World,
  pcs: readonly number[],
  last: readonly string[],
  vars: readonly number[],
  locks: readonly number[],
): SystemState {
  return { world, pcs, last, vars, locks };
}

/** A plain condition (the atomic tests are evaluated where they update their variable). */
function holds(cond: Extract<Condition, { kind: 'result' | 'var' }>, state: SystemState, actor: number): boolean {
  if (cond.kind === 'result') {
    const equal = state.last[actor] === cond.value;
    return cond.cmp === 'eq' ? equal : !equal;
  }
  const value = state.vars[cond.variable]!;
  switch (cond.cmp) {
    case 'eq':
      return value === cond.value;
    case 'ne':
      return value !== cond.value;
    case 'gt':
      return value > cond.value;
    case 'lt':
      return value < cond.value;
  }
}

function replace<T>(items: readonly T[], index: number, value: T): readonly T[] {
  if (items[index] === value) return items;
  const copy = items.slice();
  copy[index] = value;
  return copy;
}
