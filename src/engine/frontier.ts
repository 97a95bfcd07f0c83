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
}

export function newFrontier<S>(codec: StateCodec<S> | undefined): Frontier<S> {
  return codec === undefined ? new ObjectFrontier<S>() : new PackedFrontier<S>(codec);
}

class ObjectFrontier<S> implements Frontier<S> {
  private readonly states: (S | undefined)[] = [];
  get length(): number {
    return this.states.length;
  }
  get bytes(): number {
    return 0;
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

  constructor(private readonly codec: StateCodec<S>) {
    this.chunk = new Int32Array(1 << 10); // a small first chunk: most levels of most designs are small
    this.chunks.push(this.chunk);
    this.held = this.chunk.byteLength;
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
    this.chunk = new Int32Array(size);
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
