/**
 * Step results: `ok` or an error code named as the kernel or FF-A names it.
 * FF-A codes follow Hafnium's `enum ffa_error`; errno values are the kernel's.
 */
export const FFA_ERRORS = [
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
] as const;
export type FfaError = (typeof FFA_ERRORS)[number];

export const ERRNOS = ['ENOMEM', 'ENXIO', 'EINVAL', 'EBUSY', 'EFAULT', 'EPERM'] as const;
export type Errno = (typeof ERRNOS)[number];

export type StepResult = 'ok' | FfaError | Errno;
export const STEP_RESULTS: readonly StepResult[] = ['ok', ...FFA_ERRORS, ...ERRNOS];

/** True for an FF-A error code (what a scenario's `expect: error` matches). */
export function isFfaError(result: string): result is FfaError {
  return (FFA_ERRORS as readonly string[]).includes(result);
}

/** Outcome of a memory access by an endpoint (SPEC section 7). */
export type AccessOutcome = 'ok' | 'fault' | 'abort';
