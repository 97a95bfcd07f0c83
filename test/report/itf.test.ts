import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckReport, PageView, StateView, TraceStep } from '../../src/system/trace.ts';
import { ITF_FORMAT_DESCRIPTION, formatItf, parseItf, stateToItf, toItf, validateItf } from '../../src/report/itf.ts';
import { incompleteReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';

const statesOf = (r: CheckReport): StateView[] => [r.initial, ...(r.violation?.trace ?? []).map((s) => s.state)];

function roundTrip(report: CheckReport) {
  const parsed = parseItf(JSON.stringify(toItf(report)));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe('toItf', () => {
  it('writes the ITF header with the invariant', () => {
    const itf = toItf(twoStepViolation());
    expect(itf['#meta']).toMatchObject({
      format: 'ITF',
      'format-description': ITF_FORMAT_DESCRIPTION,
      source: 'designs/optee-protmem-merged.yaml',
      description: 'Created by lendcheck',
      invariant: 'no-ns-mapping-of-lent-memory',
    });
    expect(itf.vars).toContain('mbt::actionTaken');
    expect(itf.states).toHaveLength(3);
    expect(itf.states.map((s) => s['#meta'].index)).toEqual([0, 1, 2]);
  });

  it('records the action taken and the nondeterministic picks as Quint --mbt does', () => {
    const itf = toItf(reclaimDeniedViolation());
    expect(itf.states[0]!['mbt::actionTaken']).toBe('init');
    expect(itf.states[0]!['mbt::nondetPicks']).toMatchObject({ actor: { tag: 'None', value: { '#tup': [] } } });
    expect(itf.states[7]!['mbt::actionTaken']).toBe('ffa_retrieve');
    expect(itf.states[7]!['mbt::nondetPicks']).toEqual({
      actor: { tag: 'Some', value: 'secure' },
      endpoint: { tag: 'Some', value: 'optee' },
      handle: { tag: 'Some', value: { '#bigint': '0' } },
    });
    expect(itf.states[10]!['#meta']).toMatchObject({ index: 10, actor: 't2', step: 'free', result: 'ok' });
  });

  it('encodes integers as #bigint, sets, maps and Options', () => {
    const s = stateToItf(twoStepViolation().violation!.trace[1]!.state);
    expect((s['pages'] as { id: unknown }[])[0]!.id).toEqual({ '#bigint': '0' });
    expect(s['transactions']).toMatchObject({ '#map': [[{ '#bigint': '0' }, { pages: { '#set': [{ '#bigint': '0' }] } }]] });
    expect(s['buffers']).toEqual({ '#map': [['t1.buf', { pages: [{ '#bigint': '0' }], handle: { tag: 'Some', value: { '#bigint': '0' } } }]] });
  });

  it('has no bare JSON number in any state of the fixtures', () => {
    for (const r of [twoStepViolation(), reclaimDeniedViolation(), incompleteReport()]) {
      expect(validateItf(JSON.parse(formatItf(r)))).toEqual([]);
    }
  });

  it('round-trips the fixtures: toItf -> JSON text -> parseItf gives the same states', () => {
    for (const r of [twoStepViolation(), reclaimDeniedViolation(), incompleteReport()]) {
      const back = roundTrip(r);
      expect(back.states.map((s) => s.state)).toEqual(statesOf(r));
      expect(back.states.map((s) => s.actionTaken)).toEqual(['init', ...(r.violation?.trace ?? []).map((s) => s.step)]);
    }
  });
});

// --- random StateViews -------------------------------------------------------------------------

const name = fc.string({ minLength: 1, maxLength: 6 }).filter((s) => !s.startsWith('#') && s !== '__proto__');
const int = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
const page = (id: number): fc.Arbitrary<PageView> =>
  fc.record({
    id: fc.constant(id),
    region: fc.constantFrom('cma', 'system', 'carveout', 'device'),
    alloc: fc.constantFrom('free', 'allocated', 'leaked'),
    linear: fc.constantFrom('valid', 'invalid', 'absent'),
    tlbStale: fc.boolean(),
    vmap: fc.constantFrom('none', 'mapped', 'stale'),
    user: fc.boolean(),
    iommu: fc.uniqueArray(name, { maxLength: 3 }),
    stage2: fc.boolean(),
    secureProtected: fc.boolean(),
    content: fc.constantFrom('zero', 'data', 'secret'),
    cache: fc.constantFrom('clean', 'dirty'),
    owner: name,
    nosave: fc.boolean(),
    remap: fc.constantFrom('none', 'mapped', 'stale'),
    pooled: fc.boolean(),
  });
const stateView: fc.Arbitrary<StateView> = fc.record({
  pages: fc.nat(4).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => page(i)))),
  transactions: fc.uniqueArray(
    fc.record({
      handle: fc.nat(99),
      op: fc.constantFrom('lend', 'share', 'donate'),
      sender: name,
      receivers: fc.array(fc.record({ endpoint: name, access: fc.constantFrom('rw', 'ro'), retrieved: fc.boolean() }), { maxLength: 2 }),
      pages: fc.uniqueArray(fc.nat(8), { maxLength: 3 }),
      clear: fc.boolean(),
    }),
    { maxLength: 3, selector: (t) => t.handle },
  ),
  buffers: fc.dictionary(name, fc.record({ pages: fc.array(fc.nat(8), { maxLength: 3 }), handle: fc.option(fc.nat(99), { nil: null }) }), { maxKeys: 3 }),
  actors: fc.dictionary(name, name, { maxKeys: 3 }),
  variables: fc.dictionary(name, int, { maxKeys: 3 }),
  locks: fc.dictionary(name, fc.option(name, { nil: null }), { maxKeys: 2 }),
  hazards: fc.dictionary(name, fc.string(), { maxKeys: 2 }),
});

describe('ITF over random states', () => {
  it('round-trips any StateView and never writes a bare number in a state', () => {
    fc.assert(
      fc.property(stateView, fc.array(stateView, { maxLength: 3 }), fc.array(fc.dictionary(name, fc.oneof(int, name, fc.boolean())), { maxLength: 3 }), (initial, states, argss) => {
        const base = twoStepViolation();
        const trace: TraceStep[] = states.map((state, i) => ({
          actor: i % 2 === 0 ? 'cpu' : 't1',
          step: 'read',
          args: argss[i] ?? {},
          result: 'ok',
          changes: [],
          state,
        }));
        const report: CheckReport = { ...base, initial, violation: { ...base.violation!, trace, step: trace.length } };
        const text = formatItf(report);
        expect(validateItf(JSON.parse(text))).toEqual([]);
        const parsed = parseItf(text);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.value.states.map((s) => s.state)).toEqual(statesOf(report));
        parsed.value.states.slice(1).forEach((s, i) => {
          if (trace[i]!.actor === 'cpu') expect(s.nondetPicks).toEqual({ actor: 'cpu', ...trace[i]!.args });
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('validateItf and parseItf', () => {
  it('rejects a bare JSON number in a state, wherever it is', () => {
    const itf = JSON.parse(formatItf(twoStepViolation()));
    itf.states[1].pages[0].id = 0;
    itf.states[2].transactions['#map'][0][1].pages['#set'][0] = 0;
    expect(validateItf(itf)).toEqual([
      '$.states[1].pages[0].id: bare JSON number 0 (ITF integers are {"#bigint": "..."})',
      '$.states[2].transactions.#map[0][1].pages.#set[0]: bare JSON number 0 (ITF integers are {"#bigint": "..."})',
    ]);
    const parsed = parseItf(JSON.stringify(itf));
    expect(parsed.ok).toBe(false);
  });

  it('rejects malformed bigints, # fields and missing variables; accepts numbers in #meta', () => {
    const itf = JSON.parse(formatItf(twoStepViolation()));
    itf.states[0].variables = { '#bigint': '1.5' };
    itf.states[1].hazards = { '#weird': 'x' };
    delete itf.states[2].locks;
    expect(validateItf(itf)).toEqual([
      '$.states[0].variables: #bigint must be a string of decimal digits',
      '$.states[1].hazards.#weird: record fields must not start with #',
      '$.states[2]: missing variable locks',
    ]);
    expect(validateItf({ vars: [], states: [{ '#meta': { index: 0 } }] })).toEqual([]);
  });

  it('answers located errors for bad JSON and wrongly shaped values, without throwing', () => {
    const bad = parseItf('{"vars": [', 'x.itf.json');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]!.file).toBe('x.itf.json');
    const text = formatItf(twoStepViolation()).replace('"alloc": "free"', '"alloc": true');
    const wrong = parseItf(text, 'x.itf.json');
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.errors[0]!.message).toBe('expected a string');
      const line = text.split('\n').findIndex((l) => l.includes('"alloc": true')) + 1;
      expect(wrong.errors[0]!.line).toBe(line);
    }
  });
});
