/**
 * Same seed, byte-identical output, across processes: two separate `lendcheck check` processes on
 * a violating design print the same JSON (timing aside) and write byte-identical trace files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/lendcheck.js');
const out = mkdtempSync(join(tmpdir(), 'lendcheck-determinism-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs the CLI in a child process; a violation is exit 1, which execFileSync reports as a throw. */
function checkInChild(dir: string): string {
  try {
    execFileSync(process.execPath, [BIN, 'check', 'designs/bug-b06-missing-tlb-flush.yaml', '--json', '--seed', '9', '--out', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    expect(failed.status).toBe(1);
    return failed.stdout;
  }
  throw new Error('expected a violation (exit 1)');
}

describe('two processes, one seed', () => {
  it('print the same JSON and write the same trace files on a violating design', () => {
    const [a, b] = [join(out, 'a'), join(out, 'b')];
    // Wall-clock figures (elapsedMs, "216 ms at 5 runs/s") are the only bytes allowed to differ.
    const strip = (text: string) =>
      text
        .replace(/"elapsedMs":\s*\d+/g, '"elapsedMs":0')
        .replace(/\d[\d,.]* ms at [\d,.]+ [a-z]+\/s/g, 'T ms')
        .replaceAll(a, 'OUT')
        .replaceAll(b, 'OUT');
    const first = checkInChild(a);
    const second = checkInChild(b);
    expect(JSON.parse(first).verdict).toBe('violation');
    expect(strip(second)).toBe(strip(first));
    for (const file of ['trace.json', 'trace.md', 'trace.itf.json']) {
      expect(strip(readFileSync(join(b, file), 'utf8')), file).toBe(strip(readFileSync(join(a, file), 'utf8')));
    }
  });
});
