/**
 * trace.json, the replayable record of a violation: the design (with its source text, so a replay
 * needs no other file), the search settings, the engine's opaque move keys and the trace with the
 * state change of each step (without whole states, to keep it small). `loadTraceFile` validates
 * the shape and answers located InputErrors; it never throws on a bad file.
 */
import { failure, success, type Checked, type InputError } from '../input/errors.ts';
import { parseSource, readSource, type DataPath, type SourceDocument } from '../input/source.ts';
import { INVARIANT_IDS, type InvariantId } from '../../properties/invariant.ts';
import { summarizeStep, type CheckReport, type StateChange, type StepSummary } from '../system/trace.ts';

export const TRACE_FORMAT = 'lendcheck-trace';
export const TRACE_VERSION = 1;

export interface SavedStep extends StepSummary {
  readonly changes: readonly StateChange[];
}

export interface SavedTrace {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly design: { readonly id: string; readonly file: string; readonly source: string };
  readonly mode: 'random' | 'exhaustive';
  readonly seed: number;
  readonly invariants: readonly InvariantId[];
  /** The engine's move keys (TransitionSystem.moveKey), one per step, opaque to reports. */
  readonly moves: readonly string[];
  readonly violation: { readonly invariant: InvariantId; readonly message: string; readonly pages: readonly number[]; readonly step: number };
  readonly trace: readonly SavedStep[];
}

/**
 * The record of a violating report. `source` is the design file's text, `moves` the engine's move
 * keys of the trace. Throws (a programming error) when the report has no violation.
 */
export function saveTraceFile(report: CheckReport, source: string, moves: readonly string[]): SavedTrace {
  const v = report.violation;
  if (v === undefined) throw new Error(`internal: no violation to save for ${report.design}`);
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    design: { id: report.design, file: report.file, source },
    mode: report.mode,
    seed: report.seed,
    invariants: [...report.invariants],
    moves: [...moves],
    violation: { invariant: v.invariant, message: v.message, pages: [...v.pages], step: v.step },
    trace: v.trace.map((t) => ({
      ...summarizeStep(t),
      // JSON has no `undefined`: a field that did not exist before (or after) is null.
      changes: t.changes.map((c) => ({ path: c.path, from: c.from ?? null, to: c.to ?? null })),
    })),
  };
}

/** The file's text: two-space indented JSON with a final newline. */
export function formatTraceFile(saved: SavedTrace): string {
  return `${JSON.stringify(saved, null, 2)}\n`;
}

/** Reads and validates a trace file. Every problem comes back located (`file:line:column`). */
export function loadTraceFile(path: string): Checked<SavedTrace> {
  const doc = readSource(path);
  return doc.ok ? validateTraceFile(doc.value) : doc;
}

/** Parses and validates trace-file text (what `loadTraceFile` does after reading the file). */
export function parseTraceFile(file: string, text: string): Checked<SavedTrace> {
  const doc = parseSource(file, text);
  return doc.ok ? validateTraceFile(doc.value) : doc;
}

function validateTraceFile(doc: SourceDocument): Checked<SavedTrace> {
  const errors: InputError[] = [];
  const fail = (path: DataPath, message: string) => {
    errors.push(doc.error(path, message));
    return undefined;
  };
  const data = doc.data;
  if (!isObject(data)) return failure([doc.error([], 'expected a lendcheck trace file (a JSON object)')]);

  const field = (obj: Record<string, unknown>, path: DataPath, key: string): unknown => {
    if (!(key in obj)) return fail(path, `missing field "${key}"`);
    return obj[key];
  };
  const str = (obj: Record<string, unknown>, path: DataPath, key: string): string | undefined => {
    const value = field(obj, path, key);
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : fail([...path, key], `"${key}" must be a string`);
  };
  const int = (value: unknown, at: DataPath, what: string, min = 0): number | undefined =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : fail(at, `${what} must be an integer >= ${min}`);
  const intList = (value: unknown, at: DataPath, what: string): number[] | undefined => {
    if (!Array.isArray(value)) return fail(at, `${what} must be a list of integers`);
    const ints = value.map((x, i) => int(x, [...at, i], `${what} entry`));
    return ints.every((x) => x !== undefined) ? (ints as number[]) : undefined;
  };
  const invariant = (value: unknown, at: DataPath): InvariantId | undefined =>
    typeof value === 'string' && (INVARIANT_IDS as readonly string[]).includes(value)
      ? (value as InvariantId)
      : fail(at, `unknown invariant ${JSON.stringify(value)}; expected one of ${INVARIANT_IDS.join(', ')}`);

  const format = field(data, [], 'format');
  if (format !== undefined && format !== TRACE_FORMAT) {
    return failure([doc.error(['format'], `not a lendcheck trace file: format is ${JSON.stringify(format)}, expected "${TRACE_FORMAT}"`)]);
  }
  const version = field(data, [], 'version');
  if (version !== undefined && version !== TRACE_VERSION) {
    return failure([doc.error(['version'], `unsupported trace file version ${JSON.stringify(version)}; this lendcheck reads version ${TRACE_VERSION}`)]);
  }

  let design: SavedTrace['design'] | undefined;
  const rawDesign = field(data, [], 'design');
  if (rawDesign !== undefined) {
    if (!isObject(rawDesign)) fail(['design'], '"design" must be an object with id, file and source');
    else {
      const id = str(rawDesign, ['design'], 'id');
      const file = str(rawDesign, ['design'], 'file');
      const source = str(rawDesign, ['design'], 'source');
      if (id !== undefined && file !== undefined && source !== undefined) design = { id, file, source };
    }
  }

  const mode = field(data, [], 'mode');
  if (mode !== undefined && mode !== 'random' && mode !== 'exhaustive') fail(['mode'], '"mode" must be random or exhaustive');
  const seed = field(data, [], 'seed');
  if (seed !== undefined) int(seed, ['seed'], '"seed"');

  const rawInvariants = field(data, [], 'invariants');
  let invariants: InvariantId[] | undefined;
  if (rawInvariants !== undefined) {
    if (!Array.isArray(rawInvariants)) fail(['invariants'], '"invariants" must be a list of invariant ids');
    else {
      const ids = rawInvariants.map((x, i) => invariant(x, ['invariants', i]));
      if (ids.every((x) => x !== undefined)) invariants = ids as InvariantId[];
    }
  }

  const moves = field(data, [], 'moves');
  if (moves !== undefined) {
    if (!Array.isArray(moves)) fail(['moves'], '"moves" must be a list of move keys (strings)');
    else moves.forEach((m, i) => typeof m !== 'string' && fail(['moves', i], 'a move key must be a string'));
  }

  const rawTrace = field(data, [], 'trace');
  const trace: SavedStep[] = [];
  if (rawTrace !== undefined) {
    if (!Array.isArray(rawTrace)) fail(['trace'], '"trace" must be a list of steps');
    else
      rawTrace.forEach((raw, i) => {
        const at = ['trace', i];
        if (!isObject(raw)) return fail(at, 'a step must be an object with actor, step, args, result and changes');
        const actor = str(raw, at, 'actor');
        const step = str(raw, at, 'step');
        const result = str(raw, at, 'result');
        const args = field(raw, at, 'args');
        if (args !== undefined && !isObject(args)) fail([...at, 'args'], '"args" must be an object');
        const handle = raw['handle'] === undefined ? undefined : int(raw['handle'], [...at, 'handle'], '"handle"');
        const line = raw['line'] === undefined ? undefined : int(raw['line'], [...at, 'line'], '"line"', 1);
        const source = raw['source'] === undefined ? undefined : typeof raw['source'] === 'string' ? raw['source'] : fail([...at, 'source'], '"source" must be a string');
        const rawChanges = field(raw, at, 'changes');
        const changes: StateChange[] = [];
        if (rawChanges !== undefined) {
          if (!Array.isArray(rawChanges)) fail([...at, 'changes'], '"changes" must be a list');
          else
            rawChanges.forEach((c, j) => {
              const cat = [...at, 'changes', j];
              if (!isObject(c)) return fail(cat, 'a change must be an object with path, from and to');
              const path = str(c, cat, 'path');
              if (path !== undefined) changes.push({ path, from: c['from'] ?? null, to: c['to'] ?? null });
              return undefined;
            });
        }
        if (actor !== undefined && step !== undefined && result !== undefined && isObject(args)) {
          trace.push({
            actor,
            step,
            args,
            result,
            ...(handle !== undefined ? { handle } : {}),
            ...(line !== undefined ? { line } : {}),
            ...(source !== undefined ? { source } : {}),
            changes,
          });
        }
        return undefined;
      });
  }

  if (Array.isArray(moves) && Array.isArray(rawTrace) && moves.length !== rawTrace.length) {
    fail(['moves'], `"moves" has ${moves.length} move key${moves.length === 1 ? '' : 's'} but "trace" has ${rawTrace.length} step${rawTrace.length === 1 ? '' : 's'}; there is one key per step`);
  }

  let violation: SavedTrace['violation'] | undefined;
  const rawViolation = field(data, [], 'violation');
  if (rawViolation !== undefined) {
    if (!isObject(rawViolation)) fail(['violation'], '"violation" must be an object with invariant, message, pages and step');
    else {
      const inv = field(rawViolation, ['violation'], 'invariant');
      const id = inv === undefined ? undefined : invariant(inv, ['violation', 'invariant']);
      const message = str(rawViolation, ['violation'], 'message');
      const rawPages = field(rawViolation, ['violation'], 'pages');
      const pages = rawPages === undefined ? undefined : intList(rawPages, ['violation', 'pages'], '"pages"');
      const rawStep = field(rawViolation, ['violation'], 'step');
      const step = rawStep === undefined ? undefined : int(rawStep, ['violation', 'step'], '"step"', 1);
      if (step !== undefined && Array.isArray(rawTrace) && step !== rawTrace.length) {
        fail(['violation', 'step'], `"step" is ${step} but the trace has ${rawTrace.length} step${rawTrace.length === 1 ? '' : 's'}; the violation is at its last step`);
      }
      if (id !== undefined && message !== undefined && pages !== undefined && step !== undefined) violation = { invariant: id, message, pages, step };
    }
  }

  if (errors.length > 0) return failure(errors);
  return success({
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    design: design!,
    mode: mode as SavedTrace['mode'],
    seed: seed as number,
    invariants: invariants!,
    moves: moves as string[],
    violation: violation!,
    trace,
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
