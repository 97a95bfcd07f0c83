/**
 * The JSON Schema (2020-12) of a design file, generated from the tables the loader checks against:
 * the top-level and platform keys (DESIGN_KEYS, PLATFORM_KEYS), the step vocabulary (KERNEL_STEPS
 * with each argument's kind, CONTROL_STEPS), the regions, hypervisors, SPMCs, environment actors,
 * invariant ids and result codes. A new entry in those tables reaches the schema through
 * `npm run schema` with no edit here, as long as its key, argument kind or argument name is one
 * this file knows (every key and step of SPEC sections 3 and 9 is); an unknown one makes the
 * generator throw, so the staleness test names it instead of the schema silently allowing anything.
 *
 * What a schema cannot say stays the loader's alone: cross-references (an actor's procedure must
 * exist, a step's region must have pages, its endpoint or device must be declared) and where
 * `continue` sits in an on_error list. Editors flag everything else as it is typed.
 */
import { ALL_ENV_ACTORS, ENV_ACTORS } from '../../model/environment/actions.ts';
import { HYPERVISORS, NS, REGIONS, SPMCS } from '../../model/platform.ts';
import { STEP_RESULTS } from '../../model/results.ts';
import { CONTROL_STEPS, KERNEL_STEPS, type ArgSpec, type StepSpec } from '../../model/steps.ts';
import { INVARIANT_IDS } from '../../properties/invariant.ts';
import { loadDesignText } from '../design/load.ts';
import { DESIGN_ID_PATTERN, DESIGN_KEYS } from '../design/load.ts';
import { MAX_PAGES_PER_REGION, PLATFORM_KEYS } from '../design/platform.ts';
import { NAME_PATTERN } from '../design/diagnostics.ts';
import { RESULT_VAR, STEP_MODIFIERS } from '../design/steps.ts';

export type Schema = { [key: string]: unknown };

/** What the design schema is generated from; `designVocabulary()` reads the loader's tables. */
export interface DesignVocabulary {
  readonly designKeys: readonly string[];
  readonly platformKeys: readonly string[];
  readonly kernelSteps: readonly StepSpec[];
  readonly controlSteps: readonly { readonly name: string; readonly models: string; readonly effect: string }[];
  readonly regions: readonly string[];
  readonly hypervisors: readonly string[];
  readonly spmcs: readonly string[];
  readonly environment: readonly string[];
  readonly invariants: readonly string[];
  readonly results: readonly string[];
  /** Whether the loader takes `devices: {name: {stream, bounce}}` (SPEC section 9). */
  readonly longFormDevices: boolean;
}

export function designVocabulary(): DesignVocabulary {
  return {
    designKeys: DESIGN_KEYS,
    platformKeys: PLATFORM_KEYS,
    kernelSteps: KERNEL_STEPS,
    controlSteps: CONTROL_STEPS,
    regions: REGIONS,
    hypervisors: HYPERVISORS,
    spmcs: SPMCS,
    environment: ALL_ENV_ACTORS,
    invariants: INVARIANT_IDS,
    results: STEP_RESULTS,
    longFormDevices: loaderTakesLongFormDevices(),
  };
}

/** The device long form is code, not a table, in the loader: ask the loader itself. */
function loaderTakesLongFormDevices(): boolean {
  const probe = [
    'design: probe',
    'platform: {pages: {cma: 1}, devices: {dev: {stream: normal, bounce: true}}}',
    'procedures: {p: [{alloc: {buffer: b, region: cma}}]}',
    'actors: {t: [p]}',
  ].join('\n');
  return loadDesignText('probe.yaml', probe).ok;
}

/** SPEC section 9: the kernel steps `failures:` may name (those the loader's table has). */
const FAILABLE_STEPS = ['alloc', 'unmap_linear', 'map_linear', 'iommu_map', 'memremap', 'pool_alloc', 'ffa_lend', 'ffa_share', 'ffa_donate', 'ffa_reclaim'];

const pattern = (re: RegExp): string => re.source;
const NAME: Schema = { type: 'string', pattern: pattern(NAME_PATTERN) };
const INTEGER: Schema = { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };
const POSITIVE: Schema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
const VARIABLE: Schema = { ...NAME, not: { const: RESULT_VAR }, description: `an integer variable ('${RESULT_VAR}' is the last step's result)` };
const enumOf = (values: readonly string[], description?: string): Schema => ({ enum: [...values], ...(description ? { description } : {}) });
const uniqueList = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, uniqueItems: true, ...extra });

export function designSchema(v: DesignVocabulary = designVocabulary()): Schema {
  const stepNames = [...v.kernelSteps.map((s) => s.name), ...v.controlSteps.map((s) => s.name)];
  const resultCode = enumOf(v.results, 'ok or an error code');
  const defs: Record<string, Schema> = {
    name: NAME,
    steps: { type: 'array', items: { $ref: '#/$defs/step' }, description: 'a list of steps' },
    branch: { anyOf: [{ $ref: '#/$defs/steps' }, { type: 'null' }] },
    handler: {
      type: 'array',
      items: { anyOf: [{ $ref: '#/$defs/step' }, { const: 'continue', description: 'as the last step: go on with the step after the failed one' }] },
      description: 'steps run when the step fails; the actor then ends unless the list ends with continue',
    },
    step: {
      description: `one step: ${stepNames.join(', ')}`,
      anyOf: stepNames.map((name) => ({ $ref: `#/$defs/step_${name}` })),
    },
  };
  for (const spec of v.kernelSteps) defs[`step_${spec.name}`] = kernelStep(spec, v);
  for (const spec of v.controlSteps) defs[`step_${spec.name}`] = controlStep(spec, resultCode);

  const platform = platformSchema(v);
  const topFragments: Record<string, Schema> = {
    design: { type: 'string', pattern: pattern(DESIGN_ID_PATTERN), description: "the design's id: lowercase letters, digits and -" },
    title: { type: 'string', pattern: '\\S', description: 'a line of text (default: the id)' },
    platform,
    shared: uniqueList(NAME, { description: 'buffer names every actor sees (others are actor-local)' }),
    variables: { type: 'object', propertyNames: VARIABLE, additionalProperties: INTEGER, description: 'integer variables and their initial values' },
    procedures: {
      type: 'object',
      propertyNames: NAME,
      additionalProperties: { $ref: '#/$defs/steps' },
      description: "the driver's procedures, each a list of kernel and control steps",
    },
    actors: {
      type: 'object',
      minProperties: 1,
      propertyNames: { ...NAME, not: enumOf(v.environment) },
      additionalProperties: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'the procedures the actor runs, in order' },
      description: 'concurrent kernel contexts and the procedures each runs',
    },
    environment: {
      anyOf: [{ const: 'all' }, uniqueList(enumOf(v.environment))],
      description: `environment actors (default all: ${ENV_ACTORS.join(', ')}; kexec and kdump only when listed)`,
    },
    invariants: {
      anyOf: [{ const: 'all' }, uniqueList(enumOf(v.invariants), { minItems: 1 })],
      description: 'the invariants to check (default all)',
    },
    failures: {
      type: 'object',
      propertyNames: enumOf(FAILABLE_STEPS.filter((s) => v.kernelSteps.some((k) => k.name === s))),
      additionalProperties: enumOf(v.results.filter((r) => r !== 'ok')),
      description: 'fault injection: each listed kernel step may also fail with that error (SPEC section 9)',
    },
    shutdown: { type: 'array', items: { type: 'string' }, description: "procedures the driver's .shutdown callback runs before a kexec" },
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'lendcheck design',
    description: 'A memory-ownership design checked by lendcheck (SPEC section 3). Generated by `npm run schema`; do not edit.',
    type: 'object',
    required: ['design', 'procedures', 'actors'],
    properties: Object.fromEntries(v.designKeys.map((key) => [key, known(topFragments, key, 'design key')])),
    additionalProperties: false,
    $defs: defs,
  };
}

function known(fragments: Record<string, Schema>, key: string, what: string): Schema {
  const fragment = fragments[key];
  if (fragment === undefined) throw new Error(`schema: no schema for the ${what} '${key}'; add one in src/schema/`);
  return fragment;
}

/** The `platform` block, as designs and scenarios write it (both go through parsePlatform). */
export function platformSchema(v: DesignVocabulary = designVocabulary()): Schema {
  const fragments = platformKeySchemas(v);
  return {
    type: 'object',
    description: 'the platform (SPEC section 2); every knob has a default',
    properties: Object.fromEntries(v.platformKeys.map((key) => [key, known(fragments, key, 'platform key')])),
    additionalProperties: false,
  };
}

function platformKeySchemas(v: DesignVocabulary): Record<string, Schema> {
  const trust = enumOf(['secure', 'normal'], 'secure: the stream is authorised for protected memory');
  const device = v.longFormDevices
    ? {
        anyOf: [
          trust,
          {
            type: 'object',
            properties: { stream: trust, bounce: { type: 'boolean', description: 'swiotlb bounce buffering (32-bit DMA mask)' } },
            additionalProperties: false,
          },
        ],
      }
    : trust;
  return {
    hypervisor: enumOf(v.hypervisors, 'the EL2 hypervisor proxying FF-A calls'),
    spmc: enumOf(v.spmcs, 'the secure partition manager core'),
    secure_protects_on_lend: { type: 'boolean' },
    secure_clears_on_relinquish: { type: 'boolean' },
    can_set_direct_map: { type: 'boolean', description: "arm64 can_set_direct_map(): false makes set_direct_map_* no-ops" },
    pages: {
      type: 'object',
      propertyNames: enumOf(v.regions),
      additionalProperties: { type: 'integer', minimum: 0, maximum: MAX_PAGES_PER_REGION },
      not: { additionalProperties: { const: 0 } },
      description: 'page counts per region; at least one page in some region',
    },
    endpoints: uniqueList({ ...NAME, not: { const: NS } }, { description: `secure endpoints (${NS}, the kernel, is always there)` }),
    devices: { type: 'object', propertyNames: NAME, additionalProperties: device, description: 'DMA devices by name' },
    carveout_owner: { ...NAME, description: `${NS} or a secure endpoint that owns the carveout region from boot` },
    firewall_granule: { ...POSITIVE, description: 'pages per granule the secure side protects as a whole' },
  };
}

/** How an argument is written, by kind, then (for kinds this file does not know) by name. */
function argSchema(arg: ArgSpec, v: DesignVocabulary): Schema {
  const byKind: Record<string, Schema> = {
    buffer: { ...NAME, description: 'a buffer name' },
    region: enumOf(v.regions, 'a region with pages on the platform'),
    count: POSITIVE,
    endpoints: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'receivers: declared endpoints' },
    access: enumOf(['rw', 'ro']),
    bool: { type: 'boolean' },
    device: { type: 'string', description: 'a device of platform.devices' },
  };
  const byName: Record<string, Schema> = {
    pool: { ...NAME, description: 'the buffer whose pages the pool hands out' },
    type: enumOf(['wc', 'wb'], 'memremap type'),
    align: POSITIVE,
    chunk: { ...POSITIVE, description: 'pages per transaction' },
    contiguous: { type: 'boolean' },
    pages: POSITIVE,
  };
  const schema = byKind[arg.kind] ?? byName[arg.name];
  if (schema === undefined) throw new Error(`schema: no schema for argument '${arg.name}' of kind '${arg.kind}'; add one in src/schema/design-schema.ts`);
  if (!arg.required && arg.default === null) return { anyOf: [schema, { type: 'null' }] };
  return arg.default === undefined || arg.default === null ? schema : { ...schema, default: arg.default };
}

function kernelStep(spec: StepSpec, v: DesignVocabulary): Schema {
  const modifiers: Record<string, Schema> = {
    on_error: { $ref: '#/$defs/handler' },
    retry: { type: 'boolean', description: 'repeat the step until it returns ok' },
  };
  for (const m of STEP_MODIFIERS) if (modifiers[m] === undefined) throw new Error(`schema: no schema for the step modifier '${m}'`);
  const args: Schema = {
    type: 'object',
    properties: { ...Object.fromEntries(spec.args.map((a) => [a.name, argSchema(a, v)])), ...modifiers },
    required: spec.args.filter((a) => a.required).map((a) => a.name),
    additionalProperties: false,
  };
  const required = spec.args.filter((a) => a.required);
  const shorthand = required.length === 1 && required[0]!.name === 'buffer';
  return {
    type: 'object',
    description: `${spec.models}: ${spec.effect}`,
    required: [spec.name],
    properties: { [spec.name]: shorthand ? { anyOf: [NAME, args] } : args, ...modifiers },
    additionalProperties: false,
    not: { required: ['retry', 'on_error'], properties: { retry: { const: true }, on_error: true } },
  };
}

function controlStep(spec: { readonly name: string; readonly models: string; readonly effect: string }, resultCode: Schema): Schema {
  const comparisons = ['eq', 'ne', 'gt', 'lt'];
  const branches = { then: { $ref: '#/$defs/branch' }, else: { $ref: '#/$defs/branch' } };
  const atomic: Schema = {
    anyOf: [
      VARIABLE,
      { type: 'object', required: ['var'], properties: { var: VARIABLE, ...branches }, additionalProperties: false },
    ],
  };
  const ifSchema: Schema = {
    anyOf: [
      {
        type: 'object',
        description: 'if: {var, eq|ne|gt|lt: N, then, else}',
        required: ['var'],
        properties: { var: VARIABLE, ...Object.fromEntries(comparisons.map((c) => [c, INTEGER])), ...branches },
        additionalProperties: false,
        oneOf: comparisons.map((c) => ({ required: [c], properties: { [c]: true } })),
      },
      {
        type: 'object',
        description: `if: {var: ${RESULT_VAR}, eq|ne: CODE, then, else}`,
        required: ['var'],
        properties: { var: { const: RESULT_VAR }, eq: resultCode, ne: resultCode, ...branches },
        additionalProperties: false,
        oneOf: [{ required: ['eq'], properties: { eq: true } }, { required: ['ne'], properties: { ne: true } }],
      },
      {
        type: 'object',
        description: 'if: {result: CODE | {eq|ne: CODE}, then, else}',
        required: ['result'],
        properties: {
          result: {
            anyOf: [
              resultCode,
              { type: 'object', properties: { eq: resultCode, ne: resultCode }, additionalProperties: false, minProperties: 1, maxProperties: 1 },
            ],
          },
          ...branches,
        },
        additionalProperties: false,
      },
    ],
  };
  const bodies: Record<string, Schema> = {
    lock: { ...NAME, description: 'a mutex name' },
    unlock: { ...NAME, description: 'a mutex name' },
    inc: { anyOf: [VARIABLE, { type: 'object', required: ['var'], properties: { var: VARIABLE }, additionalProperties: false }] },
    dec: { anyOf: [VARIABLE, { type: 'object', required: ['var'], properties: { var: VARIABLE }, additionalProperties: false }] },
    set: {
      anyOf: [
        { type: 'object', required: ['var', 'value'], properties: { var: VARIABLE, value: INTEGER }, additionalProperties: false },
        { type: 'object', minProperties: 1, maxProperties: 1, propertyNames: { ...VARIABLE, not: enumOf(['var', 'value', RESULT_VAR]) }, additionalProperties: INTEGER },
      ],
    },
    inc_not_zero: atomic,
    dec_and_test: atomic,
    if: ifSchema,
  };
  const body = bodies[spec.name];
  if (body === undefined) throw new Error(`schema: no schema for the control step '${spec.name}'; add one in src/schema/design-schema.ts`);
  return { type: 'object', description: `${spec.models}: ${spec.effect}`, required: [spec.name], properties: { [spec.name]: body }, additionalProperties: false };
}
