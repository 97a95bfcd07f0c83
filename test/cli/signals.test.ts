/**
 * SIGINT and SIGTERM through the real CLI (SPEC section 13): a child process on a long search, a
 * real signal, then exit 3, one JSON object with verdict `incomplete` and the signal as reason.
 * The signal is sent once the child has used a few seconds of CPU (so it is inside the search on
 * a loaded machine too); nothing here measures how fast it stops (see docs/MODEL.md for that).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli, waitForCpu } from './child.ts';

const FIXED = 'designs/optee-protmem-fixed.yaml';
const BIG = join(import.meta.dirname, 'fixtures/four-actors.yaml');
const out = mkdtempSync(join(tmpdir(), 'lendcheck-signals-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/**
 * CPU seconds after which the child is searching: start-up through tsx takes about two, and more
 * from a fresh clone, where tsx compiles every source file first (a fresh-clone CI run once saw a
 * child still loading after three).
 */
const SEARCHING = 6;

function onlyJson(stdout: string): Record<string, any> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, any>;
}

describe.concurrent('a signal stops the search: exit 3, verdict incomplete', () => {
  it('random mode, --json, SIGTERM', async () => {
    const child = startCli(['check', FIXED, '--runs', '100000000', '--json', '--out', join(out, 'random')]);
    await waitForCpu(child.process, SEARCHING);
    child.process.kill('SIGTERM');
    const r = await child.done;
    expect(r.code).toBe(3);
    const report = onlyJson(r.stdout);
    expect(report['verdict']).toBe('incomplete');
    expect(report['reason']).toMatch(/^interrupted by SIGTERM after \d+ of 100000000 runs/);
    expect(report['stats']['runs']).toBeGreaterThan(0);
    expect(report['stats']['complete']).toBe(false);
    expect(r.stderr).toBe('');
    expect(existsSync(join(out, 'random'))).toBe(false);
  });

  it('random mode, --json, SIGINT', async () => {
    const child = startCli(['check', FIXED, '--runs', '100000000', '--json']);
    await waitForCpu(child.process, SEARCHING);
    child.process.kill('SIGINT');
    const r = await child.done;
    expect(r.code).toBe(3);
    const report = onlyJson(r.stdout);
    expect(report['verdict']).toBe('incomplete');
    expect(report['reason']).toMatch(/^interrupted by SIGINT/);
  });

  it('exhaustive mode, --json, SIGTERM', async () => {
    const child = startCli(['check', BIG, '--mode', 'exhaustive', '--json', '--out', join(out, 'exhaustive')]);
    await waitForCpu(child.process, SEARCHING);
    child.process.kill('SIGTERM');
    const r = await child.done;
    expect(r.code).toBe(3);
    const report = onlyJson(r.stdout);
    expect(report['verdict']).toBe('incomplete');
    expect(report['reason']).toMatch(/^interrupted by SIGTERM \(\d+ distinct states, depth \d+ complete\)$/);
    expect(report['stats']['states']).toBeGreaterThan(1);
    expect(report['search']['stoppedBy']).toBe('aborted');
    expect(existsSync(join(out, 'exhaustive'))).toBe(false);
  });

  it('exhaustive mode, terminal output, SIGINT', async () => {
    const child = startCli(['check', BIG, '--mode', 'exhaustive']);
    await waitForCpu(child.process, SEARCHING);
    child.process.kill('SIGINT');
    const r = await child.done;
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/interrupted by SIGINT/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a signal sent while the CLI is still starting is kept for the search', async () => {
    const child = startCli(['check', FIXED, '--runs', '100000000', '--json']);
    // Past node's own start-up (before bin/lendcheck.js runs no JavaScript can listen), inside the
    // loading of the TypeScript CLI.
    await waitForCpu(child.process, 0.3);
    child.process.kill('SIGTERM');
    const r = await child.done;
    expect(r.signal).toBe(null);
    expect(r.code).toBe(3);
    expect(onlyJson(r.stdout)['reason']).toMatch(/^interrupted by SIGTERM/);
  });

  it('a second signal exits at once (128 + the signal number), printing nothing', async () => {
    const child = startCli(['check', BIG, '--mode', 'exhaustive', '--json', '--out', join(out, 'twice')]);
    await waitForCpu(child.process, SEARCHING);
    child.process.kill('SIGTERM');
    child.process.kill('SIGTERM');
    const r = await child.done;
    expect(r.signal).toBe(null);
    // Both signals are queued before the search polls; the second one wins, unless the first one
    // had already ended the search (then the JSON came out and the exit code is 3).
    if (r.code === 3) expect(onlyJson(r.stdout)['verdict']).toBe('incomplete');
    else {
      expect(r.code).toBe(143);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(join(out, 'twice')) ? readdirSync(join(out, 'twice')) : []).toEqual([]);
  });
});
