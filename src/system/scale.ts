/**
 * How `check` spreads a search (SPEC section 13): `--workers N` threads for an exhaustive search
 * (engine/parallel-exhaustive.ts), `--shard I/N` for one of N parts of a search split across
 * processes or CI jobs. The facts a shard's report carries for `lendcheck merge` are made here.
 *
 * Shards. Random: shard I runs its share of the runs (runs/N, the first runs%N shards one more)
 * from its own seed stream, seed + I x 0x9E3779B9 (mod 2^32), so that shards draw different walks.
 * Exhaustive: every shard searches the first levels whole, up to the first level with at least
 * 64 x N states; that level is partitioned by fingerprint (64-bit hash, its halves xor'ed, mod N)
 * and each shard expands only its own states of it and everything they lead to. Every reachable
 * state beyond that level is reached from some state of it, so the shards together cover the
 * space: the merged verdict is a pass only when every shard passed and is complete. A shortest
 * counterexample of length L passes through a level-k state (its prefix is shortest too), which
 * one shard owns and whose BFS finds a violation of length L; no shard finds a shorter one, so the
 * shortest shard violation is a shortest one. States reachable from several parts are searched by
 * each of them: the merged state count is the shards' work, not the distinct states.
 */
import { getHeapStatistics } from 'node:v8';
import type { InvariantViolation } from '../../properties/invariant.ts';
import type { Program } from '../design/program.ts';
import { exhaustiveSearchAsync, type ExhaustiveOptions, type ExhaustiveOutcome } from '../engine/exhaustive.ts';
import { parallelExhaustiveSearch, type ParallelReport } from '../engine/parallel-exhaustive.ts';
import type { Coverage } from './coverage.ts';
import type { CutShortCounter } from './cut-short.ts';
import type { DesignSystem } from './design-system.ts';
import { workerSystemFactory, type WorkerSummary } from './parallel-system.ts';
import type { Move } from './state.ts';

/** Part `index` (0-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** `--shard I/N` (I from 1 to N, as CI matrices number jobs). */
export function parseShard(text: string): { ok: true; value: Shard } | { ok: false; error: string } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1) || !(i >= 1) || i > n) return { ok: false, error: `--shard expects I/N with 1 <= I <= N (e.g. 2/4), got '${text}'` };
  return { ok: true, value: { index: i - 1, count: n } };
}

/** A random search's seed and runs for a shard. */
export function shardedRandom(seed: number, runs: number, shard: Shard | undefined): { seed: number; runs: number } {
  if (shard === undefined || shard.count === 1) return { seed, runs };
  const share = Math.floor(runs / shard.count) + (shard.index < runs % shard.count ? 1 : 0);
  return { seed: (seed + Math.imul(shard.index, 0x9e3779b9)) >>> 0 | 0, runs: Math.max(1, share) };
}

export interface ScaleOptions {
  /** Worker threads for an exhaustive search (default 1). */
  readonly workers?: number;
  readonly shard?: Shard;
  /** Searches within this many states stay on one thread (default: the engine's; tests set 0). */
  readonly sequentialBelow?: number;
}

/** Below this V8 heap limit the default memory budget matters more than a second core. */
const SMALL_HEAP_BYTES = 1024 * 2 ** 20;

/** What a check records during its search, which workers record in their own threads and send back. */
export interface CheckRecorders {
  readonly coverage: Coverage;
  readonly cutShort: CutShortCounter;
}

/** The exhaustive search of a check, on one thread, on workers, or as one shard. */
export async function exhaustiveCheck(
  program: Program,
  system: DesignSystem,
  recorders: CheckRecorders,
  options: ExhaustiveOptions<InvariantViolation> & ScaleOptions,
): Promise<ExhaustiveOutcome<Move, InvariantViolation> & { readonly parallel?: ParallelReport }> {
  const { workers = 1, shard, sequentialBelow, ...search } = options;
  // A shard searches without reduction: its re-search for a shortest trace would split the space
  // at another level than the reduced search did, and the merge needs every shard's shortest.
  if (shard !== undefined) return exhaustiveSearchAsync(system, { ...search, reduce: false, part: shard }); // one thread per shard
  // One thread: page and handle renaming is the one-thread search's (its broken-state stop and
  // rerun live in check.ts); the memory budget reads this thread's heap, not the workers', so a
  // search with an explicit --max-memory, or under a small heap limit (where the default budget is
  // what keeps V8 from crashing), stays here too (docs/MODEL.md). Partial-order reduction alone
  // runs on workers (its cycle proviso depends on finished levels only, engine/proviso.ts).
  const smallHeap = getHeapStatistics().heap_size_limit < SMALL_HEAP_BYTES;
  if (workers <= 1 || system.renaming !== null || search.maxMemoryBytes !== undefined || smallHeap) return exhaustiveSearchAsync(system, search);
  const reset = (): void => {
    recorders.coverage.reset();
    recorders.cutShort.reset();
  };
  // The workers build their systems with this one's options, so that they search the same space.
  return parallelExhaustiveSearch(system, workerSystemFactory(program, system.invariants.map((i) => i.id), true, system.options), {
    ...search,
    workers,
    ...(sequentialBelow === undefined ? {} : { sequentialBelow }),
    beforeOneThreadSearch: reset,
    absorbSummaries: (summaries) => {
      reset();
      for (const s of summaries as readonly (WorkerSummary | null)[]) {
        if (s === null) continue;
        recorders.coverage.absorb(s.coverage);
        recorders.cutShort.absorb(s.cutShort);
      }
    },
  });
}

/** What a report's `search` says about workers and shards (read back by `lendcheck merge`). */
export function scaleDetails(searched: object, shard: Shard | undefined): Record<string, unknown> {
  const outcome = searched as { readonly parallel?: ParallelReport; readonly exhaustive?: ExhaustiveOutcome<Move, InvariantViolation>['exhaustive'] };
  return {
    ...(outcome.parallel === undefined ? {} : { workers: outcome.parallel.workers, ...(outcome.parallel.rerun ? { rerunOnOneThread: outcome.parallel.rerun } : {}) }),
    ...(shard === undefined ? {} : { shard: { index: shard.index + 1, count: shard.count, splitLevel: outcome.exhaustive?.part?.splitLevel ?? null } }),
  };
}
