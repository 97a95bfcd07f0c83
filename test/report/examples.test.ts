import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { EXAMPLES_DIR, writeExampleReports } from '../../scripts/example-reports.ts';

const repo = join(import.meta.dirname, '../..');
const fresh = mkdtempSync(join(tmpdir(), 'lendcheck-reports-'));
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

it('the committed examples/ are what `npm run reports` produces now', async () => {
  // No process.chdir: the script names designs relative to `repo` itself (and workers cannot chdir).
  const written = await writeExampleReports(fresh, repo);
  const stale: string[] = [];
  for (const file of written) {
    const committed = join(repo, EXAMPLES_DIR, relative(fresh, file));
    let before = '';
    try {
      before = readFileSync(committed, 'utf8');
    } catch {
      stale.push(`${relative(repo, committed)} (missing)`);
      continue;
    }
    if (withoutTimings(before) !== withoutTimings(readFileSync(file, 'utf8'))) stale.push(relative(repo, committed));
  }
  expect(stale, 'run `npm run reports` and commit examples/').toEqual([]);
});

/** A user's own `lendcheck check designs/<d>.yaml` rewrites these files with real timings. */
function withoutTimings(text: string): string {
  return text.replace(/ \(\d+ ms at \d+ [a-z]+\/s\)/g, '').replace(/time="[0-9.]+"/g, 'time="0"');
}
