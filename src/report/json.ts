/**
 * The `--json` object of SPEC section 6: the SPEC's fields in the SPEC's order, trace steps without
 * their state and changes (so one line stays small), the violation omitted on a pass. Extra fields
 * come after the SPEC ones: `violation.step`, a trace step's design `line`, and `reason` for an
 * incomplete search, and `search` (engine facts: shrink figures, BFS collision probability).
 */
import { summarizeStep, type CheckReport, type CheckStats, type StepSummary } from '../system/trace.ts';

export type JsonTraceStep = StepSummary;

export interface JsonViolation {
  readonly invariant: string;
  readonly message: string;
  readonly pages: readonly number[];
  readonly trace: readonly JsonTraceStep[];
  readonly replay: string;
  readonly step: number;
  readonly alsoBroken?: readonly string[];
}

export interface JsonReport {
  readonly tool: 'lendcheck';
  readonly version: string;
  readonly design: string;
  readonly mode: 'random' | 'exhaustive';
  readonly seed: number;
  readonly verdict: 'violation' | 'pass' | 'incomplete';
  readonly violation?: JsonViolation;
  readonly stats: CheckStats;
  readonly reason?: string;
  readonly search?: Readonly<Record<string, unknown>>;
  readonly coverage?: CheckReport['coverage'];
  readonly cutShort?: CheckReport['cutShort'];
}

export function toJsonReport(report: CheckReport): JsonReport {
  const v = report.violation;
  const s = report.stats;
  return {
    tool: report.tool,
    version: report.version,
    design: report.design,
    mode: report.mode,
    seed: report.seed,
    verdict: report.verdict,
    ...(v !== undefined
      ? {
          violation: {
            invariant: v.invariant,
            message: v.message,
            pages: [...v.pages],
            trace: v.trace.map(summarizeStep),
            replay: v.replay,
            step: v.step,
            ...(v.alsoBroken !== undefined ? { alsoBroken: v.alsoBroken } : {}),
          },
        }
      : {}),
    stats: { runs: s.runs, states: s.states, transitions: s.transitions, depth: s.depth, complete: s.complete, elapsedMs: s.elapsedMs },
    ...(report.reason !== undefined ? { reason: report.reason } : {}),
    ...(report.search !== undefined ? { search: report.search } : {}),
    ...(report.coverage !== undefined ? { coverage: report.coverage } : {}),
    ...(report.cutShort !== undefined ? { cutShort: report.cutShort } : {}),
  };
}

/** One line of JSON, no trailing newline (the CLI prints one per design). */
export function formatJson(report: CheckReport): string {
  return JSON.stringify(toJsonReport(report));
}
