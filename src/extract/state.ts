/**
 * What extraction learns as it walks the C: buffers (named after the expression an allocation was
 * stored in), the aliases that lead back to them (`page = p->pages`, `args` of a lend, a callee's
 * parameter), locks and variables, and everything not modelled, for the header.
 */
import type { CNode } from './c-parser.ts';
import { lineOf } from './c-parser.ts';
import { designName, lvalueKey, sanitize } from './expressions.ts';
import type { At, Exit, IRStep } from './ir.ts';
import type { CallRule } from './call-table.ts';
import type { CFunction, SourceIndex } from './source-index.ts';

export interface ExtractSettings {
  readonly index: SourceIndex;
  readonly rules: ReadonlyMap<string, CallRule>;
  /** Page count when a size is not a constant (`--pages`, default 1). */
  readonly pages: number;
  readonly endpoints: readonly string[];
  readonly devices: readonly string[];
}

export interface BufferInfo {
  readonly name: string;
  /** Allocated while a lock was held: a driver pool every actor sees (`shared`). */
  shared: boolean;
}

/** One function being walked: its statements, labels and local aliases. */
export interface Frame {
  readonly fn: CFunction;
  /** The body's statements, nested blocks flattened, labels kept as markers. */
  readonly stmts: readonly CNode[];
  readonly labels: ReadonlyMap<string, number>;
  /** `var:NAME` -> buffer, for locals and parameters. */
  readonly aliases: Map<string, BufferInfo>;
  /** Local names with a constant value (as C text), for sizes. */
  readonly consts: Map<string, string>;
  /** Where an error return of this function goes (the caller's check of its result). */
  readonly fail: { readonly steps: readonly IRStep[]; readonly exit: Exit };
  /** Inside an error path: every `return` is an error return. */
  readonly inError: boolean;
  /** Functions being followed, outermost first (recursion is cut off). */
  readonly stack: readonly string[];
  /** Labels being followed by goto (a backward goto is cut off). */
  readonly gotos: readonly string[];
  /** The buffer the function returns (`return page;`), bound to what the caller stores it in. */
  readonly returned: { buffer: BufferInfo | null };
}

export class ExtractState {
  readonly buffers: BufferInfo[] = [];
  private readonly byField = new Map<string, BufferInfo>();
  /** Key -> name, so `&rp->mutex` and `&pool->mutex` are one lock. */
  private readonly names = new Map<string, string>();
  private readonly taken = new Set<string>();
  readonly variables = new Set<string>();
  readonly locks = new Set<string>();
  /** First place each unmodelled call was seen. */
  readonly unknown = new Map<string, At>();
  /** Other notes for the header (recursion cut, conditions not modelled, approximations). */
  readonly notes: string[] = [];
  lastAlloc: BufferInfo | null = null;
  lastLent: BufferInfo | null = null;
  lockDepth = 0;
  readonly usedRegions = new Set<string>();
  /** An iommu_map was extracted: the platform needs a device, the environment `devices`. */
  usesDevices = false;

  constructor(readonly settings: ExtractSettings) {}

  note(message: string): void {
    if (!this.notes.includes(message)) this.notes.push(message);
  }

  noteUnknown(name: string, at: At): void {
    if (!this.unknown.has(name)) this.unknown.set(name, at);
  }

  at(frame: Frame, node: CNode): At {
    return { file: frame.fn.file.name, line: lineOf(node), fn: frame.fn.name };
  }

  /** A stable design name for the storage `node` names (lock, variable): one per key. */
  nameFor(node: CNode): string {
    const key = lvalueKey(node) ?? `text:${node.text}`;
    const known = this.names.get(key);
    if (known !== undefined) return known;
    const name = this.fresh(designName(node));
    this.names.set(key, name);
    return name;
  }

  private fresh(base: string): string {
    let name = sanitize(base);
    for (let i = 2; this.taken.has(name); i++) name = `${sanitize(base)}_${i}`;
    this.taken.add(name);
    return name;
  }

  /** A new buffer for an allocation stored in `target` (or `buf` when the result is not stored). */
  newBuffer(frame: Frame, target: CNode | null): BufferInfo {
    const key = target === null ? null : lvalueKey(target);
    const existing = key === null ? undefined : key.startsWith('var:') ? frame.aliases.get(key) : this.byField.get(key);
    if (existing !== undefined) return existing;
    const info: BufferInfo = { name: this.fresh(target === null ? 'buf' : designName(target)), shared: this.lockDepth > 0 };
    this.buffers.push(info);
    if (key !== null) this.bind(frame, key, info);
    this.lastAlloc = info;
    return info;
  }

  bind(frame: Frame, key: string, info: BufferInfo): void {
    if (key.startsWith('var:')) frame.aliases.set(key, info);
    else this.byField.set(key, info);
  }

  /** The buffer an expression refers to: itself, a field or local leading to it, or a sub-expression's. */
  findBuffer(frame: Frame, node: CNode): BufferInfo | null {
    const key = lvalueKey(node);
    if (key !== null) {
      const hit = key.startsWith('var:') ? frame.aliases.get(key) : this.byField.get(key);
      if (hit !== undefined) return hit;
    }
    for (const child of node.namedChildren) {
      if (child === null) continue;
      const hit = this.findBuffer(frame, child);
      if (hit !== null) return hit;
    }
    return null;
  }
}
