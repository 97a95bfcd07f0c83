/**
 * The build (`npm run build`: what `npm ci` makes and the package's `lendcheck` bin runs) on its
 * own, without tsx: the suite otherwise runs the TypeScript sources, so a file the build leaves out
 * (once: worker-bootstrap.mjs, which every worker thread of a built search tried to start from)
 * would pass every other test. Built afresh into tmp/ (dist/ may be older than the sources).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
mkdirSync(join(ROOT, 'tmp'), { recursive: true });
// Inside the repository, so that the build finds node_modules and package.json's "type" as dist/ does.
const built = mkdtempSync(join(ROOT, 'tmp', 'built-'));
afterAll(() => rmSync(built, { recursive: true, force: true }));

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', built], { cwd: ROOT, stdio: 'pipe' });
}, 180_000);

/** Runs an ES module text with plain node (no loader hooks) from the repository root. */
function node(script: string): string {
  const file = join(built, 'script.mjs');
  writeFileSync(file, script);
  return execFileSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('the built package', () => {
  it('runs the CLI: an exhaustive check of a shipped design passes (exit 0) with the sources\' counts', () => {
    const out = mkdtempSync(join(built, 'out-'));
    const stdout = execFileSync(process.execPath, [join(built, 'src/bin.js'), 'check', 'designs/optee-protmem-fixed.yaml', '--mode', 'exhaustive', '--json', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const report = JSON.parse(stdout) as { verdict: string; stats: { states: number } };
    expect([report.verdict, report.stats.states]).toEqual(['pass', 360]);
  });

  it('searches on worker threads that start from the built files: the one-thread counts', () => {
    const result = JSON.parse(
      node(`
        const load = await import(${JSON.stringify(join(built, 'src/design/load.js'))});
        const { designSystem } = await import(${JSON.stringify(join(built, 'src/system/design-system.js'))});
        const { exhaustiveSearch } = await import(${JSON.stringify(join(built, 'src/engine/exhaustive.js'))});
        const { parallelExhaustiveSearch } = await import(${JSON.stringify(join(built, 'src/engine/parallel-exhaustive.js'))});
        const { workerSystemFactory } = await import(${JSON.stringify(join(built, 'src/system/parallel-system.js'))});
        const program = load.loadDesignFile('designs/optee-protmem-fixed.yaml').value;
        const one = exhaustiveSearch(designSystem(program), {});
        const two = await parallelExhaustiveSearch(designSystem(program), workerSystemFactory(program, program.invariants), { workers: 2, sequentialBelow: 0 });
        process.stdout.write(JSON.stringify({ one: [one.verdict, one.stats.states, one.stats.transitions], two: [two.verdict, two.stats.states, two.stats.transitions], workers: two.parallel.workers }));
      `),
    );
    expect(result.workers).toBe(2);
    expect(result.two).toEqual(result.one);
    expect(result.one[0]).toBe('pass');
  });
});
