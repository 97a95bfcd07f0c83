/**
 * The library API (SPEC section 12): loadDesign rejects with located errors, check returns exactly
 * what `lendcheck check --json` prints, and the CLI's version is the package's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, DesignError, loadDesign, OptionsError, parseDesign, VERSION } from '../../src/index.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

const repo = join(import.meta.dirname, '../..');
const merged = join(repo, 'designs/optee-protmem-merged.yaml');
const fixed = join(repo, 'designs/optee-protmem-fixed.yaml');
const out = mkdtempSync(join(tmpdir(), 'lendcheck-api-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Timings are the only thing two runs may differ in. */
const untimed = (report: any) => ({ ...report, stats: { ...report.stats, elapsedMs: 0 } });

async function cliJson(...argv: string[]): Promise<unknown> {
  const io = memoryIo();
  await main(['check', ...argv, '--json'], io);
  return JSON.parse(io.out);
}

describe('loadDesign', () => {
  it('gives the compiled design', async () => {
    const design = await loadDesign(merged);
    expect(design.design).toBe('optee-protmem-merged');
  });

  it('rejects a bad design with a DesignError carrying every located error', async () => {
    const error = await loadDesign(join(repo, 'test/cli/fixtures/typo.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DesignError);
    const { errors, message } = error as DesignError;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 6, column: 7 });
    expect(errors[0]!.message).toContain("unknown step 'unmap_linaer'");
    expect(message).toMatch(/typo\.yaml:6:7: unknown step 'unmap_linaer'/);
  });

  it('rejects a missing file the same way', async () => {
    await expect(loadDesign('/nonexistent.yaml')).rejects.toMatchObject({ name: 'DesignError', errors: [{ message: 'cannot read: no such file' }] });
  });

  it('parseDesign compiles text', async () => {
    const design = await parseDesign(readFileSync(merged, 'utf8'), 'm.yaml');
    expect(design.file).toBe('m.yaml');
    await expect(parseDesign('design: x\n')).rejects.toBeInstanceOf(DesignError);
  });
});

describe('check', () => {
  it('returns the object --json prints, for a violation (random mode)', async () => {
    const dir = join(out, 'merged');
    const api = await check(await loadDesign(merged), { seed: 1, out: dir });
    expect(api.verdict).toBe('violation');
    expect(api.violation?.invariant).toBe('no-ns-mapping-of-lent-memory');
    expect(untimed(api)).toEqual(untimed(await cliJson(merged, '--seed', '1', '--out', dir)));
    expect(readFileSync(join(dir, 'trace.md'), 'utf8')).toContain('no-ns-mapping-of-lent-memory');
  });

  it('returns the object --json prints, for a pass (exhaustive mode, a path, an invariant subset)', async () => {
    const api = await check(fixed, { mode: 'exhaustive', invariant: ['no-double-lend'], out: join(out, 'fixed') });
    expect(api).toMatchObject({ verdict: 'pass', stats: { complete: true } });
    expect(untimed(api)).toEqual(untimed(await cliJson(fixed, '--mode', 'exhaustive', '--invariant', 'no-double-lend', '--out', join(out, 'fixed'))));
  });

  it('rejects options the CLI would refuse, with its message', async () => {
    const design = await loadDesign(merged);
    await expect(check(design, { runs: 0 })).rejects.toThrow(new OptionsError('--runs expects a positive integer, got 0'));
    await expect(check(design, { invariant: ['no-dubble-lend'] })).rejects.toThrow(/unknown invariant 'no-dubble-lend'/);
    await expect(check(design, { timeout: -1 })).rejects.toBeInstanceOf(OptionsError);
  });
});

it('one version: --version, the reports and package.json', async () => {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
  const run = spawnSync(process.execPath, [join(repo, 'bin/lendcheck.js'), '--version'], { encoding: 'utf8' });
  expect(run.stdout).toBe(`${pkg.version}\n`);
});
