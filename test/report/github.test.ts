import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/report/github.ts';
import { incompleteReport, passReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';

describe('--format github', () => {
  it('prints one ::error on the design line of the breaking step', () => {
    const out = formatGithub(twoStepViolation());
    expect(out).toBe(
      '::error file=designs/optee-protmem-merged.yaml,line=6,title=lendcheck%3A no-ns-mapping-of-lent-memory (optee-protmem-merged)::' +
        'page 0 is lent to optee (handle 0) but the kernel linear map still maps it. Broken at step 2 of 2; replay: lendcheck replay reports/optee-protmem-merged/trace.json\n',
    );
  });

  it('escapes what the runner would read as command syntax', () => {
    const report = twoStepViolation();
    const out = formatGithub({ ...report, file: './designs/a,b:c%.yaml', violation: { ...report.violation!, message: 'two\nlines 100%' } });
    expect(out.split('\n')).toHaveLength(2);
    expect(out).toContain('file=designs/a%2Cb%3Ac%25.yaml,');
    expect(out).toContain('::two%0Alines 100%25. Broken');
  });

  it('uses the kernel line before an environment step that breaks an invariant', () => {
    const report = reclaimDeniedViolation();
    const v = report.violation!;
    const env = v.trace.findIndex((s) => s.line === undefined);
    const shifted = { ...report, violation: { ...v, step: env + 1 } };
    expect(formatGithub(shifted)).toContain(`line=${v.trace[env - 1]!.line},`);
  });

  it('prints nothing for a pass and a warning for an incomplete search', () => {
    expect(formatGithub(passReport())).toBe('');
    expect(formatGithub(incompleteReport())).toMatch(/^::warning file=[^,]+,line=1,title=lendcheck%3A search incomplete/);
  });
});
