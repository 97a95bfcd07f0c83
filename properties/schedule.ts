/**
 * What the no-deadlock invariant reads besides the world: where each kernel actor stands in its
 * schedule. The system layer builds it from the running design (which actor waits on which mutex,
 * which retried step nothing can let through); properties/ never sees the design itself.
 */

export interface ActorSchedule {
  readonly name: string;
  /**
   * `done`: finished, ended by a failure, or not started (the kexec shutdown before kexec);
   * `stopped`: frozen while the kexec shutdown runs (it will never move again, by kexec, not by a
   * deadlock); `running`: anything else.
   */
  readonly status: 'done' | 'stopped' | 'running';
  /** Blocked in mutex_lock: the mutex and the index of the actor holding it. */
  readonly waitsFor: { readonly lock: string; readonly holder: number } | null;
  /**
   * At a `retry: true` step that fails now while no other move of the system changes anything
   * (every other actor is done, blocked or spinning, and no environment action is enabled that
   * changes the state): the step as written, e.g. `ffa_reclaim buf (FFA_DENIED)`.
   */
  readonly spinsOn: string | null;
}

export interface Schedule {
  readonly actors: readonly ActorSchedule[];
}
