/**
 * Runs a compiled design over the model: which moves are enabled, and what one move does.
 * Each visible instruction is one atomic move; `jump` and `end` are followed at once after it.
 */
import { applyEnvAction, enabledEnvActions } from '../../model/environment/index.ts';
import type { EnvAction, EnvActor } from '../../model/environment/actions.ts';
import { kexecBoot } from '../../model/environment/kexec.ts';
import { freePagesOf } from '../../model/kernel/allocator.ts';
import type { KernelCall } from '../../model/kernel/calls.ts';
import { chunkCount } from '../../model/kernel/ffa-calls.ts';
import { applyKernelStep } from '../../model/kernel/index.ts';
import type { Region } from '../../model/platform.ts';
import { initialWorld, type World } from '../../model/state.ts';
import type { Condition, Instr, Program } from '../design/program.ts';
import { allSubsets, representativeChoices, symmetricRegions } from './alloc-choices.ts';
import type { Coverage } from './coverage.ts';
import { DONE, DORMANT, type Move, type SystemState } from './state.ts';

/** How the interpreter enumerates choices. */
export interface InterpreterOptions {
  /**
   * Offer one scatter-gather choice per class of interchangeable pages instead of every subset
   * (alloc-choices.ts: sound for the exhaustive search's reachable states; random mode draws from
   * every subset).
   */
  readonly pageSymmetry?: boolean;
}

const KEXEC: Move = { kind: 'env', action: { actor: 'kexec', kind: 'kexec' } };

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
  // Stryker disable next-line StringLiteral: every step writes it before anything reads it
  private result = '';
  private handle: number | undefined = undefined;
  /** Records what the search exercised, when set (see coverage.ts). */
  coverage: Coverage | null = null;

  /** Kernel steps that may also fail by fault injection, with the error (`failures`). */
  private readonly failures: ReadonlyMap<string, string>;
  /** The kexec shutdown actors' indices, in the order they run (empty without kexec). */
  readonly shutdown: readonly number[];
  private readonly isShutdown: readonly boolean[];
  /** Regions whose scatter-gather choices are reduced by page symmetry (empty without the option). */
  private readonly symmetric: ReadonlySet<Region>;

  constructor(
    readonly program: Program,
    options: InterpreterOptions = {},
  ) {
    this.env = new Set(program.environment);
    this.actorMoves = program.actors.map((_, actor): Move => ({ kind: 'actor', actor }));
    this.failures = new Map(Object.entries(program.failures ?? {}));
    this.shutdown = program.shutdownActors ?? [];
    this.isShutdown = program.actors.map((_, a) => this.shutdown.includes(a));
    this.symmetric = options.pageSymmetry === true ? symmetricRegions(program) : new Set();
  }

  initial(): SystemState {
    const { program } = this;
    return systemState(
      initialWorld(program.platform, program.buffers.length),
      program.actors.map((_, actor) => (this.isShutdown[actor] ? DORMANT : this.settle(actor, 0))),
      program.actors.map(() => 'ok'),
      program.variables.map((v) => v.initial),
      program.locks.map(() => -1),
      program.actors.map(() => 0),
    );
  }

  /** Is the kexec shutdown running (only shutdown actors may move among kernel actors)? */
  shuttingDown(state: SystemState): boolean {
    // Stryker disable next-line EqualityOperator: shutdown actors follow the design's actors (a design has one at least), so their index is never 0 and `> 0` is the same
    return this.runningShutdown(state) >= 0;
  }

  /** The shutdown actor whose turn it is (they run one after the other), or -1. */
  runningShutdown(state: SystemState): number {
    for (const a of this.shutdown) if (state.pcs[a]! >= 0) return a;
    return -1;
  }

  /** Is this actor one of the kexec shutdown actors? */
  shutdownActor(actor: number): boolean {
    return this.isShutdown[actor] === true;
  }

  /** Actor moves first (in declaration order), then environment actions. */
  moves(state: SystemState): Move[] {
    const moves: Move[] = [];
    const turn = this.runningShutdown(state);
    for (let actor = 0; actor < state.pcs.length; actor++) {
      const pc = state.pcs[actor]!;
      if (pc < 0) continue; // DONE, or a shutdown actor before kexec
      // Stryker disable next-line EqualityOperator: a shutdown actor's index is never 0 (see shuttingDown)
      if (turn >= 0 && actor !== turn) continue;
      const instr = this.program.actors[actor]!.code[pc]!;
      if (instr.op === 'lock' && state.locks[instr.lock] !== -1) continue; // mutex_lock blocks
      if (instr.op !== 'step') {
        moves.push(this.actorMoves[actor]!);
        continue;
      }
      this.stepMoves(state, actor, instr.call, moves);
      const error = this.failures.get(instr.call.step);
      if (error !== undefined) moves.push({ kind: 'actor', actor, fail: error });
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; an empty environment enables no action
    if (this.env.size > 0) {
      for (const action of enabledEnvActions(state.world, this.env)) moves.push({ kind: 'env', action });
      if (this.env.has('kexec') && this.shutdown.length > 0 && state.pcs[this.shutdown[0]!] === DORMANT) moves.push(KEXEC);
    }
    return moves;
  }

  /** The moves of a kernel step: one, or one per page choice of a scatter-gather alloc. */
  private stepMoves(state: SystemState, actor: number, call: KernelCall, out: Move[]): void {
    if (call.step !== 'alloc' || call.contiguous !== false || state.world.buffers[call.buffer]!.pages.length > 0) {
      out.push(this.actorMoves[actor]!);
      return;
    }
    const free = freePagesOf(state.world, call.region);
    if (free.length < call.pages) {
      out.push(this.actorMoves[actor]!); // ENOMEM
      return;
    }
    const choices = this.symmetric.has(call.region) ? representativeChoices(state.world, free, call.pages) : allSubsets(free, call.pages);
    for (const pages of choices) out.push({ kind: 'actor', actor, pages });
  }

  apply(state: SystemState, move: Move): SystemState {
    return this.step(state, move);
  }

  /**
   * Whether `move` changes anything but the mover's last result: what the no-deadlock check asks of
   * a retried step and of every other enabled move. Not recorded in the coverage.
   */
  progresses(state: SystemState, move: Move): boolean {
    const coverage = this.coverage;
    this.coverage = null;
    try {
      const next = this.step(state, move);
      // Every actor move that changes its variables or mutexes also moves its pc, and no environment
      // move changes either, so the vars and locks tests never decide (the pc test is needed: an `if`).
      return (
        next.world !== state.world ||
        next.pcs !== state.pcs ||
        // Stryker disable next-line ConditionalExpression: the vars and locks tests (above)
        next.vars !== state.vars || next.locks !== state.locks ||
        // Stryker disable next-line ConditionalExpression: a move that changes `sub` sends a chunk of a chunked lend, so the world changes too
        next.sub !== state.sub
      );
    } finally {
      this.coverage = coverage;
    }
  }

  /** The state after `move`, not recorded in the coverage (for checks that look ahead). */
  peek(state: SystemState, move: Move): SystemState {
    const coverage = this.coverage;
    this.coverage = null;
    try {
      return this.step(state, move);
    } finally {
      this.coverage = coverage;
    }
  }

  /** The result `move` would have (for the no-deadlock check); not recorded in the coverage. */
  resultOf(state: SystemState, move: Move): string {
    const coverage = this.coverage;
    this.coverage = null;
    try {
      this.step(state, move);
      return this.result;
    } finally {
      this.coverage = coverage;
    }
  }

  execute(state: SystemState, move: Move): MoveEffect {
    const next = this.step(state, move);
    const effect: MoveEffect = { state: next, result: this.result };
    // Stryker disable next-line ConditionalExpression: a `handle` key holding undefined reads as none (readers test `=== undefined`)
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
      this.coverage?.environmentAction(move.action);
      if (move.action.actor === 'kexec') return this.kexec(state, move.action);
      const outcome = applyEnvAction(state.world, move.action);
      this.result = outcome.result;
      return systemState(outcome.world, state.pcs, state.last, state.vars, state.locks, state.sub);
    }
    let next = this.stepActor(state, move);
    this.coverage?.actor(move.actor, state.pcs[move.actor]!, this.result);
    if (this.isShutdown[move.actor] && next.pcs[move.actor] === DONE && this.runningShutdown(next) < 0) next = this.boot(next);
    return next;
  }

  /** kexec fires: the shutdown procedures start (the new kernel boots at once if there are none). */
  private kexec(state: SystemState, action: EnvAction): SystemState {
    const outcome = applyEnvAction(state.world, action);
    this.result = outcome.result;
    const pcs = state.pcs.slice();
    for (const a of this.shutdown) pcs[a] = this.settle(a, 0);
    const started = systemState(state.world, pcs, state.last, state.vars, state.locks, state.sub);
    return this.runningShutdown(started) < 0 ? this.boot(started) : started;
  }

  /** The shutdown procedures are done: every kernel actor stops and the new kernel takes the pages. */
  private boot(state: SystemState): SystemState {
    return systemState(kexecBoot(state.world), state.pcs.map(() => DONE), state.last, state.vars, state.locks, state.pcs.map(() => 0));
  }

  private stepActor(state: SystemState, move: Extract<Move, { kind: 'actor' }>): SystemState {
    const actor = move.actor;
    const code = this.program.actors[actor]!.code;
    const pc = state.pcs[actor]!;
    const instr = code[pc]!;
    this.result = 'ok';
    switch (instr.op) {
      case 'step': {
        if (move.fail !== undefined) {
          // Fault injection: the step returns the error and changes nothing.
          this.result = move.fail;
          const next = instr.retry ? pc : instr.onError ?? DONE;
          return this.moveTo(state, actor, next, state.world, replace(state.last, actor, move.fail), state.vars, state.locks, replace(state.sub, actor, 0));
        }
        const call: KernelCall = move.pages === undefined ? instr.call : { ...(instr.call as Extract<KernelCall, { step: 'alloc' }>), choose: move.pages };
        const chunk = state.sub[actor]!;
        const outcome = applyKernelStep(state.world, call, chunk);
        const result = outcome.result;
        this.result = result;
        this.handle = outcome.handle;
        const last = replace(state.last, actor, result);
        if (result === 'EFAULT') {
          // A kernel fault is an oops: the actor dies at once, its on_error does not run (SPEC section 9).
          return this.moveTo(state, actor, DONE, outcome.world, last, state.vars, state.locks, replace(state.sub, actor, 0));
        }
        if (result !== 'ok') {
          const next = instr.retry ? pc : instr.onError ?? DONE;
          return this.moveTo(state, actor, next, outcome.world, last, state.vars, state.locks, replace(state.sub, actor, 0));
        }
        if (this.moreToDo(state.world, outcome.world, call, chunk)) {
          // A chunked send with chunks left, or a chunked buffer with handles left to reclaim.
          return this.moveTo(state, actor, pc, outcome.world, last, state.vars, state.locks, replace(state.sub, actor, chunk + 1));
        }
        return this.moveTo(state, actor, pc + 1, outcome.world, last, state.vars, state.locks, replace(state.sub, actor, 0));
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
        // Stryker disable next-line StringLiteral: an internal error's wording; settle() never leaves an actor on a jump or an end
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
    sub = state.sub,
  ): SystemState {
    const pcs = replace(state.pcs, actor, this.settle(actor, pc));
    // Stryker disable next-line ConditionalExpression: `false` returns a new state equal to the old one (the shortcut only saves an allocation)
    if (pcs === state.pcs && world === state.world && last === state.last && vars === state.vars && locks === state.locks && sub === state.sub) return state;
    return systemState(world, pcs, last, vars, locks, sub);
  }

  /** After a successful move of a multi-move step: does the step take another move? */
  private moreToDo(before: World, after: World, call: KernelCall, chunk: number): boolean {
    if ((call.step === 'ffa_lend' || call.step === 'ffa_share') && call.chunk != null) {
      return chunk + 1 < chunkCount(before, call.buffer, call.chunk);
    }
    if (call.step === 'ffa_reclaim') {
      const had = before.buffers[call.buffer]?.handles?.length ?? 0;
      return had > 0 && (after.buffers[call.buffer]?.handles?.length ?? 0) > 0;
    }
    return false;
  }

  /** Follows silent instructions (jumps, end) so an actor always rests on a visible one or DONE. */
  private settle(actor: number, pc: number): number {
    const code = this.program.actors[actor]!.code;
    for (let hops = 0; pc !== DONE; hops++) {
      const instr = code[pc];
      if (instr === undefined || instr.op === 'end') return DONE;
      if (instr.op !== 'jump') return pc;
      // Stryker disable next-line StringLiteral: an internal error's wording; compiled jumps never form a cycle (src/design/compile.ts: to the join of an if, or back after a failed step's handler)
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
  sub: readonly number[],
): SystemState {
  return { world, pcs, last, vars, locks, sub };
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
