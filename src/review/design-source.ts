/**
 * A design file as text that review, explain and repair edit: where each step item sits (lines,
 * indentation, its buffer, its `on_error`), and line-level edits that keep every comment and the
 * layout of the rest of the file, so a repaired design reads as a small unified diff of the user's
 * own file. Each line remembers the line of the original file it came from, so edits can be
 * reported in the user's line numbers.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { STEP_MODIFIERS, STEP_NAMES } from '../design/steps.ts';

/** Text plus, per line, the 1-based line of the original file it came from (null: inserted). */
export interface EditableSource {
  readonly lines: readonly string[];
  readonly origin: readonly (number | null)[];
}

/** One step item of a block sequence: `- step: ...` on its own line(s). */
export interface StepItem {
  /** Data path, e.g. ['procedures', 'release', 1]. */
  readonly path: readonly (string | number)[];
  readonly procedure: string;
  readonly step: string;
  /** 1-based lines in the current text, inclusive. */
  readonly line: number;
  readonly endLine: number;
  /** What precedes the item on its first line (indentation and `- `), for inserted siblings. */
  readonly prefix: string;
  /** The buffer the step names, when it names one. */
  readonly buffer: string | null;
  /** Inside an `on_error` list. */
  readonly inHandler: boolean;
  /** Index in its sequence and the sequence's length. */
  readonly index: number;
  readonly siblings: number;
  /** The step's value as written: offsets of the scalar or flow map, for `clear: true`. */
  readonly value: { readonly start: number; readonly end: number; readonly kind: 'scalar' | 'flow-map' | 'other'; readonly clear: boolean | null };
  readonly onError: OnErrorSpan | null;
}

export interface OnErrorSpan {
  readonly line: number;
  readonly endLine: number;
  /** The key starts its own line and the value ends its last one: the lines can be deleted. */
  readonly ownLines: boolean;
  /** Offsets of the list value. */
  readonly start: number;
  readonly end: number;
  /** The list as written. */
  readonly text: string;
}

export function editable(text: string): EditableSource {
  const lines = text.split('\n');
  return { lines, origin: lines.map((_, i) => i + 1) };
}

export function sourceText(source: EditableSource): string {
  return source.lines.join('\n');
}

/** Every step item of the design's procedures in block sequences, in document order. */
export function stepItems(source: EditableSource): StepItem[] {
  const text = sourceText(source);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const items: StepItem[] = [];
  const procedures = doc.contents.get('procedures', true);
  if (!isMap(procedures)) return [];

  const visitSeq = (seq: Node | null | undefined, path: (string | number)[], procedure: string, inHandler: boolean): void => {
    if (!isSeq(seq) || seq.flow) return;
    seq.items.forEach((item, index) => {
      if (!isMap(item) || item.flow || item.range == null) return;
      const start = item.range[0];
      const prefix = text.slice(lineStart(start), start);
      if (!/^\s*-\s+$/.test(prefix)) return; // `- - x` or other layouts: not an editable line
      const stepPair = item.items.find((p) => isScalar(p.key) && STEP_NAMES.includes(String(p.key.value)) && !(STEP_MODIFIERS as readonly string[]).includes(String(p.key.value)));
      if (stepPair === undefined || !isScalar(stepPair.key)) return;
      const step = String(stepPair.key.value);
      const here = [...path, index];
      items.push({
        path: here,
        procedure,
        step,
        line: lineOf(start),
        endLine: lineOf(Math.max(start, item.range[1] - 1)),
        prefix,
        buffer: bufferOf(stepPair),
        inHandler,
        index,
        siblings: seq.items.length,
        value: valueSpan(stepPair, text),
        onError: onErrorSpan(item, text, lineOf, lineStart),
      });
      // Nested block lists: if/then/else, the atomic tests' branches, block on_error lists.
      const value = stepPair.value;
      if (isMap(value)) {
        for (const branch of ['then', 'else']) visitSeq(value.get(branch, true) as Node | undefined, [...here, step, branch], procedure, inHandler);
      }
      visitSeq(item.get('on_error', true) as Node | undefined, [...here, 'on_error'], procedure, true);
    });
  };
  for (const pair of procedures.items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    visitSeq(pair.value as Node | null, ['procedures', name], name, false);
  }
  return items;
}

function bufferOf(pair: Pair): string | null {
  const value = pair.value;
  if (isScalar(value) && typeof value.value === 'string') return value.value;
  if (isMap(value)) {
    const buffer = value.get('buffer');
    return typeof buffer === 'string' ? buffer : null;
  }
  return null;
}

function valueSpan(pair: Pair, text: string): StepItem['value'] {
  const value = pair.value as Node | null;
  if (value?.range == null) return { start: 0, end: 0, kind: 'other', clear: null };
  const [start, end] = value.range;
  if (isScalar(value)) return { start, end, kind: 'scalar', clear: null };
  if (isMap(value) && value.flow) {
    const clear = value.get('clear');
    return { start, end: text.lastIndexOf('}', end) + 1, kind: 'flow-map', clear: typeof clear === 'boolean' ? clear : null };
  }
  return { start, end, kind: 'other', clear: null };
}

function onErrorSpan(item: YAMLMap, text: string, lineOf: (o: number) => number, lineStart: (o: number) => number): OnErrorSpan | null {
  const pair = item.items.find((p) => isScalar(p.key) && p.key.value === 'on_error');
  if (pair === undefined || !isScalar(pair.key) || pair.key.range == null) return null;
  const value = pair.value as Node | null;
  if (value?.range == null) return null;
  const keyStart = pair.key.range[0];
  const [start, end] = value.range;
  const lineEnd = text.indexOf('\n', end);
  const rest = text.slice(end, lineEnd === -1 ? text.length : lineEnd);
  const ownLines = text.slice(lineStart(keyStart), keyStart).trim() === '' && /^\s*(#.*)?$/.test(rest);
  return { line: lineOf(keyStart), endLine: lineOf(Math.max(start, end - 1)), ownLines, start, end, text: text.slice(start, end) };
}

/** Replaces lines `from`..`to` (1-based, inclusive) by `replacement`; new lines inherit `from`'s origin. */
export function replaceLines(source: EditableSource, from: number, to: number, replacement: readonly string[], origin?: readonly (number | null)[]): EditableSource {
  const lines = [...source.lines];
  const origins = [...source.origin];
  const first = origins[from - 1] ?? null;
  lines.splice(from - 1, to - from + 1, ...replacement);
  origins.splice(from - 1, to - from + 1, ...(origin ?? replacement.map(() => first)));
  return { lines, origin: origins };
}

/** Replaces the text between two offsets, rewriting the lines they span. */
export function spliceText(source: EditableSource, start: number, end: number, replacement: string): EditableSource {
  const text = sourceText(source);
  const fromLine = text.slice(0, start).split('\n').length;
  const toLine = text.slice(0, Math.max(start, end - 1)).split('\n').length;
  const firstOffset = text.lastIndexOf('\n', start - 1) + 1;
  const lastNewline = text.indexOf('\n', end);
  const lastOffset = lastNewline === -1 ? text.length : lastNewline;
  const rewritten = text.slice(firstOffset, start) + replacement + text.slice(end, lastOffset);
  const lines = rewritten.split('\n');
  // Same number of lines: each keeps its origin; otherwise all take the first one's.
  const origin = lines.length === toLine - fromLine + 1 ? source.origin.slice(fromLine - 1, toLine) : undefined;
  return replaceLines(source, fromLine, toLine, lines, origin);
}

/** The original line a current line came from, or the nearest original line above it. */
export function originalLine(source: EditableSource, line: number): number {
  for (let i = line - 1; i >= 0; i--) {
    const o = source.origin[i];
    if (o !== null && o !== undefined) return o;
  }
  return 1;
}

/** Sets a scalar platform knob in place (keeps the line and its neighbours); null if it cannot. */
export function setPlatformKnob(text: string, knob: string, value: string): string | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  const platform = doc.contents.get('platform', true) as Node | undefined;
  const source = editable(text);
  if (platform === undefined) {
    const top = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'design');
    const end = (top?.value as Node | undefined)?.range?.[1];
    if (end === undefined || doc.contents.flow) return null;
    const line = lineCounter.linePos(Math.max(0, end - 1)).line;
    return sourceText(replaceLines(source, line + 1, line, [`platform: {${knob}: ${value}}`]));
  }
  if (!isMap(platform) || platform.range == null) return null;
  const existing = platform.items.find((p) => isScalar(p.key) && p.key.value === knob);
  if (existing !== undefined) {
    const range = (existing.value as Node | null)?.range;
    if (range == null || !isScalar(existing.value)) return null;
    return sourceText(spliceText(source, range[0], range[1], value));
  }
  if (platform.flow) {
    const open = text.indexOf('{', platform.range[0]);
    const empty = platform.items.length === 0;
    return sourceText(spliceText(source, open + 1, open + 1, `${knob}: ${value}${empty ? '' : ', '}`));
  }
  const first = platform.items[0]?.key as Node | undefined;
  if (first?.range == null) return null;
  const start = first.range[0];
  const indent = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
  if (indent.trim() !== '') return null;
  const line = lineCounter.linePos(start).line;
  return sourceText(replaceLines(source, line, line - 1, [`${indent}${knob}: ${value}`]));
}
