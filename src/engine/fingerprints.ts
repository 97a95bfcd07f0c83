/**
 * The visited-state set of the exhaustive search: 64-bit hashes of fingerprints in an
 * open-addressing table of 32-bit halves (8 bytes a slot, at most half full). Like TLC's FPSet it
 * stores hashes, not states, so two distinct fingerprints may collide; `collisionProbability`
 * gives TLC's optimistic estimate of that risk. A fingerprint is either a string (`add`) or a
 * sequence of 32-bit words the system hashes with `hashWords` (`addHash`), which builds no string.
 */

/** Slots in a fresh table (a power of two). */
const INITIAL_SLOTS = 1 << 16;

/** A set of 64-bit fingerprint hashes. `add` allocates nothing unless the table grows. */
export class FingerprintSet {
  private table: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 0) {
    let slots = INITIAL_SLOTS;
    while (slots < expected * 2) slots *= 2;
    this.table = new Int32Array(slots * 2);
    this.mask = slots - 1;
  }

  /** Distinct hashes stored. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.table.byteLength;
  }

  /** Adds the hash of `fingerprint`; true when it was not there yet. */
  add(fingerprint: string): boolean {
    hashString(fingerprint, SCRATCH);
    return this.addHash(SCRATCH[0]!, SCRATCH[1]!);
  }

  /** Is this hash (as `addHash` takes it) stored? */
  hasHash(h1: number, h2: number): boolean {
    h1 |= 0;
    h2 |= 0;
    if (h1 === 0 && h2 === 0) h2 = 1;
    const table = this.table;
    const mask = this.mask;
    for (let slot = (h1 ^ (h2 >>> 7)) & mask; ; slot = (slot + 1) & mask) {
      const a = table[slot << 1]!;
      const b = table[(slot << 1) + 1]!;
      if (a === 0 && b === 0) return false;
      if (a === h1 && b === h2) return true;
    }
  }

  /** Adds a 64-bit hash given as two 32-bit halves (e.g. from `hashWords`); true when it was not there yet. */
  addHash(h1: number, h2: number): boolean {
    h1 |= 0;
    h2 |= 0;
    if (h1 === 0 && h2 === 0) h2 = 1; // (0, 0) marks an empty slot
    return this.insert(h1, h2);
  }

  /** Calls `visit` with every stored hash's two halves (in table order). */
  forEachHash(visit: (h1: number, h2: number) => void): void {
    const table = this.table;
    for (let at = 0; at < table.length; at += 2) {
      const a = table[at]!;
      const b = table[at + 1]!;
      if (a !== 0 || b !== 0) visit(a, b);
    }
  }

  private insert(h1: number, h2: number): boolean {
    const table = this.table;
    const mask = this.mask;
    let slot = (h1 ^ (h2 >>> 7)) & mask;
    for (;;) {
      const at = slot << 1;
      const a = table[at]!;
      const b = table[at + 1]!;
      if (a === 0 && b === 0) {
        table[at] = h1;
        table[at + 1] = h2;
        this.count++;
        if (this.count * 2 > mask + 1) this.grow();
        return true;
      }
      if (a === h1 && b === h2) return false;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    this.table = new Int32Array(slots * 2);
    this.mask = slots - 1;
    this.count = 0;
    for (let at = 0; at < old.length; at += 2) {
      const a = old[at]!;
      const b = old[at + 1]!;
      if (a !== 0 || b !== 0) this.insert(a, b);
    }
  }
}

/**
 * The 64-bit hash of `words[from..to)`, written to `out[at]` and `out[at + 1]`: two independent
 * lanes, MurmurHash3's block step and xxHash32's round, each closed by MurmurHash3's finaliser.
 * Each step is a bijection of its lane for a fixed word, so two sequences of equal length that
 * differ in one word never collide in a lane. Allocation-free. The caller makes the word sequence a
 * prefix-free encoding of what it hashes (lengths before variable-length parts).
 */
export function hashWords(words: Int32Array, from: number, to: number, out: Int32Array, at: number): void {
  let a = 0x811c9dc5 | 0;
  let b = 0x9747b28c | 0;
  for (let i = from; i < to; i++) {
    const word = words[i]!;
    let k = Math.imul(word, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    a ^= Math.imul(k, 0x1b873593);
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    b = (b + Math.imul(word, 0x85ebca77)) | 0;
    b = (b << 13) | (b >>> 19);
    b = Math.imul(b, 0x9e3779b1);
  }
  const n = to - from;
  out[at] = fmix32(a ^ n);
  out[at + 1] = fmix32(b ^ Math.imul(n, 0x27d4eb2f));
}

const SCRATCH = new Int32Array(2);

/** The 64-bit hash `FingerprintSet.add` stores for a string fingerprint, into `out[0..1]`. */
export function hashString(fingerprint: string, out: Int32Array): void {
  // Two 32-bit lanes; each step (xor, multiply by an odd constant, rotate) is a bijection of the
  // lane, so two strings of equal length that differ in one character never collide in a lane.
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  const n = fingerprint.length;
  // Stryker disable next-line EqualityOperator: `<=` adds a round on charCodeAt(n), NaN, which xors as 0: another hash, as injective on strings of one length
  for (let i = 0; i < n; i++) {
    const c = fingerprint.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x9e3779b1);
    h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ c, 0x85ebca77);
    h2 = (h2 << 13) | (h2 >>> 19);
  }
  out[0] = fmix32(h1 ^ n);
  out[1] = fmix32(h2 ^ Math.imul(n, 0x27d4eb2f));
}

/** MurmurHash3's 32-bit finaliser. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * TLC's "optimistic" probability that a 64-bit fingerprint collision made the search skip a
 * state: d * (g - d) / 2^64, for d distinct states out of g generated.
 */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(generated - distinct, 0)) / 2 ** 64;
}
