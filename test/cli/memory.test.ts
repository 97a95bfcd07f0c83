/**
 * --max-memory (SPEC section 13): a state space larger than memory ends as `incomplete` with the
 * reason, exit 3, never as V8's "heap out of memory" crash; also when node's own heap limit is
 * small (--max-old-space-size) and no budget was given.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { runCli } from './child.ts';

const BIG = join(import.meta.dirname, 'fixtures/four-actors.yaml');

describe.concurrent('memory budget', () => {
  it('a small node heap (--max-old-space-size=64) stops the search as incomplete, not a crash', async () => {
    const r = await runCli(['check', BIG, '--mode', 'exhaustive', '--json'], { nodeFlags: ['--max-old-space-size=64'] });
    expect(r.stderr).not.toMatch(/out of memory|FATAL/);
    expect(r.signal).toBe(null);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Record<string, any>;
    expect(report['verdict']).toBe('incomplete');
    expect(report['reason']).toMatch(/^memory budget (of \d+ MB )?reached/);
    expect(report['search']['stoppedBy']).toBe('memory');
  });

  it('--max-memory MB stops it at that budget', async () => {
    const r = await runCli(['check', BIG, '--mode', 'exhaustive', '--json', '--max-memory', '48']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Record<string, any>;
    expect(report['reason']).toMatch(/^memory budget of 48 MB reached \(\d+ MB in use\) \(\d+ distinct states, depth \d+ complete\)$/);
  });

  it('rejects a budget that is not a positive integer (exit 2)', async () => {
    const io = memoryIo();
    expect(await main(['check', BIG, '--mode', 'exhaustive', '--max-memory', '0'], io)).toBe(2);
    expect(io.err).toMatch(/--max-memory expects a positive integer/);
  });
});
