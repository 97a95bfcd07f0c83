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

/** Report files (written under --out) and what goes to stdout (terminal text, GitHub annotations). */
export const FILE_FORMATS = ['md', 'json', 'svg', 'html', 'itf', 'junit', 'sarif'] as const;
export const STDOUT_FORMATS = ['terminal', 'github'] as const;
export const REPORT_FORMATS = [...FILE_FORMATS, ...STDOUT_FORMATS] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** The default --format: every report file but SARIF, and the terminal report. */
export const DEFAULT_FORMAT = 'terminal,md,json,svg,html,itf,junit';

/**
 * `--format` values (each a comma-separated list; the option may be repeated): the union. Stdout
 * gets the terminal report unless the list names `github` without `terminal`, or `--json` is given,
 * which prints JSON instead and so cannot share stdout with another stdout format.
 */
export function reportFormats(value: string | readonly string[] | undefined, json = false): Parsed<Set<ReportFormat>> {
  const given = value === undefined ? [DEFAULT_FORMAT] : typeof value === 'string' ? [value] : value;
  const parts = given.flatMap((v) => String(v).split(',')).map((p) => p.trim()).filter((p) => p.length > 0);
  const unknown = parts.filter((p) => !(REPORT_FORMATS as readonly string[]).includes(p));
  if (unknown.length > 0 || parts.length === 0) {
    return { ok: false, error: `--format expects a comma-separated list of ${REPORT_FORMATS.join(', ')}, got '${given.join(',')}'` };
  }
  const formats = new Set(parts as ReportFormat[]);
  const stdout = STDOUT_FORMATS.filter((f) => formats.has(f));
  if (json && stdout.length > 0 && value !== undefined) {
    return { ok: false, error: `--json prints JSON on stdout, so it cannot be combined with --format ${stdout.join(',')}` };
  }
  // Lists of report files only (`--format md`, as before) keep the terminal report on stdout.
  if (stdout.length === 0 && !json) formats.add('terminal');
  if (json) formats.delete('terminal');
  return { ok: true, value: formats };
}
