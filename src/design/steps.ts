/**
 * One step of a procedure, checked against the step vocabulary (model/steps.ts) and the platform:
 * kernel steps (`free: buf` shorthand or `alloc: {buffer, region, pages}` long form, with
 * `on_error: [...]` and `retry: true`), and the control steps lock/unlock/set/inc/dec/if.
 * Names (buffers, variables, locks) stay names here; compile.ts resolves them per actor.
 */
import type { DataPath } from '../input/source.ts';
import type { KernelStepName } from '../../model/kernel/calls.ts';
import { NS, REGIONS, type Platform } from '../../model/platform.ts';
import { STEP_RESULTS } from '../../model/results.ts';
import { CONTROL_STEPS, KERNEL_STEPS, kernelStepSpec, type ArgSpec, type StepSpec } from '../../model/steps.ts';
import type { Comparison } from './program.ts';
import { checkKeys, describe, Diagnostics, expectedOneOf, has, isRecord, NAME_PATTERN, NAME_RULE, own, suggest } from './diagnostics.ts';

export interface KernelStepNode {
  readonly kind: 'kernel';
  readonly path: DataPath;
  readonly step: KernelStepName;
  readonly buffer: string;
  readonly bufferPath: DataPath;
  /** Every argument except the buffer, defaults filled in, in the step's argument order. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Buffer names among `fields` (pool_alloc's `pool`), which compile.ts resolves to ids. */
  readonly otherBuffers: readonly { readonly arg: string; readonly name: string; readonly path: DataPath }[];
  /** As written (the shorthand `free: buf` reads as `{buffer: buf}`). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly retry: boolean;
  readonly onError: Handler | null;
}

/** An `on_error` list: its steps, and whether it ends with `continue`. */
export interface Handler {
  readonly steps: readonly StepNode[];
  readonly continues: boolean;
}

export type ConditionNode =
  | { readonly kind: 'var'; readonly variable: string; readonly varPath: DataPath; readonly cmp: Comparison; readonly value: number }
  | { readonly kind: 'result'; readonly cmp: 'eq' | 'ne'; readonly value: string }
  | { readonly kind: 'inc_not_zero' | 'dec_and_test'; readonly variable: string; readonly varPath: DataPath };

export type StepNode =
  | KernelStepNode
  | { readonly kind: 'lock' | 'unlock'; readonly path: DataPath; readonly lock: string; readonly lockPath: DataPath }
  | { readonly kind: 'set'; readonly path: DataPath; readonly variable: string; readonly varPath: DataPath; readonly value: number }
  | { readonly kind: 'inc' | 'dec'; readonly path: DataPath; readonly variable: string; readonly varPath: DataPath }
  | {
      readonly kind: 'if';
      readonly path: DataPath;
      readonly cond: ConditionNode;
      readonly then: readonly StepNode[];
      readonly else: readonly StepNode[];
    };

export interface StepContext {
  readonly d: Diagnostics;
  readonly platform: Platform;
}

/** Keys a kernel step item may carry beside its step name. */
export const STEP_MODIFIERS = ['on_error', 'retry'] as const;
export const STEP_NAMES: readonly string[] = [...KERNEL_STEPS.map((s) => s.name), ...CONTROL_STEPS.map((s) => s.name)];
const COMPARISONS: readonly Comparison[] = ['eq', 'ne', 'gt', 'lt'];
const ACCESSES = ['rw', 'ro'] as const;
const MEMTYPES = ['wc', 'wb'] as const;
/** `if: {var: result, ...}` reads the last step's result; no variable may take the name. */
export const RESULT_VAR = 'result';
/** Deeper nesting of if/on_error than this is rejected (it also bounds recursion on YAML aliases). */
export const MAX_NESTING = 16;

/**
 * A list of steps at `path`. In an `on_error` list (`handler`), a last element `continue` is
 * allowed and reported in `continues`. Bad steps are reported and left out.
 */
export function parseSteps(ctx: StepContext, value: unknown, path: DataPath, depth: number, handler: boolean): Handler {
  const { d } = ctx;
  if (!Array.isArray(value)) {
    d.at(path, `expected a list of steps, e.g. [free: buf], got ${describe(value)}`);
    return { steps: [], continues: false };
  }
  if (depth > MAX_NESTING) {
    d.at(path, `steps nested too deeply (more than ${MAX_NESTING} levels of if/on_error)`);
    return { steps: [], continues: false };
  }
  const steps: StepNode[] = [];
  let continues = false;
  value.forEach((item: unknown, i) => {
    if (item === 'continue') {
      if (handler && i === value.length - 1) continues = true;
      else if (handler) d.at([...path, i], `'continue' must be the last step of an on_error list (it goes on with the step after the failed one)`);
      else d.at([...path, i], `'continue' is only allowed as the last step of an on_error list`);
      return;
    }
    const step = parseStep(ctx, item, [...path, i], depth);
    if (step !== null) steps.push(step);
  });
  return { steps, continues };
}

function parseStep(ctx: StepContext, item: unknown, path: DataPath, depth: number): StepNode | null {
  const { d } = ctx;
  if (typeof item === 'string') {
    const spec = kernelStepSpec(item);
    if (spec !== undefined) d.at(path, `step '${item}' needs arguments: write ${usage(spec)}`);
    else if (STEP_NAMES.includes(item)) d.at(path, `step '${item}' needs arguments: write ${controlUsage(item)}`);
    else d.at(path, `unknown step '${item}' ${expectedOneOf(item, STEP_NAMES)}`);
    return null;
  }
  if (!isRecord(item)) {
    d.at(path, `expected a step such as 'free: buf' or 'alloc: {buffer: buf, region: cma}', got ${describe(item)}`);
    return null;
  }
  const keys = Object.keys(item);
  const candidates = keys.filter((k) => !(STEP_MODIFIERS as readonly string[]).includes(k));
  const known = candidates.filter((k) => STEP_NAMES.includes(k));
  if (known.length > 1) {
    d.at(path, `one list item holds several steps (${known.join(', ')}); write each as its own '- ' item`);
    return null;
  }
  const name = known[0];
  for (const key of candidates) {
    if (key === name) continue;
    // A typo of on_error/retry is an unknown key; anything else is an unknown step, or a stray
    // argument when a step is there.
    if (name !== undefined || suggest(key, STEP_MODIFIERS) !== undefined) {
      const spec = name !== undefined ? kernelStepSpec(name) : undefined;
      const stray = spec?.args.some((a) => a.name === key) === true ? `; arguments go inside ${name}: {...}` : '';
      const hint = expectedOneOf(key, STEP_MODIFIERS);
      d.atKey(path, key, `unknown key '${key}' beside step${name !== undefined ? ` '${name}'` : ''} ${hint.slice(0, -1)}${stray})`);
    } else {
      d.atKey(path, key, `unknown step '${key}' ${expectedOneOf(key, STEP_NAMES)}`);
    }
  }
  if (name === undefined) {
    if (keys.length === 0) d.at(path, `expected a step such as 'free: buf', got an empty map`);
    else if (candidates.length === 0) d.at(path, `expected a step name beside ${keys.join(' and ')} (one of ${STEP_NAMES.join(', ')})`);
    return null;
  }
  const spec = kernelStepSpec(name);
  if (spec === undefined) {
    for (const modifier of STEP_MODIFIERS) {
      if (has(item, modifier)) d.atKey(path, modifier, `${modifier} applies to kernel steps only, not to '${name}'`);
    }
    return parseControl(ctx, name, own(item, name), path, depth);
  }
  return parseKernel(ctx, spec, item, path, depth);
}

function parseKernel(ctx: StepContext, spec: StepSpec, item: Record<string, unknown>, path: DataPath, depth: number): KernelStepNode | null {
  const { d } = ctx;
  const value = own(item, spec.name);
  const argsPath = [...path, spec.name];
  const required = spec.args.filter((a) => a.required).map((a) => a.name);
  let ok = true;
  let args: Record<string, unknown>;
  if (typeof value === 'string') {
    if (required.length !== 1 || required[0] !== 'buffer') {
      d.at(argsPath, `step '${spec.name}' needs ${required.filter((n) => n !== 'buffer').join(', ')} as well: write ${usage(spec)}`);
      ok = false;
    }
    args = { buffer: value };
  } else if (isRecord(value)) {
    // `retry`/`on_error` written inside the argument map mean what they mean beside it.
    const inside = STEP_MODIFIERS.filter((m) => has(value, m));
    if (inside.length > 0) {
      for (const m of inside) {
        if (has(item, m)) d.at([...argsPath, m], `'${m}' is given twice for '${spec.name}' (inside and beside its arguments)`);
      }
      item = { ...item, ...Object.fromEntries(inside.map((m) => [m, own(value, m)])) };
      args = Object.fromEntries(Object.entries(value).filter(([k]) => !(STEP_MODIFIERS as readonly string[]).includes(k)));
    } else {
      args = value;
    }
    checkKeys(d, args, argsPath, spec.args.map((a) => a.name), `the arguments of '${spec.name}'`);
  } else {
    d.at(argsPath, `step '${spec.name}': expected ${required.length === 1 ? 'a buffer name or ' : ''}a map of arguments, as in ${usage(spec)}, got ${describe(value)}`);
    return null;
  }
  const fields: Record<string, unknown> = {};
  const otherBuffers: { arg: string; name: string; path: DataPath }[] = [];
  let buffer = '';
  for (const arg of spec.args) {
    const argPath = typeof value === 'string' ? argsPath : [...argsPath, arg.name];
    if (!has(args, arg.name) || (args[arg.name] === null && !arg.required && arg.default === null)) {
      if (arg.required) {
        if (isRecord(value)) d.at(argsPath, `step '${spec.name}' is missing its argument '${arg.name}': expected ${expectation(ctx, arg)}`);
        ok = false;
      } else {
        fields[arg.name] = arg.default;
      }
      continue;
    }
    const checked = checkArg(ctx, spec.name, arg, args[arg.name], argPath);
    if (checked === undefined) ok = false;
    else if (arg.name === 'buffer') buffer = checked as string;
    else if (arg.kind === 'buffer') {
      // A second buffer (pool_alloc's `pool`): a name here, resolved per actor by compile.ts.
      fields[arg.name] = checked;
      otherBuffers.push({ arg: arg.name, name: checked as string, path: argPath });
    } else fields[arg.name] = checked;
  }
  let retry = false;
  if (has(item, 'retry')) {
    const r = own(item, 'retry');
    if (typeof r === 'boolean') retry = r;
    else {
      d.at([...path, 'retry'], `retry: expected true (repeat the step until it returns ok) or false, got ${describe(r)}`);
      ok = false;
    }
  }
  let onError: Handler | null = null;
  if (has(item, 'on_error')) {
    const handler = parseSteps(ctx, own(item, 'on_error'), [...path, 'on_error'], depth + 1, true);
    if (handler.steps.length > 0 || handler.continues) onError = handler;
    if (retry) {
      d.atKey(path, 'on_error', `'${spec.name}' has both retry: true and on_error; a retried step repeats until it returns ok, so on_error would never run`);
      ok = false;
    }
  }
  if (!ok) return null;
  return { kind: 'kernel', path, step: spec.name as KernelStepName, buffer, bufferPath: typeof value === 'string' ? argsPath : [...argsPath, 'buffer'], fields, otherBuffers, args: { ...args }, retry, onError };
}

/** The checked value of one argument, or undefined (and an error) when it is wrong. */
function checkArg(ctx: StepContext, step: string, arg: ArgSpec, value: unknown, path: DataPath): unknown {
  const { d, platform } = ctx;
  const wrong = () => {
    d.at(path, `${step}.${arg.name}: expected ${expectation(ctx, arg)}, got ${describe(value)}`);
    return undefined;
  };
  switch (arg.kind) {
    case 'buffer':
      return typeof value === 'string' && NAME_PATTERN.test(value) ? value : wrong();
    case 'count':
      return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : wrong();
    case 'bool':
      return typeof value === 'boolean' ? value : wrong();
    case 'memtype':
      if (typeof value !== 'string') return wrong();
      if ((MEMTYPES as readonly string[]).includes(value)) return value;
      d.at(path, `unknown memremap type '${value}' ${expectedOneOf(value, MEMTYPES)}`);
      return undefined;
    case 'access':
      if (typeof value !== 'string') return wrong();
      if ((ACCESSES as readonly string[]).includes(value)) return value;
      d.at(path, `unknown access '${value}' for ${step} ${expectedOneOf(value, ACCESSES)}`);
      return undefined;
    case 'region': {
      if (typeof value !== 'string') return wrong();
      if (!(REGIONS as readonly string[]).includes(value)) {
        d.at(path, `unknown region '${value}' ${expectedOneOf(value, REGIONS)}`);
        return undefined;
      }
      const declared = Object.keys(platform.pages);
      if (!declared.includes(value)) {
        d.at(path, `region '${value}' has no pages on this platform (platform.pages declares ${declared.join(', ') || 'none'}); add it to platform.pages`);
        return undefined;
      }
      return value;
    }
    case 'device': {
      if (typeof value !== 'string') return wrong();
      const devices = Object.keys(platform.devices);
      if (!devices.includes(value)) {
        d.at(path, `unknown device '${value}' ${devices.length === 0 ? '(platform.devices declares none)' : expectedOneOf(value, devices, 'a device of platform.devices:')}`);
        return undefined;
      }
      return value;
    }
    case 'endpoints': {
      const names = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(names)) return wrong();
      const receivers = [...platform.endpoints, NS];
      const result: string[] = [];
      let good = true;
      names.forEach((name: unknown, i) => {
        const at = typeof value === 'string' ? path : [...path, i];
        if (typeof name !== 'string') {
          d.at(at, `${step}.${arg.name}: expected an endpoint name, got ${describe(name)}`);
          good = false;
        } else if (!receivers.includes(name)) {
          d.at(at, `unknown endpoint '${name}' in ${step}.${arg.name} ${expectedOneOf(name, receivers)}`);
          good = false;
        } else {
          result.push(name);
        }
      });
      return good ? result : undefined;
    }
  }
}

function expectation(ctx: StepContext, arg: ArgSpec): string {
  switch (arg.kind) {
    case 'buffer':
      return `a buffer name (${NAME_RULE})`;
    case 'count':
      return 'a positive integer';
    case 'bool':
      return 'true or false';
    case 'access':
      return 'rw or ro';
    case 'memtype':
      return 'wc or wb';
    case 'region':
      return `a region with pages: one of ${Object.keys(ctx.platform.pages).join(', ') || REGIONS.join(', ')}`;
    case 'device':
      return `a device of platform.devices: ${Object.keys(ctx.platform.devices).join(', ') || 'none declared'}`;
    case 'endpoints':
      return `a list of endpoints from ${[...ctx.platform.endpoints, NS].join(', ')}`;
  }
}

/** How to write a kernel step, e.g. `alloc: {buffer: buf, region: cma, pages: 2}`. */
function usage(spec: StepSpec): string {
  const example: Record<string, string> = {
    buffer: 'buf',
    region: 'cma',
    pages: '2',
    to: '[optee]',
    access: 'rw',
    clear: 'true',
    device: 'vdec',
  };
  const required = spec.args.filter((a) => a.required);
  if (required.length === 1 && required[0]!.name === 'buffer') return `'${spec.name}: buf'`;
  return `'${spec.name}: {${required.map((a) => `${a.name}: ${example[a.name] ?? '...'}`).join(', ')}}'`;
}

function controlUsage(name: string): string {
  switch (name) {
    case 'lock':
    case 'unlock':
      return `'${name}: mutex_name'`;
    case 'set':
      return `'set: {var: count, value: 0}'`;
    case 'inc':
    case 'dec':
      return `'${name}: count'`;
    case 'inc_not_zero':
    case 'dec_and_test':
      return `'${name}: {var: count, then: [...], else: [...]}'`;
    default:
      return `'if: {var: count, eq: 0, then: [...], else: [...]}' or 'if: {result: FFA_DENIED, then: [...]}'`;
  }
}

function parseControl(ctx: StepContext, name: string, value: unknown, path: DataPath, depth: number): StepNode | null {
  const { d } = ctx;
  const at = [...path, name];
  switch (name) {
    case 'inc_not_zero':
    case 'dec_and_test':
      return parseAtomicTest(ctx, name, value, path, depth);
    case 'lock':
    case 'unlock':
      if (typeof value === 'string' && NAME_PATTERN.test(value)) return { kind: name, path, lock: value, lockPath: at };
      d.at(at, `${name}: expected a lock name (${NAME_RULE}), as in ${controlUsage(name)}, got ${describe(value)}`);
      return null;
    case 'inc':
    case 'dec': {
      let variable: unknown = value;
      let varPath = at;
      if (isRecord(value)) {
        checkKeys(d, value, at, ['var'], `'${name}'`);
        variable = own(value, 'var');
        varPath = [...at, 'var'];
      }
      const checked = variableName(ctx, name, variable, varPath);
      return checked === undefined ? null : { kind: name, path, variable: checked, varPath };
    }
    case 'set': {
      if (!isRecord(value)) {
        d.at(at, `set: expected {var: NAME, value: N}, got ${describe(value)}`);
        return null;
      }
      // `set: {refcount: 1}` is the short form of `set: {var: refcount, value: 1}`.
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] !== 'var' && keys[0] !== 'value') {
        const short = keys[0]!;
        const variable = variableName(ctx, name, short, at);
        const n = integer(own(value, short));
        if (n === undefined) d.at([...at, short], `set.${short}: expected an integer, got ${describe(own(value, short))}`);
        return variable === undefined || n === undefined ? null : { kind: 'set', path, variable, varPath: at, value: n };
      }
      checkKeys(d, value, at, ['var', 'value'], `'set'`);
      if (!has(value, 'var')) d.at(at, `set is missing 'var' (the variable to store to)`);
      if (!has(value, 'value')) d.at(at, `set is missing 'value' (an integer)`);
      if (!has(value, 'var') || !has(value, 'value')) return null;
      const variable = variableName(ctx, name, own(value, 'var'), [...at, 'var']);
      const v = own(value, 'value');
      const n = integer(v);
      if (n === undefined) d.at([...at, 'value'], `set.value: expected an integer, got ${describe(v)}`);
      return variable === undefined || n === undefined ? null : { kind: 'set', path, variable, varPath: [...at, 'var'], value: n };
    }
    default:
      return parseIf(ctx, value, path, depth);
  }
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

function variableName(ctx: StepContext, step: string, value: unknown, path: DataPath): string | undefined {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    ctx.d.at(path, `${step}: expected a variable name (${NAME_RULE}), got ${describe(value)}`);
    return undefined;
  }
  if (value === RESULT_VAR) {
    ctx.d.at(path, `${step}: '${RESULT_VAR}' is the last step's result, read-only; pick another variable name`);
    return undefined;
  }
  return value;
}

const IF_KEYS = ['var', 'result', ...COMPARISONS, 'then', 'else'];

function parseIf(ctx: StepContext, value: unknown, path: DataPath, depth: number): StepNode | null {
  const { d } = ctx;
  const at = [...path, 'if'];
  if (!isRecord(value)) {
    d.at(at, `if: expected {var: NAME, eq|ne|gt|lt: N, then: [...], else: [...]} or {result: CODE, then: [...], else: [...]}, got ${describe(value)}`);
    return null;
  }
  checkKeys(d, value, at, IF_KEYS, `'if'`);
  const cond = parseCondition(ctx, value, at);
  const branches = parseBranches(ctx, value, at, depth);
  return cond === null ? null : { kind: 'if', path, cond, ...branches };
}

/** The `then` and `else` step lists of a branch (each optional, empty when absent). */
function parseBranches(ctx: StepContext, value: Record<string, unknown>, at: DataPath, depth: number): { then: readonly StepNode[]; else: readonly StepNode[] } {
  const block = (key: 'then' | 'else'): readonly StepNode[] => {
    const v = own(value, key);
    return v === undefined || v === null ? [] : parseSteps(ctx, v, [...at, key], depth + 1, false).steps;
  };
  return { then: block('then'), else: block('else') };
}

/** `inc_not_zero: {var, then, else}` / `dec_and_test: ...` (or just the variable name): a branch on an atomic update. */
function parseAtomicTest(ctx: StepContext, name: 'inc_not_zero' | 'dec_and_test', value: unknown, path: DataPath, depth: number): StepNode | null {
  const at = [...path, name];
  const fields: Record<string, unknown> | null = typeof value === 'string' ? { var: value } : isRecord(value) ? value : null;
  if (fields === null) {
    ctx.d.at(at, `${name}: expected ${controlUsage(name)}, got ${describe(value)}`);
    return null;
  }
  checkKeys(ctx.d, fields, at, ['var', 'then', 'else'], `'${name}'`);
  if (!has(fields, 'var')) {
    ctx.d.at(at, `${name} is missing 'var' (the counter it updates)`);
    return null;
  }
  const varPath = typeof value === 'string' ? at : [...at, 'var'];
  const variable = variableName(ctx, name, own(fields, 'var'), varPath);
  const branches = parseBranches(ctx, fields, at, depth);
  if (variable === undefined) return null;
  return { kind: 'if', path, cond: { kind: name, variable, varPath }, ...branches };
}

function parseCondition(ctx: StepContext, value: Record<string, unknown>, at: DataPath): ConditionNode | null {
  const { d } = ctx;
  const cmps = COMPARISONS.filter((c) => has(value, c));
  const hasVar = has(value, 'var');
  const hasResult = has(value, 'result');
  if (hasVar && hasResult) {
    d.at(at, `if: give either 'var' or 'result', not both`);
    return null;
  }
  if (!hasVar && !hasResult) {
    d.at(at, `if without a condition: expected 'var: NAME' with one of eq, ne, gt, lt: N, or 'result: CODE' (ok or an error code)`);
    return null;
  }
  if (hasResult) {
    if (cmps.length > 0) {
      d.atKey(at, cmps[0]!, `if on result: write 'result: CODE' or 'result: {eq|ne: CODE}', not '${cmps[0]}' beside it`);
      return null;
    }
    const r = own(value, 'result');
    if (typeof r === 'string') {
      const code = resultCode(ctx, r, [...at, 'result']);
      return code === undefined ? null : { kind: 'result', cmp: 'eq', value: code };
    }
    if (isRecord(r)) {
      checkKeys(d, r, [...at, 'result'], ['eq', 'ne'], `'if: {result: ...}'`);
      const inner = (['eq', 'ne'] as const).filter((c) => has(r, c));
      if (inner.length !== 1) {
        d.at([...at, 'result'], `if on result: expected exactly one of eq, ne with a result code, e.g. {ne: ok}`);
        return null;
      }
      const cmp = inner[0]!;
      const code = resultCode(ctx, own(r, cmp), [...at, 'result', cmp]);
      return code === undefined ? null : { kind: 'result', cmp, value: code };
    }
    d.at([...at, 'result'], `if on result: expected a result code (ok or an error code) or {eq|ne: CODE}, got ${describe(r)}`);
    return null;
  }
  const variable = own(value, 'var');
  if (cmps.length !== 1) {
    d.at(at, `if on '${typeof variable === 'string' ? variable : 'var'}': expected exactly one comparison of eq, ne, gt, lt${cmps.length > 1 ? `, got ${cmps.join(' and ')}` : ''}`);
    return null;
  }
  const cmp = cmps[0]!;
  if (variable === RESULT_VAR) {
    if (cmp !== 'eq' && cmp !== 'ne') {
      d.atKey(at, cmp, `if on result: a result is compared with eq or ne, not ${cmp}`);
      return null;
    }
    const code = resultCode(ctx, own(value, cmp), [...at, cmp]);
    return code === undefined ? null : { kind: 'result', cmp, value: code };
  }
  const name = variableName(ctx, 'if', variable, [...at, 'var']);
  const n = integer(own(value, cmp));
  if (n === undefined) d.at([...at, cmp], `if.${cmp}: expected an integer to compare '${String(variable)}' with, got ${describe(own(value, cmp))}`);
  return name === undefined || n === undefined ? null : { kind: 'var', variable: name, varPath: [...at, 'var'], cmp, value: n };
}

function resultCode(ctx: StepContext, value: unknown, path: DataPath): string | undefined {
  if (typeof value === 'string' && (STEP_RESULTS as readonly string[]).includes(value)) return value;
  if (typeof value === 'string') ctx.d.at(path, `unknown result code '${value}' ${expectedOneOf(value, STEP_RESULTS)}`);
  else ctx.d.at(path, `expected a result code (ok or an error code such as FFA_DENIED), got ${describe(value)}`);
  return undefined;
}
