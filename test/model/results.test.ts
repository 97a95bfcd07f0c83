/**
 * Step results (model/results.ts): the FF-A error names a scenario's `expect:` may use, in the order
 * of Hafnium's `enum ffa_error` (NOT_SUPPORTED = -1 ... NOT_READY = -10), and the kernel errnos.
 */
import { describe, expect, it } from 'vitest';
import { ERRNOS, FFA_ERRORS, STEP_RESULTS, isFfaError } from '../../model/results.ts';

describe('step results', () => {
  it("the FF-A errors are Hafnium's, in enum order (-1 first)", () => {
    expect(FFA_ERRORS).toEqual([
      'FFA_NOT_SUPPORTED',
      'FFA_INVALID_PARAMETERS',
      'FFA_NO_MEMORY',
      'FFA_BUSY',
      'FFA_INTERRUPTED',
      'FFA_DENIED',
      'FFA_RETRY',
      'FFA_ABORTED',
      'FFA_NO_DATA',
      'FFA_NOT_READY',
    ]);
  });

  it('every result is ok, an FF-A error or a kernel errno, each once', () => {
    expect(ERRNOS).toEqual(['ENOMEM', 'ENXIO', 'EINVAL', 'EBUSY', 'EFAULT', 'EPERM']);
    expect(STEP_RESULTS).toEqual(['ok', ...FFA_ERRORS, ...ERRNOS]);
    expect(new Set(STEP_RESULTS).size).toBe(STEP_RESULTS.length);
  });

  it('isFfaError: the FF-A codes only, not ok, an errno or a bare name', () => {
    for (const code of FFA_ERRORS) expect(isFfaError(code), code).toBe(true);
    for (const other of ['ok', 'EINVAL', 'DENIED', 'fault', '']) expect(isFfaError(other), other).toBe(false);
  });
});
