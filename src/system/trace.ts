/**
 * What a check produces, in plain JSON-able data: the `--json` object of SPEC section 6 and the
 * per-step trace every reporter (terminal, Markdown, ITF, JUnit) renders.
 */
import type { Platform } from '../../model/platform.ts';
import type { InvariantId } from '../../properties/invariant.ts';
import type { SearchStats } from '../engine/types.ts';
import type { CoverageReport } from './coverage.ts';
import type { CutShort } from './cut-short.ts';

/** A page as reports show it (the model's Page, minus nothing). */
export interface PageView {
  readonly id: number;
  readonly region: string;
  readonly alloc: string;
  readonly linear: string;
  readonly tlbStale: boolean;
  readonly vmap: string;
  readonly user: boolean;
  readonly iommu: readonly string[];
  readonly stage2: boolean;
  readonly secureProtected: boolean;
  readonly content: string;
  readonly cache: string;
  readonly owner: string;
  readonly nosave: boolean;
  readonly remap: string;
  readonly pooled: boolean;
}

export interface TransactionView {
  readonly handle: number;
  readonly op: string;
  readonly sender: string;
  readonly receivers: readonly { readonly endpoint: string; readonly access: string; readonly retrieved: boolean }[];
  readonly pages: readonly number[];
  readonly clear: boolean;
}

/** The whole system state at one point of a trace, keyed by the names the design uses. */
export interface StateView {
  readonly pages: readonly PageView[];
  readonly transactions: readonly TransactionView[];
  /** Buffer name (`t1.buf` for actor-local buffers, `pool` for shared ones) -> pages and handle. */
  readonly buffers: Readonly<Record<string, { readonly pages: readonly number[]; readonly handle: number | null }>>;
  /** Actor -> where it is: `procedure:line` of its next step, or `done`. */
  readonly actors: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, number>>;
  /** Lock -> holder actor, or null. */
  readonly locks: Readonly<Record<string, string | null>>;
  /** Hazards recorded so far (kernel fault, double send, dirty lend, secret copied), as sentences. */
  readonly hazards: Readonly<Record<string, string>>;
}

/** One field that a step changed, e.g. `{path: "page 0.linear", from: "valid", to: "invalid"}`. */
export interface StateChange {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** One step of a counterexample (SPEC section 6 fields first). */
export interface TraceStep {
  /** A kernel actor of the design, or an environment actor: secure | cpu | devices | hibernate. */
  readonly actor: string;
  readonly step: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly result: string;
  readonly handle?: number;
  /** Design file line of the step, for kernel actors. */
  readonly line?: number;
  /** The C place the step was extracted from (`drv.c:42 drv_lend()`), when the design says. */
  readonly source?: string;
  readonly changes: readonly StateChange[];
  readonly state: StateView;
}

/** A trace step without its state: what `--json` prints and trace.json keeps (SPEC section 6 fields). */
export type StepSummary = Pick<TraceStep, 'actor' | 'step' | 'args' | 'result' | 'handle' | 'line' | 'source'>;

/** The summary of a step, with optional fields present only when set. */
export function summarizeStep(step: TraceStep): StepSummary {
  return {
    actor: step.actor,
    step: step.step,
    args: step.args,
    result: step.result,
    // Stryker disable ConditionalExpression: `true` writes an undefined field, which JSON drops (the optional fields are absent, not null); `false` on source is killed by test/extract/cli.test.ts
    ...(step.handle !== undefined ? { handle: step.handle } : {}),
    ...(step.line !== undefined ? { line: step.line } : {}),
    ...(step.source !== undefined ? { source: step.source } : {}),
    // Stryker restore ConditionalExpression
  };
}

export interface ViolationReport {
  readonly invariant: InvariantId;
  readonly message: string;
  readonly pages: readonly number[];
  /** 1-based index of the step that broke it (the last one). */
  readonly step: number;
  readonly trace: readonly TraceStep[];
  /** The command that replays the saved trace. */
  readonly replay: string;
  /** Other checked invariants the last state breaks too (the report names the first in id order). */
  readonly alsoBroken?: readonly InvariantId[];
}

/** The search figures of SPEC section 6, as the engines report them. */
export type CheckStats = SearchStats;

/** The result of checking one design. */
export interface CheckReport {
  readonly tool: 'lendcheck';
  readonly version: string;
  readonly design: string;
  readonly title: string;
  readonly file: string;
  readonly mode: 'random' | 'exhaustive';
  readonly seed: number;
  readonly verdict: 'violation' | 'pass' | 'incomplete';
  readonly invariants: readonly InvariantId[];
  readonly initial: StateView;
  readonly violation?: ViolationReport;
  readonly stats: CheckStats;
  /** Why an incomplete search stopped. */
  readonly reason?: string;
  /** The design's platform, so reports can say what stops (or does not stop) an access on real hardware. */
  readonly platform?: Platform;
  /** Engine-specific facts: fast-check's shrink figures, BFS collision probability and queue. */
  readonly search?: Readonly<Record<string, unknown>>;
  /** What the search exercised of the design (steps reached, branches seen one way only). */
  readonly coverage?: CoverageReport;
  /** On a pass: runs (random) or transitions (exhaustive) a kernel fault or an early actor end cut short. */
  readonly cutShort?: CutShort;
}
