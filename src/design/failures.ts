/**
 * The design's `failures` key (SPEC section 9, fault injection as fail_page_alloc / failslab do
 * it): `{step: ERROR, ...}`, each listed kernel step may also fail with that error, leaving the
 * state unchanged. Only the steps the contract names may be listed; the error is any step result
 * but `ok`.
 */
import type { DataPath } from '../input/source.ts';
import { STEP_RESULTS } from '../../model/results.ts';
import { describe, Diagnostics, expectedOneOf, isRecord } from './diagnostics.ts';

/** The kernel steps `failures` may name (SPEC section 9). */
export const INJECTABLE_STEPS = [
  'alloc',
  'unmap_linear',
  'map_linear',
  'iommu_map',
  'memremap',
  'pool_alloc',
  'ffa_lend',
  'ffa_share',
  'ffa_donate',
  'ffa_reclaim',
] as const;

const ERRORS: readonly string[] = STEP_RESULTS.filter((r) => r !== 'ok');

/** The checked `failures` map (step name to error), `{}` when the key is absent. */
export function parseFailures(d: Diagnostics, data: Record<string, unknown>, key = 'failures'): Record<string, string> {
  if (!Object.prototype.hasOwnProperty.call(data, key)) return {};
  const value = data[key];
  const path: DataPath = [key];
  if (value === null) return {};
  if (!isRecord(value)) {
    d.at(path, `failures: expected a map of kernel step to the error it may also return, e.g. {ffa_lend: FFA_NO_MEMORY}, got ${describe(value)}`);
    return {};
  }
  const failures: Record<string, string> = {};
  for (const [step, error] of Object.entries(value)) {
    if (!(INJECTABLE_STEPS as readonly string[]).includes(step)) {
      d.atKey(path, step, `failures: '${step}' cannot be made to fail ${expectedOneOf(step, INJECTABLE_STEPS)}`);
      continue;
    }
    // FF-A codes may be written without their FFA_ prefix, as scenarios allow (NO_MEMORY).
    const code = typeof error === 'string' && !ERRORS.includes(error) && ERRORS.includes(`FFA_${error}`) ? `FFA_${error}` : error;
    if (typeof code !== 'string' || !ERRORS.includes(code)) {
      const hint = typeof error === 'string' ? ` ${expectedOneOf(error, ERRORS)}` : ` (an error code such as ENOMEM or FFA_DENIED)`;
      d.at([key, step], `failures.${step}: expected the error the step may return, got ${describe(error)}${hint}`);
      continue;
    }
    failures[step] = code;
  }
  return failures;
}
