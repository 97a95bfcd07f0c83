/**
 * The invariant interface: a stable id, a one-line statement, and a pure check over the world.
 */
import type { World } from '../model/state.ts';
import type { Schedule } from './schedule.ts';

export const INVARIANT_IDS = [
  'no-ns-mapping-of-lent-memory',
  'no-ns-access-to-lent-memory',
  'no-double-lend',
  'no-free-while-lent',
  'freed-pages-mapped',
  'no-secret-to-ns',
  'clean-before-lend',
  'no-kernel-fault',
  'no-use-after-free',
  'no-collateral-protection',
  'no-deadlock',
] as const;
export type InvariantId = (typeof INVARIANT_IDS)[number];

/** A broken invariant, in plain words, with the pages involved. */
export interface InvariantViolation {
  readonly invariant: InvariantId;
  readonly message: string;
  readonly pages: readonly number[];
}

export interface Invariant {
  readonly id: InvariantId;
  /** When it holds, in one sentence (SPEC section 4). */
  readonly holds: string;
  /** Why it matters on real hardware, for reports. */
  readonly why: string;
  /**
   * `schedule` is where the kernel actors stand (only no-deadlock reads it; the system layer passes
   * it when that invariant is checked). Every other invariant reads the world alone.
   */
  check(world: World, schedule?: Schedule): InvariantViolation | null;
}
