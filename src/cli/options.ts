/** Validation of numeric and list flags, as located-free usage errors (exit 2). */
import { INVARIANT_IDS, type InvariantId } from '../../properties/invariant.ts';

/**
 * Search defaults. The seed is fixed so that the same command gives the same answer, on a laptop
 * and in CI; pass --seed to explore other schedules (a nightly job can pass a new one each night).
 */
export const DEFAULT_SEED = 42;
export const DEFAULT_RUNS = 1000;
export const DEFAULT_MAX_STEPS = 100;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function positiveInteger(name: string, value: number | undefined, allowZero = false): Parsed<number | undefined> {
  if (value === undefined) return { ok: true, value };
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    return { ok: false, error: `--${name} expects a ${allowZero ? 'non-negative' : 'positive'} integer, got ${String(value)}` };
  }
  return { ok: true, value };
}

export function seedValue(value: number | undefined): Parsed<number> {
  if (value === undefined) return { ok: true, value: DEFAULT_SEED };
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    return { ok: false, error: `--seed expects a 32-bit integer, got ${String(value)}` };
  }
  return { ok: true, value };
}

export function invariantIds(values: readonly string[]): Parsed<InvariantId[] | undefined> {
  if (values.length === 0) return { ok: true, value: undefined };
  const unknown = values.filter((v) => !(INVARIANT_IDS as readonly string[]).includes(v));
  if (unknown.length > 0) {
    return { ok: false, error: `unknown invariant ${unknown.map((u) => `'${u}'`).join(', ')} (expected one of ${INVARIANT_IDS.join(', ')})` };
  }
  return { ok: true, value: [...new Set(values)] as InvariantId[] };
}

export const REPORT_FORMATS = ['md', 'json', 'itf', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function reportFormats(value: string): Parsed<Set<ReportFormat>> {
  const parts = value.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  const unknown = parts.filter((p) => !(REPORT_FORMATS as readonly string[]).includes(p));
  if (unknown.length > 0 || parts.length === 0) {
    return { ok: false, error: `--format expects a comma-separated list of ${REPORT_FORMATS.join(', ')}, got '${value}'` };
  }
  return { ok: true, value: new Set(parts as ReportFormat[]) };
}
