/**
 * no-deadlock (SPEC section 9): no reachable state leaves an unfinished kernel actor that can never
 * move again. An actor can never move again when it is blocked on a mutex whose holder is done
 * (it exited holding it), stopped, spinning, or itself blocked in a chain that comes back round
 * (ABBA, or a mutex the actor already holds); or when it spins on a retried step that fails while
 * nothing else in the system can change (schedule.ts). It reads the schedule, not the world: with
 * no schedule (a bare world) it holds.
 */
import type { World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';
import type { Schedule } from './schedule.ts';

/** Why actor `start` can never move again (a sentence), or null when it may still move. */
export function stuckBecause(schedule: Schedule, start: number): string | null {
  const actors = schedule.actors;
  const first = actors[start];
  if (first === undefined || first.status !== 'running') return null;
  if (first.spinsOn !== null) return `${first.name} retries ${first.spinsOn} forever: nothing else in the system can change`;
  const chain: number[] = [start];
  const parts: string[] = [];
  for (let at = start; ; ) {
    const actor = actors[at]!;
    const wait = actor.waitsFor;
    if (wait === null) {
      if (actor.spinsOn !== null) {
        parts.push(`which retries ${actor.spinsOn} forever`);
        break;
      }
      return null; // the chain ends in an actor that can still move
    }
    const holder = actors[wait.holder];
    if (holder === undefined) return null;
    parts.push(`${parts.length === 0 ? actor.name : 'which'} waits for ${wait.lock} held by ${wait.holder === at ? 'itself' : holder.name}`);
    // A cycle, nobody in it can move; `at` is always in `chain`, so this is also a wait on itself.
    if (chain.includes(wait.holder)) break;
    if (holder.status === 'done') {
      parts.push(`which has finished without unlocking it`);
      break;
    }
    if (holder.status === 'stopped') {
      parts.push(`which kexec stopped`);
      break;
    }
    chain.push(wait.holder);
    at = wait.holder;
  }
  return parts.join(', ');
}

export const noDeadlock: Invariant = {
  id: 'no-deadlock',
  holds: 'no reachable state leaves an unfinished kernel actor that can never move again (blocked on a lock, or a retry that nothing can let through)',
  why: 'a task stuck in mutex_lock or in a retry loop hangs the ioctl or the teardown for ever (the hung-task detector fires, the device cannot be released, a shutdown never completes)',
  check(_world: World, schedule?: Schedule): InvariantViolation | null {
    if (schedule === undefined) return null;
    // Stryker disable next-line EqualityOperator: `a <= schedule.actors.length` is equivalent, stuckBecause returns null for an index past the last actor (this also silences `a >= schedule.actors.length`, which the tests kill: it never enters the loop, or never leaves it)
    for (let a = 0; a < schedule.actors.length; a++) {
      const why = stuckBecause(schedule, a);
      if (why !== null) return { invariant: 'no-deadlock', message: `${why}: ${schedule.actors[a]!.name} can never move again`, pages: [] };
    }
    return null;
  },
};
