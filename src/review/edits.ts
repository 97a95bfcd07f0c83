/**
 * The edit catalogue of SPEC section 10, as line edits of a design's text: insert a kernel step on
 * the same buffer, delete a step, swap two adjacent steps, replace an `on_error` list with
 * `[leak: buf]` or `[map_linear: buf, free: buf]`, set `clear: true`; and, for explain, removing an
 * `on_error` branch. Every edit keeps the rest of the file byte for byte.
 */
import { kernelStepSpec } from '../../model/steps.ts';
import { originalLine, replaceLines, sourceText, spliceText, type EditableSource, type StepItem } from './design-source.ts';

export type EditKind = 'insert' | 'delete' | 'swap' | 'on_error' | 'clear';

/** An edit of one design text, described in the original file's line numbers. */
export interface Edit {
  readonly kind: EditKind;
  /** Line of the original design file the edit applies at. */
  readonly line: number;
  /** What the edit does, as a reader would say it (`insert 'flush_tlb: buf' before line 22`). */
  readonly text: string;
  /** The edited source, or null when the layout does not allow the edit. */
  apply(source: EditableSource): EditableSource | null;
}

/**
 * Kernel steps a repair may insert: those whose only required argument is the buffer. Steps that
 * create a new mapping of a buffer the design has (vmap, mmap_user) cannot remove a hazard and are
 * left out; so are steps that need more than a buffer (alloc, iommu_map, the FF-A sends), and
 * `leak`: a leaked buffer turns every later step on it into a no-op that "passes" (quarantine on
 * failure is the `on_error: [leak: buf]` edit).
 */
export const INSERTABLE_STEPS: readonly string[] = [
  'clean_cache',
  'unmap_linear',
  'flush_tlb',
  'map_linear',
  'free',
  'memunmap_pages',
  'memremap_pages',
  'iommu_unmap',
  'munmap_user',
  'vunmap',
  'zero',
  'mark_nosave',
  'ffa_reclaim',
];

/** The two `on_error` lists a repair may put in place, for buffer `buf`. */
export function handlerOptions(buffer: string): string[] {
  return [`[leak: ${buffer}]`, `[map_linear: ${buffer}, free: ${buffer}]`];
}

export function deleteStep(item: StepItem, source: EditableSource): Edit {
  return {
    kind: 'delete',
    line: originalLine(source, item.line),
    text: `delete '${firstLineOf(source, item)}' (line ${originalLine(source, item.line)})`,
    apply: (s) => (item.siblings <= 1 ? null : replaceLines(s, item.line, item.endLine, [])),
  };
}

export function removeOnError(item: StepItem, source: EditableSource): Edit | null {
  const span = item.onError;
  if (span === null) return null;
  return {
    kind: 'delete',
    line: originalLine(source, span.line),
    text: `delete 'on_error: ${span.text}' of ${item.step} (line ${originalLine(source, span.line)})`,
    apply: (s) => (span.ownLines ? replaceLines(s, span.line, span.endLine, []) : null),
  };
}

export function insertStep(item: StepItem, where: 'before' | 'after', step: string, source: EditableSource): Edit | null {
  if (item.buffer === null) return null;
  const content = `${step}: ${item.buffer}`;
  const at = originalLine(source, where === 'before' ? item.line : item.endLine);
  return {
    kind: 'insert',
    line: at,
    text: `insert '${content}' ${where} line ${at}`,
    apply: (s) => {
      const line = where === 'before' ? item.line : item.endLine + 1;
      return replaceLines(s, line, line - 1, [`${item.prefix}${content}`], [null]);
    },
  };
}

/** Swaps `item` with the next item of the same list. */
export function swapWithNext(item: StepItem, next: StepItem, source: EditableSource): Edit {
  const a = originalLine(source, item.line);
  const b = originalLine(source, next.line);
  return {
    kind: 'swap',
    line: a,
    text: `swap '${item.step}' (line ${a}) and '${next.step}' (line ${b})`,
    apply: (s) => {
      const take = (from: number, to: number) => ({ lines: s.lines.slice(from - 1, to), origin: s.origin.slice(from - 1, to) });
      const first = take(item.line, item.endLine);
      const between = take(item.endLine + 1, next.line - 1);
      const second = take(next.line, next.endLine);
      return replaceLines(
        s,
        item.line,
        next.endLine,
        [...second.lines, ...between.lines, ...first.lines],
        [...second.origin, ...between.origin, ...first.origin],
      );
    },
  };
}

export function replaceOnError(item: StepItem, list: string, source: EditableSource): Edit | null {
  const span = item.onError;
  if (span === null || normalise(span.text) === normalise(list)) return null;
  const line = originalLine(source, span.line);
  return {
    kind: 'on_error',
    line,
    text: `replace 'on_error: ${span.text}' of ${item.step} (line ${line}) with 'on_error: ${list}'`,
    apply: (s) => spliceText(s, span.start, span.end, list),
  };
}

export function setClear(item: StepItem, source: EditableSource): Edit | null {
  const spec = kernelStepSpec(item.step);
  if (spec === undefined || !spec.args.some((a) => a.name === 'clear') || item.value.clear === true || item.buffer === null) return null;
  const { start, end, kind } = item.value;
  if (kind === 'other') return null;
  const line = originalLine(source, item.line);
  return {
    kind: 'clear',
    line,
    text: `set 'clear: true' on ${item.step} (line ${line})`,
    apply: (s) => {
      if (kind === 'scalar') {
        // Keep a trailing comment in its column where the padding allows.
        const replacement = `{buffer: ${item.buffer}, clear: true}`;
        const padding = /^ */.exec(sourceText(s).slice(end))![0].length;
        const eat = Math.max(0, Math.min(replacement.length - (end - start), padding - 1));
        return spliceText(s, start, end + eat, replacement);
      }
      const written = sourceText(s).slice(start, end);
      const replaced = /\bclear\s*:\s*false\b/.test(written)
        ? written.replace(/\bclear\s*:\s*false\b/, 'clear: true')
        : `${written.slice(0, -1).replace(/\s*$/, '')}, clear: true}`;
      return spliceText(s, start, end, replaced);
    },
  };
}

function firstLineOf(source: EditableSource, item: StepItem): string {
  return (source.lines[item.line - 1] ?? '').slice(item.prefix.length).replace(/\s+#.*$/, '').trim();
}

function normalise(list: string): string {
  return list.replace(/\s+/g, '');
}
