/**
 * A BFS level: states appended in discovery order and taken out in the same order. Packed (the
 * system's codec: a few dozen 32-bit words a state in one growing Int32Array) when the system has
 * a codec, else the state objects themselves. A taken-out state's objects can be collected at
 * once; a packed level's words are dropped with the level.
 */
import type { StateCodec } from './types.ts';

export interface Frontier<S> {
  readonly length: number;
  push(state: S): void;
  /** The `index`-th state pushed; each index is read once, in increasing order. */
  take(index: number): S;
  /** Bytes held (packed levels only; 0 for object levels, whose size the engine cannot see). */
  readonly bytes: number;
  /** The level for other threads to read, once nothing more is pushed (null: not a shared packed level). */
  share(): SharedLevel | null;
  /** A shared level's buffers, to be written over by a new level once no thread reads this one. */
  recycle(): Int32Array[];
}

/** `shared`: a packed level's words live in SharedArrayBuffers, so other threads can read it (`PackedFrontier.share`). */
export function newFrontier<S>(codec: StateCodec<S> | undefined, shared = false, spare: Int32Array[] = []): Frontier<S> {
  return codec === undefined ? new ObjectFrontier<S>() : new PackedFrontier<S>(codec, shared, spare);
}

/**
 * A finished packed level as other threads see it: structured-cloneable, its buffers shared, not
 * copied. Read with `SharedLevelReader`.
 */
export interface SharedLevel {
  readonly chunks: readonly SharedArrayBuffer[];
  /** Per state, as `PackedFrontier`'s starts (its first `count` words). */
  readonly starts: SharedArrayBuffer;
  readonly count: number;
}

/** Reads any state of a `SharedLevel`, in any order, from any thread. */
export class SharedLevelReader<S> {
  private readonly chunks: Int32Array[];
  private readonly starts: Int32Array;
  readonly length: number;

  constructor(level: SharedLevel, private readonly codec: StateCodec<S>) {
    this.chunks = level.chunks.map((buffer) => new Int32Array(buffer));
    this.starts = new Int32Array(level.starts);
    this.length = level.count;
  }

  state(index: number): S {
    const start = this.starts[index]!;
    return this.codec.decode(this.chunks[start >>> CHUNK_BITS]!, start & (CHUNK - 1));
  }
}

class ObjectFrontier<S> implements Frontier<S> {
  private readonly states: (S | undefined)[] = [];
  get length(): number {
    return this.states.length;
  }
  get bytes(): number {
    return 0;
  }
  share(): null {
    return null; // objects cannot cross threads
  }
  recycle(): Int32Array[] {
    return [];
  }
  push(state: S): void {
    this.states.push(state);
  }
  take(index: number): S {
    const state = this.states[index] as S;
    this.states[index] = undefined;
    return state;
  }
}

/** Words per chunk of a packed level: a state never spans two chunks; 4 MiB each. */
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;

export class PackedFrontier<S> implements Frontier<S> {
  /** Fixed-size chunks (no copying as the level grows); chunks already read are released. */
  private readonly chunks: (Int32Array | null)[] = [];
  private chunk: Int32Array;
  /** Next free word in `chunk`. */
  private end = 0;
  /** Per state: chunk index << CHUNK_BITS | offset of its first word. */
  private starts = new Int32Array(1 << 8);
  private count = 0;
  private held = 0;

  /**
   * `spare`: shared chunks of a level no thread reads any more, written over before new ones are
   * allocated (a shared buffer is freed only when every thread has collected its references, which
   * a worker's rarely collected old generation delays: without reuse the levels pile up).
   */
  constructor(
    private readonly codec: StateCodec<S>,
    private readonly shared: boolean,
    private readonly spare: Int32Array[],
  ) {
    this.chunk = this.words(1 << 10); // a small first chunk: most levels of most designs are small
    this.chunks.push(this.chunk);
    this.held = this.chunk.byteLength;
  }

  private words(size: number): Int32Array {
    if (!this.shared) return new Int32Array(size);
    const reuse = this.spare.findIndex((chunk) => chunk.length >= size);
    return reuse >= 0 ? this.spare.splice(reuse, 1)[0]! : new Int32Array(new SharedArrayBuffer(4 * size));
  }

  /** A shared level's chunks, for a new level to write over: only once no thread reads this one. */
  recycle(): Int32Array[] {
    return this.shared ? this.chunks.filter((chunk) => chunk !== null).concat(this.spare) : [];
  }

  /** A shared frontier's level (its own `take`, which releases chunks, is not used then); null when not made shared. */
  share(): SharedLevel | null {
    if (!this.shared) return null;
    const starts = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, this.count)));
    starts.set(this.starts.subarray(0, this.count));
    const chunks = this.chunks.map((chunk) => {
      if (chunk === null) throw new Error('frontier: share() after take()');
      return chunk.buffer as SharedArrayBuffer;
    });
    return { chunks, starts: starts.buffer as SharedArrayBuffer, count: this.count };
  }

  get length(): number {
    return this.count;
  }

  get bytes(): number {
    return this.held + this.starts.byteLength;
  }

  push(state: S): void {
    // An offset must stay below CHUNK: a chunk made bigger for one huge state takes no other.
    // Stryker disable next-line EqualityOperator: `<=` differs only at an offset of exactly CHUNK, which only a CHUNK-word chunk can hold, and there nothing more fits
    let end = this.end < CHUNK ? this.codec.encode(state, this.chunk, this.end) : Infinity;
    if (end > this.chunk.length) {
      // Chunks grow geometrically up to CHUNK words: a zero-filled 4 MiB chunk for a level of a
      // few hundred states cost more than the whole search of a small design.
      let size = Math.min(CHUNK, this.chunk.length * 4);
      for (;;) {
        this.newChunk(size);
        end = this.codec.encode(state, this.chunk, 0);
        if (end <= this.chunk.length) break;
        size = 2 * end; // a state bigger than a chunk gets one of its own (the empty one stays behind)
      }
    }
    if (this.count >= this.starts.length) {
      const starts = new Int32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    this.starts[this.count++] = ((this.chunks.length - 1) << CHUNK_BITS) | this.end;
    this.end = end;
  }

  private newChunk(size: number): void {
    // Stryker disable next-line StringLiteral,ConditionalExpression,EqualityOperator,ArithmeticOperator: 2,048 chunks, 8 GiB of packed states, are past any test machine's memory
    if (this.chunks.length >= 1 << (31 - CHUNK_BITS)) throw new Error('frontier: more than 8 GiB of packed states');
    this.chunk = this.words(size);
    this.chunks.push(this.chunk);
    this.held += this.chunk.byteLength;
    this.end = 0;
  }

  take(index: number): S {
    const start = this.starts[index]!;
    const c = start >>> CHUNK_BITS;
    if (c > 0 && this.chunks[c - 1] !== null) {
      this.held -= this.chunks[c - 1]!.byteLength;
      this.chunks[c - 1] = null; // read in order: the earlier chunks are done
    }
    return this.codec.decode(this.chunks[c]!, start & (CHUNK - 1));
  }
}
