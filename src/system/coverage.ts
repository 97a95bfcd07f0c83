/**
 * What a search exercised of the design, like a test suite's line coverage: which steps ran, which
 * outcomes each branch point showed (a step that never failed never ran its on_error; an `if` that
 * only went one way never tried the other), and how often each environment action fired. A pass
 * means little about a path the search never took; this says which paths those are.
 */
import type { EnvAction } from '../../model/environment/actions.ts';
import { instructionName, type Instr, type Program } from '../design/program.ts';

/** Outcome bits per instruction. */
const SUCCEEDED = 1; // `ok`, or the `then` branch
const FAILED = 2; // an error result, or the `else` branch

export interface CoverageLine {
  readonly line: number;
  /** Several steps can share a line (`on_error: [map_linear: buf, free: buf]`). */
  readonly column: number;
  readonly procedure: string;
  readonly step: string;
}

export interface CoverageReport {
  /** Design steps (by line) reached by at least one actor, of all the visible ones. */
  readonly steps: { readonly reached: number; readonly total: number };
  readonly unreached: readonly CoverageLine[];
  /** Branch points seen going one way only: a step with on_error or retry, an if, an atomic test. */
  readonly oneWay: readonly (CoverageLine & { readonly only: 'ok' | 'failed' | 'then' | 'else' })[];
  /** How many times each environment action ran (`secure ffa_retrieve`, `cpu read`, ...). */
  readonly environment: Readonly<Record<string, number>>;
}

/** A Coverage's recording as structured-cloneable data. */
export interface CoverageSnapshot {
  readonly outcomes: readonly Uint8Array[];
  readonly environment: readonly (readonly [kind: string, actor: string, count: number])[];
}

export class Coverage {
  private readonly outcomes: Uint8Array[];
  /** Keyed by action kind (unique across environment actors), so counting allocates nothing. */
  private readonly environment = new Map<string, { actor: string; count: number }>();

  constructor(private readonly program: Program) {
    this.outcomes = program.actors.map((a) => new Uint8Array(a.code.length));
  }

  /** Records the outcome of the instruction at `pc` of `actor` (`ok`, `then`, or anything else). */
  actor(actor: number, pc: number, result: string): void {
    this.outcomes[actor]![pc]! |= result === 'ok' || result === 'then' ? SUCCEEDED : FAILED;
  }

  environmentAction(action: EnvAction): void {
    const entry = this.environment.get(action.kind);
    if (entry === undefined) this.environment.set(action.kind, { actor: action.actor, count: 1 });
    else entry.count++;
  }

  /** What was recorded, as plain data (a search worker's share, for `absorb`). */
  snapshot(): CoverageSnapshot {
    return { outcomes: this.outcomes.map((o) => o.slice()), environment: [...this.environment.entries()].map(([kind, e]) => [kind, e.actor, e.count]) };
  }

  /** Adds another recording's outcomes and counts to this one. */
  absorb(other: CoverageSnapshot): void {
    other.outcomes.forEach((outcomes, a) => outcomes.forEach((bits, pc) => (this.outcomes[a]![pc]! |= bits)));
    for (const [kind, actor, count] of other.environment) {
      const entry = this.environment.get(kind);
      if (entry === undefined) this.environment.set(kind, { actor, count });
      else entry.count += count;
    }
  }

  /** Forgets everything recorded. */
  reset(): void {
    for (const o of this.outcomes) o.fill(0);
    this.environment.clear();
  }

  report(): CoverageReport {
    // Procedures are shared by actors: a design step counts once, with the union of its outcomes.
    type Located = Extract<Instr, { loc: unknown }>;
    const bySource = new Map<string, { instr: Located; seen: number }>();
    this.program.actors.forEach((actor, a) => {
      actor.code.forEach((instr, pc) => {
        if (!('loc' in instr)) return;
        const key = `${instr.loc.line}:${instr.loc.column}`;
        const entry = bySource.get(key);
        const seen = this.outcomes[a]![pc]!;
        if (entry === undefined) bySource.set(key, { instr, seen });
        else entry.seen |= seen;
      });
    });
    const lines = [...bySource.values()].sort(
      (x, y) =>
        x.instr.loc.line - y.instr.loc.line ||
        // Stryker disable next-line ArithmeticOperator: steps on one line are compiled, so met, in column order, which a sort that only ever says "after" keeps
        x.instr.loc.column - y.instr.loc.column,
    );
    const unreached: CoverageLine[] = [];
    const oneWay: (CoverageLine & { only: 'ok' | 'failed' | 'then' | 'else' })[] = [];
    for (const { instr, seen } of lines) {
      const where: CoverageLine = { line: instr.loc.line, column: instr.loc.column, procedure: instr.procedure, step: instructionName(instr) };
      if (seen === 0) unreached.push(where);
      else if ((branches(instr) || injectable(this.program, instr)) && seen !== (SUCCEEDED | FAILED)) {
        const ok = seen === SUCCEEDED;
        oneWay.push({ ...where, only: instr.op === 'if' ? (ok ? 'then' : 'else') : ok ? 'ok' : 'failed' });
      }
    }
    return {
      steps: { reached: lines.length - unreached.length, total: lines.length },
      unreached,
      oneWay,
      environment: Object.fromEntries(
        [...this.environment.entries()].map(([kind, e]) => [`${e.actor} ${kind}`, e.count] as const).sort(([x], [y]) => x.localeCompare(y)),
      ),
    };
  }
}

/** Whether fault injection (`failures`) can make the step fail: then both outcomes are branches. */
function injectable(program: Program, instr: Instr): boolean {
  return instr.op === 'step' && program.failures?.[instr.call.step] !== undefined;
}

/** Whether the instruction can go two ways that the design distinguishes. */
function branches(instr: Instr): boolean {
  if (instr.op === 'if') return true;
  return instr.op === 'step' && (instr.onError !== null || instr.retry);
}

