/**
 * Loads a design file (SPEC section 3, YAML or JSON) and compiles it to a Program. Every mistake
 * comes back as a located InputError (file:line:column, what was expected); nothing throws.
 *
 * Top-level keys: design (id, [a-z0-9-]+, required), title (default: the id), platform
 * (platform.ts), shared (buffer names every actor sees), variables ({name: initial}), procedures
 * ({name: [steps]}, steps.ts), actors ({name: [procedure names]}, required, non-empty),
 * environment (list of environment actors or `all`, default all), invariants (`all`, default,
 * or a list of ids).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, visit } from 'yaml';
import { ALL_ENV_ACTORS, ENV_ACTORS, type EnvActor } from '../../model/environment/actions.ts';
import { INVARIANT_IDS, type InvariantId } from '../../properties/invariant.ts';
import { failure, success, type Checked } from '../input/errors.ts';
import { parseSource, readSource, type DataPath, type SourceDocument } from '../input/source.ts';
import { SHUTDOWN_ACTOR, type Program } from './program.ts';
import { parseFailures } from './failures.ts';
import { compileActors, type ActorDef, type ProcedureDef } from './compile.ts';
import { checkKeys, describe, Diagnostics, expectedOneOf, has, isRecord, NAME_PATTERN, NAME_RULE, own } from './diagnostics.ts';
import { parsePlatform } from './platform.ts';
import { parseSteps, RESULT_VAR, type StepContext, type StepNode } from './steps.ts';

export const DESIGN_KEYS = ['design', 'title', 'platform', 'shared', 'variables', 'procedures', 'actors', 'environment', 'invariants', 'failures', 'shutdown'] as const;
export const DESIGN_ID_PATTERN = /^[a-z0-9-]+$/;

/** Reads `path` and compiles it. A missing file is an InputError too. */
export function loadDesignFile(path: string): Checked<Program> {
  return guarded(path, () => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // readSource words the error (no such file, permission denied, ...).
      const doc = readSource(path);
      return doc.ok ? compileDesign(doc.value) : failure(doc.errors);
    }
    const doc = parseText(path, text);
    return doc.ok ? compileDesign(doc.value) : failure(doc.errors);
  });
}

/** Compiles design text; `file` names it in errors and in the Program. */
export function loadDesignText(file: string, text: string): Checked<Program> {
  return guarded(file, () => {
    const doc = parseText(file, text);
    return doc.ok ? compileDesign(doc.value) : failure(doc.errors);
  });
}

/** Compiles an already parsed document. */
export function compileDesign(doc: SourceDocument): Checked<Program> {
  return guarded(doc.file, () => compileChecked(doc));
}

/**
 * parseSource, except that YAML which parses but cannot become data (an alias to an anchor that
 * does not exist yet, an alias bomb) throws there; here it is a located error like any other.
 */
function parseText(file: string, text: string): Checked<SourceDocument> {
  try {
    return parseSource(file, text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return failure([{ file, ...aliasPosition(text), message: `not valid YAML/JSON: ${reason}` }]);
  }
}

/** Where the first alias that names no earlier anchor is (or the start of the file). */
function aliasPosition(text: string): { line: number; column: number } {
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    let offset: number | null = null;
    visit(doc, {
      Alias(_, node) {
        if (node.resolve(doc) === undefined && node.range) {
          offset = node.range[0];
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (offset === null) return { line: 1, column: 1 };
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  } catch {
    return { line: 1, column: 1 };
  }
}

/** Last line of defence: a loader bug must still come back as a value, never as an exception. */
function guarded(file: string, load: () => Checked<Program>): Checked<Program> {
  try {
    return load();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return failure([{ file, line: 0, column: 0, message: `cannot load the design: ${message}` }]);
  }
}

function compileChecked(doc: SourceDocument): Checked<Program> {
  const d = new Diagnostics(doc);
  const data = doc.data;
  if (!isRecord(data)) {
    d.at([], `expected a design: a map with design, platform, procedures and actors (SPEC section 3), got ${describe(data)}`);
    return failure(d.report());
  }
  checkKeys(d, data, [], DESIGN_KEYS, 'the design');

  const design = designId(d, data);
  const title = designTitle(d, data, design);
  const platform = parsePlatform(d, own(data, 'platform'), ['platform']);
  const shared = nameList(d, data, 'shared', 'a buffer name');
  const variables = declaredVariables(d, data);
  const environment = parseEnvironment(d, data);
  const invariants = parseInvariants(d, data);

  const ctx: StepContext = { d, platform };
  const procedures = parseProcedures(ctx, data);
  const actors = parseActors(d, data, procedures);
  const failures = parseFailures(d, data);
  // kexec runs the shutdown procedures (none without the key) as more actors, after the design's.
  const shutdown = shutdownInstances(parseShutdown(d, data, procedures) ?? (environment.includes('kexec') ? [] : null), actors, shared);
  const firstShutdown = actors.length;
  actors.push(...shutdown);

  if (d.failed) return failure(d.report());
  const code = compileActors(d, { shared, variables, actors });
  if (d.failed) return failure(d.report());
  return success({
    design,
    title,
    file: doc.file,
    source: doc.text,
    platform,
    buffers: code.buffers,
    variables: code.variables,
    locks: code.locks,
    actors: code.actors,
    environment,
    invariants,
    failures,
    shutdownActors: shutdown.map((_, i) => firstShutdown + i),
  });
}

/**
 * `shutdown: [procedure, ...]`: what the driver's .shutdown callback runs before a kexec, compiled
 * as one more actor (named `shutdown`) that runs only when the kexec environment actor fires.
 */
function parseShutdown(d: Diagnostics, data: Record<string, unknown>, procedures: ReadonlyMap<string, ProcedureDef> | null): ProcedureDef[] | null {
  if (!has(data, 'shutdown')) return null;
  const value = own(data, 'shutdown');
  const list = typeof value === 'string' ? [value] : value;
  const known = procedures === null ? [] : [...procedures.keys()];
  if (!Array.isArray(list)) {
    d.at(['shutdown'], `shutdown: expected a list of procedure names (what the driver's .shutdown callback runs before a kexec), got ${describe(value)}`);
    return null;
  }
  const resolved: ProcedureDef[] = [];
  list.forEach((proc: unknown, i) => {
    const at: DataPath = typeof value === 'string' ? ['shutdown'] : ['shutdown', i];
    if (typeof proc !== 'string') {
      d.at(at, `shutdown: expected a procedure name, got ${describe(proc)}`);
      return;
    }
    if (procedures === null) return;
    const def = procedures.get(proc);
    if (def === undefined) d.at(at, `unknown procedure '${proc}' in shutdown ${expectedOneOf(proc, known, 'a procedure of procedures:')}`);
    else resolved.push(def);
  });
  return resolved;
}

/**
 * The shutdown actors: one, `shutdown`, when the procedures name no actor-local buffer (only
 * `shared` ones, or none); else one per design actor that uses one of the names, `shutdown.t1`,
 * ..., each with that actor's buffers (the callback tears down every open instance).
 */
function shutdownInstances(procedures: readonly ProcedureDef[] | null, actors: readonly ActorDef[], shared: readonly string[]): ActorDef[] {
  if (procedures === null) return [];
  const local = new Set<string>();
  for (const proc of procedures) collectBuffers(proc.steps, local);
  for (const name of shared) local.delete(name);
  if (local.size === 0) return [{ name: SHUTDOWN_ACTOR, procedures }];
  const users = actors.filter((actor) => {
    const used = new Set<string>();
    for (const proc of actor.procedures) collectBuffers(proc.steps, used);
    return [...local].some((name) => used.has(name));
  });
  if (users.length === 0) return [{ name: SHUTDOWN_ACTOR, procedures }];
  return users.map((actor) => ({ name: `${SHUTDOWN_ACTOR}.${actor.name}`, procedures, bufferScope: actor.name }));
}

/** Every buffer name the steps (with their handlers and branches) use. */
function collectBuffers(steps: readonly StepNode[], into: Set<string>): void {
  for (const step of steps) {
    if (step.kind === 'kernel') {
      into.add(step.buffer);
      if (step.onError !== null) collectBuffers(step.onError.steps, into);
    } else if (step.kind === 'if') {
      collectBuffers(step.then, into);
      collectBuffers(step.else, into);
    }
  }
}

function designId(d: Diagnostics, data: Record<string, unknown>): string {
  if (!has(data, 'design')) {
    d.at([], `missing 'design': the design's id (lowercase letters, digits and -), e.g. design: optee-protmem-unmap`);
    return '';
  }
  const id = own(data, 'design');
  if (typeof id !== 'string' || !DESIGN_ID_PATTERN.test(id)) {
    d.at(['design'], `design: expected an id of lowercase letters, digits and - (like optee-protmem-unmap), got ${describe(id)}`);
    return '';
  }
  return id;
}

function designTitle(d: Diagnostics, data: Record<string, unknown>, id: string): string {
  if (!has(data, 'title')) return id;
  const title = own(data, 'title');
  if (typeof title === 'string' && title.trim() !== '') return title;
  d.at(['title'], `title: expected a line of text, got ${describe(title)}`);
  return id;
}

/** A list of distinct names under `key` (absent = empty). */
function nameList(d: Diagnostics, data: Record<string, unknown>, key: string, what: string): string[] {
  if (!has(data, key)) return [];
  const value = own(data, key);
  if (!Array.isArray(value)) {
    d.at([key], `${key}: expected a list of names, e.g. [pool], got ${describe(value)}`);
    return [];
  }
  const names: string[] = [];
  value.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) d.at([key, i], `${key}: expected ${what} (${NAME_RULE}), got ${describe(name)}`);
    else if (names.includes(name)) d.at([key, i], `${key}: '${name}' is listed twice`);
    else names.push(name);
  });
  return names;
}

function declaredVariables(d: Diagnostics, data: Record<string, unknown>): { name: string; initial: number }[] {
  if (!has(data, 'variables')) return [];
  const value = own(data, 'variables');
  if (!isRecord(value)) {
    d.at(['variables'], `variables: expected a map of variable name to initial integer, e.g. {count: 0}, got ${describe(value)}`);
    return [];
  }
  const variables: { name: string; initial: number }[] = [];
  for (const [name, initial] of Object.entries(value)) {
    if (!NAME_PATTERN.test(name)) d.atKey(['variables'], name, `variables: expected a variable name (${NAME_RULE}), got '${name}'`);
    else if (name === RESULT_VAR) d.atKey(['variables'], name, `variables: '${RESULT_VAR}' is the last step's result; pick another name`);
    else if (typeof initial !== 'number' || !Number.isSafeInteger(initial)) d.at(['variables', name], `variables.${name}: expected an initial integer value, got ${describe(initial)}`);
    else variables.push({ name, initial });
  }
  return variables;
}

function parseEnvironment(d: Diagnostics, data: Record<string, unknown>): EnvActor[] {
  if (!has(data, 'environment')) return [...ENV_ACTORS];
  const value = own(data, 'environment');
  if (value === 'all') return [...ENV_ACTORS];
  if (!Array.isArray(value)) {
    d.at(['environment'], `environment: expected 'all' or a list of ${ENV_ACTORS.join(', ')} (may be empty), got ${describe(value)}`);
    return [...ENV_ACTORS];
  }
  const chosen = new Set<string>();
  value.forEach((name: unknown, i) => {
    if (typeof name !== 'string') d.at(['environment', i], `environment: expected one of ${ALL_ENV_ACTORS.join(', ')}, got ${describe(name)}`);
    else if (!(ALL_ENV_ACTORS as readonly string[]).includes(name)) d.at(['environment', i], `unknown environment actor '${name}' ${expectedOneOf(name, ALL_ENV_ACTORS)}`);
    else if (chosen.has(name)) d.at(['environment', i], `environment: '${name}' is listed twice`);
    else chosen.add(name);
  });
  return ALL_ENV_ACTORS.filter((a) => chosen.has(a));
}

function parseInvariants(d: Diagnostics, data: Record<string, unknown>): InvariantId[] {
  if (!has(data, 'invariants')) return [...INVARIANT_IDS];
  const value = own(data, 'invariants');
  if (value === 'all') return [...INVARIANT_IDS];
  if (!Array.isArray(value) || value.length === 0) {
    d.at(['invariants'], `invariants: expected 'all' or a non-empty list of invariant ids (${INVARIANT_IDS.join(', ')}), got ${describe(value)}`);
    return [...INVARIANT_IDS];
  }
  const chosen = new Set<string>();
  value.forEach((id: unknown, i) => {
    if (typeof id !== 'string') d.at(['invariants', i], `invariants: expected an invariant id, got ${describe(id)}`);
    else if (!(INVARIANT_IDS as readonly string[]).includes(id)) d.at(['invariants', i], `unknown invariant '${id}' ${expectedOneOf(id, INVARIANT_IDS)}`);
    else if (chosen.has(id)) d.at(['invariants', i], `invariants: '${id}' is listed twice`);
    else chosen.add(id);
  });
  return INVARIANT_IDS.filter((id) => chosen.has(id));
}

/** The procedures by name, or null when the block itself is missing or malformed. */
function parseProcedures(ctx: StepContext, data: Record<string, unknown>): Map<string, ProcedureDef> | null {
  const { d } = ctx;
  const procedures = new Map<string, ProcedureDef>();
  if (!has(data, 'procedures')) {
    d.at([], `missing 'procedures': a map of procedure name to a list of steps`);
    return null;
  }
  const value = own(data, 'procedures');
  if (!isRecord(value)) {
    d.at(['procedures'], `procedures: expected a map of procedure name to a list of steps, got ${describe(value)}`);
    return null;
  }
  for (const [name, steps] of Object.entries(value)) {
    const path: DataPath = ['procedures', name];
    if (!NAME_PATTERN.test(name)) d.atKey(['procedures'], name, `procedures: expected a procedure name (${NAME_RULE}), got '${name}'`);
    const parsed = parseSteps(ctx, steps, path, 0, false);
    procedures.set(name, { name, steps: parsed.steps });
  }
  return procedures;
}

function parseActors(d: Diagnostics, data: Record<string, unknown>, procedures: ReadonlyMap<string, ProcedureDef> | null): ActorDef[] {
  if (!has(data, 'actors')) {
    d.at([], `missing 'actors': a map of actor name to the list of procedures it runs, e.g. {t1: [alloc, release]}`);
    return [];
  }
  const value = own(data, 'actors');
  if (!isRecord(value) || Object.keys(value).length === 0) {
    d.at(['actors'], `actors: expected a non-empty map of actor name to a list of procedure names, e.g. {t1: [alloc, release]}, got ${isRecord(value) ? 'an empty map' : describe(value)}`);
    return [];
  }
  const known = procedures === null ? [] : [...procedures.keys()];
  const actors: ActorDef[] = [];
  for (const [name, list] of Object.entries(value)) {
    const path: DataPath = ['actors', name];
    if (!NAME_PATTERN.test(name)) {
      d.atKey(['actors'], name, `actors: expected an actor name (${NAME_RULE}), got '${name}'`);
      continue;
    }
    if ((ALL_ENV_ACTORS as readonly string[]).includes(name) || name === SHUTDOWN_ACTOR) {
      const why = name === SHUTDOWN_ACTOR ? `the name the design's shutdown procedures run under` : `an environment actor's name (${ALL_ENV_ACTORS.join(', ')})`;
      d.atKey(['actors'], name, `actors: '${name}' is ${why}; pick another name`);
      continue;
    }
    if (!Array.isArray(list) || list.length === 0) {
      d.at(path, `actors.${name}: expected a non-empty list of procedure names ${known.length > 0 ? `(from ${known.join(', ')})` : ''}, got ${Array.isArray(list) ? 'an empty list' : describe(list)}`);
      continue;
    }
    const resolved: ProcedureDef[] = [];
    list.forEach((proc: unknown, i) => {
      if (typeof proc !== 'string') {
        d.at([...path, i], `actors.${name}: expected a procedure name (actors run procedures; steps go in 'procedures'), got ${describe(proc)}`);
        return;
      }
      if (procedures === null) return; // already reported: no usable procedures block
      const def = procedures.get(proc);
      if (def === undefined) d.at([...path, i], `unknown procedure '${proc}' in actor '${name}' ${expectedOneOf(proc, known, 'a procedure of procedures:')}`);
      else resolved.push(def);
    });
    actors.push({ name, procedures: resolved });
  }
  return actors;
}
