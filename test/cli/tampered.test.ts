/**
 * Tampered traces: `replay` compares every recorded step (actor, step, args, result, handle) with
 * its re-execution; an edited, reordered or cut trace is exit 2 with what does not match, never a
 * stack trace and never a silent replay of something else.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

const out = mkdtempSync(join(tmpdir(), 'lendcheck-tampered-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

let original = '';
beforeAll(async () => {
  // B1: 8 steps (alloc, clean_cache, unmap_linear, flush_tlb, ffa_lend, optee retrieves, reclaim, free).
  const r = await run('check', join(import.meta.dirname, '../../designs/bug-b01-reclaim-failure-freed.yaml'), '--seed', '42', '--out', out);
  expect(r.code).toBe(1);
  original = readFileSync(join(out, 'trace.json'), 'utf8');
});

/** Writes an edited copy of the trace and replays it. */
async function replayEdited(name: string, edit: (trace: Record<string, any>) => void) {
  const saved = JSON.parse(original) as Record<string, any>;
  edit(saved);
  const path = join(out, `${name}.json`);
  writeFileSync(path, JSON.stringify(saved, null, 2));
  return run('replay', path, '--json');
}

function expectRejected(r: { code: number; out: string; err: string }, ...lines: string[]) {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/the trace does not match its re-execution/);
  for (const line of lines) expect(r.err).toContain(line);
  expect(r.err).not.toMatch(/\n\s+at /);
}

describe('replay of a tampered trace', () => {
  it('the untouched trace reproduces (exit 1)', async () => {
    expect((await replayEdited('untouched', () => {})).code).toBe(1);
  });

  it('an edited step name', async () => {
    const r = await replayEdited('step', (t) => (t['trace'][2]['step'] = 'no_such_step'));
    expectRejected(r, 'step 3: recorded no_such_step, replayed unmap_linear');
  });

  it('an edited result', async () => {
    const r = await replayEdited('result', (t) => (t['trace'][6]['result'] = 'ok'));
    expectRejected(r, 'step 7: recorded result ok, replayed FFA_DENIED');
  });

  it('edited arguments', async () => {
    const r = await replayEdited('args', (t) => (t['trace'][0]['args']['pages'] = 1));
    expectRejected(r, 'step 1: recorded alloc {"buffer":"buf","pages":1,"region":"cma"}, replayed {"buffer":"buf","pages":2,"region":"cma"}');
  });

  it('an edited actor', async () => {
    const r = await replayEdited('actor', (t) => (t['trace'][5]['actor'] = 't1'));
    expectRejected(r, 'step 6: recorded actor t1, replayed secure');
  });

  it('an edited handle', async () => {
    const r = await replayEdited('handle', (t) => (t['trace'][4]['handle'] = 7));
    expectRejected(r, 'step 5: recorded handle 7, replayed 0');
  });

  it('a move key that is not possible where it is due', async () => {
    const r = await replayEdited('move', (t) => (t['moves'][1] = 'secure:ffa_retrieve:optee:0'));
    expectRejected(r, 'step 2: recorded t1 clean_cache (move secure:ffa_retrieve:optee:0), which is not possible there; possible moves: t1');
  });

  it('two steps swapped', async () => {
    const r = await replayEdited('swapped', (t) => {
      const trace = t['trace'] as unknown[];
      [trace[1], trace[2]] = [trace[2], trace[1]];
    });
    expectRejected(r, 'step 2: recorded unmap_linear, replayed clean_cache', 'step 3: recorded clean_cache, replayed unmap_linear');
  });

  it('a step cut from the trace but not from the moves is a located error', async () => {
    const r = await replayEdited('cut', (t) => (t['trace'] as unknown[]).pop());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cut\.json:\d+:\d+: "moves" has 8 move keys but "trace" has 7 steps/);
  });

  it('a truncated file is a located error', async () => {
    for (const at of [0, 1, 100, Math.floor(original.length / 2), original.length - 3]) {
      const path = join(out, `truncated-${at}.json`);
      writeFileSync(path, original.slice(0, at));
      const r = await run('replay', path, '--json');
      expect(r.code, `cut at ${at}`).toBe(2);
      expect(r.err).toMatch(/truncated-\d+\.json(:\d+:\d+)?: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});
