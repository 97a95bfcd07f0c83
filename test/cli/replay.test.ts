import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { shippedDesignFiles } from '../../src/cli/list-command.ts';
import { main } from '../../src/cli/main.ts';
import { EXPECTED } from '../designs/expected.ts';

const out = mkdtempSync(join(tmpdir(), 'lendcheck-replay-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('lendcheck replay', () => {
  // Every counterexample a shipped design yields is written to trace.json and replays from it.
  // The manifest says which shipped designs violate: a bug design that stopped violating fails
  // here instead of skipping its replay.
  const violating = new Set(EXPECTED.filter((e) => e.verdict === 'violation').map((e) => e.file));
  const designs = shippedDesignFiles().filter((file) => violating.has(basename(file)));
  it('covers every violating design in the manifest', () => {
    expect(designs.map((file) => basename(file)).sort()).toEqual([...violating].sort());
  });
  it.each(designs.map((file) => [basename(file), file]))('%s: a saved counterexample replays', async (_name, file) => {
    const dir = join(out, _name);
    const checked = await run('check', file, '--json', '--seed', '5', '--runs', '300', '--out', dir);
    expect(checked.code).toBe(1);
    const found = JSON.parse(checked.out) as { violation: { invariant: string; trace: { result: string }[] } };
    const replayed = await run('replay', join(dir, 'trace.json'), '--json');
    expect(replayed.code).toBe(1);
    expect(replayed.err).toBe('');
    const again = JSON.parse(replayed.out) as typeof found;
    expect(again.violation.invariant).toBe(found.violation.invariant);
    expect(again.violation.trace.map((s) => s.result)).toEqual(found.violation.trace.map((s) => s.result));
  });

  /** A fresh trace.json of the merged design (2 steps: t1 alloc, t1 ffa_lend), parsed. */
  async function savedMerged(name: string) {
    const dir = join(out, name);
    await run('check', join(import.meta.dirname, 'fixtures/merged.yaml'), '--seed', '1', '--out', dir);
    const path = join(dir, 'trace.json');
    return { path, saved: JSON.parse(readFileSync(path, 'utf8')) as Record<string, any> };
  }

  it('exits 0 and says so when the steps still replay but the violation no longer reproduces', async () => {
    const { path, saved } = await savedMerged('invariants-changed');
    saved['invariants'] = ['no-double-lend'];
    writeFileSync(path, JSON.stringify(saved));
    const replayed = await run('replay', path);
    expect(replayed.code).toBe(0);
    expect(replayed.err).toMatch(/does not reproduce: no invariant breaks/);
  });

  it('keeps today\'s answer when the design text changed but its steps still replay', async () => {
    const { path, saved } = await savedMerged('platform-changed');
    saved['design']['source'] = saved['design']['source'].replace('hypervisor: none', 'hypervisor: hafnium');
    writeFileSync(path, JSON.stringify(saved));
    const replayed = await run('replay', path, '--json');
    expect(replayed.code).toBe(1);
    expect(replayed.err).toBe('');
  });

  it('exit 2 when the stored design now takes other steps than the trace records', async () => {
    const { path, saved } = await savedMerged('fixed-later');
    // The author fixes the design inside the trace: the same moves now clean the cache first.
    saved['design']['source'] = saved['design']['source'].replace(
      '    - ffa_lend: {buffer: buf, to: [optee]}',
      '    - clean_cache: buf\n    - unmap_linear: buf\n    - flush_tlb: buf\n    - ffa_lend: {buffer: buf, to: [optee]}',
    );
    writeFileSync(path, JSON.stringify(saved));
    const replayed = await run('replay', path);
    expect(replayed.code).toBe(2);
    expect(replayed.err).toContain('step 2: recorded ffa_lend, replayed clean_cache');
  });

  it('rejects a malformed trace file with its location (exit 2)', async () => {
    const path = join(out, 'broken.json');
    writeFileSync(path, '{"format": "lendcheck-trace", "version": 1,\n "moves": 3}\n');
    const replayed = await run('replay', path);
    expect(replayed.code).toBe(2);
    expect(replayed.err).toMatch(/broken\.json:\d+:\d+: /);
    expect(replayed.err).not.toMatch(/\n\s+at /);
  });
});
