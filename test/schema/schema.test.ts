/**
 * schema/*.schema.json (SPEC section 12): generated from the loaders' tables (`npm run schema`),
 * valid JSON Schema 2020-12 (ajv, strict), and in agreement with the loaders on every shipped
 * design and scenario, every test fixture and every malformed case of test/schema/cases.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ArgSpec, StepSpec } from '../../model/steps.ts';
import { SCHEMA_FILES, schemaFiles } from '../../scripts/schema-files.ts';
import { loadDesignText } from '../../src/design/load.ts';
import { parseSource } from '../../src/input/source.ts';
import { loadScenarioText } from '../../src/scenario/index.ts';
import { designSchema, designVocabulary, type DesignVocabulary } from '../../src/schema/design-schema.ts';
import { GOOD_DESIGN, GOOD_SCENARIO, MALFORMED_DESIGNS, MALFORMED_SCENARIOS, type Case } from './cases.ts';

const repo = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');
const ajv = () => new Ajv2020({ strict: true, allErrors: true });
const validateDesign = ajv().compile(JSON.parse(read(SCHEMA_FILES.design)) as object);
const validateScenario = ajv().compile(JSON.parse(read(SCHEMA_FILES.scenario)) as object);

/** The document as the loader sees it, or null when it is not YAML at all (both then reject it). */
function data(text: string): { data: unknown } | null {
  const parsed = parseSource('x.yaml', text);
  return parsed.ok ? { data: parsed.value.data } : null;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(join(repo, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => join(dir, f))
    .sort();
}

const designs = yamlFiles('designs');
const scenarios = yamlFiles('scenarios');
const designFixtures = [...yamlFiles('test/design/fixtures'), ...yamlFiles('test/cli/fixtures').filter((f) => !f.includes('scenario'))];
const scenarioFixtures = yamlFiles('test/cli/fixtures').filter((f) => f.includes('scenario'));

it('schema/ is what `npm run schema` generates from the loaders now', () => {
  for (const [file, text] of Object.entries(schemaFiles())) expect(read(file), `run \`npm run schema\` and commit ${file}`).toBe(text);
});

describe('the design schema and the design loader agree', () => {
  it('on every shipped design: both accept it', () => {
    expect(designs.length).toBeGreaterThan(20);
    for (const file of designs) {
      const text = read(file);
      expect(loadDesignText(file, text).ok, file).toBe(true);
      expect(validateDesign(data(text)!.data), `${file}: ${JSON.stringify(validateDesign.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it('on every design fixture of the tests', () => {
    expect(designFixtures.length).toBeGreaterThan(3);
    for (const file of designFixtures) {
      const text = read(file);
      const parsed = data(text);
      expect(parsed === null ? false : validateDesign(parsed.data), file).toBe(loadDesignText(file, text).ok);
    }
  });

  it('on the base of the malformed cases: both accept it', () => {
    const text = GOOD_DESIGN.join('\n');
    expect(loadDesignText('good.yaml', text).ok).toBe(true);
    expect(validateDesign(data(text)!.data)).toBe(true);
  });

  for (const c of MALFORMED_DESIGNS) {
    it(`on a malformed design: ${c.name}`, () => agree(c, (f, t) => loadDesignText(f, t).ok, validateDesign));
  }
});

describe('the scenario schema and the scenario loader agree', () => {
  it('on every shipped scenario: both accept it', () => {
    expect(scenarios.length).toBeGreaterThan(100);
    for (const file of scenarios) {
      const text = read(file);
      expect(loadScenarioText(file, text).ok, file).toBe(true);
      expect(validateScenario(data(text)!.data), `${file}: ${JSON.stringify(validateScenario.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it('on the scenario fixture of the CLI tests (an undeclared endpoint: the loader alone rejects it)', () => {
    expect(scenarioFixtures).toEqual(['test/cli/fixtures/bad-scenario.yaml']);
    agree({ name: 'bad-scenario', text: read(scenarioFixtures[0]!), loaderOnly: 'an undeclared endpoint' }, (f, t) => loadScenarioText(f, t).ok, validateScenario);
  });

  it('on the base of the malformed cases, and on OK, Fault and DENIED spelt as the FF-A tables do', () => {
    for (const step of ['{by: ns, do: ffa_lend, pages: [0], to: [v1], expect: ok}', '{by: ns, do: ffa_lend, pages: 0, to: v1, expect: OK}', '{by: ns, do: read, page: 0, expect: Fault}', '{by: ns, do: ffa_reclaim, handle: 3, expect: DENIED}']) {
      const text = `${GOOD_SCENARIO}  - ${step}\n`;
      expect(loadScenarioText('good.yaml', text).ok, step).toBe(true);
      expect(validateScenario(data(text)!.data), step).toBe(true);
    }
  });

  for (const c of MALFORMED_SCENARIOS) {
    it(`on a malformed scenario: ${c.name}`, () => agree(c, (f, t) => loadScenarioText(f, t).ok, validateScenario));
  }
});

/** The loader rejects the case; the schema does too, unless only the loader can see the mistake. */
function agree(c: Case, load: (file: string, text: string) => boolean, validate: (data: unknown) => boolean): void {
  expect(load('bad.yaml', c.text), 'the loader rejects it').toBe(false);
  const parsed = data(c.text);
  if (parsed === null) return;
  expect(validate(parsed.data), c.loaderOnly === undefined ? 'the schema rejects it' : `the schema cannot see ${c.loaderOnly}`).toBe(c.loaderOnly !== undefined);
}

it('every shipped design and scenario names its schema for editors on its first line', () => {
  for (const file of [...designs, ...scenarios]) {
    const schema = relative(join(repo, file, '..'), join(repo, file.startsWith('designs') ? SCHEMA_FILES.design : SCHEMA_FILES.scenario));
    expect(read(file).split('\n')[0], file).toBe(`# yaml-language-server: $schema=${schema}`);
  }
});

describe('the generator takes new table entries without edits (SPEC section 9 as the tables will hold it)', () => {
  const base = designVocabulary();
  const arg = (name: string, kind: string, required = false, def?: unknown) => ({ name, kind, required, ...(def === undefined ? {} : { default: def }) }) as unknown as ArgSpec;
  const buffer = arg('buffer', 'buffer', true);
  const step = (name: string, ...args: ArgSpec[]): StepSpec => ({ name, models: name, effect: name, args: [buffer, ...args] });
  const withArgs = (s: StepSpec, ...args: ArgSpec[]): StepSpec => ({ ...s, args: [...s.args, ...args] });
  const extended: DesignVocabulary = {
    ...base,
    designKeys: [...base.designKeys, 'failures', 'shutdown'],
    platformKeys: [...base.platformKeys, 'carveout_owner', 'firewall_granule'],
    kernelSteps: [
      ...base.kernelSteps.map((s) =>
        s.name === 'alloc' ? withArgs(s, arg('contiguous', 'bool', false, true), arg('align', 'count')) : s.name === 'ffa_lend' || s.name === 'ffa_share' ? withArgs(s, arg('chunk', 'count')) : s,
      ),
      step('memremap', arg('type', 'memtype', true)),
      step('memunmap'),
      step('pool_alloc', arg('pool', 'pool', true), arg('pages', 'count', false, 1)),
      step('pool_free'),
    ],
    environment: [...base.environment, 'kexec', 'kdump'],
    invariants: [...base.invariants, 'no-use-after-free', 'no-collateral-protection', 'no-deadlock'],
    longFormDevices: true,
  };
  const validate = ajv().compile(designSchema(extended));
  const v01 = {
    design: 'v01-static-carveout-wc-alias',
    platform: { hypervisor: 'none', spmc: 'hafnium', pages: { carveout: 2 }, endpoints: ['optee'], carveout_owner: 'optee', firewall_granule: 2, devices: { gpu: { stream: 'normal', bounce: true }, vdec: 'secure' } },
    failures: { ffa_lend: 'FFA_NO_MEMORY', pool_alloc: 'ENOMEM' },
    shutdown: ['teardown'],
    procedures: {
      probe: [
        { alloc: { buffer: 'pool', region: 'carveout', pages: 2, contiguous: false, align: 2 } },
        { memremap: { buffer: 'pool', type: 'wc' } },
        { pool_alloc: { buffer: 'buf', pool: 'pool', pages: 1 } },
        { ffa_lend: { buffer: 'buf', to: ['optee'], chunk: 1 }, on_error: [{ pool_free: 'buf' }] },
      ],
      teardown: [{ memunmap: 'pool' }],
    },
    actors: { t1: ['probe'] },
    environment: ['cpu', 'kexec', 'kdump'],
    invariants: ['no-use-after-free', 'no-collateral-protection', 'no-deadlock'],
  };

  it('accepts a design with every new key, step, argument, actor and invariant', () => {
    expect(validate(v01), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('rejects a mistake in each', () => {
    const broken: [string, (d: any) => void][] = [
      ['memremap type', (d) => (d.procedures.probe[1].memremap.type = 'uc')],
      ['pool_alloc without pool', (d) => delete d.procedures.probe[2].pool_alloc.pool],
      ['chunk 0', (d) => (d.procedures.probe[3].ffa_lend.chunk = 0)],
      ['a failure on a step that cannot fail', (d) => (d.failures = { free: 'ENOMEM' })],
      ['a failure with ok', (d) => (d.failures = { alloc: 'ok' })],
      ['a device stream', (d) => (d.platform.devices.gpu.stream = 'trusted')],
      ['firewall_granule 0', (d) => (d.platform.firewall_granule = 0)],
      ['an unknown environment actor', (d) => (d.environment = ['kexek'])],
    ];
    for (const [name, edit] of broken) {
      const d = structuredClone(v01);
      edit(d);
      expect(validate(d), name).toBe(false);
    }
  });

  it('throws, naming it, on an argument it has no schema for', () => {
    const unknown: DesignVocabulary = { ...base, kernelSteps: [...base.kernelSteps, step('frobnicate', arg('knob', 'knob', true))] };
    expect(() => designSchema(unknown)).toThrow(/argument 'knob' of kind 'knob'/);
  });
});
