/**
 * The visited-state set shared by the exhaustive search's worker threads: the same 64-bit hashes
 * as FingerprintSet, in an open-addressing table of 32-bit halves in a SharedArrayBuffer, inserted
 * lock-free as TLC's shared FPSet does. A slot is claimed by compare-exchanging its first half from
 * 0; the slot's level (the BFS level the state was stored at, which the reduced search's cycle
 * proviso asks for) and then the second half are stored after it, and a reader that finds the first
 * half of its hash waits for the second (never 0) before comparing (and reading the level). Neither half is ever 0: a hash half of 0 is stored as
 * 1, which merges hashes differing only there (a collision like any other, 2^-32 more likely for
 * those few). The table does not grow while workers insert: the search pauses them and copies it
 * into a bigger one (`grownCopy`) between rounds, when `nearlyFull`.
 *
 * The count of stored hashes is shared too, but each thread adds its stores to it in batches
 * (`flush`): one counter every insert of every thread writes would bounce its cache line between
 * the cores on every new state. A thread's `size` is the shared count plus its own unflushed stores.
 */

/** Words of the header: [0] distinct hashes stored (flushed). */
const HEADER = 2;
/** Words per slot: h1, h2, level. */
const SLOT_WORDS = 3;
/** What `addHashAt` returns when it stored the hash. */
export const STORED = -1;
/** A thread publishes its stores to the shared count every this many. */
const FLUSH_EVERY = 64;

export class SharedFingerprintSet {
  readonly buffer: SharedArrayBuffer;
  /** Per slot, three words side by side (one cache line for a probe): h1, h2, the level. */
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly header: Int32Array;
  /** This thread's stores not yet added to the shared count. */
  private pending = 0;

  /** A table of `slots` (a power of two) slots, or a view of an existing one's buffer. */
  constructor(slotsOrBuffer: number | SharedArrayBuffer) {
    this.buffer =
      typeof slotsOrBuffer === 'number' ? new SharedArrayBuffer(4 * (HEADER + SLOT_WORDS * slotsOrBuffer)) : slotsOrBuffer;
    const slots = (this.buffer.byteLength / 4 - HEADER) / SLOT_WORDS;
    this.header = new Int32Array(this.buffer, 0, HEADER);
    this.table = new Int32Array(this.buffer, 4 * HEADER, SLOT_WORDS * slots);
    this.mask = slots - 1;
  }

  /** Hashes stored: every thread's flushed stores and this thread's unflushed ones. */
  get size(): number {
    return Atomics.load(this.header, 0) + this.pending;
  }

  /** Adds this thread's unflushed stores to the shared count (before others read it). */
  flush(): void {
    // Stryker disable next-line ConditionalExpression: adding 0 is a no-op; the test only saves the atomic write
    if (this.pending === 0) return;
    Atomics.add(this.header, 0, this.pending);
    this.pending = 0;
  }

  get slots(): number {
    return this.mask + 1;
  }

  get bytes(): number {
    return this.buffer.byteLength;
  }

  /** More than 3/4 full: pause and grow before inserting more (linear probing slows down past that). */
  nearlyFull(): boolean {
    return this.size * 4 > this.slots * 3;
  }

  /** Adds a hash; true when this call stored it (exactly one of concurrent adders of a hash wins). */
  addHash(h1: number, h2: number): boolean {
    // Stryker disable next-line BooleanLiteral: with wantLevel the found hash's level is returned, never STORED (-1) either
    return this.add(h1, h2, 0, false) === STORED;
  }

  /**
   * Adds a hash stored at BFS level `level`: STORED (-1) when this call stored it (exactly one of
   * concurrent adders of a hash wins), else the level it was stored at.
   */
  addHashAt(h1: number, h2: number, level: number): number {
    return this.add(h1, h2, level, true);
  }

  /** STORED, or when the hash was there: its level if `wantLevel` (else 0: a read saved). */
  private add(h1: number, h2: number, level: number, wantLevel: boolean): number {
    h1 |= 0;
    h2 |= 0;
    if (h1 === 0) h1 = 1;
    if (h2 === 0) h2 = 1;
    const table = this.table;
    const mask = this.mask;
    let slot = (h1 ^ (h2 >>> 7)) & mask;
    for (let probes = 0; probes <= mask; probes++) {
      const at = slot * SLOT_WORDS;
      // A plain read: a slot's first half changes once, from 0, so it reads 0 or its final value,
      // and a stale 0 is settled by the compare-exchange.
      let a = table[at]!;
      // Stryker disable next-line ConditionalExpression: the compare-exchange of a claimed slot returns its first half, what the plain read gave
      if (a === 0) {
        a = Atomics.compareExchange(table, at, 0, h1);
        // Stryker disable next-line ConditionalExpression: `true` only differs when another thread claimed the slot since the plain read, a race of worker threads, where StrykerJS cannot activate a mutant (npm run mutation:ignored runs it there: the parallel tests kill it)
        if (a === 0) {
          Atomics.store(table, at + 2, level);
          Atomics.store(table, at + 1, h2);
          if (++this.pending === FLUSH_EVERY) this.flush();
          return STORED;
        }
      }
      if (a === h1) {
        let b = Atomics.load(table, at + 1);
        // Stryker disable next-line ConditionalExpression,ArithmeticOperator: never waiting, or re-reading another word, only differs while another thread is between its two stores, a race of worker threads the tests cannot stage
        while (b === 0) b = Atomics.load(table, at + 1); // its adder is between the stores
        if (b === h2) return wantLevel ? Atomics.load(table, at + 2) : 0;
      }
      // Stryker disable next-line ArithmeticOperator: probing downwards visits every slot too (the adders of one hash all probe the same way)
      slot = (slot + 1) & mask;
    }
    throw new Error('internal: shared fingerprint table full');
  }

  /** A table of `slots` slots holding the same hashes (call only while nobody inserts and every thread has flushed). */
  grownCopy(slots: number): SharedFingerprintSet {
    const grown = new SharedFingerprintSet(slots);
    const table = this.table;
    for (let at = 0; at < table.length; at += SLOT_WORDS) {
      const a = table[at]!;
      if (a !== 0) grown.addHashAt(a, table[at + 1]!, table[at + 2]!);
    }
    grown.flush();
    return grown;
  }
}

/** The smallest power of two >= n (at least 2^16). */
export function tableSlots(n: number): number {
  let slots = 1 << 16;
  while (slots < n) slots *= 2;
  return slots;
}
