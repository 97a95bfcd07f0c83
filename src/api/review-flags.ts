/** Flags the review commands share (review, explain, repair): search settings and --vary. */
import { readFileSync } from 'node:fs';
import type { DesignText } from '../review/matrix.ts';
import type { ReviewSearch } from '../review/oracle.ts';
import { combinations, parseVary, type Variant, type VaryFlag } from '../review/variants.ts';
import { DEFAULT_MAX_STEPS, DEFAULT_RUNS, positiveInteger, seedValue, type Parsed } from './flags.ts';

export interface SearchArgs {
  readonly mode?: 'random' | 'exhaustive';
  readonly seed?: number | undefined;
  readonly runs?: number | undefined;
  readonly maxSteps?: number | undefined;
  readonly depth?: number | undefined;
  readonly maxStates?: number | undefined;
  readonly timeout?: number | undefined;
}

/** The search settings, exhaustive unless --mode says otherwise. */
export function reviewSearch(args: SearchArgs, signal?: AbortSignal): Parsed<ReviewSearch> {
  const runs = positiveInteger('runs', args.runs);
  const maxSteps = positiveInteger('max-steps', args.maxSteps);
  const depth = positiveInteger('depth', args.depth, true);
  const maxStates = positiveInteger('max-states', args.maxStates);
  const seed = seedValue(args.seed);
  for (const parsed of [runs, maxSteps, depth, maxStates, seed]) if (!parsed.ok) return parsed;
  if (args.timeout !== undefined && !(args.timeout > 0)) return { ok: false, error: `--timeout expects a positive number of seconds, got ${args.timeout}` };
  return {
    ok: true,
    value: {
      mode: args.mode ?? 'exhaustive',
      seed: seed.ok ? seed.value : 42,
      runs: (runs.ok ? runs.value : undefined) ?? DEFAULT_RUNS,
      maxSteps: (maxSteps.ok ? maxSteps.value : undefined) ?? DEFAULT_MAX_STEPS,
      ...(depth.ok && depth.value !== undefined ? { depth: depth.value } : {}),
      ...(maxStates.ok && maxStates.value !== undefined ? { maxStates: maxStates.value } : {}),
      ...(args.timeout === undefined ? {} : { timeoutMs: args.timeout * 1000 }),
      ...(signal === undefined ? {} : { signal }),
    },
  };
}

/** The variants of --vary flags; `fallback` when none is given. */
export function reviewVariants(flags: readonly string[], fallback: readonly VaryFlag[]): Parsed<Variant[]> {
  const parsed = parseVary(flags);
  if (!parsed.ok) return parsed;
  return { ok: true, value: combinations(parsed.value.length > 0 ? parsed.value : fallback) };
}

/** Reads design files as text; a missing file is an input error (file, what went wrong). */
export function readDesigns(files: readonly string[]): { ok: true; value: DesignText[] } | { ok: false; error: string } {
  const designs: DesignText[] = [];
  for (const file of files) {
    try {
      designs.push({ file, text: readFileSync(file, 'utf8') });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { ok: false, error: `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, expected a design file' : (e as Error).message}` };
    }
  }
  return { ok: true, value: designs };
}
