/**
 * Canonical state keys for the exhaustive search. Two states get the same key when they are equal
 * up to a permutation of interchangeable kernel actors (same procedures, so the same code modulo
 * their own buffers). Such a permutation maps every behaviour of one state onto the other and the
 * invariants read only the World, so merging them is sound for every invariant lendcheck checks.
 *
 * Pages are not permuted here: the allocator hands out the lowest free page, so page numbers decide
 * which page a later `alloc` takes, and two states equal up to renumbering pages can diverge
 * (renaming.ts merges them where the design cannot tell numbers apart).
 *
 * Two forms of the same key: `fingerprint` (a readable string, for tests and debugging) and
 * `fingerprintInto` (its 64-bit hash, what the exhaustive search uses): the same fields, encoded as
 * 32-bit words instead of characters (each page as its packed `Page.code`), with lengths written
 * before variable-length parts and names numbered on first sight, then hashed with `hashWords`. Both must tell apart exactly the same
 * states (test/system/fingerprint.test.ts checks this on the shipped designs' reachable states and
 * on states one field apart): a field added to one must be added to the other.
 */
import type { Buffer, Page, Transaction } from '../../model/state.ts';
import { NS } from '../../model/platform.ts';
import { STEP_RESULTS } from '../../model/results.ts';
import { hashWords } from '../engine/fingerprints.ts';
import { SHUTDOWN_ACTOR, type Instr, type Program } from '../design/program.ts';
import type { SystemState } from './state.ts';

/** Name numbers stay below this, so that one fits in a word with a few bits beside it. */
const MAX_NAMES = 1 << 20;

/** A program counter no actor has (DONE is -1): marks an actor with no cached hash yet. */
// Stryker disable next-line UnaryOperator: cachedLast starts null, never a state's result, so no entry is reused before it is written whatever this number is
const NO_PC = -2;

export class Fingerprinter {
  /**
   * Actor indices grouped into classes of interchangeable actors (singletons included): actors
   * whose whole code (steps, arguments, branches) is equal up to renaming their own buffers.
   */
  readonly classes: readonly (readonly number[])[];
  /** Per actor: the ids of its own (actor-local) buffers, in declaration order. */
  readonly localBuffers: readonly (readonly number[])[];
  /** The ids of the shared buffers, in declaration order. */
  readonly sharedBuffers: readonly number[];
  private readonly pageCodes = new WeakMap<Page, string>();
  /** Small integers for names (owners, endpoints, devices, results), numbered on first sight. */
  // Stryker disable next-line ArrayDeclaration: a name's number is only compared with others from this numbering, so starting it at 1 is the same
  private readonly names: string[] = [];
  /** How many of `names` were numbered up front, the same in every thread (`seedNames`). */
  private readonly seeded: number;
  /** Scratch: the key being hashed, as 32-bit words (grown on demand). */
  private words = new Int32Array(1024);
  /** Scratch: the hashes of one class's actors, two words each, sorted to undo permutations. */
  private readonly classHashes: Int32Array;
  /*
   * The hash of each interchangeable actor as last computed, with what it was computed from, so
   * that it is reused while those are the same (objects are compared by identity: states are
   * immutable). The search fingerprints the successors of one state one after the other, and a
   * move changes one actor at most, so most actors' hashes are the ones the previous call made.
   */
  /** Per actor: what its last hash was computed from (pc, result, mutexes array) and the hash. */
  private readonly cachedPc: Int32Array;
  private readonly cachedSub: Int32Array;
  private readonly cachedLast: (string | null)[];
  private readonly cachedLocks: (readonly number[] | null)[];
  /** Per buffer id: the (actor-local) buffer object its actor's cached hash was computed from. */
  private readonly cachedBuffers: (Buffer | null)[];
  private readonly actorHashes: Int32Array;

  /** `symmetry: false` puts every actor in a class of its own (for soundness tests and --no-symmetry). */
  constructor(program: Program, symmetry = true) {
    this.localBuffers = program.actors.map((actor) =>
      program.buffers.flatMap((b, id) => (b.actor === actor.name ? [id] : [])),
    );
    this.sharedBuffers = program.buffers.flatMap((b, id) => (b.actor === null ? [id] : []));
    // The kexec shutdown actors have roles no design actor shares: never interchangeable. One that
    // works on a design actor's own buffers (`shutdown.t1`) ties that actor's identity to it, so
    // then no actor is interchangeable with another.
    const shutdown = program.shutdownActors ?? [];
    const scoped = shutdown.some((a) => program.actors[a]!.name !== SHUTDOWN_ACTOR);
    const shapes = program.actors.map((actor, i) =>
      !symmetry || shutdown.includes(i) || scoped ? `#${i}` : codeShape(actor.code, this.localBuffers[i]!),
    );
    const classes = new Map<string, number[]>();
    shapes.forEach((shape, i) => {
      const members = classes.get(shape);
      if (members) members.push(i);
      else classes.set(shape, [i]);
    });
    this.classes = [...classes.values()];
    this.classHashes = new Int32Array(2 * Math.max(0, ...this.classes.map((c) => c.length)));
    const actors = program.actors.length;
    this.cachedPc = new Int32Array(actors).fill(NO_PC);
    this.cachedSub = new Int32Array(actors);
    this.cachedLast = program.actors.map(() => null);
    this.cachedLocks = program.actors.map(() => null);
    this.cachedBuffers = program.buffers.map(() => null);
    this.actorHashes = new Int32Array(2 * actors);
    for (const name of seedNames(program)) this.name(name);
    this.seeded = this.names.length;
  }

  /** Names numbered on first sight rather than up front: a thread-local numbering (see parallel-system.ts). */
  get unseededNames(): number {
    return this.names.length - this.seeded;
  }

  /** Whether any two actors are interchangeable (symmetry reduction is in effect). */
  get reduces(): boolean {
    return this.classes.some((c) => c.length > 1);
  }

  // The string key is fingerprintInto's reference (the tests compare the two on every reachable
  // state). Its '|'s and the empty start only make it readable: every page and transaction code
  // ends in ';', a transaction starts with its op letter or '-', a buffer with a digit or 'h', the
  // variables with a digit and the hazard letters are followed by their own '|', so the parts
  // never run together without them (the ',' between variables is needed: a test says so).
  fingerprint(state: SystemState): string {
    const { world } = state;
    // Stryker disable next-line StringLiteral: the empty start (above)
    let key = '';
    for (const page of world.pages) key += this.pageCode(page);
    // Stryker disable next-line StringLiteral: a separator the codes do not need (above)
    key += '|';
    for (const tx of world.transactions) key += tx === null ? '-;' : transactionCode(tx);
    // Stryker disable next-line StringLiteral: a separator the codes do not need (above)
    key += '|';
    for (const id of this.sharedBuffers) key += bufferCode(world.buffers[id]!);
    // Stryker disable next-line StringLiteral: a separator the codes do not need (above)
    key += '|';
    key += state.vars.join(',');
    // Stryker disable next-line StringLiteral: a separator the codes do not need (above)
    key += '|';
    const h = world.hazards;
    // Stryker disable next-line StringLiteral: an absent hazard written as any text other than its letter keeps the part injective
    key += `${h.kernelFault ? 'K' : ''}${h.doubleSend ? 'D' : ''}${h.dirtyLend ? 'C' : ''}${h.secretCopied ? 'S' : ''}|`;
    for (const members of this.classes) {
      // Stryker disable next-line ConditionalExpression,BlockStatement: a shortcut; sorting a class of one and joining it gives the same text
      if (members.length === 1) {
        key += this.actorCode(state, members[0]!) + '#';
        continue;
      }
      const codes = members.map((a) => this.actorCode(state, a)).sort();
      key += codes.join('#') + '#';
    }
    return key;
  }

  /** The 64-bit hash of the state's key, as `out[0]`, `out[1]` (the same fields as `fingerprint`). */
  fingerprintInto(state: SystemState, out: Int32Array): void {
    // A typed array drops writes past its end, so the encoders write on and the length they return
    // tells whether the buffer was big enough; if not, grow it and encode again.
    for (;;) {
      const length = this.encode(state);
      // Stryker disable next-line EqualityOperator: `<` only grows the buffer once more when the key fills it exactly
      if (length <= this.words.length) {
        hashWords(this.words, 0, length, out, 0);
        return;
      }
      this.words = new Int32Array(2 * length);
    }
  }

  /** Writes the key's words into `words` (as far as they fit) and returns how many it needed. */
  private encode(state: SystemState): number {
    const { world } = state;
    const w = this.words;
    let n = 0;
    // One word per page: its flags, owner and IOMMU devices, packed where the page was built.
    const pages = world.pages;
    for (let i = 0; i < pages.length; i++) w[n++] = pages[i]!.code;
    w[n++] = world.transactions.length;
    for (const tx of world.transactions) {
      // Stryker disable next-line UnaryOperator: -1 or +1, neither is a transaction's first word (one receiver at least: >= 8)
      if (tx === null) w[n++] = -1;
      else n = this.encodeTransaction(w, n, tx);
    }
    for (const id of this.sharedBuffers) n = encodeBuffer(w, n, world.buffers[id]!);
    for (const value of state.vars) {
      // A safe integer: its low and high 32 bits.
      w[n++] = value;
      w[n++] = Math.floor(value / 2 ** 32);
    }
    const z = world.hazards;
    w[n++] = (z.kernelFault ? 1 : 0) | (z.doubleSend ? 2 : 0) | (z.dirtyLend ? 4 : 0) | (z.secretCopied ? 8 : 0);
    const sorted = this.classHashes;
    for (const members of this.classes) {
      const size = members.length;
      // Stryker disable next-line ConditionalExpression,BlockStatement: a class of one through the sorting path hashes its words first: the same states apart, up to a 64-bit collision
      if (size === 1) {
        // An actor no other is interchangeable with: its words as they are, nothing to sort.
        n = this.encodeActor(w, n, state, members[0]!);
        continue;
      }
      // Per actor a 64-bit hash of its code; a class's hashes sorted, so that permuted actors agree.
      for (let i = 0; i < size; i++) {
        const actor = members[i]!;
        // Stryker disable next-line ConditionalExpression: recomputing a current hash gives the same hash (the cache only saves the work)
        if (!this.actorHashCurrent(state, actor)) {
          // Encoded in the free space after `n`, hashed, and remembered with what it came from.
          const end = this.encodeActor(w, n, state, actor);
          // Stryker disable next-line ConditionalExpression,EqualityOperator: an early return; without it the words run past the buffer, encode() returns that length and fingerprintInto grows the buffer and encodes again (`>=` grows it once more when the words fill it exactly)
          if (end > w.length) return end;
          hashWords(w, n, end, this.actorHashes, 2 * actor);
          this.rememberActor(state, actor);
        }
        const high = this.actorHashes[2 * actor]!;
        const low = this.actorHashes[2 * actor + 1]!;
        let j = i;
        for (
          ;
          // Stryker disable next-line ConditionalExpression,EqualityOperator: at j = 0 the comparisons read sorted[-2], undefined, and are false: the loop stops there too
          j > 0 &&
          (high < sorted[2 * j - 2]! ||
            // Stryker disable next-line ArithmeticOperator: read only when two actors' 32-bit high halves are equal, a 2^-32 event the tests cannot stage
            (high === sorted[2 * j - 2]! && low < sorted[2 * j - 1]!));
          j--
        ) {
          sorted[2 * j] = sorted[2 * j - 2]!;
          sorted[2 * j + 1] = sorted[2 * j - 1]!;
        }
        sorted[2 * j] = high;
        sorted[2 * j + 1] = low;
      }
      for (let i = 0; i < 2 * size; i++) w[n++] = sorted[i]!;
    }
    return n;
  }

  /** Is the actor's cached hash computed from exactly this state's pc, result, buffers and mutexes? */
  private actorHashCurrent(state: SystemState, actor: number): boolean {
    if (
      // Stryker disable next-line ConditionalExpression: `true` recomputes every hash (the cache only saves the work)
      this.cachedPc[actor] !== state.pcs[actor] ||
      this.cachedLast[actor] !== state.last[actor] ||
      this.cachedLocks[actor] !== state.locks ||
      this.cachedSub[actor] !== state.sub[actor]
    ) {
      return false;
    }
    const buffers = state.world.buffers;
    // Stryker disable next-line ConditionalExpression: `true` recomputes every hash of an actor with buffers (the cache only saves the work)
    for (const id of this.localBuffers[actor]!) if (this.cachedBuffers[id] !== buffers[id]) return false;
    // Stryker disable next-line BooleanLiteral: `false` recomputes every hash (the cache only saves the work)
    return true;
  }

  // Stryker disable next-line BlockStatement: remembering nothing recomputes every hash (the cache only saves the work)
  private rememberActor(state: SystemState, actor: number): void {
    this.cachedPc[actor] = state.pcs[actor]!;
    this.cachedSub[actor] = state.sub[actor]!;
    this.cachedLast[actor] = state.last[actor]!;
    this.cachedLocks[actor] = state.locks;
    for (const id of this.localBuffers[actor]!) this.cachedBuffers[id] = state.world.buffers[id]!;
  }

  /** `actorCode` as words. */
  private encodeActor(w: Int32Array, n: number, state: SystemState, actor: number): number {
    w[n++] = state.pcs[actor]!;
    w[n++] = state.sub[actor]!;
    w[n++] = this.name(state.last[actor]!);
    for (const id of this.localBuffers[actor]!) n = encodeBuffer(w, n, state.world.buffers[id]!);
    const locks = state.locks;
    // Stryker disable next-line EqualityOperator: `<=` writes one more word, always 0 (locks[length] is undefined): every state alike
    for (let l = 0; l < locks.length; l++) w[n++] = locks[l] === actor ? 1 : 0;
    return n;
  }

  /** `transactionCode` as words. */
  private encodeTransaction(w: Int32Array, n: number, tx: Transaction): number {
    // Packed to make fewer words to hash: op and clear (3 bits), the receiver count (8 bits, far
    // more than any platform's endpoints), the sender's name number (under MAX_NAMES) in one word.
    const count = tx.receivers.length;
    // Stryker disable next-line StringLiteral,ConditionalExpression,EqualityOperator: an internal guard; no platform has 255 endpoints
    if (count > 0xff) throw new Error(`internal: a transaction with ${count} receivers`);
    w[n++] = (tx.op === 'lend' ? 0 : tx.op === 'share' ? 1 : 2) | (tx.clear ? 4 : 0) | (count << 3) | (this.name(tx.sender) << 11);
    for (const r of tx.receivers) {
      // The receiver's name number and its 4 flag bits in one word. `mapped` counts only while the
      // receiver holds the memory, as in the string.
      // Stryker disable next-line EqualityOperator: a flag of the opposite polarity keeps the same states apart
      const flags = (r.access === 'rw' ? 0 : 1) | (r.retrieved ? 2 | ((r.mapped === 'rw' ? 0 : 1) << 2) : 0) | (r.clearOnRelinquish ? 8 : 0);
      w[n++] = flags | (this.name(r.endpoint) << 4);
    }
    return encodeNumbers(w, n, tx.pages);
  }

  /** The name's number. A linear scan: there are only a few dozen names, and it beats a Map here. */
  private name(name: string): number {
    const names = this.names;
    // Stryker disable next-line EqualityOperator: `<=` compares one more entry, undefined, never a name
    for (let i = 0; i < names.length; i++) if (names[i] === name) return i;
    // Stryker disable next-line StringLiteral,ConditionalExpression,EqualityOperator: an internal guard; a design has a few dozen names
    if (names.length >= MAX_NAMES) throw new Error(`internal: more than ${MAX_NAMES} distinct names in fingerprints`);
    // Stryker disable next-line ArithmeticOperator: only seedNames' names reach here (a search meets none other: unseededNames is 0 on every shipped design), and they are all new
    return names.push(name) - 1;
  }

  private actorCode(state: SystemState, actor: number): string {
    let code = `${state.pcs[actor]}.${state.sub[actor]}:${state.last[actor]}:`;
    for (const id of this.localBuffers[actor]!) code += bufferCode(state.world.buffers[id]!);
    // Stryker disable next-line EqualityOperator: `<=` compares one more entry, undefined, never an actor
    for (let l = 0; l < state.locks.length; l++) if (state.locks[l] === actor) code += `L${l}`;
    return code;
  }

  private pageCode(page: Page): string {
    let code = this.pageCodes.get(page);
    // Stryker disable next-line ConditionalExpression: `true` recomputes the same code (the map only saves the work)
    if (code === undefined) {
      code =
        `${page.alloc[0]}${page.linear[0]}${page.tlbStale ? 1 : 0}${page.vmap[0]}${page.user ? 1 : 0}` +
        `${page.stage2 ? 1 : 0}${page.secureProtected ? 1 : 0}${page.content[0]}${page.cache[0]}${page.nosave ? 1 : 0}` +
        `${page.remap[0]}${page.pooled ? 1 : 0}` +
        // Stryker disable next-line StringLiteral: joined without '+', two device names would have to concatenate to a third's to collide
        `${page.iommu.join('+')}@${page.owner};`;
      this.pageCodes.set(page, code);
    }
    return code;
  }
}

/**
 * The names a state can hold, numbered up front in this order so that every thread (the search's
 * workers) numbers them alike: step results, the endpoints, the devices.
 */
export function seedNames(program: Program): string[] {
  // Injected failures (`failures`) are results too; owners include a boot-time carveout owner.
  // Owners and endpoints first: `name` scans linearly, and they are looked up on every transaction.
  // Stryker disable next-line StringLiteral: 'ok' is a step result too, numbered either way (first only because `name` scans linearly)
  return ['ok', NS, ...program.platform.endpoints, ...Object.keys(program.platform.devices), ...STEP_RESULTS, ...Object.values(program.failures ?? {})];
}

function transactionCode(tx: Transaction): string {
  // Stryker disable next-line StringLiteral: any other marker for `clear` keeps the same codes apart
  let code = `${tx.op[0]}${tx.sender}>${tx.clear ? 'z' : ''}`;
  // Stryker disable next-line StringLiteral: any other markers keep the same codes apart ('R' too: `mapped` is never empty, so it alone tells a retrieved receiver)
  for (const r of tx.receivers) code += `${r.endpoint}${r.access}${r.retrieved ? 'R' + r.mapped : ''}${r.clearOnRelinquish ? 'z' : ''},`;
  code += tx.pages.join(',');
  // Stryker disable next-line StringLiteral: what follows is the next slot's code, which starts with a letter (its op, or '-' for a free slot), or the '|' after the last: the page list ends there too
  return code + ';';
}

/** `bufferCode` as words: the page count, the pages, the handle (-1 for none). */
function encodeBuffer(w: Int32Array, n: number, buffer: Buffer): number {
  n = encodeNumbers(w, n, buffer.pages);
  w[n++] = buffer.handle ?? -1;
  // A chunked send's handles (absent and empty read alike: the string writes nothing for either).
  return encodeNumbers(w, n, buffer.handles ?? []);
}

/** A list of small non-negative integers (page ids): its length, then the values. */
function encodeNumbers(w: Int32Array, n: number, values: readonly number[]): number {
  w[n++] = values.length;
  // Stryker disable next-line EqualityOperator: `<=` writes one more word, always 0 (values[length] is undefined), after a list its length already delimits
  for (let i = 0; i < values.length; i++) w[n++] = values[i]!;
  return n;
}

function bufferCode(buffer: Buffer): string {
  // Stryker disable next-line StringLiteral: any other marker before a chunked send's handles keeps the same codes apart
  const chunks = buffer.handles === undefined || buffer.handles.length === 0 ? '' : `c${buffer.handles.join(',')}`;
  // Stryker disable next-line StringLiteral: "no handle" as any text that is not a number reads alike
  const handle = buffer.handle ?? '';
  const code = `${buffer.pages.join(',')}h${handle}${chunks}`;
  // Stryker disable next-line StringLiteral: any other terminator ends the buffer's code alike
  return code + ';';
}

/** An actor's code with its own buffer ids replaced by their local index, so peers compare equal. */
function codeShape(code: readonly Instr[], local: readonly number[]): string {
  return JSON.stringify(code, (key, value: unknown) => {
    // Source locations, arguments as written and procedure names only label traces; the resolved
    // call (buffer ids, page counts, devices, flags) stays in and decides the class.
    if (key === 'loc' || key === 'args' || key === 'procedure') return undefined;
    if ((key === 'buffer' || key === 'pool') && typeof value === 'number') {
      const index = local.indexOf(value);
      return index >= 0 ? `local${index}` : `shared${value}`;
    }
    return value;
  });
}
