/**
 * The design system as the parallel exhaustive search's workers build it (engine/parallel-*.ts):
 * a factory the engine calls in each worker thread with structured-cloneable arguments.
 *
 * The workers share one fingerprint table, so a state's fingerprint must be the same number in
 * every thread. Two numberings inside it are made on first sight: the fingerprinter's names
 * (seeded up front with every name a state can hold) and `Page.code`'s (owner, IOMMU devices)
 * pairs (model/state.ts, per thread). A fresh worker numbers every pair a page can have up front, in
 * one fixed order, before the search; `consistent` tells whether anything was numbered later
 * (then the engine redoes the search on one thread). The workers also read each other's packed
 * levels while `levelsPortable` holds: the state codec's names are seeded alike too.
 */
import { NS } from '../../model/platform.ts';
import { initialWorld, ownerDevicePairsNumbered, pageCode } from '../../model/state.ts';
import type { InvariantId } from '../../properties/invariant.ts';
import type { Program } from '../design/program.ts';
import type { SystemFactory, WorkerSystem } from '../engine/parallel-protocol.ts';
import { Coverage, type CoverageSnapshot } from './coverage.ts';
import { CutShortCounter, type CutShort } from './cut-short.ts';
import { designSystem, type DesignSystemOptions } from './design-system.ts';
import type { Move, SystemState } from './state.ts';
import type { InvariantViolation } from '../../properties/invariant.ts';

export interface WorkerSystemArgs {
  readonly program: Program;
  readonly invariants: readonly InvariantId[];
  /** Record coverage and cut-short transitions (check does; a benchmark of the search alone does not). */
  readonly record: boolean;
  /** The system's options: the calling thread's own, so that every thread searches the same space. */
  readonly options: DesignSystemOptions;
}

/** Up to this many devices the pairs are numbered up front (2^devices subsets per owner). */
const MAX_SEEDED_DEVICES = 10;

/**
 * `options` must be the ones the calling thread's system was built with (check's exhaustive search:
 * `pageSymmetry: true`): workers built otherwise search another space and report other counts.
 */
export function workerSystemFactory(
  program: Program,
  invariants: readonly InvariantId[],
  record = false,
  options: WorkerSystemArgs['options'] = {},
): SystemFactory {
  return { module: import.meta.url, exportName: 'createWorkerSystem', args: { program, invariants, record, options } satisfies WorkerSystemArgs };
}

/** What a worker records for the check (`WorkerSystem.summary`), merged by the calling thread. */
export interface WorkerSummary {
  readonly coverage: CoverageSnapshot;
  readonly cutShort: CutShort;
}

export function createWorkerSystem(args: WorkerSystemArgs): WorkerSystem<SystemState, Move, InvariantViolation> {
  const { program } = args;
  const pairs = seedPagePairs(program);
  const built = designSystem(program, args.invariants, args.options);
  const coverage = new Coverage(program);
  const cutShort = new CutShortCounter(program, args.invariants, false);
  if (args.record) built.interpreter.coverage = coverage;
  const system = args.record ? cutShort.wrap(built) : built;
  const consistent = (): boolean => pairs !== null && ownerDevicePairsNumbered() === pairs && built.fingerprinter.unseededNames === 0;
  return {
    system,
    summary: (): WorkerSummary => ({ coverage: coverage.snapshot(), cutShort: cutShort.counts() }),
    resetSummary: () => {
      coverage.reset();
      cutShort.reset();
    },
    consistent,
    // Page codes as consistent() requires, and the codec's names all seeded: every thread reads the words alike.
    levelsPortable: () => consistent() && built.codec.unseededNames === 0,
  };
}

/** Numbers every (owner, sorted IOMMU devices) pair up front; the count, or null when there are too many. */
function seedPagePairs(program: Program): number | null {
  const devices = Object.keys(program.platform.devices).sort();
  if (devices.length > MAX_SEEDED_DEVICES) return null;
  const template = initialWorld(program.platform, 0).pages[0];
  if (template === undefined) return ownerDevicePairsNumbered();
  for (const owner of [NS, ...program.platform.endpoints]) {
    for (let mask = 0; mask < 1 << devices.length; mask++) {
      const iommu = devices.filter((_, i) => (mask & (1 << i)) !== 0);
      pageCode({ ...template, owner, iommu });
    }
  }
  return ownerDevicePairsNumbered();
}
