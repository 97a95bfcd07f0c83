/**
 * Builds the schedule no-deadlock reads (properties/schedule.ts) from a running design's state:
 * the system layer's view of "this actor has no way forward", expressed over the state and its
 * enabled moves so that the engines stay domain-free.
 *
 * A retried step spins when, in this state, the step fails and no other enabled move changes
 * anything (kexec excepted: it ends the actor rather than letting it through). Such a state is a
 * fixed point for everything but the spinning actor, so nothing can ever let the step through; a
 * state where something else may still move is not judged, and the states it leads to are.
 */
import type { ActorSchedule, Schedule } from '../../properties/schedule.ts';
import type { Interpreter } from './interpreter.ts';
import { DONE, DORMANT, type Move, type SystemState } from './state.ts';

/** Could any actor be stuck here at all (a blocked mutex_lock or a retried step)? Cheap. */
export function mayBeStuck(interpreter: Interpreter, state: SystemState): boolean {
  const actors = interpreter.program.actors;
  for (let a = 0; a < actors.length; a++) {
    const pc = state.pcs[a]!;
    if (pc < 0) continue;
    const instr = actors[a]!.code[pc]!;
    if (instr.op === 'lock' && state.locks[instr.lock] !== -1) return true;
    if (instr.op === 'step' && instr.retry) return true;
  }
  return false;
}

export function scheduleOf(interpreter: Interpreter, state: SystemState): Schedule {
  const { program } = interpreter;
  const shuttingDown = interpreter.shuttingDown(state);
  let moves: readonly Move[] | null = null;
  const actors = program.actors.map((actor, a): ActorSchedule => {
    const pc = state.pcs[a]!;
    if (pc === DONE || pc === DORMANT) return { name: actor.name, status: 'done', waitsFor: null, spinsOn: null };
    if (shuttingDown && !interpreter.shutdownActor(a)) return { name: actor.name, status: 'stopped', waitsFor: null, spinsOn: null };
    const instr = actor.code[pc]!;
    if (instr.op === 'lock') {
      const holder = state.locks[instr.lock]!;
      const waitsFor = holder === -1 ? null : { lock: program.locks[instr.lock]!, holder };
      return { name: actor.name, status: 'running', waitsFor, spinsOn: null };
    }
    if (instr.op !== 'step' || !instr.retry) return { name: actor.name, status: 'running', waitsFor: null, spinsOn: null };
    moves ??= interpreter.moves(state);
    // An environment move has no `actor`, so `m.actor === a` alone would exclude it too.
    // Stryker disable next-line ConditionalExpression: `m.kind === 'actor'` -> true is equivalent (above)
    const own = moves.filter((m) => m.kind === 'actor' && m.actor === a);
    // The step's own outcomes: one move, or the page choices of an alloc of free pages (which all
    // succeed); an injected failure never lets it through. At least one: the interpreter offers
    // every actor at a step a move (outside a kexec shutdown, which `stopped` answered above).
    // Stryker disable next-line MethodExpression,ConditionalExpression: the injected failures follow the step's own moves (interpreter.moves) and are never 'ok', so keeping them changes neither `some` nor results[0]
    const results = own.filter((m) => m.kind === 'actor' && m.fail === undefined).map((m) => interpreter.resultOf(state, m));
    // Stryker disable next-line MethodExpression: a step's own outcomes all succeed or all fail (above), so `every` and `some` agree
    if (results.some((r) => r === 'ok')) return { name: actor.name, status: 'running', waitsFor: null, spinsOn: null };
    // A failing retried step leaves the state as it is, so its own move never progresses: keeping it among the others changes nothing.
    // Stryker disable next-line ConditionalExpression: `!(own)` -> true, and `m.kind === 'actor'` -> false, keep the actor's own non-progressing moves (above)
    const others = moves.filter((m) => !(m.kind === 'actor' && m.actor === a) && !(m.kind === 'env' && m.action.actor === 'kexec'));
    if (others.some((m) => interpreter.progresses(state, m))) return { name: actor.name, status: 'running', waitsFor: null, spinsOn: null };
    return { name: actor.name, status: 'running', waitsFor: null, spinsOn: `${instr.call.step} ${describeArgs(instr.args)} (${results[0]})` };
  });
  return { actors };
}

function describeArgs(args: Readonly<Record<string, unknown>>): string {
  const buffer = args['buffer'];
  return typeof buffer === 'string' ? buffer : JSON.stringify(args);
}
