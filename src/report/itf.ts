/**
 * trace.itf.json: the counterexample in the Informal Trace Format (Apalache ADR-015), the format
 * Quint, Apalache, itf-rs/itf-py and the ITF Trace Viewer read. Integers are always
 * `{"#bigint": "..."}`, sets `{"#set": [...]}`, maps `{"#map": [[k, v], ...]}`, records plain objects,
 * `null` the Quint Option `None`. Each state carries Quint `--mbt`'s `mbt::actionTaken` and
 * `mbt::nondetPicks`. A reader (`parseItf`) turns the text back into StateViews, and a validator
 * (`validateItf`) rejects what ITF forbids, bare JSON numbers first.
 */
import { parseSource, type DataPath, type SourceDocument } from '../input/source.ts';
import { failure, success, type Checked } from '../input/errors.ts';
import type { CheckReport, PageView, StateView, TraceStep, TransactionView } from '../system/trace.ts';
import { formatArgs, isEnvironmentActor } from './format.ts';

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';
export const ACTION_TAKEN = 'mbt::actionTaken';
export const NONDET_PICKS = 'mbt::nondetPicks';

/** The state variables every lendcheck ITF trace has, in this order. */
export const ITF_VARS = ['pages', 'transactions', 'buffers', 'actors', 'variables', 'locks', 'hazards', ACTION_TAKEN, NONDET_PICKS] as const;

export interface ItfBigint {
  readonly '#bigint': string;
}
export interface ItfSet {
  readonly '#set': readonly ItfValue[];
}
export interface ItfMap {
  readonly '#map': readonly (readonly [ItfValue, ItfValue])[];
}
export interface ItfTuple {
  readonly '#tup': readonly ItfValue[];
}
export interface ItfVariant {
  readonly tag: string;
  readonly value: ItfValue;
}
export interface ItfRecord {
  readonly [field: string]: ItfValue;
}
export type ItfValue = boolean | string | ItfBigint | ItfSet | ItfMap | ItfTuple | ItfVariant | readonly ItfValue[] | ItfRecord;

/** Per-state metadata (free-form in ITF; Quint writes `index`). */
export interface ItfStateMeta {
  readonly index: number;
  readonly actor?: string;
  readonly step?: string;
  readonly args?: string;
  readonly result?: string;
  readonly handle?: number;
  readonly line?: number;
}

export interface ItfState {
  readonly '#meta': ItfStateMeta;
  readonly [variable: string]: ItfValue | ItfStateMeta;
}

export interface ItfTrace {
  readonly '#meta': Readonly<Record<string, unknown>>;
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
}

// --- encoding ----------------------------------------------------------------------------------

export function itfInt(n: number): ItfBigint {
  if (!Number.isInteger(n)) throw new Error(`internal: ITF integer expected, got ${n}`);
  return { '#bigint': BigInt(n).toString() };
}
export const itfSet = (items: readonly ItfValue[]): ItfSet => ({ '#set': items });
export const itfMap = (entries: readonly (readonly [ItfValue, ItfValue])[]): ItfMap => ({ '#map': entries });
export const itfSome = (value: ItfValue): ItfVariant => ({ tag: 'Some', value });
export const ITF_NONE: ItfVariant = { tag: 'None', value: { '#tup': [] } };

/** Plain JSON-able data as ITF: numbers -> bigint, null -> None, arrays -> lists, objects -> records. */
export function toItfValue(value: unknown): ItfValue {
  if (value === null || value === undefined) return ITF_NONE;
  if (typeof value === 'number') return itfInt(value);
  if (typeof value === 'bigint') return { '#bigint': value.toString() };
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toItfValue);
  if (typeof value === 'object') {
    const record: Record<string, ItfValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) record[k.startsWith('#') ? `_${k}` : k] = toItfValue(v);
    return record;
  }
  return String(value);
}

/** A StateView as the ITF state variables (without metadata and mbt variables). */
export function stateToItf(state: StateView): Record<string, ItfValue> {
  return {
    pages: state.pages.map((p) => ({
      id: itfInt(p.id),
      region: p.region,
      alloc: p.alloc,
      linear: p.linear,
      tlbStale: p.tlbStale,
      vmap: p.vmap,
      user: p.user,
      iommu: itfSet([...p.iommu]),
      stage2: p.stage2,
      secureProtected: p.secureProtected,
      content: p.content,
      cache: p.cache,
      owner: p.owner,
      nosave: p.nosave,
      remap: p.remap,
      pooled: p.pooled,
    })),
    transactions: itfMap(
      state.transactions.map((t) => [
        itfInt(t.handle),
        {
          handle: itfInt(t.handle),
          op: t.op,
          sender: t.sender,
          receivers: t.receivers.map((r) => ({ endpoint: r.endpoint, access: r.access, retrieved: r.retrieved })),
          pages: itfSet(t.pages.map(itfInt)),
          clear: t.clear,
        },
      ]),
    ),
    buffers: itfMap(
      Object.entries(state.buffers).map(([name, b]) => [
        name,
        { pages: b.pages.map(itfInt), handle: b.handle === null ? ITF_NONE : itfSome(itfInt(b.handle)) },
      ]),
    ),
    actors: itfMap(Object.entries(state.actors)),
    variables: itfMap(Object.entries(state.variables).map(([k, v]) => [k, itfInt(v)])),
    locks: itfMap(Object.entries(state.locks).map(([k, v]) => [k, v === null ? ITF_NONE : itfSome(v)])),
    hazards: itfMap(Object.entries(state.hazards)),
  };
}

/** What the scheduler and the environment chose at a step: the actor, and an environment action's arguments. */
function picksOf(step: TraceStep): Record<string, unknown> {
  return isEnvironmentActor(step.actor) ? { actor: step.actor, ...step.args } : { actor: step.actor };
}

/** The report's counterexample (or just its initial state, without one) as an ITF trace. */
export function toItf(report: CheckReport): ItfTrace {
  const trace = report.violation?.trace ?? [];
  // Quint --mbt: every state's nondetPicks has every pick name, None where the action did not pick it.
  const pickNames: string[] = [];
  for (const step of trace) for (const name of Object.keys(picksOf(step))) if (!pickNames.includes(name)) pickNames.push(name);
  const picks = (chosen: Record<string, unknown>): ItfRecord => {
    const record: Record<string, ItfValue> = {};
    for (const name of pickNames) record[name] = name in chosen ? itfSome(toItfValue(chosen[name])) : ITF_NONE;
    return record;
  };
  const states: ItfState[] = [
    { '#meta': { index: 0 }, ...stateToItf(report.initial), [ACTION_TAKEN]: 'init', [NONDET_PICKS]: picks({}) },
  ];
  trace.forEach((step, i) => {
    const meta: ItfStateMeta = {
      index: i + 1,
      actor: step.actor,
      step: step.step,
      args: formatArgs(step.args),
      result: step.result,
      ...(step.handle !== undefined ? { handle: step.handle } : {}),
      ...(step.line !== undefined ? { line: step.line } : {}),
    };
    states.push({ '#meta': meta, ...stateToItf(step.state), [ACTION_TAKEN]: step.step, [NONDET_PICKS]: picks(picksOf(step)) });
  });
  const v = report.violation;
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_FORMAT_DESCRIPTION,
      source: report.file,
      status: report.verdict,
      description: 'Created by lendcheck',
      tool: `lendcheck ${report.version}`,
      design: report.design,
      mode: report.mode,
      seed: report.seed,
      ...(v !== undefined ? { invariant: v.invariant, message: v.message, pages: v.pages, step: v.step } : {}),
    },
    vars: [...ITF_VARS],
    states,
  };
}

/** The file's text: two-space indented JSON with a final newline. */
export function formatItf(report: CheckReport): string {
  return `${JSON.stringify(toItf(report), null, 2)}\n`;
}

// --- validation --------------------------------------------------------------------------------

const INTEGER = /^-?[0-9]+$/;
const SPECIAL_KEYS = new Set(['#bigint', '#set', '#map', '#tup', '#unserializable']);

/**
 * Problems that make a parsed JSON value invalid ITF, each as `path: what`: bare JSON numbers
 * anywhere in the states (outside `#meta`), malformed `#bigint`/`#set`/`#map`/`#tup`, record
 * fields starting with `#`, states that miss a declared variable. Empty when valid.
 */
export function validateItf(json: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(json)) return ['$: an ITF trace is a JSON object'];
  const vars = json['vars'];
  if (!Array.isArray(vars) || !vars.every((v) => typeof v === 'string')) problems.push('$.vars: expected an array of variable names');
  const states = json['states'];
  if (!Array.isArray(states)) return [...problems, '$.states: expected an array of states'];
  states.forEach((state: unknown, i) => {
    const at = `$.states[${i}]`;
    if (!isObject(state)) {
      problems.push(`${at}: a state is a JSON object`);
      return;
    }
    for (const [name, value] of Object.entries(state)) {
      if (name === '#meta') continue;
      if (name.startsWith('#')) problems.push(`${at}.${name}: state variables must not start with #`);
      else walk(value, `${at}.${name}`, problems);
    }
    if (Array.isArray(vars)) for (const v of vars) if (typeof v === 'string' && !(v in state)) problems.push(`${at}: missing variable ${v}`);
  });
  return problems;
}

function walk(value: unknown, at: string, problems: string[]): void {
  if (typeof value === 'number') {
    problems.push(`${at}: bare JSON number ${value} (ITF integers are {"#bigint": "..."})`);
  } else if (value === null) {
    problems.push(`${at}: null is not an ITF value`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${at}[${i}]`, problems));
  } else if (isObject(value)) {
    const keys = Object.keys(value);
    const special = keys.find((k) => SPECIAL_KEYS.has(k));
    if (special !== undefined) {
      if (keys.length !== 1) problems.push(`${at}: ${special} must be the object's only field`);
      const inner = value[special];
      if (special === '#bigint') {
        if (typeof inner !== 'string' || !INTEGER.test(inner)) problems.push(`${at}: #bigint must be a string of decimal digits`);
      } else if (special === '#map') {
        if (!Array.isArray(inner)) problems.push(`${at}: #map must be an array of pairs`);
        else
          inner.forEach((pair: unknown, i) => {
            if (!Array.isArray(pair) || pair.length !== 2) problems.push(`${at}.#map[${i}]: expected a [key, value] pair`);
            else pair.forEach((v, j) => walk(v, `${at}.#map[${i}][${j}]`, problems));
          });
      } else if (special === '#set' || special === '#tup') {
        if (!Array.isArray(inner)) problems.push(`${at}: ${special} must be an array`);
        else inner.forEach((v, i) => walk(v, `${at}.${special}[${i}]`, problems));
      } else if (typeof inner !== 'string') {
        problems.push(`${at}: #unserializable must be a string`);
      }
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('#')) problems.push(`${at}.${k}: record fields must not start with #`);
      else walk(v, `${at}.${k}`, problems);
    }
  }
}

// --- reading -----------------------------------------------------------------------------------

/** One state read back: its index, the action taken, the picks (Options unwrapped) and the state. */
export interface ParsedItfState {
  readonly index: number;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly actionTaken: string;
  readonly nondetPicks: Readonly<Record<string, unknown>>;
  readonly state: StateView;
}

export interface ParsedItf {
  readonly meta: Readonly<Record<string, unknown>>;
  readonly vars: readonly string[];
  readonly states: readonly ParsedItfState[];
}

class ItfError extends Error {
  constructor(
    readonly path: DataPath,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a lendcheck ITF trace back. Never throws: bad JSON, invalid ITF and values of the wrong
 * shape come back as located InputErrors.
 */
export function parseItf(text: string, file = 'trace.itf.json'): Checked<ParsedItf> {
  const parsed = parseSource(file, text);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const problems = validateItf(doc.data);
  if (problems.length > 0) return failure(problems.map((p) => ({ file, line: 0, column: 0, message: `not valid ITF: ${p}` })));
  try {
    return success(readTrace(doc));
  } catch (e) {
    if (e instanceof ItfError) return failure([doc.error(e.path, e.message)]);
    throw e;
  }
}

function readTrace(doc: SourceDocument): ParsedItf {
  const root = doc.data as Record<string, unknown>;
  const meta = isObject(root['#meta']) ? root['#meta'] : {};
  const vars = root['vars'] as string[];
  for (const v of ITF_VARS) if (!vars.includes(v)) throw new ItfError(['vars'], `missing variable ${v}`);
  const states = (root['states'] as unknown[]).map((s, i): ParsedItfState => {
    const state = s as Record<string, unknown>;
    const path = ['states', i];
    const stateMeta = isObject(state['#meta']) ? state['#meta'] : {};
    const index = stateMeta['index'];
    return {
      index: typeof index === 'number' ? index : i,
      meta: stateMeta,
      actionTaken: str(state[ACTION_TAKEN], [...path, ACTION_TAKEN]),
      nondetPicks: readPicks(state[NONDET_PICKS], [...path, NONDET_PICKS]),
      state: readState(state, path),
    };
  });
  return { meta, vars, states };
}

function readState(s: Record<string, unknown>, path: DataPath): StateView {
  const pages = list(s['pages'], [...path, 'pages']).map((p, i): PageView => {
    const at = [...path, 'pages', i];
    const r = record(p, at);
    const f = (k: string) => [...at, k];
    return {
      id: int(r['id'], f('id')),
      region: str(r['region'], f('region')),
      alloc: str(r['alloc'], f('alloc')),
      linear: str(r['linear'], f('linear')),
      tlbStale: bool(r['tlbStale'], f('tlbStale')),
      vmap: str(r['vmap'], f('vmap')),
      user: bool(r['user'], f('user')),
      iommu: set(r['iommu'], f('iommu')).map((d, j) => str(d, [...f('iommu'), '#set', j])),
      stage2: bool(r['stage2'], f('stage2')),
      secureProtected: bool(r['secureProtected'], f('secureProtected')),
      content: str(r['content'], f('content')),
      cache: str(r['cache'], f('cache')),
      owner: str(r['owner'], f('owner')),
      nosave: bool(r['nosave'], f('nosave')),
      remap: str(r['remap'], f('remap')),
      pooled: bool(r['pooled'], f('pooled')),
    };
  });
  const transactions = map(s['transactions'], [...path, 'transactions']).map(([, value], i): TransactionView => {
    const at = [...path, 'transactions', '#map', i, 1];
    const r = record(value, at);
    return {
      handle: int(r['handle'], [...at, 'handle']),
      op: str(r['op'], [...at, 'op']),
      sender: str(r['sender'], [...at, 'sender']),
      receivers: list(r['receivers'], [...at, 'receivers']).map((x, j) => {
        const rat = [...at, 'receivers', j];
        const rr = record(x, rat);
        return { endpoint: str(rr['endpoint'], [...rat, 'endpoint']), access: str(rr['access'], [...rat, 'access']), retrieved: bool(rr['retrieved'], [...rat, 'retrieved']) };
      }),
      pages: set(r['pages'], [...at, 'pages']).map((p, j) => int(p, [...at, 'pages', '#set', j])),
      clear: bool(r['clear'], [...at, 'clear']),
    };
  });
  const entries = <T>(name: string, read: (v: unknown, at: DataPath) => T): Record<string, T> => {
    const out: Record<string, T> = {};
    map(s[name], [...path, name]).forEach(([k, v], i) => {
      const at = [...path, name, '#map', i];
      out[str(k, [...at, 0])] = read(v, [...at, 1]);
    });
    return out;
  };
  return {
    pages,
    transactions,
    buffers: entries('buffers', (v, at) => {
      const r = record(v, at);
      return {
        pages: list(r['pages'], [...at, 'pages']).map((p, j) => int(p, [...at, 'pages', j])),
        handle: option(r['handle'], [...at, 'handle'], int),
      };
    }),
    actors: entries('actors', str),
    variables: entries('variables', int),
    locks: entries('locks', (v, at) => option(v, at, str)),
    hazards: entries('hazards', str),
  };
}

function readPicks(v: unknown, path: DataPath): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, pick] of Object.entries(record(v, path))) {
    const value = option(pick, [...path, name], (x) => fromItfValue(x));
    if (value !== null) out[name] = value;
  }
  return out;
}

/**
 * ITF back to plain data: bigint -> number (a string when it is beyond 2^53), set and tuple ->
 * array, map -> array of [key, value], Option -> its value or null, records -> objects.
 */
export function fromItfValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromItfValue);
  if (!isObject(v)) return v;
  if ('#bigint' in v) {
    const n = Number(v['#bigint']);
    return Number.isSafeInteger(n) ? n : String(v['#bigint']);
  }
  if ('#set' in v) return (v['#set'] as unknown[]).map(fromItfValue);
  if ('#tup' in v) return (v['#tup'] as unknown[]).map(fromItfValue);
  if ('#map' in v) return (v['#map'] as unknown[][]).map((pair) => pair.map(fromItfValue));
  if (v['tag'] === 'None' && Object.keys(v).length === 2 && 'value' in v) return null;
  if (v['tag'] === 'Some' && Object.keys(v).length === 2 && 'value' in v) return fromItfValue(v['value']);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = fromItfValue(x);
  return out;
}

// Typed readers: each throws an ItfError at `path` when the value has the wrong shape.

function int(v: unknown, path: DataPath): number {
  if (!isObject(v) || typeof v['#bigint'] !== 'string') throw new ItfError(path, 'expected an integer {"#bigint": "..."}');
  const n = Number(v['#bigint']);
  if (!Number.isSafeInteger(n)) throw new ItfError(path, `integer ${v['#bigint']} is out of range`);
  return n;
}
function str(v: unknown, path: DataPath): string {
  if (typeof v !== 'string') throw new ItfError(path, 'expected a string');
  return v;
}
function bool(v: unknown, path: DataPath): boolean {
  if (typeof v !== 'boolean') throw new ItfError(path, 'expected true or false');
  return v;
}
function list(v: unknown, path: DataPath): unknown[] {
  if (!Array.isArray(v)) throw new ItfError(path, 'expected a list');
  return v;
}
function set(v: unknown, path: DataPath): unknown[] {
  if (!isObject(v) || !Array.isArray(v['#set'])) throw new ItfError(path, 'expected a set {"#set": [...]}');
  return v['#set'];
}
function map(v: unknown, path: DataPath): [unknown, unknown][] {
  if (!isObject(v) || !Array.isArray(v['#map'])) throw new ItfError(path, 'expected a map {"#map": [[k, v], ...]}');
  return v['#map'] as [unknown, unknown][];
}
function record(v: unknown, path: DataPath): Record<string, unknown> {
  if (!isObject(v) || Object.keys(v).some((k) => k.startsWith('#'))) throw new ItfError(path, 'expected a record');
  return v;
}
function option<T>(v: unknown, path: DataPath, read: (x: unknown, at: DataPath) => T): T | null {
  if (!isObject(v) || (v['tag'] !== 'Some' && v['tag'] !== 'None')) throw new ItfError(path, 'expected an Option {"tag": "Some" | "None", "value": ...}');
  return v['tag'] === 'None' ? null : read(v['value'], [...path, 'value']);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
