import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/input/errors.ts';
import { formatTraceFile, loadTraceFile, parseTraceFile, saveTraceFile, type SavedTrace } from '../../src/report/trace-file.ts';
import { passReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';

const SOURCE = 'design: optee-protmem-merged\nactors:\n  t1: [alloc: {buffer: buf, region: cma}]\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lendcheck-trace-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorsOf(text: string): string[] {
  const loaded = loadTraceFile(write('trace.json', text));
  expect(loaded.ok).toBe(false);
  return loaded.ok ? [] : loaded.errors.map((e) => formatInputError(e).replace(dir, 'DIR'));
}

describe('trace.json', () => {
  it('saves the replayable record: design with source, settings, moves, violation, trace with changes but no states', () => {
    const saved = saveTraceFile(twoStepViolation(), SOURCE, ['a0', 'a0']);
    expect(saved).toMatchObject({
      format: 'lendcheck-trace',
      version: 1,
      design: { id: 'optee-protmem-merged', file: 'designs/optee-protmem-merged.yaml', source: SOURCE },
      mode: 'random',
      seed: 42,
      moves: ['a0', 'a0'],
      violation: { invariant: 'no-ns-mapping-of-lent-memory', pages: [0], step: 2 },
    });
    expect(saved.trace[1]).toMatchObject({ actor: 't1', step: 'ffa_lend', handle: 0, line: 6 });
    expect(saved.trace[1]!.changes[0]).toEqual({ path: 'handle 0', from: null, to: 'lend by ns to optee(rw) of page 0' });
    expect(formatTraceFile(saved)).not.toContain('"state"');
  });

  it('round-trips through a file', () => {
    for (const report of [twoStepViolation(), reclaimDeniedViolation()]) {
      const saved = saveTraceFile(report, SOURCE, report.violation!.trace.map((_, i) => `m${i}`));
      const loaded = loadTraceFile(write('trace.json', formatTraceFile(saved)));
      expect(loaded).toEqual({ ok: true, value: JSON.parse(JSON.stringify(saved)) as SavedTrace });
    }
  });

  it('refuses to save a report without a violation', () => {
    expect(() => saveTraceFile(passReport(), SOURCE, [])).toThrow(/no violation/);
  });

  it('reports a missing file and bad JSON as located errors, never throwing', () => {
    const missing = loadTraceFile(join(dir, 'nope.json'));
    expect(missing.ok ? [] : missing.errors.map(formatInputError)).toEqual([`${join(dir, 'nope.json')}: cannot read: no such file`]);
    expect(errorsOf('{"format": "lendcheck-trace",\n  "version": 1,\n  "trace": [}')[0]).toMatch(/^DIR\/trace\.json:3:\d+: not valid YAML\/JSON/);
  });

  it('locates every shape error at the offending value', () => {
    const saved = saveTraceFile(twoStepViolation(), SOURCE, ['a0', 'a0']);
    const bad = JSON.parse(formatTraceFile(saved));
    bad.seed = -1;
    bad.invariants[1] = 'no-such-invariant';
    bad.trace[1].result = 3;
    bad.trace[0].changes[0] = 'x';
    delete bad.violation.message;
    bad.violation.step = 5;
    const text = JSON.stringify(bad, null, 2);
    const lineOf = (needle: string, from = 0) => text.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    const errors = errorsOf(text);
    expect(errors).toEqual([
      `DIR/trace.json:${lineOf('"seed"')}:11: "seed" must be an integer >= 0`,
      expect.stringMatching(new RegExp(`^DIR/trace\\.json:${lineOf('"no-such-invariant"')}:5: unknown invariant "no-such-invariant"`)),
      `DIR/trace.json:${lineOf('"x"')}:9: a change must be an object with path, from and to`,
      `DIR/trace.json:${lineOf('"result": 3')}:17: "result" must be a string`,
      `DIR/trace.json:${lineOf('"violation"')}:16: missing field "message"`,
      `DIR/trace.json:${lineOf('"step": 5')}:13: "step" is 5 but the trace has 2 steps; the violation is at its last step`,
    ]);
  });

  it('rejects another format or version up front', () => {
    expect(errorsOf('{"format": "quint", "version": 1}')).toEqual(['DIR/trace.json:1:12: not a lendcheck trace file: format is "quint", expected "lendcheck-trace"']);
    expect(errorsOf('{"format": "lendcheck-trace", "version": 2}')[0]).toMatch(/unsupported trace file version 2/);
    expect(errorsOf('[1, 2]')).toEqual(['DIR/trace.json:1:1: expected a lendcheck trace file (a JSON object)']);
    const parsed = parseTraceFile('t.json', '{"format": "lendcheck-trace", "version": 1}');
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toContain('missing field "design"');
  });
});
