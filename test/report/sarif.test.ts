import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { INVARIANT_IDS } from '../../properties/invariant.ts';
import { invariantById } from '../../properties/index.ts';
import { formatSarif } from '../../src/report/sarif.ts';
import type { CheckReport } from '../../src/system/trace.ts';
import { incompleteReport, passReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';
import { checkShipped, REPO } from './shipped-check.ts';

// The OASIS SARIF 2.1.0 schema (draft-07) as a published npm package ships it (a pinned devDependency).
// Its package.json `exports` hides the file from require.resolve, so it is read by path.
const schemaPath = join(REPO, 'node_modules/@datadog/datadog-ci-plugin-sarif/dist/json-schema/sarif-schema-2.1.0.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validate = ajv.compile(schema);

function valid(text: string): any {
  const log = JSON.parse(text);
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
  return log;
}

describe('trace.sarif', () => {
  it('uses the published SARIF 2.1.0 schema, which rejects a log that breaks it', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(String(schema['title'])).toMatch(/SARIF\) Version 2\.1\.0 JSON Schema/);
    const log = JSON.parse(formatSarif(twoStepViolation()));
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(log)).toBe(false);
  });

  it.each([
    ['a 2-step violation', twoStepViolation()],
    ['a violation with environment steps', reclaimDeniedViolation()],
    ['a pass', passReport()],
    ['an incomplete search', incompleteReport()],
  ])('validates for %s', (_name, report: CheckReport) => {
    const log = valid(formatSarif(report));
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].results).toHaveLength(report.violation === undefined ? 0 : 1);
  });

  it('names every invariant as a rule, with the text of properties/', () => {
    const log = valid(formatSarif(twoStepViolation()));
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe('lendcheck');
    expect(driver.version).toBe('0.2.0');
    expect(driver.rules.map((r: any) => r.id)).toEqual([...INVARIANT_IDS]);
    for (const rule of driver.rules) {
      const inv = invariantById(rule.id);
      expect(rule.shortDescription.text).toContain(rule.id);
      expect(rule.fullDescription.text).toContain(inv.holds);
      expect(rule.help.text.toLowerCase()).toContain(inv.holds.toLowerCase());
      expect(rule.help.text.toLowerCase()).toContain(inv.why.toLowerCase());
    }
  });

  it('locates the result on the design line of the breaking step and gives the trace as a code flow', () => {
    const report = twoStepViolation();
    const result = valid(formatSarif(report)).runs[0].results[0];
    expect(result.ruleId).toBe('no-ns-mapping-of-lent-memory');
    expect(result.ruleIndex).toBe(0);
    expect(result.message.text).toContain(report.violation!.message);
    expect(result.locations).toHaveLength(1);
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'designs/optee-protmem-merged.yaml' }, region: { startLine: 6 } });
    const steps = result.codeFlows[0].threadFlows[0].locations;
    expect(steps.map((s: any) => s.location.physicalLocation.region.startLine)).toEqual([5, 6]);
    expect(steps[0].location.message.text).toBe('1. t1: alloc buffer=buf, region=cma, pages=1 → ok');
    expect(steps[1].location.message.text).toMatch(/^2\. t1: ffa_lend buffer=buf, to=\[optee\] → ok, handle 0 ✗ no-ns-mapping-of-lent-memory broken here$/);
  });

  it('puts environment steps on the line of the kernel step before them', () => {
    const report = reclaimDeniedViolation();
    const v = report.violation!;
    const steps = valid(formatSarif(report)).runs[0].results[0].codeFlows[0].threadFlows[0].locations;
    expect(steps).toHaveLength(v.trace.length);
    let last = 1;
    v.trace.forEach((step, i) => {
      if (step.line !== undefined) last = step.line;
      expect(steps[i].location.physicalLocation.region.startLine).toBe(last);
      expect(steps[i].executionOrder).toBe(i + 1);
    });
    expect(v.trace.some((s) => s.line === undefined)).toBe(true);
  });

  it('fingerprints a violation by design, invariant and step text: not by seed, timing, replay path or line', () => {
    const report = twoStepViolation();
    const hash = (r: CheckReport) => JSON.parse(formatSarif(r)).runs[0].results[0].partialFingerprints.primaryLocationLineHash as string;
    const base = hash(report);
    expect(base).toMatch(/^[0-9a-f]{16}:1$/);
    const v = report.violation!;
    const moved = { ...v, trace: v.trace.map((s) => (s.line === undefined ? s : { ...s, line: s.line + 10 })), replay: 'lendcheck replay elsewhere/trace.json' };
    expect(hash({ ...report, seed: 7, stats: { ...report.stats, elapsedMs: 999 }, violation: moved })).toBe(base);
    expect(hash({ ...report, violation: { ...v, invariant: 'clean-before-lend' } })).not.toBe(base);
    expect(hash({ ...report, design: 'another-design' })).not.toBe(base);
  });

  it('gives each design its own run key, so a directory of them uploads without colliding', () => {
    // codeql-action refuses two runs with the same tool.driver and automationDetails.id in one upload.
    const key = (r: CheckReport) => {
      const run = JSON.parse(formatSarif(r)).runs[0];
      return JSON.stringify([run.tool.driver.name, run.tool.driver.version, run.automationDetails.id]);
    };
    expect(key(twoStepViolation())).not.toBe(key({ ...twoStepViolation(), design: 'optee-protmem-fixed' }));
  });

  it('is byte-identical for the same check of a shipped design, and valid', async () => {
    const a = formatSarif(await checkShipped('optee-protmem-merged'));
    const b = formatSarif(await checkShipped('optee-protmem-merged'));
    expect(a).toBe(b);
    const result = valid(a).runs[0].results[0];
    // designs/optee-protmem-merged.yaml: the FFA_MEM_LEND step.
    const lendLine = readFileSync(new URL('../../designs/optee-protmem-merged.yaml', import.meta.url), 'utf8').split('\n').findIndex((l) => /^\s*- ffa_lend:/.test(l)) + 1;
    expect(result.locations[0].physicalLocation.region.startLine).toBe(lendLine);
    expect(JSON.parse(a).runs[0].automationDetails.id).toBe('lendcheck/optee-protmem-merged/');
  });

  it('reports a shipped design broken by an environment step on the kernel step before it', async () => {
    const report = await checkShipped('bug-b15-hibernation-lent-pages'); // broken by the hibernation snapshot
    const v = report.violation!;
    expect(v.trace[v.step - 1]!.line).toBeUndefined();
    const before = v.trace.slice(0, v.step - 1).reverse().find((s) => s.line !== undefined)!;
    const result = valid(formatSarif(report)).runs[0].results[0];
    expect(result.locations[0].physicalLocation.region.startLine).toBe(before.line);
    expect(result.codeFlows[0].threadFlows[0].locations.at(-1).location.message.text).toMatch(/\(environment, after the kernel step on this line\) ✗ /);
  });
});
