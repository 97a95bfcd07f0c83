/**
 * Turns a list of moves into the trace people read: which actor did what, with which arguments,
 * what it returned, and what it changed.
 */
import { instructionName, type Instr, type Program } from '../design/program.ts';
import { sourcePlaces } from '../design/source-comments.ts';
import type { Interpreter } from './interpreter.ts';
import type { Move, SystemState } from './state.ts';
import type { StateView, TraceStep } from './trace.ts';
import { diffStates, viewState } from './view.ts';

export interface ExplainedTrace {
  readonly initial: StateView;
  readonly steps: readonly TraceStep[];
  readonly final: SystemState;
}

export function explainTrace(interpreter: Interpreter, moves: readonly Move[]): ExplainedTrace {
  const { program } = interpreter;
  let state = interpreter.initial();
  const initial = viewState(program, state);
  let before = initial;
  const steps: TraceStep[] = [];
  for (const move of moves) {
    const label = describeMove(program, interpreter, state, move);
    const effect = interpreter.execute(state, move);
    state = effect.state;
    const after = viewState(program, state);
    steps.push({
      ...label,
      result: effect.result,
      ...(effect.handle === undefined ? {} : { handle: effect.handle }),
      changes: diffStates(before, after),
      state: after,
    });
    before = after;
  }
  return { initial, steps, final: state };
}

type Label = Pick<TraceStep, 'actor' | 'step' | 'args' | 'line' | 'source'>;

function describeMove(program: Program, interpreter: Interpreter, state: SystemState, move: Move): Label {
  if (move.kind === 'env') {
    const { action } = move;
    switch (action.actor) {
      case 'secure':
        return action.kind === 'write_owned'
          ? { actor: 'secure', step: 'write', args: { endpoint: action.endpoint, page: action.page } }
          : { actor: 'secure', step: action.kind, args: { endpoint: action.endpoint, handle: action.handle } };
      case 'cpu':
        return { actor: 'cpu', step: 'read', args: { page: action.page, path: action.path } };
      case 'devices':
        return { actor: 'devices', step: 'dma', args: { device: action.device, page: action.page } };
      case 'hibernate':
        return { actor: 'hibernate', step: 'snapshot', args: {} };
      case 'kexec':
        return { actor: 'kexec', step: 'kexec', args: {} };
      case 'kdump':
        return { actor: 'kdump', step: 'vmcore', args: {} };
    }
  }
  const actor = program.actors[move.actor]!.name;
  const instr = interpreter.nextInstr(state, move.actor);
  if (instr === null || !('loc' in instr)) return { actor, step: 'done', args: {} };
  const source = sourcePlaces(program.source).get(instr.loc.line);
  return { actor, step: instructionName(instr), args: stepArgs(program, instr), line: instr.loc.line, ...(source === undefined ? {} : { source }) };
}


function stepArgs(program: Program, instr: Instr): Record<string, unknown> {
  switch (instr.op) {
    case 'step':
      return { ...instr.args };
    case 'lock':
    case 'unlock':
      return { lock: program.locks[instr.lock] };
    case 'set':
      return { var: program.variables[instr.variable]!.name, value: instr.value };
    case 'inc':
    case 'dec':
      return { var: program.variables[instr.variable]!.name };
    case 'if': {
      const { cond } = instr;
      switch (cond.kind) {
        case 'result':
          return { result: { [cond.cmp]: cond.value } };
        case 'var':
          return { var: program.variables[cond.variable]!.name, [cond.cmp]: cond.value };
        default:
          return { var: program.variables[cond.variable]!.name };
      }
    }
    default:
      return {};
  }
}

