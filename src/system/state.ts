/**
 * The state of a running design: the model's World plus where each kernel actor is, the driver's
 * integer variables and mutexes. Immutable like the World.
 */
import type { World } from '../../model/state.ts';
import type { EnvAction } from '../../model/environment/actions.ts';

/** Program counter value of an actor that has finished (or was ended by a failing step). */
export const DONE = -1;

export interface SystemState {
  readonly world: World;
  /** Per actor: index of its next instruction, or DONE. */
  readonly pcs: readonly number[];
  /** Per actor: result of its last executed step (`ok` before any). */
  readonly last: readonly string[];
  readonly vars: readonly number[];
  /** Per lock: index of the holding actor, or -1. */
  readonly locks: readonly number[];
  /**
   * Per actor: how far it is inside its current instruction, for steps that take several moves
   * (the chunks a chunked `ffa_lend`/`ffa_share` has sent so far). 0 at a fresh instruction.
   */
  readonly sub: readonly number[];
}

/** Program counter of the kexec shutdown actor before kexec fires (it has not started). */
export const DORMANT = -2;

/**
 * A move: the next instruction of a kernel actor, or an environment action. An actor move may
 * carry a choice: the pages a scatter-gather `alloc` takes (`pages`), or an injected failure
 * (`fail`: the error a `failures` entry lets the step return, the state left unchanged).
 */
export type Move =
  | { readonly kind: 'actor'; readonly actor: number; readonly pages?: readonly number[]; readonly fail?: string }
  | { readonly kind: 'env'; readonly action: EnvAction };
