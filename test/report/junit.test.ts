import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatJunit } from '../../src/report/junit.ts';
import type { CheckReport } from '../../src/system/trace.ts';
import { INVARIANT_IDS } from '../../properties/invariant.ts';

const ALL = String(INVARIANT_IDS.length);
import { incompleteReport, passReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';

const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, attributeNamePrefix: '', isArray: (name) => name === 'testcase' || name === 'property' });

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as {
    testsuites: { tests: string; failures: string; testsuite: { name: string; tests: string; failures: string; errors: string; skipped: string; testcase: { name: string; classname: string; failure?: { message: string; '#text': string } }[]; 'system-out'?: string } };
  };
}

describe('formatJunit', () => {
  it('is well-formed with one testcase per invariant and the violated one failing', () => {
    const report = twoStepViolation();
    const doc = parse(formatJunit(report));
    const suite = doc.testsuites.testsuite;
    expect(suite.name).toBe('lendcheck.optee-protmem-merged');
    expect(suite.testcase.map((t) => t.name)).toEqual(report.invariants);
    expect(suite.testcase.every((t) => t.classname === 'lendcheck.optee-protmem-merged')).toBe(true);
    expect([suite.tests, suite.failures, suite.errors, suite.skipped]).toEqual([ALL, '1', '0', '0']);
    expect([doc.testsuites.tests, doc.testsuites.failures]).toEqual([ALL, '1']);
    const failing = suite.testcase.filter((t) => t.failure !== undefined);
    expect(failing.map((t) => t.name)).toEqual(['no-ns-mapping-of-lent-memory']);
    const failure = failing[0]!.failure!;
    expect(failure.message).toBe('no-ns-mapping-of-lent-memory: page 0 is lent to optee (handle 0) but the kernel linear map still maps it');
    expect(failure['#text']).toContain('1. t1: alloc buffer=buf, region=cma, pages=1 -> ok');
    expect(failure['#text']).toContain('2. t1: ffa_lend buffer=buf, to=[optee] -> ok, handle 0');
    expect(failure['#text']).toContain('Replay: lendcheck replay reports/optee-protmem-merged/trace.json');
  });

  it('escapes quotes, angle brackets, ampersands, newlines and drops characters XML cannot carry', () => {
    const base = reclaimDeniedViolation();
    const message = `a "quoted" <tag> & 'apos'\nsecond line\u0001 ]]> end`;
    const report: CheckReport = { ...base, design: 'd<&>"', violation: { ...base.violation!, message } };
    const xml = formatJunit(report);
    const doc = parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite.name).toBe('lendcheck.d<&>"');
    const failure = suite.testcase.find((t) => t.failure)!.failure!;
    expect(failure.message).toBe(`no-free-while-lent: a "quoted" <tag> & 'apos'\nsecond line ]]> end`);
    expect(failure['#text']).toContain('10. t2: free buffer=pool -> ok');
    expect(failure['#text']).toContain('9. t2: ffa_reclaim buffer=pool, clear=false -> FFA_DENIED (failed)');
  });

  it('passes every invariant on a pass, and notes an incomplete search', () => {
    const pass = parse(formatJunit(passReport())).testsuites.testsuite;
    expect(pass.testcase).toHaveLength(INVARIANT_IDS.length);
    expect(pass.failures).toBe('0');
    expect(pass.testcase.some((t) => t.failure)).toBe(false);
    const incomplete = parse(formatJunit(incompleteReport())).testsuites.testsuite;
    expect(incomplete['system-out']).toContain('search incomplete: reached --max-states 20000 at depth 9');
  });

  it('adds the violated invariant when it was not in the checked list', () => {
    const base = twoStepViolation();
    const suite = parse(formatJunit({ ...base, invariants: ['no-kernel-fault'] })).testsuites.testsuite;
    expect(suite.testcase.map((t) => t.name)).toEqual(['no-kernel-fault', 'no-ns-mapping-of-lent-memory']);
    expect(suite.tests).toBe('2');
  });
});
