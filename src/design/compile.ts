/**
 * Turns checked procedures into each actor's straight-line code (program.ts's Instr):
 * - the actor's procedures are inlined in order, then `end`;
 * - `if` becomes `if cond then T else E`, T: then-block, `jump R` (only when both blocks are
 *   non-empty), E: else-block, R: where both rejoin (an empty block's target is R itself);
 * - each `on_error` handler is placed after the main code (and after earlier handlers), ending in
 *   `end`, or in `jump` to the instruction after the failed step when it ends with `continue`;
 *   a handler that is only `continue` is no code at all: `onError` is the next instruction;
 * - buffer names resolve per actor: shared names to the shared buffer, others to the actor's own.
 * Ids: buffers are the shared ones (in `shared` order), then each actor's own in order of first
 * use; variables are the declared ones, then others in order of first use; locks in first use.
 */
import type { DataPath } from '../input/source.ts';
import type { KernelCall } from '../../model/kernel/calls.ts';
import type { ActorProgram, BufferDecl, Condition, Instr, SourceLoc } from './program.ts';
import { Diagnostics, expectedOneOf, suggest } from './diagnostics.ts';
import type { ConditionNode, Handler, StepNode } from './steps.ts';

export interface ProcedureDef {
  readonly name: string;
  readonly steps: readonly StepNode[];
}

export interface ActorDef {
  readonly name: string;
  readonly procedures: readonly ProcedureDef[];
  /** Whose actor-local buffers its buffer names mean (default: its own): a kexec shutdown instance's. */
  readonly bufferScope?: string;
}

export interface CompileInput {
  readonly shared: readonly string[];
  /** Declared variables with their initial values, in declaration order. */
  readonly variables: readonly { readonly name: string; readonly initial: number }[];
  readonly actors: readonly ActorDef[];
}

export interface CompiledCode {
  readonly buffers: readonly BufferDecl[];
  readonly variables: readonly { readonly name: string; readonly initial: number }[];
  readonly locks: readonly string[];
  readonly actors: readonly ActorProgram[];
}

interface BufferUse {
  readonly id: number;
  readonly actor: string;
  readonly path: DataPath;
}

/** Compiles every actor; reports names that do not resolve (never allocated, never set, never locked). */
export function compileActors(d: Diagnostics, input: CompileInput): CompiledCode {
  const buffers: BufferDecl[] = input.shared.map((name) => ({ name, actor: null }));
  const variables: { name: string; initial: number }[] = input.variables.map((v) => ({ ...v }));
  const locks: string[] = [];
  const bufferUses: BufferUse[] = [];
  const allocated = new Set<number>();
  const varReads: { name: string; path: DataPath }[] = [];
  const varWritten = new Set<string>(input.variables.map((v) => v.name));
  const lockTaken = new Set<string>();
  const unlocks: { name: string; path: DataPath }[] = [];

  const variableId = (name: string): number => {
    let id = variables.findIndex((v) => v.name === name);
    if (id < 0) id = variables.push({ name, initial: 0 }) - 1;
    return id;
  };
  const lockId = (name: string): number => {
    let id = locks.indexOf(name);
    if (id < 0) id = locks.push(name) - 1;
    return id;
  };
  const loc = (path: DataPath): SourceLoc => ({ file: d.doc.file, ...d.doc.locate(path) });

  const actors = input.actors.map((actor): ActorProgram => {
    const code: Instr[] = [];
    const pending: { pc: number; handler: Handler; procedure: string }[] = [];
    const owner = actor.bufferScope ?? actor.name;
    const bufferId = (name: string): number => {
      const shared = input.shared.indexOf(name);
      if (shared >= 0) return shared;
      let id = buffers.findIndex((b) => b.actor === owner && b.name === name);
      if (id < 0) id = buffers.push({ name, actor: owner }) - 1;
      return id;
    };
    const condition = (cond: ConditionNode, path: DataPath): Condition => {
      switch (cond.kind) {
        case 'result':
          return { kind: 'result', cmp: cond.cmp, value: cond.value };
        case 'inc_not_zero':
        case 'dec_and_test':
          varWritten.add(cond.variable);
          return { kind: cond.kind, variable: variableId(cond.variable) };
        case 'var':
          varReads.push({ name: cond.variable, path });
          return { kind: 'var', variable: variableId(cond.variable), cmp: cond.cmp, value: cond.value };
      }
    };

    const emitBlock = (steps: readonly StepNode[], procedure: string): void => {
      for (const step of steps) emit(step, procedure);
    };
    const emit = (step: StepNode, procedure: string): void => {
      const at = { loc: loc(step.path), procedure };
      switch (step.kind) {
        case 'kernel': {
          const id = bufferId(step.buffer);
          bufferUses.push({ id, actor: actor.name, path: step.bufferPath });
          if (step.step === 'alloc' || step.step === 'pool_alloc') allocated.add(id);
          const fields: Record<string, unknown> = { ...step.fields };
          for (const other of step.otherBuffers) {
            const otherId = bufferId(other.name);
            bufferUses.push({ id: otherId, actor: actor.name, path: other.path });
            fields[other.arg] = otherId;
          }
          const call = { step: step.step, buffer: id, ...fields } as KernelCall;
          if (step.onError !== null) pending.push({ pc: code.length, handler: step.onError, procedure });
          code.push({ op: 'step', ...at, call, args: step.args, retry: step.retry, onError: null });
          return;
        }
        case 'lock':
          lockTaken.add(step.lock);
          code.push({ op: 'lock', ...at, lock: lockId(step.lock) });
          return;
        case 'unlock':
          unlocks.push({ name: step.lock, path: step.lockPath });
          code.push({ op: 'unlock', ...at, lock: lockId(step.lock) });
          return;
        case 'set':
          varWritten.add(step.variable);
          code.push({ op: 'set', ...at, variable: variableId(step.variable), value: step.value });
          return;
        case 'inc':
        case 'dec':
          varWritten.add(step.variable);
          code.push({ op: step.kind, ...at, variable: variableId(step.variable) });
          return;
        case 'if': {
          const cond = condition(step.cond, step.cond.kind === 'result' ? step.path : step.cond.varPath);
          const pc = code.length;
          code.push({ op: 'end' }); // placeholder, patched below
          const thenStart = code.length;
          emitBlock(step.then, procedure);
          const jumpPc = step.then.length > 0 && step.else.length > 0 ? code.push({ op: 'end' }) - 1 : -1;
          const elseStart = code.length;
          emitBlock(step.else, procedure);
          const rejoin = code.length;
          code[pc] = {
            op: 'if',
            ...at,
            cond,
            then: step.then.length > 0 ? thenStart : rejoin,
            else: step.else.length > 0 ? elseStart : rejoin,
          };
          if (jumpPc >= 0) code[jumpPc] = { op: 'jump', to: rejoin };
          return;
        }
      }
    };

    for (const procedure of actor.procedures) emitBlock(procedure.steps, procedure.name);
    code.push({ op: 'end' });
    // Handlers, in the order their steps were emitted (a handler's own handlers come later still).
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
      const { pc, handler, procedure } = next;
      const failed = code[pc];
      if (failed?.op !== 'step') continue;
      if (handler.steps.length === 0) {
        code[pc] = { ...failed, onError: pc + 1 };
        continue;
      }
      code[pc] = { ...failed, onError: code.length };
      emitBlock(handler.steps, procedure);
      code.push(handler.continues ? { op: 'jump', to: pc + 1 } : { op: 'end' });
    }
    return { name: actor.name, code };
  });

  checkBuffers(d, input, buffers, bufferUses, allocated);
  for (const read of varReads) {
    if (varWritten.has(read.name)) continue;
    const known = [...varWritten];
    const hint = suggest(read.name, known);
    d.at(
      read.path,
      `variable '${read.name}' is read here but never declared in 'variables' nor set, inc'd or dec'd${hint !== undefined ? ` (did you mean '${hint}'?)` : ''}`,
    );
  }
  for (const unlock of unlocks) {
    if (lockTaken.has(unlock.name)) continue;
    const taken = [...lockTaken];
    d.at(unlock.path, `unlock of '${unlock.name}', which no step locks${taken.length > 0 ? ` ${expectedOneOf(unlock.name, taken, 'a lock taken with lock:')}` : ''}`);
  }
  // Variables nobody reads or writes are kept only if declared; unused ones cost nothing.
  return { buffers, variables, locks, actors };
}

/** Every buffer a step names must be allocated somewhere it can be seen from. */
function checkBuffers(d: Diagnostics, input: CompileInput, buffers: readonly BufferDecl[], uses: readonly BufferUse[], allocated: ReadonlySet<number>): void {
  const reported = new Map<string, { path: DataPath; id: number; actors: string[] }>();
  for (const use of uses) {
    if (allocated.has(use.id)) continue;
    const key = `${JSON.stringify(use.path)}#${use.id < input.shared.length ? use.id : buffers[use.id]?.name}`;
    const entry = reported.get(key);
    if (entry === undefined) reported.set(key, { path: use.path, id: use.id, actors: [use.actor] });
    else if (!entry.actors.includes(use.actor)) entry.actors.push(use.actor);
  }
  for (const { path, id, actors } of reported.values()) {
    const decl = buffers[id];
    if (decl === undefined) continue;
    if (decl.actor === null) {
      d.at(path, `shared buffer '${decl.name}' is never allocated: no actor has an 'alloc: {buffer: ${decl.name}, ...}' step`);
      continue;
    }
    const visible = [
      ...input.shared,
      ...buffers.filter((b, i) => b.actor !== null && actors.includes(b.actor) && allocated.has(i)).map((b) => b.name),
    ];
    const hint = suggest(decl.name, visible);
    d.at(
      path,
      `buffer '${decl.name}' is never allocated by actor${actors.length > 1 ? 's' : ''} ${actors.join(', ')} (buffers are actor-local unless listed in 'shared'${
        hint !== undefined ? `; did you mean '${hint}'?` : ''
      })`,
    );
  }
}
