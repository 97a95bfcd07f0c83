/**
 * Malformed scenarios: every mistake comes back as a located error (file, line), never an exception.
 */
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/input/errors.ts';
import { executeScenario, formatScenarioRun, loadScenarioFile, loadScenarioText, runScenario } from '../../src/scenario/index.ts';

const HEAD = 'scenario: t\nplatform: {spmc: hafnium, pages: {system: 2}, endpoints: [v1, v2]}\nsteps:\n';

/** Loads HEAD + `steps` and returns the single error, formatted. */
function errorsOf(text: string): string[] {
  const loaded = loadScenarioText('bad.yaml', text);
  expect(loaded.ok).toBe(false);
  return loaded.ok ? [] : loaded.errors.map(formatInputError);
}

describe('loading', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown verb', '  - {by: ns, do: ffa_borrow, pages: [0], expect: ok}\n', /^bad\.yaml:4:\d+: unknown verb 'ffa_borrow'/],
    ['unknown key', '  - {by: ns, do: ffa_lend, pages: [0], to: [v1], colour: red, expect: ok}\n', /^bad\.yaml:4:\d+: unknown key 'colour' for ffa_lend/],
    ['unknown endpoint in by', '  - {by: v9, do: read, page: 0, expect: ok}\n', /^bad\.yaml:4:\d+: unknown endpoint 'v9'/],
    ['unknown endpoint in to', '  - {by: ns, do: ffa_lend, pages: [0], to: [v1, v7], expect: ok}\n', /^bad\.yaml:4:\d+: unknown endpoint 'v7'/],
    ['unknown handle name', '  - {by: v1, do: ffa_retrieve, handle: h1, expect: ok}\n', /^bad\.yaml:4:\d+: unknown handle 'h1'/],
    ['bad page index', '  - {by: ns, do: ffa_lend, pages: [0, 2], to: [v1], expect: ok}\n', /^bad\.yaml:4:\d+: bad page index 2 \(pages are 0 to 1\)/],
    ['bad page for read', '  - {by: ns, do: read, page: -1, expect: ok}\n', /^bad\.yaml:4:\d+: bad page -1/],
    ['FF-A code on a read', '  - {by: ns, do: read, page: 0, expect: FFA_DENIED}\n', /^bad\.yaml:4:\d+: read cannot expect 'FFA_DENIED'/],
    ['fault on a send', '  - {by: ns, do: ffa_lend, pages: [0], to: [v1], expect: fault}\n', /^bad\.yaml:4:\d+: ffa_lend cannot expect 'fault'/],
    ['unknown error code', '  - {by: ns, do: ffa_lend, pages: [0], to: [v1], expect: FFA_NOPE}\n', /cannot expect 'FFA_NOPE'/],
    ['missing expect', '  - {by: ns, do: ffa_lend, pages: [0], to: [v1]}\n', /^bad\.yaml:4:\d+: missing expect/],
    ['missing do', '  - {by: ns, expect: ok}\n', /^bad\.yaml:4:\d+: missing do/],
    ['bad access', '  - {by: ns, do: ffa_lend, pages: [0], to: [v1], access: wx, expect: ok}\n', /^bad\.yaml:4:\d+: access must be rw or ro/],
    ['clear not a bool', '  - {by: ns, do: ffa_lend, pages: [0], to: [v1], clear: yes, expect: ok}\n', /clear must be true or false/],
    ['as on a retrieve', '  - {by: ns, do: ffa_lend, pages: [0], to: [v1], as: h1, expect: ok}\n  - {by: v1, do: ffa_retrieve, handle: h1, as: h2, expect: ok}\n', /^bad\.yaml:5:\d+: unknown key 'as' for ffa_retrieve/],
    ['content on a write', '  - {by: ns, do: write, page: 0, content: zero, expect: ok}\n', /unknown key 'content' for write/],
    ['step not a mapping', '  - lend everything\n', /^bad\.yaml:4:\d+: a step must be a mapping/],
  ];
  for (const [name, steps, pattern] of cases) {
    it(name, () => expect(errorsOf(HEAD + steps)[0]).toMatch(pattern));
  }

  it('a handle is usable only after the step that binds it', () => {
    const errors = errorsOf(HEAD + '  - {by: v1, do: ffa_retrieve, handle: h1, expect: ok}\n  - {by: ns, do: ffa_lend, pages: [0], to: [v1], as: h1, expect: ok}\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^bad\.yaml:4:/);
  });

  it('reports every error, each on its own line', () => {
    const errors = errorsOf(HEAD + '  - {by: v9, do: read, page: 0, expect: ok}\n  - {by: ns, do: nope, expect: ok}\n  - {by: ns, do: read, page: 5, expect: ok}\n');
    expect(errors.map((e) => e.split(':')[1])).toEqual(['4', '5', '6']);
  });

  const platformCases: [string, string, RegExp][] = [
    ['unknown knob', 'scenario: t\nplatform: {spmc: hafnium, tz: on}\nsteps:\n  - {by: ns, do: read, page: 0, expect: ok}\n', /^bad\.yaml:2:\d+: unknown key 'tz' in platform/],
    ['bad spmc', 'scenario: t\nplatform:\n  spmc: optee\nsteps:\n  - {by: ns, do: read, page: 0, expect: ok}\n', /^bad\.yaml:3:\d+: unknown spmc 'optee' \(expected one of hafnium, el3, trusting\)/],
    ['ns as a secure endpoint', 'scenario: t\nplatform: {endpoints: [ns, v1]}\nsteps:\n  - {by: ns, do: read, page: 0, expect: ok}\n', /^bad\.yaml:2:\d+: platform\.endpoints: .*ns/],
    ['unknown region', 'scenario: t\nplatform: {pages: {highmem: 2}}\nsteps:\n  - {by: ns, do: read, page: 0, expect: ok}\n', /unknown region 'highmem'/],
    ['unknown top-level key', 'scenario: t\nstep: [{by: ns, do: read, page: 0, expect: ok}]\n', /^bad\.yaml:2:\d+: unknown key 'step'/],
    ['no steps', 'scenario: t\nsteps: []\n', /^bad\.yaml:2:\d+: steps: needs a non-empty list/],
    ['no name', 'platform: {}\nsteps:\n  - {by: ns, do: read, page: 0, expect: ok}\n', /scenario: needs a name/],
    ['not YAML', 'scenario: t\nsteps: [\n', /^bad\.yaml:\d+:\d+: not valid YAML/],
    ['not a mapping', '- 1\n- 2\n', /a scenario must be a mapping/],
    ['empty file', '', /a scenario must be a mapping/],
  ];
  for (const [name, text, pattern] of platformCases) {
    it(name, () => expect(errorsOf(text)[0]).toMatch(pattern));
  }

  it('a missing file is an error, not an exception', () => {
    const loaded = loadScenarioFile('/nonexistent/scenario.yaml');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(formatInputError(loaded.errors[0]!)).toMatch(/scenario\.yaml: cannot read: no such file/);
  });

  it('omitted platform knobs take the defaults', () => {
    const loaded = loadScenarioText('ok.yaml', 'scenario: t\nsteps:\n  - {by: ns, do: ffa_lend, pages: [3], to: [optee], expect: ok}\n');
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.value.platform).toMatchObject({ hypervisor: 'none', spmc: 'hafnium', pages: { cma: 4 }, endpoints: ['optee'] });
  });
});

describe('running', () => {
  const text =
    HEAD +
    '  - {by: ns, do: ffa_lend, pages: [0], to: [v1], as: h1, expect: ok}\n' +
    '  - {by: v1, do: ffa_retrieve, handle: h1, expect: error}\n' +
    '  - {by: v1, do: write, page: 0, expect: ok}\n' +
    '  - {by: ns, do: ffa_reclaim, handle: h1, expect: FFA_DENIED}\n' +
    '  - {by: ns, do: read, page: 0, content: zero, expect: ok}\n';

  it('reports exactly the --json shape, with mismatches and broken invariants', () => {
    const loaded = loadScenarioText('run.yaml', text);
    if (!loaded.ok) return expect.fail(loaded.errors.map(formatInputError).join('\n'));
    const report = runScenario(loaded.value);
    expect(Object.keys(report)).toEqual(['scenario', 'ok', 'steps', 'violations']);
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => Object.keys(s))).toEqual(Array(5).fill(['index', 'by', 'do', 'result', 'expect', 'match']));
    expect(report.steps.map((s) => [s.index, s.result, s.match])).toEqual([
      [1, 'ok', true],
      [2, 'ok', false],
      [3, 'ok', true],
      [4, 'FFA_DENIED', true],
      [5, 'abort', false],
    ]);
    expect(report.violations).toContain('no-ns-mapping-of-lent-memory');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('`error` matches any FF-A error and nothing else', () => {
    const loaded = loadScenarioText('e.yaml', HEAD + '  - {by: ns, do: ffa_lend, pages: [0], to: [ns], expect: error}\n  - {by: ns, do: ffa_lend, pages: [0], to: [v1], expect: error}\n');
    if (!loaded.ok) return expect.fail('did not load');
    expect(runScenario(loaded.value).steps.map((s) => s.match)).toEqual([true, false]);
  });

  it('a content mismatch fails the read and says what was seen', () => {
    const loaded = loadScenarioText('c.yaml', HEAD + '  - {by: ns, do: write, page: 1, expect: ok}\n  - {by: ns, do: read, page: 1, content: zero, expect: ok}\n');
    if (!loaded.ok) return expect.fail('did not load');
    const run = executeScenario(loaded.value);
    expect(run.report.steps[1]).toMatchObject({ result: 'ok', match: false });
    const text = formatScenarioRun(run);
    expect(text).toContain('(content data)  expected ok with content zero');
    expect(text).toContain('FAIL: 1 of 2 steps not as expected');
  });

  it('a failed send binds its name to no transaction', () => {
    const loaded = loadScenarioText('f.yaml', HEAD + '  - {by: ns, do: ffa_lend, pages: [0], to: [ns], as: h1, expect: error}\n  - {by: ns, do: ffa_reclaim, handle: h1, expect: FFA_INVALID_PARAMETERS}\n');
    if (!loaded.ok) return expect.fail('did not load');
    expect(runScenario(loaded.value).ok).toBe(true);
  });

  it('accepts a single page and a single receiver without brackets', () => {
    const loaded = loadScenarioText('s.yaml', HEAD + '  - {by: ns, do: ffa_lend, pages: 0, to: v1, as: h1, expect: ok}\n  - {by: v1, do: ffa_retrieve, handle: h1, expect: ok}\n');
    if (!loaded.ok) return expect.fail(loaded.errors.map((e) => e.message).join('; '));
    expect(loaded.value.steps[0]).toMatchObject({ pages: [0], to: ['v1'] });
    expect(runScenario(loaded.value).ok).toBe(true);
  });

  it('reads OK, Fault and FF-A codes without their prefix as their canonical spelling', () => {
    const loaded = loadScenarioText('e.yaml', HEAD + '  - {by: ns, do: ffa_lend, pages: [0], to: [v1], expect: OK}\n  - {by: ns, do: ffa_lend, pages: [0], to: [v2], expect: DENIED}\n  - {by: v2, do: read, page: 0, expect: Fault}\n');
    if (!loaded.ok) return expect.fail(loaded.errors.map((e) => e.message).join('; '));
    expect(loaded.value.steps.map((s) => s.expect)).toEqual(['ok', 'FFA_DENIED', 'fault']);
    expect(runScenario(loaded.value).ok).toBe(true);
  });
});
