/**
 * A state as 32-bit words and back, so that the exhaustive search keeps its frontier as packed
 * words instead of object graphs (a few dozen words a state instead of a few KiB of objects).
 * Unlike the fingerprint it loses nothing: `decode(encode(s))` equals `s` field for field
 * (test/system/state-codec.test.ts checks this, deeply, on every state the shipped designs reach).
 *
 * The one place a field added to the state must be added (next to fingerprint.ts, which must
 * learn it too): each part has one `write...`/`read...` pair below, in the same order.
 * Pages are written as their `Page.code` (every field but `region`) and read back as the page
 * object first seen with that code at that index, so a field added to the page and to `pageCode`
 * needs nothing here. Strings (results, endpoints, hazard texts) are numbered by this codec: first
 * the names the fingerprinter seeds (`seedNames`, the same in every thread), then others on first
 * sight. So words mean the same state to every thread's codec while no thread has numbered a name
 * beyond the seed (`unseededNames`) and the page codes' pairs agree (parallel-system.ts): a page
 * code this codec has not met is rebuilt from the code (`pageFromCode`).
 */
import { pageFromCode, type Buffer, type Hazard, type Hazards, type Page, type Receiver, type Transaction, type World } from '../../model/state.ts';
import type { Region } from '../../model/platform.ts';
import type { Program } from '../design/program.ts';
import type { StateCodec } from '../engine/types.ts';
import { seedNames } from './fingerprint.ts';
import type { SystemState } from './state.ts';

const HAZARD_KINDS = ['kernelFault', 'doubleSend', 'dirtyLend', 'secretCopied'] as const satisfies readonly (keyof Hazards)[];

export class SystemStateCodec implements StateCodec<SystemState> {
  // Stryker disable next-line ArrayDeclaration: a name's number is only read back by this codec, so starting it at 1 is the same
  private readonly names: string[] = [];
  private readonly nameNumbers = new Map<string, number>();
  /** Per page index: page objects by code. */
  private readonly pagesByCode: Map<number, Page>[];
  private readonly regions: readonly Region[];
  private readonly platform: World['platform'];
  /** How many of `names` are `seedNames`'. */
  private readonly seeded: number;
  /**
   * The last decoded state's parts: a part decoded equal to it is that same object. The search
   * decodes states of one level one after another, which mostly share their locks and buffers, and
   * the fingerprinter reuses an actor's hash while its parts are the same objects (fingerprint.ts).
   */
  private previous: SystemState | null = null;

  constructor(program: Program, initial: SystemState) {
    this.platform = initial.world.platform;
    this.pagesByCode = initial.world.pages.map(() => new Map());
    this.regions = initial.world.pages.map((page) => page.region);
    for (const name of seedNames(program)) this.name(name);
    this.seeded = this.names.length;
  }

  /** Names numbered on first sight rather than up front: words that only this thread's codec reads right. */
  get unseededNames(): number {
    return this.names.length - this.seeded;
  }

  encode(state: SystemState, w: Int32Array, n: number): number {
    const { world } = state;
    n = this.writeNumbers(w, n, state.pcs);
    w[n++] = state.last.length;
    for (const result of state.last) w[n++] = this.name(result);
    w[n++] = state.vars.length;
    for (const value of state.vars) {
      w[n++] = value; // low 32 bits (a safe integer)
      w[n++] = Math.floor(value / 2 ** 32);
    }
    n = this.writeNumbers(w, n, state.locks);
    n = this.writeNumbers(w, n, state.sub);
    const pages = world.pages;
    w[n++] = pages.length;
    for (let i = 0; i < pages.length; i++) {
      const page = pages[i]!;
      const known = this.pagesByCode[i]!;
      // Stryker disable next-line ConditionalExpression: a later page with the same code is equal field for field; keeping the first only keeps decoded pages the same objects
      if (!known.has(page.code)) known.set(page.code, page);
      w[n++] = page.code;
    }
    w[n++] = world.transactions.length;
    for (const tx of world.transactions) n = tx === null ? ((w[n++] = -1), n) : this.writeTransaction(w, n, tx);
    w[n++] = world.buffers.length;
    for (const buffer of world.buffers) n = this.writeBuffer(w, n, buffer);
    for (const kind of HAZARD_KINDS) n = this.writeHazard(w, n, world.hazards[kind]);
    return n;
  }

  decode(w: Int32Array, n: number): SystemState {
    const pcs: number[] = [];
    n = this.readNumbers(w, n, pcs);
    const last: string[] = [];
    for (let i = 0, count = w[n++]!; i < count; i++) last.push(this.names[w[n++]!]!);
    const vars: number[] = [];
    for (let i = 0, count = w[n++]!; i < count; i++, n += 2) vars.push((w[n]! >>> 0) + w[n + 1]! * 2 ** 32);
    const locks: number[] = [];
    n = this.readNumbers(w, n, locks);
    const sub: number[] = [];
    n = this.readNumbers(w, n, sub);
    const pages: Page[] = [];
    for (let i = 0, count = w[n++]!; i < count; i++) pages.push(this.page(i, w[n++]!));
    const transactions: (Transaction | null)[] = [];
    for (let i = 0, count = w[n++]!; i < count; i++) {
      if (w[n] === -1) {
        n++;
        transactions.push(null);
      } else n = this.readTransaction(w, n, transactions);
    }
    const buffers: Buffer[] = [];
    for (let i = 0, count = w[n++]!; i < count; i++) n = this.readBuffer(w, n, buffers);
    const previous = this.previous;
    // Reusing the previous state's equal parts only saves the fingerprinter work (they are equal either way).
    // Stryker disable next-line BlockStatement: skipping the reuse (above)
    if (previous !== null) {
      const before = previous.world.buffers;
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: every state has the design's buffers, so both lists have one length; `false` skips the reuse (above)
      for (let i = 0; i < buffers.length && i < before.length; i++) if (sameBuffer(buffers[i]!, before[i]!)) buffers[i] = before[i]!;
    }
    const found: (Hazard | null)[] = [];
    // Stryker disable next-line EqualityOperator: `<=` reads one hazard more, past the state's words, into an entry nothing reads
    for (let k = 0; k < HAZARD_KINDS.length; k++) n = this.readHazard(w, n, found);
    const hazards: Hazards = { kernelFault: found[0]!, doubleSend: found[1]!, dirtyLend: found[2]!, secretCopied: found[3]! };
    // Literals in the field order the interpreter and model/state.ts build them in (one hidden class).
    const world: World = { platform: this.platform, pages, transactions, buffers, hazards };
    const state: SystemState =
      previous === null
        ? { world, pcs, last, vars, locks, sub }
        : {
            world,
            pcs: sameNumbers(pcs, previous.pcs) ? previous.pcs : pcs,
            last: sameStrings(last, previous.last) ? previous.last : last,
            vars: sameNumbers(vars, previous.vars) ? previous.vars : vars,
            locks: sameNumbers(locks, previous.locks) ? previous.locks : locks,
            sub: sameNumbers(sub, previous.sub) ? previous.sub : sub,
          };
    this.previous = state;
    return state;
  }

  private writeTransaction(w: Int32Array, n: number, tx: Transaction): number {
    w[n++] = tx.handle;
    w[n++] = (tx.op === 'lend' ? 0 : tx.op === 'share' ? 1 : 2) | (tx.clear ? 4 : 0);
    w[n++] = this.name(tx.sender);
    w[n++] = tx.receivers.length;
    for (const r of tx.receivers) {
      w[n++] = this.name(r.endpoint);
      w[n++] = (r.access === 'rw' ? 0 : 1) | (r.retrieved ? 2 : 0) | (r.mapped === 'rw' ? 0 : 4) | (r.clearOnRelinquish ? 8 : 0);
    }
    return this.writeNumbers(w, n, tx.pages);
  }

  private readTransaction(w: Int32Array, n: number, into: (Transaction | null)[]): number {
    const handle = w[n++]!;
    const bits = w[n++]!;
    const sender = this.names[w[n++]!]!;
    const receivers: Receiver[] = [];
    for (let i = 0, count = w[n++]!; i < count; i++) {
      const endpoint = this.names[w[n++]!]!;
      const f = w[n++]!;
      // Stryker disable next-line ConditionalExpression: no design state sets clearOnRelinquish (the secure environment retrieves without the flag; only scenarios, which have no codec, set it)
      receivers.push({ endpoint, access: f & 1 ? 'ro' : 'rw', retrieved: (f & 2) !== 0, mapped: f & 4 ? 'ro' : 'rw', clearOnRelinquish: (f & 8) !== 0 });
    }
    const pages: number[] = [];
    n = this.readNumbers(w, n, pages);
    const op = (bits & 3) === 0 ? 'lend' : (bits & 3) === 1 ? 'share' : 'donate';
    into.push({ handle, op, sender, receivers, pages, clear: (bits & 4) !== 0 });
    return n;
  }

  private writeBuffer(w: Int32Array, n: number, buffer: Buffer): number {
    n = this.writeNumbers(w, n, buffer.pages);
    w[n++] = buffer.handle ?? -1;
    // A chunked send's handles, or -1 for a buffer without the field (it is absent, never empty).
    if (buffer.handles === undefined) w[n++] = -1;
    else n = this.writeNumbers(w, n, buffer.handles);
    return n;
  }

  private readBuffer(w: Int32Array, n: number, into: Buffer[]): number {
    const pages: number[] = [];
    n = this.readNumbers(w, n, pages);
    const handle = w[n++]!;
    if (w[n] === -1) {
      n++;
      into.push({ pages, handle: handle === -1 ? null : handle });
      return n;
    }
    const handles: number[] = [];
    n = this.readNumbers(w, n, handles);
    into.push({ pages, handle: handle === -1 ? null : handle, handles });
    return n;
  }

  private writeHazard(w: Int32Array, n: number, hazard: Hazard | null): number {
    if (hazard === null) {
      w[n++] = -1;
      return n;
    }
    w[n++] = this.name(hazard.what);
    return this.writeNumbers(w, n, hazard.pages);
  }

  private readHazard(w: Int32Array, n: number, into: (Hazard | null)[]): number {
    const what = w[n++]!;
    if (what === -1) {
      into.push(null);
      return n;
    }
    const pages: number[] = [];
    n = this.readNumbers(w, n, pages);
    into.push({ pages, what: this.names[what]! });
    return n;
  }

  /** A list of int32 values: its length, then the values. */
  private writeNumbers(w: Int32Array, n: number, values: readonly number[]): number {
    w[n++] = values.length;
    for (let i = 0; i < values.length; i++) w[n++] = values[i]!;
    return n;
  }

  private readNumbers(w: Int32Array, n: number, into: number[]): number {
    for (let i = 0, count = w[n++]!; i < count; i++) into.push(w[n++]!);
    return n;
  }

  /** The page at `index` with `code`: the one first seen, or (words another thread wrote) rebuilt from the code. */
  private page(index: number, code: number): Page {
    const known = this.pagesByCode[index]!;
    let page = known.get(code);
    if (page === undefined) {
      page = pageFromCode(code, this.regions[index]!);
      known.set(code, page);
    }
    return page;
  }

  private name(name: string): number {
    let number = this.nameNumbers.get(name);
    // Stryker disable next-line ConditionalExpression: numbering a known name again gives it a second number that decodes to the same name
    if (number === undefined) {
      number = this.names.push(name) - 1;
      this.nameNumbers.set(name, number);
    }
    return number;
  }
}

// The three comparisons below only let decode reuse the previous state's equal parts (fewer
// objects): a mutant that answers "different" more often changes nothing but memory (the round trip
// kills one that answers "equal" wrongly), so those are marked where they are.
function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  // Stryker disable next-line ConditionalExpression: "different" more often skips a reuse (above)
  if (a.length !== b.length) return false;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: "different" more often skips a reuse; `<=` compares undefined with undefined
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  // Stryker disable next-line BooleanLiteral: "different" always skips every reuse (above)
  return true;
}

/** Two states' last results: one per actor, so always the same length. */
function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: "different" more often skips a reuse; `<=` compares undefined with undefined
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  // Stryker disable next-line BooleanLiteral: "different" always skips every reuse (above)
  return true;
}

function sameBuffer(a: Buffer, b: Buffer): boolean {
  if (a.handle !== b.handle || !sameNumbers(a.pages, b.pages)) return false;
  // Stryker disable next-line ConditionalExpression: `false` for two absent handle lists skips a reuse (above)
  return a.handles === undefined || b.handles === undefined ? a.handles === b.handles : sameNumbers(a.handles, b.handles);
}
