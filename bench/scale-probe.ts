/**
 * One exhaustive search of a design file, in-process, printing one JSON line (verdict, states,
 * transitions, ms, peak RSS): what bench/run.ts's scale section runs in a fresh process per design
 * so that each peak RSS is that search's own (worker threads included).
 * Usage: scale-probe.ts <design.yaml> [--max-states N] [--workers N] [--reduced | --por] [--built]
 * `--reduced`: the default exhaustive check (`check --mode exhaustive`: partial-order reduction
 * and page/handle renaming, one thread); without it the unreduced engine on 1 or N workers.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// The modules the probe runs: the TypeScript sources (through tsx), or with --built the package's
// build (dist/, what `npm ci` installs and the `lendcheck` bin runs), whose worker threads load
// plain JavaScript instead of registering tsx again in every thread.
type Modules = [
  typeof import('../src/design/load.ts'),
  typeof import('../src/system/design-system.ts'),
  typeof import('../src/engine/exhaustive.ts'),
  typeof import('../src/engine/parallel-exhaustive.ts'),
  typeof import('../src/system/parallel-system.ts'),
  typeof import('../src/system/check.ts'),
];
const PATHS = ['src/design/load', 'src/system/design-system', 'src/engine/exhaustive', 'src/engine/parallel-exhaustive', 'src/system/parallel-system', 'src/system/check'];
const built = process.argv.includes('--built');
const ROOT = resolve(import.meta.dirname, '..');
if (built && !existsSync(resolve(ROOT, 'dist/src/bin.js'))) throw new Error('--built: dist/ is not built (npm run build)');
const [{ loadDesignFile }, { designSystem }, { exhaustiveSearch }, { parallelExhaustiveSearch }, { workerSystemFactory }, { checkProgram }] = (await Promise.all(
  PATHS.map((path) => import(built ? resolve(ROOT, 'dist', `${path}.js`) : resolve(ROOT, `${path}.ts`))),
)) as Modules;

const [file, ...rest] = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const loaded = loadDesignFile(file!);
if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
const maxStates = Number(flag('--max-states') ?? 100_000_000);
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
const t0 = performance.now();
const workers = Number(flag('--workers') ?? 1);
const program = loaded.value;
const reduced = rest.includes('--reduced');
// --por: partial-order reduction without renaming (what check runs where renaming is abandoned), on 1 or N workers.
const por = rest.includes('--por');
const systemOptions = por ? { pageSymmetry: true } : {};
const outcome = reduced
  ? await reducedCheck()
  : workers <= 1
    ? exhaustiveSearch(designSystem(program, program.invariants, systemOptions), { maxStates, reduce: por })
    : await parallelExhaustiveSearch(designSystem(program, program.invariants, systemOptions), workerSystemFactory(program, program.invariants, false, systemOptions), {
        workers,
        maxStates,
        reduce: por,
      });

/** What `lendcheck check --mode exhaustive` runs, as an outcome-shaped summary. */
async function reducedCheck() {
  const { report } = await checkProgram(program, { mode: 'exhaustive', seed: 42, runs: 1, maxSteps: 1, maxStates, replayCommand: '', workers: 1 });
  const v = report.violation;
  if (report.verdict === 'violation' && v !== undefined) return { verdict: 'violation' as const, stats: report.stats, violation: { invariant: v.invariant }, trace: v.trace };
  return { verdict: report.verdict === 'pass' ? ('pass' as const) : ('incomplete' as const), stats: report.stats };
}
const ms = performance.now() - t0;
clearInterval(sampler);
const { resourceUsage } = process;
peak = Math.max(peak, resourceUsage().maxRSS * 1024);
process.stdout.write(
  JSON.stringify({
    design: loaded.value.design,
    verdict: outcome.verdict,
    invariant: outcome.verdict === 'violation' ? outcome.violation.invariant : null,
    length: outcome.verdict === 'violation' ? outcome.trace.length : null,
    states: outcome.stats.states,
    transitions: outcome.stats.transitions,
    complete: outcome.stats.complete,
    ms: Math.round(ms),
    peakRssMB: Math.round(peak / 2 ** 20),
    workers,
    built,
    bytesPerState: Math.round(peak / Math.max(1, outcome.stats.states)),
    cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
  }) + '\n',
);
