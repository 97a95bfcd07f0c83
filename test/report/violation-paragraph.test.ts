import { describe, expect, it } from 'vitest';
import type { Platform } from '../../model/platform.ts';
import type { InvariantId } from '../../properties/invariant.ts';
import { explainViolation } from '../../src/report/violation-paragraph.ts';
import type { CheckReport } from '../../src/system/trace.ts';
import { bootState, buildTrace, passReport, PKVM_PLATFORM, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';

type Draft = Parameters<NonNullable<Parameters<typeof buildTrace>[1][number]['mutate']>>[0];
type Spec = Parameters<typeof buildTrace>[1][number];

function report(invariant: InvariantId, specs: Spec[], platform: Platform | null = PKVM_PLATFORM): CheckReport {
  const base = twoStepViolation();
  const initial = bootState(2, { buffers: { 't1.buf': { pages: [], handle: null } }, actors: { t1: 'main:1' } });
  const trace = buildTrace(initial, specs);
  const { platform: _p, ...rest } = base;
  return { ...rest, ...(platform ? { platform } : {}), initial, violation: { ...base.violation!, invariant, pages: [0], trace, step: trace.length } };
}

const alloc: Spec = {
  actor: 't1',
  step: 'alloc',
  args: { buffer: 'buf', region: 'cma' },
  result: 'ok',
  mutate: (s) => {
    Object.assign(s.pages[0]!, { alloc: 'allocated', cache: 'dirty' });
    s.buffers['t1.buf'] = { pages: [0], handle: null };
  },
};
const lend = (handle: number, result = 'ok', extra?: (s: Draft) => void): Spec => ({
  actor: 't1',
  step: 'ffa_lend',
  args: { buffer: 'buf', to: ['optee'] },
  result,
  ...(result === 'ok' ? { handle } : {}),
  mutate: (s) => {
    if (result === 'ok') {
      s.transactions.push({ handle, op: 'lend', sender: 'ns', receivers: [{ endpoint: 'optee', access: 'rw', retrieved: false }], pages: [0], clear: false });
      s.buffers['t1.buf']!.handle = handle;
    }
    extra?.(s);
  },
});
const kernel = (step: string, result: string, mutate: (s: Draft) => void): Spec => ({ actor: 't1', step, args: { buffer: 'buf' }, result, mutate });

describe('explainViolation', () => {
  it('names the page, endpoint, handle and step, and what pKVM does about it', () => {
    expect(explainViolation(twoStepViolation())).toMatch(
      /^Page 0 was lent to optee by handle 0 at step 2 while the normal world still maps it: the kernel linear map\. .*Under pKVM nothing stops it/,
    );
  });

  it('says what stops the access on other platforms', () => {
    const firewall = report('no-ns-access-to-lent-memory', [alloc, lend(0, 'ok', (s) => Object.assign(s.pages[0]!, { secureProtected: true, vmap: 'stale', iommu: ['gpu'] }))], {
      ...PKVM_PLATFORM,
      hypervisor: 'none',
      secureProtectsOnLend: true,
    });
    expect(explainViolation(firewall)).toContain('the kernel linear map, a lazily unmapped vmap alias and an IOMMU mapping for gpu');
    expect(explainViolation(firewall)).toContain('synchronous external abort');
    const hafnium = report('no-ns-mapping-of-lent-memory', [alloc, lend(0, 'ok', (s) => void (s.pages[0]!.stage2 = false))], { ...PKVM_PLATFORM, hypervisor: 'hafnium' });
    expect(explainViolation(hafnium)).toContain("the hypervisor (hafnium) has removed the page from the host's stage 2");
    expect(explainViolation(report('no-ns-mapping-of-lent-memory', [alloc, lend(0)], null))).toContain("Nothing stops it: the host's stage 2 still lets the normal world through");
  });

  it('explains a double send refused by the relayer', () => {
    const r = report('no-double-lend', [alloc, lend(0), lend(1, 'FFA_DENIED', (s) => void (s.hazards['doubleSend'] = 'sent again (page 0)'))]);
    expect(explainViolation(r)).toMatch(/^At step 3, t1 sent page 0 again with ffa_lend while handle 0 still covered it \(result FFA_DENIED\)\. This relayer refused it/);
  });

  it('explains freeing lent memory and freeing unmapped memory', () => {
    expect(explainViolation(reclaimDeniedViolation())).toMatch(/^Page 0 went back to the allocator at step 10 \(t2 free\) while handle 0 still lent it to optee\./);
    const r = report('freed-pages-mapped', [alloc, kernel('unmap_linear', 'ok', (s) => void (s.pages[0]!.linear = 'invalid')), kernel('free', 'ok', (s) => void (s.pages[0]!.alloc = 'free'))]);
    expect(explainViolation(r)).toMatch(/^Page 0 went back to the allocator at step 3 \(t1 free\) with its linear map entry invalid\./);
  });

  it('explains secrets left to the normal world and copied by hibernation', () => {
    const r = report('no-secret-to-ns', [
      alloc,
      lend(0),
      { actor: 'secure', step: 'write', args: { endpoint: 'optee', handle: 0 }, result: 'ok', mutate: (s) => void (s.pages[0]!.content = 'secret') },
      kernel('ffa_reclaim', 'ok', (s) => void (s.transactions = [])),
    ]);
    expect(explainViolation(r)).toMatch(/^Page 0 holds secret data optee wrote at step 3 and is back in the normal world .*the reclaim at step 4 did not ask for clear/);
    const hib = report('no-secret-to-ns', [alloc, lend(0), { actor: 'hibernate', step: 'snapshot', args: {}, result: 'ok', mutate: (s) => void (s.hazards['secretCopied'] = 'x') }]);
    expect(explainViolation(hib)).toMatch(/^At step 3 the hibernation snapshot copied page 0/);
  });

  it('explains a dirty lend and kernel faults', () => {
    expect(explainViolation(report('clean-before-lend', [alloc, lend(0, 'ok', (s) => void (s.hazards['dirtyLend'] = 'x'))]))).toMatch(
      /^At step 2, t1 lent page 0 with dirty cache lines, left dirty by step 1 \(t1 alloc\)\./,
    );
    const zero = report('no-kernel-fault', [alloc, kernel('unmap_linear', 'ok', (s) => void (s.pages[0]!.linear = 'invalid')), kernel('zero', 'EFAULT', (s) => void (s.hazards['kernelFault'] = 'x'))]);
    expect(explainViolation(zero)).toBe(
      "At step 3, t1's zero touched page 0, but its linear map entry is invalid. On real hardware that is a translation fault on the missing entry taken in kernel mode: an oops, usually a panic.",
    );
    const cpu = report('no-kernel-fault', [
      alloc,
      lend(0, 'ok', (s) => void (s.pages[0]!.secureProtected = true)),
      { actor: 'cpu', step: 'read', args: { page: 0, path: 'linear' }, result: 'abort', mutate: (s) => void (s.hazards['kernelFault'] = 'x') },
    ]);
    expect(explainViolation(cpu)).toMatch(/^At step 3, a CPU read of page 0 through the linear map, but the secure side's firewall protects it\. .*synchronous external abort/);
  });

  it('is empty without a violation', () => {
    expect(explainViolation(passReport())).toBe('');
  });
});
