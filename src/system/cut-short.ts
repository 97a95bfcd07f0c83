/**
 * Honest passes (SPEC section 10): counts the runs (random mode) or transitions (exhaustive mode)
 * in which a kernel fault happened or a kernel actor ended early on an unhandled error, so that a
 * pass under `--invariant no-double-lend` cannot hide a kernel that crashed first in every run.
 *
 * A kernel fault counts only when `no-kernel-fault` is not being checked (when it is, the fault is
 * a violation, not a pass). An early end is a failing step with neither `on_error` nor `retry`: no
 * invariant reports that, so it always counts.
 */
import type { InvariantId } from '../../properties/invariant.ts';
import type { Program } from '../design/program.ts';
import type { DesignSystem } from './design-system.ts';
import { DONE, type Move, type SystemState } from './state.ts';

/** What cut runs short: runs (random) or transitions (exhaustive) with each kind of early end. */
export interface CutShort {
  readonly kernelFault: number;
  readonly actorEnded: number;
}

/** Wraps a system's `initial` and `apply` to count early ends; `report()` reads the totals. */
export class CutShortCounter {
  private kernelFault = 0;
  private actorEnded = 0;
  private runFault = false;
  private runEnded = false;
  private readonly countFaults: boolean;

  constructor(
    private readonly program: Program,
    invariants: readonly InvariantId[],
    private readonly perRun: boolean,
  ) {
    this.countFaults = !invariants.includes('no-kernel-fault');
  }

  /** The system with counting `initial`/`apply`; the engines see no difference. */
  wrap(system: DesignSystem): DesignSystem {
    return {
      ...system,
      initial: () => {
        this.endRun();
        return system.initial();
      },
      apply: (state, move) => {
        const next = system.apply(state, move);
        this.observe(state, move, next);
        return next;
      },
    };
  }

  /** The counts so far (exhaustive mode: transitions), for a worker thread to send. */
  counts(): CutShort {
    this.endRun();
    return { kernelFault: this.kernelFault, actorEnded: this.actorEnded };
  }

  /** Forgets the counts (a search that starts again, or workers' counts replacing this thread's). */
  reset(): void {
    this.kernelFault = 0;
    this.actorEnded = 0;
    this.runFault = false;
    this.runEnded = false;
  }

  /** Adds another thread's counts (`counts()`). */
  absorb(counts: CutShort): void {
    this.kernelFault += counts.kernelFault;
    this.actorEnded += counts.actorEnded;
  }

  /** Totals so far; null when nothing was cut short. */
  report(): CutShort | null {
    this.endRun();
    return this.kernelFault === 0 && this.actorEnded === 0 ? null : { kernelFault: this.kernelFault, actorEnded: this.actorEnded };
  }

  private observe(state: SystemState, move: Move, next: SystemState): void {
    const fault = this.countFaults && state.world.hazards.kernelFault === null && next.world.hazards.kernelFault !== null;
    let ended = false;
    if (move.kind === 'actor' && !fault && next.pcs[move.actor] === DONE && next.last[move.actor] !== 'ok') {
      const instr = this.program.actors[move.actor]!.code[state.pcs[move.actor]!]!;
      ended = instr.op === 'step' && instr.onError === null && !instr.retry;
    }
    if (this.perRun) {
      this.runFault ||= fault;
      this.runEnded ||= ended;
    } else {
      if (fault) this.kernelFault++;
      if (ended) this.actorEnded++;
    }
  }

  private endRun(): void {
    if (this.runFault) this.kernelFault++;
    if (this.runEnded) this.actorEnded++;
    this.runFault = false;
    this.runEnded = false;
  }
}
