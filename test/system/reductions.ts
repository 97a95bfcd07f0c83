/**
 * A harness for state-space reductions (actor symmetry today; partial-order reduction when it
 * lands): the same design searched exhaustively with and without a reduction must reach the same
 * verdict, the same broken invariant and the same shortest counterexample length.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDesignFile } from '../../src/design/load.ts';
import type { Program } from '../../src/design/program.ts';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { designSystem, type DesignSystemOptions } from '../../src/system/design-system.ts';

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

/** An exhaustive search of `program` under the given system options, summarised. */
export function searchSummary(program: Program, options: DesignSystemOptions, maxStates = 3_000_000): SearchSummary {
  const outcome = exhaustiveSearch(designSystem(program, program.invariants, options), { maxStates });
  return {
    verdict: outcome.verdict,
    invariant: outcome.verdict === 'violation' ? outcome.violation.invariant : null,
    length: outcome.verdict === 'violation' ? outcome.trace.length : null,
    states: outcome.stats.states,
    complete: outcome.verdict === 'pass' && outcome.stats.complete,
  };
}
