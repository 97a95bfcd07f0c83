/**
 * A memory budget for the exhaustive search, so that a large state space ends as `incomplete`
 * with a reason instead of a V8 "heap out of memory" crash.
 *
 * What is measured: V8's used heap (the frontier's states live there) plus the memory V8 knows
 * about outside the heap (the fingerprint set and trace pointers are typed arrays). The heap has a
 * hard ceiling (node's --max-old-space-size); crossing it kills the process, so the heap alone is
 * also kept under HEAP_SHARE of it, whatever budget was asked for. The default budget is that same
 * share.
 *
 * Used heap includes garbage not yet collected, so the budget can stop a search a little early,
 * never late: like a time budget it makes the verdict `incomplete`, never wrong.
 */
import { getHeapStatistics } from 'node:v8';

/** Share of V8's old-generation limit the search may fill (the rest is headroom for GC and reporting). */
export const HEAP_SHARE = 0.7;
/**
 * `heap_size_limit` is --max-old-space-size plus the young generation (48 MiB on 64-bit Node 20),
 * and it is the old generation that runs out: the search's ceiling is a share of that part.
 */
const YOUNG_GENERATION = 48 * 2 ** 20;

/** The old generation's limit, from V8's whole-heap limit. */
export function oldGenerationLimit(heapLimit: number): number {
  return Math.max(heapLimit - YOUNG_GENERATION, heapLimit / 2);
}

/** Memory figures, in bytes (injectable for tests). */
export interface MemoryReading {
  /** V8's used heap. */
  readonly heap: number;
  /** Memory outside the heap that V8 accounts for (ArrayBuffers). */
  readonly external: number;
  /** V8's hard heap ceiling. */
  readonly heapLimit: number;
}

export function readMemory(): MemoryReading {
  const h = getHeapStatistics();
  return { heap: h.used_heap_size, external: h.external_memory, heapLimit: h.heap_size_limit };
}

/** The budget's default in MB: HEAP_SHARE of this process's heap limit. */
export function defaultMaxMemoryMb(read: () => MemoryReading = readMemory): number {
  return Math.floor((oldGenerationLimit(read().heapLimit) * HEAP_SHARE) / 2 ** 20);
}

export class MemoryBudget {
  private readonly heapCeiling: number;
  private readonly limit: number;

  /** `maxBytes`: the budget asked for (undefined: the default). */
  constructor(
    maxBytes: number | undefined,
    private readonly read: () => MemoryReading = readMemory,
  ) {
    const first = read();
    this.heapCeiling = oldGenerationLimit(first.heapLimit) * HEAP_SHARE;
    this.limit = maxBytes ?? this.heapCeiling;
  }

  /** Null while within budget, else the reason to stop (without the search's position). */
  exceeded(): string | null {
    const m = this.read();
    const used = m.heap + m.external;
    if (used >= this.limit) return `memory budget of ${mb(this.limit)} MB reached (${mb(used)} MB in use)`;
    if (m.heap >= this.heapCeiling) {
      return `memory budget reached: the heap holds ${mb(m.heap)} MB of the ${mb(oldGenerationLimit(m.heapLimit))} MB node allows (--max-old-space-size)`;
    }
    return null;
  }
}

function mb(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}
