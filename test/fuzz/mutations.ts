/**
 * Structure-aware mutations of the files lendcheck reads (designs, scenarios, trace files), as
 * fast-check arbitraries: start from a shipped file, then break it the ways people and tools do:
 * delete, duplicate, retype or rename a key, swap two values, insert an unknown step, truncate,
 * re-indent a line, put a list or map where a key goes, add anchors and aliases (and alias bombs),
 * write huge or odd numbers, or replace bytes with raw ones. Several mutations may stack.
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';

type Path = readonly (string | number)[];

/** Every path into a JSON value (the root excluded). */
export function paths(value: unknown, prefix: (string | number)[] = []): Path[] {
  const out: Path[] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | null {
  let node = root as Record<string | number, unknown> | null;
  for (const part of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return null;
    node = node[part] as Record<string | number, unknown> | null;
  }
  return node !== null && typeof node === 'object' ? node : null;
}

function getAt(root: unknown, path: Path): unknown {
  const parent = parentOf(root, path);
  return parent === null ? undefined : parent[path[path.length - 1]!];
}

/** Values of other types, odd numbers and words a design is made of. */
const WORDS = ['ok', 'all', 'buf', 't1', 'ns', 'optee', 'cma', 'ffa_lend', 'alloc', 'FFA_DENIED', 'no_such_step', 'rw', 'ro', '', 'null', 'true', '~'];
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.constantFrom(0, -1, 1, 2.5, -0, 1e308, -1e308, 2 ** 53, 2 ** 64, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER + 2),
  fc.constantFrom(null, true, false, [], {}, [[]], { '': null }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Steps no design or scenario knows, and steps with the wrong shape. */
const unknownStep: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('no_such_step', { no_such_step: 'buf' }, { by: 'ns', do: 'ffa_teleport', pages: [0] }, { if: null }, { alloc: { buffer: 'buf', pages: -3 } }),
  fc.dictionary(fc.constantFrom('by', 'do', 'expect', 'alloc', 'free', 'if', 'then', 'on_error', 'x'), oddValue, { maxKeys: 3 }),
);

/** A mutation of parsed data. */
type DataMutation =
  | { kind: 'delete'; at: number }
  | { kind: 'retype'; at: number; value: unknown }
  | { kind: 'rename'; at: number; key: string }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'insert-step'; at: number; step: unknown };

const dataMutation: fc.Arbitrary<DataMutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...WORDS, 'design', 'steps', 'platform', 'procedures'), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('insert-step' as const), at: fc.nat(), step: unknownStep }),
);

function applyData(data: unknown, m: DataMutation): unknown {
  // A JSON round trip, not structuredClone: YAML aliases (`*teardown`) parse to one shared object,
  // and a mutation of a shared object could place it inside itself; a tree of fresh copies cannot.
  const copy = data === undefined ? data : (JSON.parse(JSON.stringify(data)) as unknown);
  const all = paths(copy);
  if (all.length === 0) return copy;
  const path = all[m.at % all.length]!;
  const parent = parentOf(copy, path);
  if (parent === null) return copy;
  const last = path[path.length - 1]!;
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      break;
    case 'retype':
      parent[last] = m.value;
      break;
    case 'rename':
      if (!Array.isArray(parent)) {
        const value = parent[last];
        delete parent[last];
        parent[m.key] = value;
      }
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(last as number, 0, structuredClone(parent[last as number]));
      else parent[`${String(last)}2`] = structuredClone(parent[last]); // an unknown twin key
      break;
    case 'swap': {
      const other = all[m.with % all.length]!;
      const otherParent = parentOf(copy, other);
      // A value swapped with one inside it would end up inside itself (a cycle no file can hold).
      const nested = (a: readonly unknown[], b: readonly unknown[]) => a.length <= b.length && a.every((k, i) => b[i] === k);
      if (otherParent === null || nested(path, other) || nested(other, path)) break;
      const a = parent[last];
      parent[last] = structuredClone(getAt(copy, other));
      otherParent[other[other.length - 1]!] = a;
      break;
    }
    case 'insert-step': {
      // Into the nearest list on the path (procedures' steps, scenario steps, on_error, ...).
      const lists = all.filter((p) => Array.isArray(getAt(copy, p)));
      if (lists.length === 0) break;
      const list = getAt(copy, lists[m.at % lists.length]!) as unknown[];
      list.splice(m.at % (list.length + 1), 0, m.step);
      break;
    }
  }
  return copy;
}

/** A mutation of the text itself. */
type TextMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'indent'; line: number; by: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'delete-line'; line: number }
  | { kind: 'collection-key'; line: number; key: string }
  | { kind: 'anchor'; line: number; to: number }
  | { kind: 'alias-bomb' }
  | { kind: 'huge-number'; line: number; number: string }
  | { kind: 'bytes'; at: number; bytes: number[] }
  | { kind: 'line-endings' };

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('delete-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('collection-key' as const), line: fc.nat(), key: fc.constantFrom('[a, b]', '{x: 1}', '? [t1]\n', '[]', '{}') }),
  fc.record({ kind: fc.constant('anchor' as const), line: fc.nat(), to: fc.nat() }),
  fc.constant({ kind: 'alias-bomb' as const }),
  fc.record({
    kind: fc.constant('huge-number' as const),
    line: fc.nat(),
    number: fc.constantFrom('1e400', '-1e400', '99999999999999999999999', '0x7fffffffffffffff', '.inf', '-.inf', '.nan', '0o777', '1_000', '-0', '1.0e+3'),
  }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.constant({ kind: 'line-endings' as const }),
);

function applyText(text: string, m: TextMutation): string {
  const lines = text.split('\n');
  const pick = (n: number) => n % Math.max(1, lines.length);
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'indent': {
      const i = pick(m.line);
      const line = lines[i] ?? '';
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
    case 'duplicate-line': {
      const i = pick(m.line);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 'delete-line':
      lines.splice(pick(m.line), 1);
      return lines.join('\n');
    case 'collection-key': {
      const i = pick(m.line);
      lines[i] = (lines[i] ?? '').replace(/^(\s*(?:- )?)([A-Za-z_][\w-]*)(\s*:)/, `$1${m.key}$3`);
      return lines.join('\n');
    }
    case 'anchor': {
      // Anchor a value on one line, alias it on another (possibly before the anchor exists).
      const i = pick(m.line);
      const j = pick(m.to);
      lines[i] = (lines[i] ?? '').replace(/:\s+(\S)/, ': &a $1');
      lines[j] = (lines[j] ?? '').replace(/:\s+\S.*$/, ': *a');
      return lines.join('\n');
    }
    case 'alias-bomb':
      return `${text}\nbomb0: &b0 [x, x, x, x, x, x, x, x]\nbomb1: &b1 [*b0, *b0, *b0, *b0, *b0, *b0, *b0, *b0]\nbomb2: &b2 [*b1, *b1, *b1, *b1, *b1, *b1, *b1, *b1]\nbomb3: [*b2, *b2, *b2, *b2, *b2, *b2, *b2, *b2]\n`;
    case 'huge-number': {
      const i = pick(m.line);
      lines[i] = (lines[i] ?? '').replace(/\b\d+\b/, m.number);
      return lines.join('\n');
    }
    case 'bytes': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + Buffer.from(m.bytes).toString('latin1') + text.slice(at);
    }
    case 'line-endings':
      return text.replace(/\n/g, '\r\n');
  }
}

/**
 * Malformed variants of `texts` (YAML or JSON files): one to three data or text mutations, written
 * back as YAML, as JSON or in the original's own text; plus, now and then, bytes from nowhere.
 */
export function malformed(texts: readonly string[]): fc.Arbitrary<string> {
  const parsed = texts.map((t) => parse(t) as unknown);
  const viaData = fc
    .tuple(fc.nat(texts.length - 1), fc.array(dataMutation, { minLength: 1, maxLength: 3 }), fc.constantFrom('yaml', 'json', 'json', 'json-pretty'))
    .map(([i, ms, as]) => {
      const data = ms.reduce((d, m) => applyData(d, m), parsed[i]);
      return as === 'yaml' ? stringify(data) : as === 'json' ? JSON.stringify(data) : JSON.stringify(data, null, 2);
    });
  const viaText = fc
    .tuple(fc.nat(texts.length - 1), fc.array(textMutation, { minLength: 1, maxLength: 3 }))
    .map(([i, ms]) => ms.reduce((t, m) => applyText(t, m), texts[i]!));
  const both = fc.tuple(viaData, fc.array(textMutation, { minLength: 1, maxLength: 2 })).map(([t, ms]) => ms.reduce((x, m) => applyText(x, m), t));
  const raw = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('utf8')),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  return fc.oneof({ weight: 4, arbitrary: viaData }, { weight: 4, arbitrary: viaText }, { weight: 2, arbitrary: both }, { weight: 1, arbitrary: raw });
}
