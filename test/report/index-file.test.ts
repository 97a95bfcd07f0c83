import { describe, expect, it } from 'vitest';
import { formatReportsIndex } from '../../src/report/index-file.ts';
import { passReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';

describe('formatReportsIndex', () => {
  it('lists one row per report with design, invariant, trace length and link', () => {
    const md = formatReportsIndex([twoStepViolation(), reclaimDeniedViolation(), passReport()]);
    const rows = md.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toEqual([
      '| `optee-protmem-merged` | OP-TEE protected memory as merged: CMA pages lent while linear-mapped | violation | `no-ns-mapping-of-lent-memory` | 2 | [trace.md](optee-protmem-merged/trace.md) |',
      '| `tee-heap-close-race` | TEE heap: close frees the buffer when reclaim is denied \\| "quoted" \\<title\\> | violation | `no-free-while-lent` | 10 | [trace.md](tee-heap-close-race/trace.md) |',
      '| `optee-protmem-fixed` | OP-TEE protected memory, fixed: unmap before lend | pass | - | - | - |',
    ]);
    expect(md.startsWith('# Example reports\n')).toBe(true);
  });

  it('encodes links', () => {
    const md = formatReportsIndex([twoStepViolation()], { linkFor: () => 'a dir (1)/trace.md' });
    expect(md).toContain('[trace.md](a%20dir%20%281%29/trace.md)');
  });
});
