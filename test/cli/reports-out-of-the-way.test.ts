/**
 * SPEC section 12 / issue 11: a new user's first commands must leave the checkout as it was. The
 * README's check (and the same with --seed) writes under reports/, which git ignores; the
 * committed example reports live in examples/ and no check writes there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

const repo = join(import.meta.dirname, '../..');
const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
const inGit = git('rev-parse', '--is-inside-work-tree').stdout.trim() === 'true';

it.skipIf(!inGit)("the README's check commands write only under the ignored reports/ and leave git status as it was", async () => {
  const reportDir = join(repo, 'reports', 'optee-protmem-merged');
  const existed = existsSync(reportDir);
  const before = git('status', '--porcelain').stdout;
  const cwd = process.cwd();
  process.chdir(repo);
  try {
    for (const argv of [['check', 'designs/optee-protmem-merged.yaml'], ['check', 'designs/optee-protmem-merged.yaml', '--seed', '1']]) {
      const io = memoryIo();
      expect(await main(argv, io)).toBe(1);
      expect(io.out).toContain('reports: reports/optee-protmem-merged/trace.json');
    }
  } finally {
    process.chdir(cwd);
  }
  expect(existsSync(join(reportDir, 'trace.md'))).toBe(true);
  expect(git('check-ignore', '-q', 'reports/optee-protmem-merged/trace.md').status, 'reports/ is ignored by git').toBe(0);
  expect(git('ls-files', 'reports').stdout, "nothing under reports/ is committed but the folder's README").toBe('reports/README.md\n');
  expect(git('status', '--porcelain').stdout).toBe(before);
  if (!existed) rmSync(reportDir, { recursive: true, force: true });
});
