/**
 * Fuzzed inputs end to end: malformed trace files through `replay` (in process, fixed seed), and
 * a handful of malformed designs and trace files through the real CLI in a child process. Each
 * ends in exit 0, 1 or 2 (3 for a search), with located errors and never a stack trace or a
 * library warning on stderr.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { runCli } from '../cli/child.ts';
import { shippedDesigns, shippedTraces } from './harness.ts';
import { malformed } from './mutations.ts';

const dir = mkdtempSync(join(tmpdir(), 'lendcheck-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** stderr of a rejected input: every line located at the file, or the replay's own explanation. */
function expectCleanStderr(err: string, file: string): void {
  expect(err).not.toMatch(/\n\s+at |internal error|Warning|stringified/);
  for (const line of err.split('\n').filter((l) => l !== '')) {
    expect(line.startsWith(`${file}:`) || line.startsWith('  ') || line.startsWith('note: '), line).toBe(true);
  }
}

describe('fuzzed trace files through replay', () => {
  it('100 mutations: exit 0, 1 or 2, located, no stack trace', async () => {
    const path = join(dir, 'trace.json');
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(malformed(shippedTraces()), async (text) => {
        writeFileSync(path, text);
        const io = memoryIo();
        const code = await main(['replay', path, '--json'], io);
        codes.add(code);
        expect([0, 1, 2]).toContain(code);
        expectCleanStderr(io.err, path);
        if (code !== 2) JSON.parse(io.out); // an answer is one JSON object
      }),
      { numRuns: 100, seed: 20261204 },
    );
    expect(codes.has(2)).toBe(true);
  });
});

describe.concurrent('fuzzed inputs through the real CLI', () => {
  const designs = fc.sample(malformed(shippedDesigns()), { numRuns: 4, seed: 20261205 });
  const traces = fc.sample(malformed(shippedTraces()), { numRuns: 2, seed: 20261206 });

  it.each(designs.map((text, i) => [i, text] as const))('design %i: check', async (i, text) => {
    mkdirSync(join(dir, 'designs'), { recursive: true });
    const file = join(dir, 'designs', `design-${i}.yaml`);
    writeFileSync(file, text);
    const r = await runCli(['check', file, '--json', '--runs', '20', '--out', join(dir, `out-${i}`)]);
    expect([0, 1, 2, 3]).toContain(r.code);
    expectCleanStderr(r.stderr, file);
    if (r.code === 2) expect(r.stdout).toBe('');
    else expect(JSON.parse(r.stdout)).toHaveProperty('verdict');
  });

  it.each(traces.map((text, i) => [i, text] as const))('trace %i: replay', async (i, text) => {
    const file = join(dir, `trace-${i}.json`);
    writeFileSync(file, text);
    const r = await runCli(['replay', file, '--json']);
    expect([0, 1, 2]).toContain(r.code);
    expectCleanStderr(r.stderr, file);
  });
});
