/**
 * Loads a scenario file: parse (located YAML), then check every step against the SPEC section 7
 * vocabulary. All problems come back as located InputErrors; nothing here throws.
 */
import { NS, pageRegions } from '../../model/platform.ts';
import { FFA_ERRORS } from '../../model/results.ts';
import type { Access, Content } from '../../model/state.ts';
import type { Checked, InputError } from '../input/errors.ts';
import { failure, success } from '../input/errors.ts';
import type { DataPath, SourceDocument } from '../input/source.ts';
import { parseSource, readSource } from '../input/source.ts';
import { isRecord } from '../design/diagnostics.ts';
import { checkPlatform } from './platform.ts';
import type { HandleRef, Scenario, ScenarioStep, Verb } from './types.ts';
import { ACCESS_VERBS, HANDLE_VERBS, SEND_VERBS, VERBS } from './types.ts';

export const TOP_KEYS = ['scenario', 'description', 'platform', 'steps'];
export const COMMON_KEYS = ['by', 'do', 'expect'];
/** The keys each verb takes besides `by`, `do` and `expect`. */
export const VERB_KEYS: Record<Verb, readonly string[]> = {
  ffa_lend: ['pages', 'to', 'access', 'clear', 'as'],
  ffa_share: ['pages', 'to', 'access', 'clear', 'as'],
  ffa_donate: ['pages', 'to', 'access', 'clear', 'as'],
  ffa_retrieve: ['handle', 'access', 'clear', 'clear_relinquish'],
  ffa_relinquish: ['handle', 'clear'],
  ffa_reclaim: ['handle', 'clear'],
  read: ['page', 'content'],
  write: ['page'],
};
const FFA_EXPECTS: readonly string[] = ['ok', 'error', ...FFA_ERRORS];
const ACCESS_EXPECTS: readonly string[] = ['ok', 'fault', 'abort'];
export const CONTENTS: readonly Content[] = ['zero', 'data', 'secret'];
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * `OK`, `Fault` and the FF-A codes without their prefix (`DENIED`, as the spec's tables write them)
 * mean what their canonical spelling means; anything else is left for the check to reject.
 */
function normalizeExpect(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.toLowerCase();
  if (['ok', 'error', 'fault', 'abort'].includes(lower)) return lower;
  const upper = value.toUpperCase();
  if ((FFA_ERRORS as readonly string[]).includes(upper)) return upper;
  if ((FFA_ERRORS as readonly string[]).includes(`FFA_${upper}`)) return `FFA_${upper}`;
  return value;
}

/** Reads and checks a scenario file. */
export function loadScenarioFile(path: string): Checked<Scenario> {
  const source = readSource(path);
  return source.ok ? checkScenario(source.value) : source;
}

/** Checks scenario text as if read from `file` (for tests and stdin). */
export function loadScenarioText(file: string, text: string): Checked<Scenario> {
  const source = parseSource(file, text);
  return source.ok ? checkScenario(source.value) : source;
}

/** Checks a parsed document against the scenario format. */
export function checkScenario(doc: SourceDocument): Checked<Scenario> {
  const errors: InputError[] = [];
  const data = doc.data;
  if (!isRecord(data)) return failure([doc.error([], 'a scenario must be a mapping with scenario, platform and steps')]);
  for (const key of Object.keys(data)) {
    if (!TOP_KEYS.includes(key)) errors.push(doc.error([key], `unknown key '${key}' (expected one of ${TOP_KEYS.join(', ')})`));
  }
  const name = data['scenario'];
  if (typeof name !== 'string' || name.length === 0) errors.push(doc.error(['scenario'], 'scenario: needs a name'));
  const platform = checkPlatform(doc, ['platform'], data['platform'], errors);
  const pageCount = pageRegions(platform).length;
  const endpoints = [NS, ...platform.endpoints];
  const stepsValue = data['steps'];
  const steps: ScenarioStep[] = [];
  if (!Array.isArray(stepsValue) || stepsValue.length === 0) {
    errors.push(doc.error(['steps'], 'steps: needs a non-empty list of steps'));
  } else {
    const ctx: StepContext = { doc, errors, endpoints, pageCount, handles: new Set() };
    stepsValue.forEach((raw: unknown, i) => {
      const step = checkStep(ctx, ['steps', i], raw, i + 1);
      if (step !== null) steps.push(step);
    });
  }
  if (errors.length > 0) return failure(errors);
  return success({ name: name as string, file: doc.file, platform, steps });
}

interface StepContext {
  readonly doc: SourceDocument;
  readonly errors: InputError[];
  readonly endpoints: readonly string[];
  readonly pageCount: number;
  /** Handle names bound by `as` in earlier steps. */
  readonly handles: Set<string>;
}

function checkStep(ctx: StepContext, path: DataPath, raw: unknown, index: number): ScenarioStep | null {
  const { doc, errors } = ctx;
  const before = errors.length;
  const err = (key: string | null, message: string) => errors.push(doc.error(key === null ? path : [...path, key], message));
  if (!isRecord(raw)) {
    err(null, 'a step must be a mapping like {by: ns, do: ffa_lend, pages: [0], to: [v1], expect: ok}');
    return null;
  }
  const verb = raw['do'];
  if (typeof verb !== 'string' || !(VERBS as readonly string[]).includes(verb)) {
    err('do', verb === undefined ? `missing do: (one of ${VERBS.join(', ')})` : `unknown verb '${String(verb)}' (expected one of ${VERBS.join(', ')})`);
    return null;
  }
  const v = verb as Verb;
  const allowed = [...COMMON_KEYS, ...VERB_KEYS[v]];
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) err(key, `unknown key '${key}' for ${v} (it takes ${allowed.join(', ')})`);
  }
  const by = raw['by'];
  if (by === undefined) err(null, 'missing by: (ns or a declared endpoint)');
  else if (typeof by !== 'string' || !ctx.endpoints.includes(by)) err('by', `unknown endpoint '${String(by)}' (declared: ${ctx.endpoints.join(', ')})`);
  const isAccess = (ACCESS_VERBS as readonly string[]).includes(v);
  const expectAllowed = isAccess ? ACCESS_EXPECTS : FFA_EXPECTS;
  const expect = normalizeExpect(raw['expect']);
  if (expect === undefined) err(null, `missing expect: (one of ${expectAllowed.join(', ')})`);
  else if (typeof expect !== 'string' || !expectAllowed.includes(expect)) {
    err('expect', `${v} cannot expect '${String(expect)}' (expected one of ${expectAllowed.join(', ')})`);
  }
  const base = { index, line: doc.locate(path).line, by: by as string, expect: expect as string };
  const bool = (key: string): boolean => {
    const value = raw[key];
    if (value === undefined) return false;
    if (typeof value !== 'boolean') err(key, `${key} must be true or false`);
    return value === true;
  };
  const access = (forSend: boolean): Access | undefined => {
    const value = raw['access'];
    if (value === undefined) return undefined;
    if (value === 'rw' || value === 'ro') return value;
    if (forSend && value === 'unspecified') return undefined;
    err('access', `access must be rw or ro${forSend ? ' (or unspecified)' : ''}`);
    return undefined;
  };
  let step: ScenarioStep;
  if ((SEND_VERBS as readonly string[]).includes(v)) {
    const pages = pageList(ctx, path, raw['pages']);
    const to = endpointList(ctx, path, raw['to']);
    // Linux always specifies data access on lend/share; a donate leaves it unspecified.
    const given = raw['access'];
    const acc = access(true) ?? (v !== 'ffa_donate' && given === undefined ? 'rw' : undefined);
    const as = raw['as'];
    if (as !== undefined && (typeof as !== 'string' || !NAME.test(as))) err('as', 'as: must be a handle name (an identifier)');
    step = { ...base, do: v as (typeof SEND_VERBS)[number], pages, to, access: acc, clear: bool('clear'), as: typeof as === 'string' ? as : null };
    if (typeof as === 'string') ctx.handles.add(as);
  } else if ((HANDLE_VERBS as readonly string[]).includes(v)) {
    const handle = handleRef(ctx, path, raw['handle']);
    step =
      v === 'ffa_retrieve'
        ? { ...base, do: v, handle, access: access(false), clear: bool('clear'), clearRelinquish: bool('clear_relinquish') }
        : { ...base, do: v as 'ffa_relinquish' | 'ffa_reclaim', handle, clear: bool('clear') };
  } else {
    const page = pageIndex(ctx, [...path, 'page'], raw['page'], 'page');
    const content = raw['content'];
    if (content !== undefined && !CONTENTS.includes(content as Content)) err('content', `content must be one of ${CONTENTS.join(', ')}`);
    step = { ...base, do: v as 'read' | 'write', page, content: content === undefined ? null : (content as Content) };
  }
  return errors.length === before ? step : null;
}

function pageList(ctx: StepContext, path: DataPath, value: unknown): number[] {
  if (value === undefined) {
    ctx.errors.push(ctx.doc.error(path, 'missing pages: (a list of page indices)'));
    return [];
  }
  // A single page may be written without brackets: `pages: 0`.
  if (typeof value === 'number') return [pageIndex(ctx, [...path, 'pages'], value, 'page index')];
  if (!Array.isArray(value)) {
    ctx.errors.push(ctx.doc.error([...path, 'pages'], 'pages must be a list of page indices, e.g. [0, 1]'));
    return [];
  }
  return value.map((p: unknown, i) => pageIndex(ctx, [...path, 'pages', i], p, 'page index'));
}

function pageIndex(ctx: StepContext, path: DataPath, value: unknown, what: string): number {
  if (value === undefined) {
    ctx.errors.push(ctx.doc.error(path, `missing ${what}`));
    return 0;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= ctx.pageCount) {
    const range = ctx.pageCount === 0 ? 'the platform has no pages' : `pages are 0 to ${ctx.pageCount - 1}`;
    ctx.errors.push(ctx.doc.error(path, `bad ${what} ${JSON.stringify(value)} (${range})`));
    return 0;
  }
  return value;
}

function endpointList(ctx: StepContext, path: DataPath, value: unknown): string[] {
  if (value === undefined) {
    ctx.errors.push(ctx.doc.error(path, 'missing to: (a list of receivers)'));
    return [];
  }
  // A single receiver may be written without brackets: `to: v1`.
  if (typeof value === 'string') return endpointList(ctx, path, [value]);
  if (!Array.isArray(value)) {
    ctx.errors.push(ctx.doc.error([...path, 'to'], 'to must be a list of endpoints, e.g. [v1]'));
    return [];
  }
  return value.map((name: unknown, i) => {
    if (typeof name !== 'string' || !ctx.endpoints.includes(name)) {
      ctx.errors.push(ctx.doc.error([...path, 'to', i], `unknown endpoint '${String(name)}' (declared: ${ctx.endpoints.join(', ')})`));
    }
    return String(name);
  });
}

function handleRef(ctx: StepContext, path: DataPath, value: unknown): HandleRef {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { value };
  if (typeof value === 'string' && ctx.handles.has(value)) return { name: value };
  const message =
    value === undefined
      ? 'missing handle: (a name bound by an earlier send with as:, or a handle number)'
      : typeof value === 'string'
        ? `unknown handle '${value}' (no earlier send binds it with as:)`
        : 'handle must be a handle name or a non-negative integer';
  ctx.errors.push(ctx.doc.error(value === undefined ? path : [...path, 'handle'], message));
  return { value: -1 };
}
