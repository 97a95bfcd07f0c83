/**
 * Loading never throws: whatever text or data comes in, the answer is a Checked value, its errors
 * are located in the file, and a design that compiles is well formed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Checked } from '../../src/input/errors.ts';
import { loadDesignText } from '../../src/design/load.ts';
import type { Program } from '../../src/design/program.ts';
import { expectWellFormed, FILE } from './helpers.ts';

const EXAMPLE = readFileSync(fileURLToPath(new URL('fixtures/spec-example.yaml', import.meta.url)), 'utf8');
const EXAMPLE_DATA = JSON.parse(readFileSync(fileURLToPath(new URL('fixtures/spec-example.json', import.meta.url)), 'utf8')) as unknown;

/** Loads `text`; fails if it throws, or if the answer is not a proper Checked<Program>. */
function loadsCleanly(text: string): Checked<Program> {
  let result: Checked<Program> | undefined;
  expect(() => {
    result = loadDesignText(FILE, text);
  }).not.toThrow();
  const r = result!;
  expect(typeof r.ok).toBe('boolean');
  if (r.ok) {
    expect(r.value.file).toBe(FILE);
    expect(r.value.source).toBe(text);
    expectWellFormed(r.value);
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(e.file).toBe(FILE);
      expect(Number.isInteger(e.line) && e.line >= 0).toBe(true);
      expect(Number.isInteger(e.column) && e.column >= 0).toBe(true);
      expect(e.message.length).toBeGreaterThan(0);
      // The loader's last-resort guard must never be what answers for ordinary input.
      expect(e.message).not.toMatch(/^cannot load the design/);
    }
  }
  return r;
}

/** Words a design is made of, so random text often gets past the YAML parser. */
const WORDS = [
  'design', 'title', 'platform', 'shared', 'variables', 'procedures', 'actors', 'environment', 'invariants',
  'pages', 'endpoints', 'devices', 'hypervisor', 'spmc', 'cma', 'system', 'carveout', 'device', 'optee', 'ns', 'vdec',
  'alloc', 'free', 'leak', 'unmap_linear', 'map_linear', 'flush_tlb', 'ffa_lend', 'ffa_share', 'ffa_donate', 'ffa_reclaim',
  'iommu_map', 'iommu_unmap', 'lock', 'unlock', 'set', 'inc', 'dec', 'if', 'var', 'result', 'eq', 'ne', 'gt', 'lt',
  'then', 'else', 'on_error', 'retry', 'continue', 'buffer', 'region', 'to', 'access', 'clear', 'rw', 'ro', 'true',
  'false', 'ok', 'FFA_DENIED', 'buf', 'pool', 't1', 't2', 'all', 'secure', 'cpu', '0', '1', '2', '-1', '2.5', 'null',
  'x', '&a', '*a', '!!str', '"s"', "'s'",
];
const PUNCT = [': ', ', ', '[', ']', '{', '}', '- ', '\n', '\n  ', '\n    ', '\n      ', ' ', '#', '?', '|'];

const yamlish = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WORDS) }, { weight: 2, arbitrary: fc.constantFrom(...PUNCT) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), { maxLength: 60 })
  .map((parts) => parts.join(''));

/** Every path into a JSON value, for mutations. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}
const EXAMPLE_PATHS = paths(EXAMPLE_DATA).filter((p) => p.length > 0);

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'rename'; key: string };

function mutate(data: unknown, path: readonly (string | number)[], mutation: Mutation): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (mutation.kind === 'replace') parent[last] = mutation.value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else {
    const value = parent[last];
    delete parent[last];
    if (mutation.kind === 'rename') parent[mutation.key] = value;
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...WORDS)) }),
  fc.constant({ kind: 'delete' as const }),
  fc.record({ kind: fc.constant('rename' as const), key: fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 })) }),
);

describe('loading never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => void loadsCleanly(text)), { numRuns: 300 });
  });

  it('on YAML-ish text made of design words', () => {
    fc.assert(fc.property(yamlish, (text) => void loadsCleanly(text)), { numRuns: 400 });
  });

  it('on arbitrary values written as YAML or JSON', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), fc.boolean(), (value, asJson) => {
        let text: string | undefined;
        try {
          text = asJson ? JSON.stringify(value) : stringify(value);
        } catch {
          return; // not representable; nothing to load
        }
        if (text !== undefined) loadsCleanly(text);
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary values placed under the design keys', () => {
    const key = fc.constantFrom('design', 'title', 'platform', 'shared', 'variables', 'procedures', 'actors', 'environment', 'invariants');
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 4 })), (data) => void loadsCleanly(stringify(data))),
      { numRuns: 200 },
    );
  });

  it('on one-point mutations of the SPEC example', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXAMPLE_PATHS), mutation, fc.boolean(), (path, m, asJson) => {
        const data = mutate(EXAMPLE_DATA, path, m);
        loadsCleanly(asJson ? JSON.stringify(data, null, 2) : stringify(data));
      }),
      { numRuns: 400 },
    );
  });

  it('on truncations and line deletions of the SPEC example', () => {
    const text = EXAMPLE;
    const lineCount = text.split('\n').length;
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(lineCount), (cut, line) => {
        loadsCleanly(text.slice(0, cut));
        loadsCleanly(text.split('\n').filter((_, i) => i !== line).join('\n'));
      }),
      { numRuns: 200 },
    );
  });
});
