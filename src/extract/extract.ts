/**
 * `lendcheck extract` as a library call (SPEC section 11): C files and actors in, design YAML out.
 * Every user mistake (a file that cannot be read, an actor function that is not defined, a needed
 * function that does not parse, a bad --map or --platform) comes back as a located InputError.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { failure, success, type Checked, type InputError } from '../input/errors.ts';
import { parseSource, readSource } from '../input/source.ts';
import { parseC } from './c-parser.ts';
import type { CallRule } from './call-table.ts';
import { emitDesign } from './emit-yaml.ts';
import { variablesRead, withoutUnreadFlags, type IRStep } from './ir.ts';
import { loadMapFile } from './map-file.ts';
import { recoverSource } from './recover.ts';
import { indexSources, type CFile } from './source-index.ts';
import { ExtractState } from './state.ts';
import { UnparsableFunction, Walker } from './walk.ts';

export interface ActorSpec {
  readonly name: string;
  readonly functions: readonly string[];
}

export interface ExtractOptions {
  readonly files: readonly string[];
  readonly actors: readonly ActorSpec[];
  /** A YAML/JSON file holding a platform block (or a whole design), or the block as inline JSON. */
  readonly platform?: string | undefined;
  readonly map?: string | undefined;
  /** Pages of an allocation whose size is not a constant (default 1). */
  readonly pages?: number | undefined;
}

export interface Extracted {
  readonly id: string;
  readonly yaml: string;
}

/** The platform when none is given: no hypervisor, Hafnium as SPMC, OP-TEE as the one endpoint. */
export const DEFAULT_ENDPOINT = 'optee';
export const MIN_REGION_PAGES = 4;

/** `t1=fn1,fn2` as an ActorSpec, or a message. */
export function parseActorFlag(text: string): ActorSpec | string {
  const m = /^([A-Za-z_][A-Za-z0-9_-]*)=([A-Za-z_]\w*(?:,[A-Za-z_]\w*)*)$/.exec(text.trim());
  if (m === null) return `--actor expects NAME=fn1,fn2 (an actor name, then the C functions it runs in order), got '${text}'`;
  return { name: m[1]!, functions: m[2]!.split(',') };
}

export async function extractDesign(options: ExtractOptions): Promise<Checked<Extracted>> {
  const errors: InputError[] = [];
  if (options.files.length === 0) return failure([{ file: '<command line>', line: 0, column: 0, message: 'extract needs at least one C file' }]);
  if (options.actors.length === 0) return failure([{ file: '<command line>', line: 0, column: 0, message: 'extract needs at least one --actor NAME=fn1,fn2' }]);

  const files: CFile[] = [];
  const texts = new Map<string, string>();
  const recoverNotes: string[] = [];
  for (const path of options.files) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push({ file: path, line: 0, column: 0, message: `cannot read: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}` });
      continue;
    }
    const recovered = recoverSource(text);
    const name = basename(path);
    for (const n of recovered.notes) recoverNotes.push(`${n.message} (${name}:${n.line})`);
    const tree = await parseC(recovered.text);
    files.push({ path, name, root: tree.rootNode });
    texts.set(path, text);
  }
  if (errors.length > 0) return failure(errors);

  let rules = new Map<string, CallRule>();
  if (options.map !== undefined) {
    const loaded = loadMapFile(options.map);
    if (!loaded.ok) return loaded;
    rules = loaded.value;
  }
  const platform = readPlatform(options.platform);
  if (!platform.ok) return platform;
  const given = platform.value;
  const endpoints = Array.isArray(given?.['endpoints']) ? (given['endpoints'] as unknown[]).filter((e): e is string => typeof e === 'string') : [DEFAULT_ENDPOINT];
  const devicesGiven = given?.['devices'];
  const devices = devicesGiven !== null && typeof devicesGiven === 'object' && !Array.isArray(devicesGiven) ? Object.keys(devicesGiven) : [];

  const index = indexSources(files);
  for (const actor of options.actors) {
    for (const fn of actor.functions) {
      if (index.functions.has(fn)) continue;
      errors.push(missingFunction(fn, options.files, texts));
    }
  }
  if (errors.length > 0) return failure(errors);

  const state = new ExtractState({ index, rules, pages: options.pages ?? 1, endpoints: endpoints.length > 0 ? endpoints : [DEFAULT_ENDPOINT], devices: devices.length > 0 ? devices : ['dev'] });
  const walker = new Walker(state);
  const procedures = new Map<string, IRStep[]>();
  try {
    for (const actor of options.actors) {
      for (const fn of actor.functions) {
        if (!procedures.has(fn)) procedures.set(fn, walker.procedure(index.functions.get(fn)!));
      }
    }
  } catch (e) {
    if (e instanceof UnparsableFunction) return failure([{ file: e.file, line: e.line, column: e.column, message: e.message }]);
    throw e;
  }

  // Stores to a field that only the allocation's own result check tests are not flags.
  const read = new Set<string>();
  for (const steps of procedures.values()) variablesRead(steps, read);
  for (const [fn, steps] of procedures) procedures.set(fn, withoutUnreadFlags(steps, read));
  const counters = new Set<string>();
  for (const steps of procedures.values()) collectCounters(steps, counters);
  const variables = [...state.variables].filter((v) => read.has(v) || counters.has(v));

  // A given platform is the user's: where it lacks the region the C allocates from, or a device
  // for its DMA mapping, extraction adapts the design (noted) rather than reject the C.
  let platformOut: Record<string, unknown> = given ?? defaultPlatform(state, options.actors, procedures);
  if (given !== null) {
    const declared = given['pages'] !== null && typeof given['pages'] === 'object' ? Object.keys(given['pages'] as object) : [];
    const missing = [...state.usedRegions].filter((r) => !declared.includes(r));
    if (missing.length > 0 && declared.length > 0) {
      const target = declared[0]!;
      for (const [fn, steps] of procedures) procedures.set(fn, mapSteps(steps, (st) => (st.kind === 'kernel' && missing.includes(String(st.args['region'])) ? { ...st, args: { ...st.args, region: target } } : st)));
      state.note(`the platform has no ${missing.join(', ')} pages: allocations from ${missing.length === 1 ? 'it' : 'them'} use ${target}`);
    }
    if (state.usesDevices && devices.length === 0 && devicesGiven === undefined) {
      platformOut = { ...given, devices: { dev: 'secure' } };
      state.note(`the platform declares no device: DMA mappings use 'dev' (secure stream)`);
    }
  }

  const header = [
    ...recoverNotes,
    ...state.notes,
    ...[...state.unknown].map(([name, at]) => `not modelled: ${name} (${at.file}:${at.line})`),
  ];
  const usesNosave = [...procedures.values()].some((steps) => someStep(steps, (s) => s.kind === 'kernel' && s.step === 'mark_nosave'));
  const environment = ['secure', 'cpu', ...(state.usesDevices ? ['devices'] : []), ...(usesNosave ? ['hibernate'] : [])];
  const yaml = emitDesign({
    id: designId(options.files[0]!),
    title: `extracted from ${files.map((f) => f.name).join(', ')}`,
    sources: files.map((f) => f.name),
    actorsLine: options.actors.map((a) => `${a.name} = ${a.functions.join(', ')}`),
    header,
    platform: platformOut,
    // A buffer allocated under a lock is a driver pool when a counter guards its creation (the
    // refcounted pool); without one, the lock only serialises per-open allocations.
    shared: counters.size > 0 ? state.buffers.filter((b) => b.shared).map((b) => b.name) : [],
    variables,
    procedures: [...procedures],
    actors: options.actors.map((a) => [a.name, a.functions] as const),
    environment,
  });
  return success({ id: designId(options.files[0]!), yaml });
}

/** The steps with `f` applied to every step, nested ones too. */
function mapSteps(steps: readonly IRStep[], f: (s: IRStep) => IRStep): IRStep[] {
  return steps.map((s0) => {
    const s = f(s0);
    if (s.kind === 'kernel') return { ...s, onError: s.onError === null ? null : mapSteps(s.onError, f) };
    if (s.kind === 'branch') return { ...s, then: mapSteps(s.then, f), else: mapSteps(s.else, f) };
    return s;
  });
}

/** Variables that set/inc/dec steps (other than dropped flag stores) write. */
function collectCounters(steps: readonly IRStep[], into: Set<string>): void {
  for (const s of steps) {
    if (s.kind === 'set') into.add(s.variable);
    else if (s.kind === 'control' && (s.step === 'inc' || s.step === 'dec')) into.add(s.name);
    else if (s.kind === 'kernel' && s.onError !== null) collectCounters(s.onError, into);
    else if (s.kind === 'branch') {
      collectCounters(s.then, into);
      collectCounters(s.else, into);
    }
  }
}

function someStep(steps: readonly IRStep[], test: (s: IRStep) => boolean): boolean {
  return steps.some((s) => test(s) || (s.kind === 'kernel' && s.onError !== null && someStep(s.onError, test)) || (s.kind === 'branch' && (someStep(s.then, test) || someStep(s.else, test))));
}

/**
 * Enough pages of each region the design allocates from for every actor to hold what it
 * allocates at once (at least MIN_REGION_PAGES), and a `secure` device when the C maps one.
 */
function defaultPlatform(state: ExtractState, actors: readonly ActorSpec[], procedures: ReadonlyMap<string, IRStep[]>): Record<string, unknown> {
  const perRegion = new Map<string, number>();
  const count = (steps: readonly IRStep[], into: Map<string, number>) => {
    for (const s of steps) {
      if (s.kind === 'kernel' && s.step === 'alloc' && typeof s.args['region'] === 'string') {
        into.set(s.args['region'], (into.get(s.args['region']) ?? 0) + (typeof s.args['pages'] === 'number' ? s.args['pages'] : 1));
      }
      if (s.kind === 'branch') {
        const a = new Map<string, number>();
        const b = new Map<string, number>();
        count(s.then, a);
        count(s.else, b);
        for (const r of new Set([...a.keys(), ...b.keys()])) into.set(r, (into.get(r) ?? 0) + Math.max(a.get(r) ?? 0, b.get(r) ?? 0));
      }
    }
  };
  for (const actor of actors) {
    const mine = new Map<string, number>();
    for (const fn of actor.functions) count(procedures.get(fn) ?? [], mine);
    for (const [r, n] of mine) perRegion.set(r, (perRegion.get(r) ?? 0) + n);
  }
  for (const r of state.usedRegions) if (!perRegion.has(r)) perRegion.set(r, 0);
  if (perRegion.size === 0) perRegion.set('cma', 0);
  const pages = Object.fromEntries([...perRegion].map(([r, n]) => [r, Math.max(MIN_REGION_PAGES, n)]));
  return {
    hypervisor: 'none',
    spmc: 'hafnium',
    pages,
    endpoints: [DEFAULT_ENDPOINT],
    ...(state.usesDevices ? { devices: { dev: 'secure' } } : {}),
  };
}

/** `--platform`: inline JSON, or a YAML/JSON file with a platform block (or a design holding one). */
function readPlatform(value: string | undefined): Checked<Record<string, unknown> | null> {
  if (value === undefined) return success(null);
  const inline = value.trim().startsWith('{');
  const doc = inline ? parseSource('--platform', value) : readSource(value);
  if (!doc.ok) return doc;
  const data = doc.value.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return failure([doc.value.error([], `--platform: expected a platform block such as {hypervisor: none, spmc: hafnium, pages: {cma: 4}, endpoints: [optee]}`)]);
  }
  const record = data as Record<string, unknown>;
  const inner = record['platform'];
  if (inner !== undefined) {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return failure([doc.value.error(['platform'], `platform: expected a map`)]);
    return success(inner as Record<string, unknown>);
  }
  return success(record);
}

/** Why an actor's function is not there: it does not parse (with its line), or it is not defined. */
function missingFunction(fn: string, paths: readonly string[], texts: ReadonlyMap<string, string>): InputError {
  for (const path of paths) {
    const text = texts.get(path) ?? '';
    const lines = text.split('\n');
    const i = lines.findIndex((l) => new RegExp(`\\b${fn}\\s*\\(`).test(l) && !/;\s*$/.test(l));
    if (i >= 0) return { file: path, line: i + 1, column: 1, message: `cannot parse the definition of ${fn}() (tree-sitter found no function here)` };
  }
  return { file: paths[0] ?? '<command line>', line: 0, column: 0, message: `function ${fn}() named by --actor is not defined in ${paths.join(', ')}` };
}

function designId(path: string): string {
  const id = basename(path).replace(/\.[ch]$/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return id === '' ? 'extracted' : id;
}
