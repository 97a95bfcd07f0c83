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

/**
 * Packed states on their way to another thread's frontier (the parallel search balances its
 * workers' levels with them): per chunk, its words and where each state starts in them.
 * Transferable: every array owns its buffer.
 */
export interface FrontierParcel {
  readonly chunks: readonly { readonly words: Int32Array<ArrayBuffer>; readonly starts: Int32Array<ArrayBuffer> }[];
  /** The giving codec's `tables()`: words are meaningful only to the codec that wrote them. */
  readonly tables: unknown;
}

/** The buffers to transfer with parcels posted to another thread. */
export function parcelBuffers(parcels: readonly FrontierParcel[]): ArrayBuffer[] {
  return parcels.flatMap((parcel) => parcel.chunks.flatMap(({ words, starts }) => [words.buffer, starts.buffer]));
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
  /** Per chunk: how to decode it (null: this frontier's codec; else an adopted parcel's decoder). */
  private readonly decoders: (((words: Int32Array, at: number) => S) | null)[] = [];
  /** Per chunk before the current one: the end of its last state's words (the rest of it is unused). */
  private readonly ends: number[] = [];
  /** Per state: chunk index << CHUNK_BITS | offset of its first word. */
  private starts = new Int32Array(1 << 8);
  private count = 0;
  private held = 0;

  constructor(private readonly codec: StateCodec<S>) {
    this.chunk = new Int32Array(1 << 10); // a small first chunk: most levels of most designs are small
    this.chunks.push(this.chunk);
    this.decoders.push(null);
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
    this.growStarts(this.count + 1);
    this.starts[this.count++] = ((this.chunks.length - 1) << CHUNK_BITS) | this.end;
    this.end = end;
  }

  private newChunk(size: number): void {
    if (this.chunks.length >= 1 << (31 - CHUNK_BITS)) throw new Error('frontier: more than 8 GiB of packed states');
    this.addChunk(new Int32Array(size));
  }

  private addChunk(chunk: Int32Array, decoder: ((words: Int32Array, at: number) => S) | null = null): void {
    this.ends.push(this.end);
    this.chunk = chunk;
    this.chunks.push(chunk);
    this.decoders.push(decoder);
    this.held += chunk.byteLength;
    this.end = 0;
  }

  private growStarts(count: number): void {
    if (count <= this.starts.length) return;
    let length = this.starts.length;
    while (length < count) length *= 2;
    const starts = new Int32Array(length);
    starts.set(this.starts.subarray(0, this.count));
    this.starts = starts;
  }

  /**
   * Removes the last `count` states (pushed, none taken yet, none adopted) and returns them as a
   * parcel for another thread's frontier (`adopt`): their words copied as they are, no state decoded.
   */
  cutTail(count: number): FrontierParcel {
    const first = this.count - Math.min(count, this.count);
    if (this.decoders.some((d) => d !== null)) throw new Error('internal: cutTail of a frontier that adopted states');
    const chunks: { words: Int32Array<ArrayBuffer>; starts: Int32Array<ArrayBuffer> }[] = [];
    for (let i = first; i < this.count; ) {
      const c = this.starts[i]! >>> CHUNK_BITS;
      let j = i + 1;
      while (j < this.count && this.starts[j]! >>> CHUNK_BITS === c) j++;
      const from = this.starts[i]! & (CHUNK - 1);
      const to = c === this.chunks.length - 1 ? this.end : this.ends[c]!;
      const starts = new Int32Array(j - i);
      for (let k = i; k < j; k++) starts[k - i] = (this.starts[k]! & (CHUNK - 1)) - from;
      chunks.push({ words: this.chunks[c]!.slice(from, to), starts });
      i = j;
    }
    if (first < this.count) {
      // Later pushes continue where the first cut state began, in its chunk; later chunks are dropped.
      const c = this.starts[first]! >>> CHUNK_BITS;
      for (const dropped of this.chunks.splice(c + 1)) this.held -= dropped!.byteLength;
      this.decoders.length = c + 1;
      this.ends.length = c;
      this.chunk = this.chunks[c]!;
      this.end = this.starts[first]! & (CHUNK - 1);
      this.count = first;
    }
    return { chunks, tables: chunks.length > 0 ? (this.codec.tables?.() ?? null) : null };
  }

  /** Appends a parcel's states (from another thread's frontier's `cutTail`) after this frontier's. */
  adopt(parcel: FrontierParcel): void {
    if (parcel.chunks.length === 0) return;
    if (this.codec.foreignDecoder === undefined) throw new Error('internal: adopting states without a codec that reads other threads\' words');
    const decoder = this.codec.foreignDecoder(parcel.tables);
    for (const { words, starts } of parcel.chunks) {
      if (starts.length === 0) continue;
      this.addChunk(words, decoder);
      this.end = words.length;
      this.growStarts(this.count + starts.length);
      const base = (this.chunks.length - 1) << CHUNK_BITS;
      for (const start of starts) this.starts[this.count++] = base | start;
    }
  }

  take(index: number): S {
    const start = this.starts[index]!;
    const c = start >>> CHUNK_BITS;
    if (c > 0 && this.chunks[c - 1] !== null) {
      this.held -= this.chunks[c - 1]!.byteLength;
      this.chunks[c - 1] = null; // read in order: the earlier chunks are done
    }
    const decoder = this.decoders[c];
    return decoder === null ? this.codec.decode(this.chunks[c]!, start & (CHUNK - 1)) : decoder!(this.chunks[c]!, start & (CHUNK - 1));
  }
}
