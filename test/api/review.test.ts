/**
 * The library's `review` (SPEC section 12: `import { loadDesign, check, review } from 'lendcheck'`):
 * the object `lendcheck review --json` prints, the same files, and errors as rejections.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DesignError, OptionsError, review } from '../../src/index.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

const repo = join(import.meta.dirname, '../..');
const merged = join(repo, 'designs/optee-protmem-merged.yaml');
const fixed = join(repo, 'designs/optee-protmem-fixed.yaml');
const out = mkdtempSync(join(tmpdir(), 'lendcheck-api-review-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('review', () => {
  it('gives the object `review --json` prints and writes the same files', async () => {
    const vary = ['hypervisor=none,pkvm'];
    const report = await review([merged, fixed], { vary, out: join(out, 'lib') });
    const io = memoryIo();
    const code = await main(['review', merged, fixed, '--vary', vary[0]!, '--out', join(out, 'cli'), '--json'], io);
    expect(code).toBe(1);
    expect(report).toEqual(JSON.parse(io.out));
    expect(report.variants).toEqual([{ hypervisor: 'none' }, { hypervisor: 'pkvm' }]);
    expect(report.rows.map((r) => r.cells.map((c) => c.verdict))).toEqual([
      ['violation', 'violation'],
      ['pass', 'pass'],
    ]);
    const json = JSON.parse(readFileSync(join(out, 'lib', 'review.json'), 'utf8'));
    expect(json).toEqual(report);
    expect(existsSync(join(out, 'lib', 'review.md'))).toBe(true);
    expect(existsSync(join(out, 'lib', report.rows[0]!.cells[0]!.trace!))).toBe(true);
  });

  it('takes one design path as a string', async () => {
    const report = await review(fixed, { vary: ['hypervisor=none'], out: join(out, 'one') });
    expect(report.rows.map((r) => [r.design, r.cells.length])).toEqual([['optee-protmem-fixed', 1]]);
  });

  it('rejects bad options with an OptionsError carrying the CLI\'s message', async () => {
    const error = await review(fixed, { vary: ['colour=red'], out: join(out, 'bad') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionsError);
    expect((error as Error).message).toMatch(/colour/);
    const runs = await review(fixed, { runs: 0, out: join(out, 'bad') }).catch((e: unknown) => e);
    expect(runs).toBeInstanceOf(OptionsError);
    expect((runs as Error).message).toBe('--runs expects a positive integer, got 0');
  });

  it('rejects a design that does not load with a DesignError carrying the located errors', async () => {
    const error = await review(join(repo, 'test/cli/fixtures/typo.yaml'), { vary: ['hypervisor=none'], out: join(out, 'typo') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DesignError);
    expect((error as DesignError).errors[0]).toMatchObject({ line: 6, column: 7 });
  });
});
