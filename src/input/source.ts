/**
 * Reads a YAML or JSON file into plain data while keeping every node's position, so later checks
 * can say "file:line: expected ..." about any value they reject.
 */
import { readFileSync } from 'node:fs';
import { isCollection, isMap, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { failure, success, type Checked, type InputError } from './errors.ts';

export type DataPath = readonly (string | number)[];

export interface SourceDocument {
  readonly file: string;
  readonly text: string;
  /** The document as plain JavaScript values. */
  readonly data: unknown;
  /** Position of the value at `path`; falls back to the nearest ancestor that exists. */
  locate(path: DataPath): { line: number; column: number };
  /** An InputError located at `path`. */
  error(path: DataPath, message: string): InputError;
  /** Position of the key `key` of the map at `path` (not of its value), or null. */
  locateKey?(path: DataPath, key: string): { line: number; column: number } | null;
}

/** Parses text (YAML 1.2, which includes JSON). Syntax errors come back located. */
export function parseSource(file: string, text: string): Checked<SourceDocument> {
  const lineCounter = new LineCounter();
  // logLevel 'error': the yaml package must not print warnings of its own (a map key that is a
  // list, an unknown tag); they are located errors here. resolveKnownTags false: no Buffer, Set or
  // Date values from !!binary, !!set or !!timestamp, only what JSON has.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error', resolveKnownTags: false });
  const problems = [...doc.errors, ...doc.warnings].map((e) => ({ offset: e.pos[0], message: e.message.split('\n')[0]! }));
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) problems.push({ offset: pair.key.range?.[0] ?? 0, message: 'a key must be a name or a number, not a list or a map' });
    },
  });
  if (problems.length > 0) {
    return failure(
      problems.map((e) => {
        const pos = lineCounter.linePos(e.offset);
        return { file, line: pos.line, column: pos.col, message: `not valid YAML/JSON: ${e.message}` };
      }),
    );
  }
  const positionOf = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const locate = (path: DataPath) => {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAt(doc.contents as Node | null, path.slice(0, n));
      if (node?.range) return positionOf(node.range[0]);
    }
    return { line: 1, column: 1 };
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    // An alias without an anchor, or an alias bomb: yaml reports these only when converting.
    return failure([{ file, line: 1, column: 1, message: `not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}` }]);
  }
  return success({
    file,
    text,
    data,
    locate,
    error: (path, message) => ({ file, ...locate(path), message }),
    locateKey: (path, key) => {
      const map = nodeAt(doc.contents as Node | null, path);
      if (!isMap(map)) return null;
      const pair = map.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return k !== null && typeof k === 'object' && String(k.value) === key;
      });
      const range = (pair?.key as Node | null | undefined)?.range;
      return range ? positionOf(range[0]) : null;
    },
  });
}

/** Reads and parses a file; a missing or unreadable file is an InputError, not an exception. */
export function readSource(file: string): Checked<SourceDocument> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return failure([{ file, line: 0, column: 0, message: `cannot read: ${reason}` }]);
  }
  return parseSource(file, text);
}

function nodeAt(root: Node | null, path: DataPath): Node | null {
  let node: Node | null = root;
  for (const key of path) {
    if (node === null) return null;
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return k !== null && typeof k === 'object' && String(k.value) === String(key);
      });
      // Point at the value, or at the key when the value is empty.
      node = ((pair?.value as Node | null) ?? (pair?.key as Node | null)) ?? null;
    } else if (isSeq(node) && typeof key === 'number') {
      node = (node.items[key] as Node | undefined) ?? null;
    } else {
      return null;
    }
  }
  return node;
}
