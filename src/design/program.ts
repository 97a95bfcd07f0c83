/**
 * A compiled design: what the loader produces and the system interpreter runs. Names are resolved
 * to ids; every instruction keeps its source location and its arguments as written, for traces.
 */
import type { EnvActor } from '../../model/environment/actions.ts';
import type { KernelCall } from '../../model/kernel/calls.ts';
import type { Platform } from '../../model/platform.ts';
import type { InvariantId } from '../../properties/invariant.ts';

/** A place in a design file. Lines and columns are 1-based. */
export interface SourceLoc {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type Comparison = 'eq' | 'ne' | 'gt' | 'lt';

export type Condition =
  | { readonly kind: 'var'; readonly variable: number; readonly cmp: Comparison; readonly value: number }
  /** On the result of the actor's last executed step (`ok` or an error code). */
  | { readonly kind: 'result'; readonly cmp: 'eq' | 'ne'; readonly value: string }
  /**
   * Atomic read-modify-write tests, as the kernel's refcount API does them in one instruction:
   * `inc_not_zero` holds (and increments) when the variable is above 0; `dec_and_test` decrements
   * and holds when it reached 0.
   */
  | { readonly kind: 'inc_not_zero'; readonly variable: number }
  | { readonly kind: 'dec_and_test'; readonly variable: number };

interface Located {
  readonly loc: SourceLoc;
  /** The procedure the instruction came from (for traces). */
  readonly procedure: string;
}

/**
 * One instruction of an actor's code. `step`, `lock`, `unlock`, `set`, `inc`, `dec` and `if` are
 * visible moves (one interleaving point each); `jump` and `end` are taken silently after a move.
 */
export type Instr =
  | (Located & {
      readonly op: 'step';
      readonly call: KernelCall;
      /** Arguments as written in the design (buffer names, not ids), for traces. */
      readonly args: Readonly<Record<string, unknown>>;
      readonly retry: boolean;
      /** Where to go when the step fails: a handler's first instruction, or null to end the actor. */
      readonly onError: number | null;
    })
  | (Located & { readonly op: 'lock' | 'unlock'; readonly lock: number })
  | (Located & { readonly op: 'set'; readonly variable: number; readonly value: number })
  | (Located & { readonly op: 'inc' | 'dec'; readonly variable: number })
  | (Located & { readonly op: 'if'; readonly cond: Condition; readonly then: number; readonly else: number })
  | { readonly op: 'jump'; readonly to: number }
  | { readonly op: 'end' };

/**
 * The step name an instruction is written and shown under: the kernel step, the control step, or
 * for an atomic test (a branch in the code) `inc_not_zero` / `dec_and_test`.
 */
export function instructionName(instr: Instr): string {
  if (instr.op === 'step') return instr.call.step;
  if (instr.op === 'if' && (instr.cond.kind === 'inc_not_zero' || instr.cond.kind === 'dec_and_test')) return instr.cond.kind;
  return instr.op;
}

export interface ActorProgram {
  readonly name: string;
  /** Straight-line code with jumps; execution starts at 0 and the actor is done at an `end`. */
  readonly code: readonly Instr[];
}

export interface BufferDecl {
  /** As written in the design. */
  readonly name: string;
  /** The actor that owns this instance, or null for a `shared` buffer. */
  readonly actor: string | null;
}

export interface Program {
  readonly design: string;
  readonly title: string;
  readonly file: string;
  /** The design's source text, kept so a saved trace can be replayed without the file. */
  readonly source: string;
  readonly platform: Platform;
  /** Index = buffer id in the model's World. */
  readonly buffers: readonly BufferDecl[];
  readonly variables: readonly { readonly name: string; readonly initial: number }[];
  readonly locks: readonly string[];
  readonly actors: readonly ActorProgram[];
  readonly environment: readonly EnvActor[];
  readonly invariants: readonly InvariantId[];
  /**
   * `failures` (SPEC section 9, fault injection): kernel steps that may also fail with the given
   * error, leaving the state unchanged. Absent or empty: no injected failures.
   */
  readonly failures?: Readonly<Record<string, string>>;
  /**
   * Indices in `actors` of the kexec shutdown actors, in the order they run: the design's
   * `shutdown` procedures, once (`shutdown`) or once per design actor whose buffers they name
   * (`shutdown.t1`, ...), run one after the other when the `kexec` environment actor fires.
   * Absent or empty without kexec.
   */
  readonly shutdownActors?: readonly number[];
}

/** The actor name the design's `shutdown` procedures run under (reserved: no design actor may take it). */
export const SHUTDOWN_ACTOR = 'shutdown';
