/**
 * A harness for state-space reductions (actor and page symmetry, partial-order reduction): the
 * same design searched exhaustively with and without a reduction must reach the same verdict, the
 * same broken invariant and the same shortest counterexample length.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDesignFile } from '../../src/design/load.ts';
import type { Program } from '../../src/design/program.ts';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { designSystem, type DesignSystem, type DesignSystemOptions } from '../../src/system/design-system.ts';
import { renamingApplies } from '../../src/system/renaming.ts';
import type { SystemState } from '../../src/system/state.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The large fixtures the signal and scale tests search for a long time on purpose: without
 * symmetry their spaces run to millions of states, far past a unit test's budget.
 */
const TOO_LARGE = new Set(['test/cli/fixtures/four-actors.yaml']);

/** Every shipped design and every test design that loads (the malformed fixtures do not). */
export function reductionCorpus(): { name: string; program: Program }[] {
  const dirs = ['designs', 'test/cli/fixtures', 'test/design/fixtures'];
  const corpus: { name: string; program: Program }[] = [];
  for (const dir of dirs) {
    for (const file of readdirSync(join(ROOT, dir)).sort()) {
      if (!/\.(ya?ml|json)$/.test(file)) continue;
      if (TOO_LARGE.has(`${dir}/${file}`)) continue;
      const loaded = loadDesignFile(join(ROOT, dir, file));
      if (loaded.ok) corpus.push({ name: `${dir}/${file}`, program: loaded.value });
    }
  }
  return corpus;
}

export interface SearchSummary {
  readonly verdict: string;
  readonly invariant: string | null;
  readonly length: number | null;
  readonly states: number;
  readonly complete: boolean;
}

/** An exhaustive search of `program` under the given system options (and reduction), summarised. */
export function searchSummary(program: Program, options: DesignSystemOptions, maxStates = 3_000_000, reduce = false): SearchSummary & { readonly renamingBroken: boolean } {
  const system = designSystem(program, program.invariants, options);
  const outcome = exhaustiveSearch(system, { maxStates, reduce });
  return {
    renamingBroken: system.renaming?.broken ?? false,
    verdict: outcome.verdict,
    invariant: outcome.verdict === 'violation' ? outcome.violation.invariant : null,
    length: outcome.verdict === 'violation' ? outcome.trace.length : null,
    states: outcome.stats.states,
    complete: outcome.verdict === 'pass' && outcome.stats.complete,
  };
}

/**
 * What `check` does in exhaustive mode by default: partial-order reduction with page and handle
 * renaming, and the search again without renaming when a state broke its condition.
 */
export function defaultSearchSummary(program: Program, maxStates = 3_000_000): SearchSummary & { readonly renaming: 'applied' | 'abandoned' | 'not applicable' } {
  const options = { symmetry: true, pageSymmetry: true };
  const first = searchSummary(program, { ...options, renaming: true }, maxStates, true);
  if (!first.renamingBroken) return { ...strip(first), renaming: renamingApplies(program) ? 'applied' : 'not applicable' };
  return { ...strip(searchSummary(program, options, maxStates, true)), renaming: 'abandoned' };
}

function strip(summary: SearchSummary & { readonly renamingBroken: boolean }): SearchSummary {
  const { renamingBroken: _, ...rest } = summary;
  return rest;
}

/** The distinct states `system` reaches, breadth first, at most `limit` of them (invariants ignored). */
export function* reachableStates(system: DesignSystem, limit: number): Generator<SystemState> {
  const initial = system.initial();
  const seen = new Set([system.fingerprint(initial)]);
  let level = [initial];
  let count = 0;
  while (level.length > 0) {
    const next: SystemState[] = [];
    for (const state of level) {
      yield state;
      if (++count >= limit) return;
      for (const move of system.moves(state)) {
        const successor = system.apply(state, move);
        const key = system.fingerprint(successor);
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(successor);
      }
    }
    level = next;
  }
}
