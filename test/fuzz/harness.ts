/**
 * What every fuzz test checks (test/fuzz/*.test.ts): the loader's answer is a value or located
 * errors (file:line:column, printed by the CLI with exit 2); nothing is thrown; nothing is written
 * to stderr or emitted as a process warning (the yaml package's included). Inputs are mutations
 * of the shipped files (mutations.ts), without their comment lines: an input costs about as much
 * as its size, and comments are most of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { Checked } from '../../src/input/errors.ts';

const ROOT = join(import.meta.dirname, '../..');

export const uncommented = (text: string) => text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');

/** The shipped files under `dir` (sorted, so that a seed always means the same inputs). */
export function shipped(dir: string, suffix: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => readFileSync(join(ROOT, dir, name), 'utf8'));
}

export const shippedDesigns = () => shipped('designs', '.yaml').map(uncommented);
export const shippedScenarios = () => shipped('scenarios', '.yaml').map(uncommented);
/** The four smallest committed trace files (examples/), their design text without comments. */
export const shippedTraces = () =>
  shipped('examples', 'trace.json')
    .sort((a, b) => a.length - b.length)
    .slice(0, 4)
    .map((text) => {
      const saved = JSON.parse(text) as { design: { source: string } };
      saved.design.source = uncommented(saved.design.source);
      return JSON.stringify(saved, null, 2);
    });

/** Installs the stderr and warning traps for every test of the file that calls it. */
export function trapLeaks(): void {
  let leaks: string[] = [];
  beforeEach(() => {
    leaks = [];
    vi.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => void leaks.push(String(w)));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (leaks.push(String(chunk)), true));
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void leaks.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void leaks.push(a.join(' ')));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    expect(leaks).toEqual([]);
  });
}

/** The loader's answer is a value, or located errors; it threw nothing. */
export function expectAnswer<T>(file: string, load: () => Checked<T>): Checked<T> {
  let result: Checked<T>;
  try {
    result = load();
  } catch (error) {
    throw new Error(`the loader threw: ${(error as Error).stack}`);
  }
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) {
      expect(e.file).toBe(file);
      expect(e.line, e.message).toBeGreaterThanOrEqual(1);
      expect(e.column).toBeGreaterThanOrEqual(0);
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.message).not.toMatch(/^cannot load/);
    }
  }
  return result;
}

/**
 * Inputs per CI run, per loader; the suite's total is their sum, 10,000 (each file asserts its
 * share was fed, so the total cannot shrink unnoticed).
 */
export const FUZZ_INPUTS = { designs: 5000, scenarios: 3500, traces: 1500 } as const;
