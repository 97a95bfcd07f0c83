/**
 * Platform variants for review and repair (SPEC section 10): `--vary KNOB=V1,V2` flags, their
 * combinations, and a design's text with one combination written into its platform block.
 *
 * A varied knob replaces whatever the design says: review asks how the design fares on each
 * platform, and every shipped design names `hypervisor`. The rest of the platform stays as
 * written. The edit is made in place on the platform line, so every other line keeps its number
 * and a cell's trace points at the user's own lines.
 */
import { PLATFORM_KEYS } from '../design/platform.ts';
import { setPlatformKnob } from './design-source.ts';

/** One combination: knob -> value as written on the command line. */
export type Variant = Readonly<Record<string, string>>;

export interface VaryFlag {
  readonly knob: string;
  readonly values: readonly string[];
}

/** Review's default: the three hypervisors. */
export const DEFAULT_VARY: readonly VaryFlag[] = [{ knob: 'hypervisor', values: ['none', 'pkvm', 'hafnium'] }];

/** Knobs a variant may set: scalar platform knobs (not the pages/endpoints/devices maps). */
const MAP_KNOBS = new Set(['pages', 'endpoints', 'devices']);

export type ParsedVary = { ok: true; value: VaryFlag[] } | { ok: false; error: string };

/** Parses `KNOB=V1,V2` flags; a knob given twice is a usage error. */
export function parseVary(flags: readonly string[]): ParsedVary {
  const parsed: VaryFlag[] = [];
  for (const flag of flags) {
    const match = /^([a-z_]+)=(.+)$/.exec(flag.trim());
    if (match === null) return { ok: false, error: `--vary expects KNOB=V1,V2 (e.g. hypervisor=none,pkvm,hafnium), got '${flag}'` };
    const knob = match[1]!;
    const known = (PLATFORM_KEYS as readonly string[]).filter((k) => !MAP_KNOBS.has(k));
    if (!known.includes(knob)) return { ok: false, error: `--vary: '${knob}' is not a platform knob that can be varied (one of ${known.join(', ')})` };
    if (parsed.some((p) => p.knob === knob)) return { ok: false, error: `--vary: '${knob}' is given twice` };
    const values = match[2]!.split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0 || !values.every((v) => /^[A-Za-z0-9_-]+$/.test(v))) return { ok: false, error: `--vary ${knob}: expected a comma-separated list of values, got '${match[2]}'` };
    parsed.push({ knob, values: [...new Set(values)] });
  }
  return { ok: true, value: parsed };
}

/** Every combination, the first flag varying slowest. No flags: one empty variant (the design as written). */
export function combinations(flags: readonly VaryFlag[]): Variant[] {
  let variants: Record<string, string>[] = [{}];
  for (const flag of flags) variants = variants.flatMap((v) => flag.values.map((value) => ({ ...v, [flag.knob]: value })));
  return variants;
}

/** The design text with the variant's knobs set, or null when the platform block cannot be edited. */
export function applyVariant(text: string, variant: Variant): string | null {
  let current: string | null = text;
  for (const [knob, value] of Object.entries(variant)) {
    if (current === null) return null;
    current = setPlatformKnob(current, knob, value);
  }
  return current;
}

/** `hypervisor=pkvm, can_set_direct_map=false`, or `as written`. */
export function variantLabel(variant: Variant): string {
  const parts = Object.entries(variant).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? 'as written' : parts.join(', ');
}

/** A directory-safe name for a variant's reports: `hypervisor-pkvm`. */
export function variantSlug(variant: Variant): string {
  const parts = Object.entries(variant).map(([k, v]) => `${k.replace(/_/g, '-')}-${v}`);
  return parts.length === 0 ? 'as-written' : parts.join('.');
}
