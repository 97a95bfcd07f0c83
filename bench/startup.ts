/**
 * Start-up of the command line (SPEC section 12: `lendcheck --version` in under a third of a
 * second), measured as a user meets it: fresh processes of the built CLI (dist/, what `npm ci`
 * and a package install give), of the TypeScript sources through tsx (the old `bin`), and of
 * `node -e 0` in the same run as the baseline, interleaved so machine noise hits all alike.
 * Medians; a benchmark, not a test. `npm run bench:startup` runs it alone; bench/run.ts includes it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(import.meta.dirname, '..');
const BUILT = join(ROOT, 'dist/src/bin.js');
const TARGET_MS = 1000 / 3;

interface Probe {
  readonly name: string;
  readonly argv: readonly string[];
}

function once(argv: readonly string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${argv.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Lines of a Markdown section: median wall time of each probe and its ratio to `node -e 0`. */
export function startupSection(repeat = 11): string[] {
  if (!existsSync(BUILT)) return ['## Start-up', '', `dist/ is not built (run \`npm run build\`); skipped.`];
  const probes: Probe[] = [
    { name: 'node -e 0 (baseline)', argv: ['-e', '0'] },
    { name: 'lendcheck --version (dist/)', argv: [BUILT, '--version'] },
    { name: 'lendcheck --help (dist/)', argv: [BUILT, '--help'] },
    { name: 'lendcheck list invariants (dist/)', argv: [BUILT, 'list', 'invariants'] },
    { name: 'lendcheck --version (sources through tsx)', argv: [join(ROOT, 'bin/lendcheck.js'), '--version'] },
  ];
  const times = probes.map(() => [] as number[]);
  for (let i = 0; i < repeat; i++) probes.forEach((p, j) => times[j]!.push(once(p.argv)));
  const medians = times.map(median);
  const baseline = medians[0]!;
  const rows = probes.map((p, j) => {
    const ms = medians[j]!;
    const judged = p.name === 'lendcheck --version (dist/)';
    // A loaded machine can make Node alone slower than the target; say so rather than blame lendcheck.
    const target = !judged ? '' : ms < TARGET_MS ? 'PASS' : baseline >= TARGET_MS ? `MISS (node -e 0 alone: ${baseline.toFixed(0)} ms)` : 'MISS';
    return `| ${p.name} | ${ms.toFixed(0)} | ${(ms / baseline).toFixed(2)} | ${(ms - baseline).toFixed(0)} | ${target} |`;
  });
  return [
    '## Start-up (fresh processes, median of ' + repeat + ')',
    '',
    '| command | ms | x node -e 0 | ms over node | < 333 ms |',
    '|---|--:|--:|--:|---|',
    ...rows,
  ];
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.stdout.write(`${startupSection().join('\n')}\n`);
}
