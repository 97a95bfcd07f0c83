/** `check --shard I/N`, `check --workers N`, `--no-por` and `lendcheck merge` on the command line. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const merged = join(fixtures, 'merged.yaml');
const fixed = join(fixtures, 'fixed-two-actors.yaml');
const out = mkdtempSync(join(tmpdir(), 'lendcheck-scale-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

/** Runs every shard of a check, saving each one's --json output; returns the files. */
async function shards(design: string, count: number, ...flags: string[]): Promise<string[]> {
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const r = await run('check', design, '--json', '--shard', `${i}/${count}`, '--out', join(out, `r${i}`), ...flags);
    expect(r.err).toBe('');
    const file = join(out, `${count}-${i}-${flags.join('')}.json`);
    writeFileSync(file, r.out);
    files.push(file);
  }
  return files;
}

describe('lendcheck merge', () => {
  it('merges exhaustive shards of a violating design into the unsharded shortest violation (exit 1)', async () => {
    const whole = JSON.parse((await run('check', merged, '--json', '--mode', 'exhaustive', '--out', join(out, 'w'))).out);
    const r = await run('merge', ...(await shards(merged, 2, '--mode', 'exhaustive')), '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.verdict).toBe('violation');
    expect([report.violation.invariant, report.violation.step]).toEqual([whole.violation.invariant, whole.violation.step]);
    expect(report.search.shards).toMatchObject({ count: 2, present: [1, 2], missing: [] });
  });

  it('passes only when every shard is present and complete (exit 0), else incomplete (exit 3)', async () => {
    const files = await shards(fixed, 3, '--mode', 'exhaustive');
    const all = await run('merge', ...files);
    expect(all.code).toBe(0);
    expect(all.out).toContain('pass (every shard complete)');
    const some = await run('merge', files[0]!, files[2]!, '--json');
    expect(some.code).toBe(3);
    expect(JSON.parse(some.out)).toMatchObject({ verdict: 'incomplete', reason: 'shard 2 of 3 missing', stats: { complete: false } });
  });

  it('random shards run their share of the runs from different seeds', async () => {
    const files = await shards(fixed, 2, '--runs', '100');
    const r = await run('merge', ...files, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).stats.runs).toBe(100);
  });

  it('rejects a file that is not lendcheck --json output, and shards of different counts (exit 2)', async () => {
    const junk = join(out, 'junk.json');
    writeFileSync(junk, 'not json\n');
    expect((await run('merge', junk)).code).toBe(2);
    const [a] = await shards(fixed, 2, '--mode', 'exhaustive');
    const [b] = await shards(fixed, 3, '--mode', 'exhaustive');
    const r = await run('merge', a!, b!);
    expect(r.code).toBe(2);
    expect(r.err).toContain('of 2 shards');
  });
});

describe('check --shard and --workers', () => {
  it.each([['--shard', '3/2'], ['--shard', 'x'], ['--workers', '0']])('rejects %s %s (exit 2)', async (flag, value) => {
    const r = await run('check', fixed, flag, value);
    expect(r.code).toBe(2);
  });

  it('--workers 2 gives the one-worker verdict and counts', async () => {
    const one = JSON.parse((await run('check', fixed, '--json', '--mode', 'exhaustive', '--workers', '1')).out);
    const two = JSON.parse((await run('check', fixed, '--json', '--mode', 'exhaustive', '--workers', '2')).out);
    expect([two.verdict, two.stats.states, two.stats.transitions]).toEqual([one.verdict, one.stats.states, one.stats.transitions]);
  });
});

describe('check --no-por', () => {
  const scaled = join(import.meta.dirname, '../system/fixtures/scaled-x3-fixed.yaml');

  it('reduces by default (partial-order reduction and renaming) and not with --no-por: same verdict', async () => {
    const reduced = JSON.parse((await run('check', scaled, '--json', '--mode', 'exhaustive', '--out', join(out, 'por'))).out);
    const plain = JSON.parse((await run('check', scaled, '--json', '--mode', 'exhaustive', '--no-por', '--workers', '1', '--out', join(out, 'no-por'))).out);
    expect([reduced.verdict, reduced.stats.complete, plain.verdict, plain.stats.complete]).toEqual(['pass', true, 'pass', true]);
    expect(reduced.search.partialOrder).toMatchObject({ states: 670, rerun: false });
    expect(reduced.search.renaming).toBe('applied');
    expect(reduced.stats.states).toBe(670);
    expect(plain.stats.states).toBe(25_816);
    expect(plain.search.partialOrder).toBeUndefined();
    expect(plain.search.renaming).toBeUndefined();
  });

  it('a violation is re-searched without reduction: the --no-por trace length', async () => {
    const design = join(import.meta.dirname, '../system/fixtures/scaled-x3-freed-on-failure.yaml');
    const reduced = JSON.parse((await run('check', design, '--json', '--mode', 'exhaustive', '--out', join(out, 'por-v'))).out);
    const plain = JSON.parse((await run('check', design, '--json', '--mode', 'exhaustive', '--no-por', '--out', join(out, 'no-por-v'))).out);
    expect(reduced.verdict).toBe('violation');
    expect(reduced.search.partialOrder.rerun).toBe(true);
    expect([reduced.violation.invariant, reduced.violation.trace.length]).toEqual([plain.violation.invariant, plain.violation.trace.length]);
  });

  it('runs the search again without renaming where free pages come to differ (the static carveout)', async () => {
    const design = join(import.meta.dirname, '../../designs/static-carveout-protmem.yaml');
    const reduced = JSON.parse((await run('check', design, '--json', '--mode', 'exhaustive', '--out', join(out, 'carveout'))).out);
    const plain = JSON.parse((await run('check', design, '--json', '--mode', 'exhaustive', '--no-por', '--out', join(out, 'carveout-plain'))).out);
    expect(reduced.search.renaming).toBe('abandoned');
    expect([reduced.verdict, reduced.stats.complete]).toEqual([plain.verdict, plain.stats.complete]);
    expect(reduced.verdict).toBe('pass');
  });
});
