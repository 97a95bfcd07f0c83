/**
 * How the design loader reports what it rejects: located errors collected in one place (so a user
 * sees several mistakes at once), value descriptions, and "did you mean" suggestions.
 */
import { isMap, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { InputError } from '../input/errors.ts';
import type { DataPath, SourceDocument } from '../input/source.ts';

/** At most this many errors are reported for one design; the rest are counted. */
export const MAX_ERRORS = 10;

export class Diagnostics {
  readonly errors: InputError[] = [];
  private readonly seen = new Set<string>();
  private keyIndex: { doc: Document; lines: LineCounter } | null = null;

  constructor(readonly doc: SourceDocument) {}

  get failed(): boolean {
    return this.errors.length > 0;
  }

  /** An error about the value at `path`. */
  at(path: DataPath, message: string): void {
    this.push(this.doc.error(path, message));
  }

  /** An error about the key `key` of the map at `path` (points at the key, not its value). */
  atKey(path: DataPath, key: string, message: string): void {
    const pos = this.keyPosition(path, key);
    if (pos === null) this.at([...path, key], message);
    else this.push({ file: this.doc.file, line: pos.line, column: pos.column, message });
  }

  /** The errors to show: sorted by position, at most MAX_ERRORS, then a count of the rest. */
  report(): InputError[] {
    const sorted = [...this.errors].sort((a, b) => a.line - b.line || a.column - b.column);
    if (sorted.length <= MAX_ERRORS) return sorted;
    const more = sorted.length - MAX_ERRORS;
    return [
      ...sorted.slice(0, MAX_ERRORS),
      // Located where the first of them is, so that every line of the answer is file:line:column.
      { ...sorted[MAX_ERRORS]!, message: `${more} more error${more === 1 ? '' : 's'} not shown` },
    ];
  }

  private push(error: InputError): void {
    const key = `${error.line}:${error.column}:${error.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(error);
  }

  private keyPosition(path: DataPath, key: string): { line: number; column: number } | null {
    // The parsed document knows where its keys are; parsing the text again costs as much as loading.
    if (this.doc.locateKey !== undefined) return this.doc.locateKey(path, key);
    try {
      if (this.keyIndex === null) {
        const lines = new LineCounter();
        this.keyIndex = { doc: parseDocument(this.doc.text, { lineCounter: lines }), lines };
      }
      let node = this.keyIndex.doc.contents as Node | null;
      for (const part of path) {
        node = child(node, part);
        if (node === null) return null;
      }
      if (!isMap(node)) return null;
      const pair = node.items.find((p) => keyValue(p.key) === key);
      const range = (pair?.key as Node | null | undefined)?.range;
      if (!range) return null;
      const pos = this.keyIndex.lines.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    } catch {
      return null;
    }
  }
}

function keyValue(key: unknown): string | undefined {
  if (key !== null && typeof key === 'object' && 'value' in key) return String((key as { value: unknown }).value);
  return undefined;
}

function child(node: Node | null, part: string | number): Node | null {
  if (node === null) return null;
  if (isMap(node)) {
    const pair = node.items.find((p) => keyValue(p.key) === String(part));
    return (pair?.value as Node | null | undefined) ?? null;
  }
  const items = (node as { items?: unknown }).items;
  if (Array.isArray(items) && typeof part === 'number') return (items[part] as Node | undefined) ?? null;
  return null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value as a message shows it: `the string 'two'`, `the number 2.5`, `a list`, ... */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `the string '${clip(value)}'`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return 'a list';
  if (ArrayBuffer.isView(value)) return 'binary data';
  if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype) return 'a map';
  if (typeof value === 'object') return 'a tagged value';
  return `a ${typeof value}`;
}

/** `'a', 'b' or 'c'` style list for messages. */
export function list(names: readonly string[]): string {
  return names.join(', ');
}

/** The closest candidate to `word`, if one is plausibly a typo of it. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { name: string; distance: number; prefix: number } | undefined;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const d = other === lower ? 0 : distance(lower, other);
    const limit = Math.max(1, Math.min(3, Math.floor(Math.max(word.length, candidate.length) / 3)));
    if (d > limit) continue;
    const prefix = commonPrefix(lower, other);
    if (best === undefined || d < best.distance || (d === best.distance && prefix > best.prefix)) best = { name: candidate, distance: d, prefix };
  }
  return best?.name;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** `(expected one of a, b, c; did you mean 'b'?)` */
export function expectedOneOf(word: string, candidates: readonly string[], noun = 'one of'): string {
  const hint = suggest(word, candidates);
  const what =
    candidates.length === 0 ? 'none are declared' : candidates.length === 1 && noun === 'one of' ? `expected ${candidates[0]}` : `expected ${noun} ${list(candidates)}`;
  return `(${what}${hint !== undefined ? `; did you mean '${hint}'?` : ''})`;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[rows - 1]![cols - 1]!;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

/** Names a design may give to actors, procedures, endpoints, devices, buffers, locks and variables. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const NAME_RULE = 'letters, digits, _ and -, starting with a letter or _';

/** Checks the keys of a map against the allowed ones; reports each unknown key. */
export function checkKeys(d: Diagnostics, value: Record<string, unknown>, path: DataPath, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) d.atKey(path, key, `unknown key '${clip(key)}' in ${where} ${expectedOneOf(key, allowed)}`);
  }
}

/** Joins a data path for messages: `platform.pages.cma`, `procedures.alloc[2]`. */
export function pathText(path: DataPath): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text;
}

/** `value[key]` if it is the map's own key (never an inherited property like `constructor`). */
export function own(value: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(value, key) ? value[key] : undefined;
}

/** True when `key` is present in the map (even with an empty value). */
export function has(value: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(value, key);
}
