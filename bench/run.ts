/**
 * `npm run bench`: lendcheck's throughput and time-to-verdict on every shipped design, in both
 * modes, next to SPIN (exhaustive, hand-written Promela in bench/peers/promela/) and Quint's
 * simulator (random, hand-written Quint in bench/peers/quint/), measured in the same run; then the
 * immer micro-benchmark (SPEC section 2: the search loop must not pay for immer).
 *
 * A benchmark, not a test: it prints figures and PASS/MISS per target and always exits 0 unless it
 * crashes. Each timing is the median of REPEAT runs. A peer that is not installed is skipped with a
 * note. Nothing here downloads anything. See bench/README.md for the columns.
 *
 * Options: --quick (1 repetition, fewer designs' peers, no 5-actor scale case), --designs a,b (only
 * these design ids), --no-scale (skip the scale section, bench/scale.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Immer } from 'immer';
import { loadDesignFile, loadDesignText } from '../src/design/load.ts';
import type { Program } from '../src/design/program.ts';
import { checkProgram } from '../src/system/check.ts';
import { designSystem } from '../src/system/design-system.ts';
import { exhaustiveSearch } from '../src/engine/exhaustive.ts';
import { randomSearch } from '../src/engine/random.ts';
import { initialWorld, updatePages, type Page, type World } from '../model/state.ts';
import { DEFAULT_PLATFORM } from '../model/platform.ts';
import { startupSection } from './startup.ts';
import { scaleSection } from './scale.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DESIGNS = join(ROOT, 'designs');
const PROMELA = join(ROOT, 'bench/peers/promela');
const QUINT_DIR = join(ROOT, 'bench/peers/quint');
const QUINT_BIN = join(ROOT, 'node_modules/.bin/quint');

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const ONLY = (() => {
  const i = args.indexOf('--designs');
  return i >= 0 && args[i + 1] ? new Set(args[i + 1]!.split(',')) : null;
})();
const REPEAT = QUICK ? 1 : 3;
/** Seeds of the repetitions (random mode, both tools): the median is over seeds, i.e. over luck too. */
const SEEDS = [1, 2, 3];
/** The reference correct design of the throughput and coverage targets. */
const REFERENCE = 'optee-protmem-fixed';
/** Exhaustive budget per design and repetition (keeps the whole bench under ~5 minutes). */
const EXHAUSTIVE_TIMEOUT_MS = 20_000;
/** Random mode: walks for passing designs (runs/s), walk length for both tools. */
const RANDOM_RUNS = 1000;
const MAX_STEPS = 100;
/** Quint samples on a passing design (it is ~1000x slower per walk; enough for a traces/s figure). */
const QUINT_PASS_SAMPLES = 50;
const QUINT_BUG_SAMPLES = 10_000;
const SPIN_DEPTH = 100_000;

// ---------------------------------------------------------------------------------------------
// Small helpers

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};
const fmtMs = (ms: number | null | undefined): string =>
  ms === null || ms === undefined || Number.isNaN(ms) ? '-' : ms < 10 ? ms.toFixed(2) : ms < 1000 ? ms.toFixed(0) : `${(ms / 1000).toFixed(2)}s`;
const fmtRate = (n: number | null | undefined): string => {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(n < 10 ? 1 : 0);
};
const fmtRatio = (a: number | null | undefined, b: number | null | undefined): string =>
  a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? '-' : `${(a / b).toFixed(a / b < 0.1 ? 3 : 2)}x`;
const verdictMark = (ok: boolean | null): string => (ok === null ? 'n/a' : ok ? 'PASS' : 'MISS');

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

async function timedAsync<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t0 };
}

function run(cmd: string, argv: readonly string[], cwd: string, timeoutMs = 120_000): { out: string; status: number | null; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  return { out: `${r.stdout ?? ''}${r.stderr ?? ''}`, status: r.status, ms: performance.now() - t0 };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------------------------------------
// lendcheck

interface ExhaustiveFigures {
  verdict: string;
  invariant: string | null;
  states: number;
  transitions: number;
  complete: boolean;
  ms: number; // median wall time of checkProgram in-process (search + trace explanation), sub-ms resolution
  engineMs: number; // median stats.elapsedMs (the search alone, whole milliseconds)
  samples: number;
}

/**
 * The search loop's steady-state rate: `exhaustiveSearch` alone (no report building) repeated on a
 * fresh system for about 1.5 s, the median of the second half of the runs, once the JIT has
 * settled. A single run of a small design is mostly warm-up, which the cold columns show.
 */
function steadySearchRate(program: Program): number {
  const rates: number[] = [];
  const until = performance.now() + 1500;
  while (performance.now() < until || rates.length < 6) {
    const t = performance.now();
    const outcome = exhaustiveSearch(designSystem(program));
    rates.push(outcome.stats.transitions / ((performance.now() - t) / 1000));
  }
  return median(rates.slice(Math.floor(rates.length / 2)));
}

async function lendcheckExhaustive(program: Program): Promise<ExhaustiveFigures> {
  const walls: number[] = [];
  const engines: number[] = [];
  let last: Awaited<ReturnType<typeof checkProgram>> | undefined;
  // One untimed warm-up run (JIT), bounded; the cold start is what the CLI columns show.
  await checkProgram(program, { mode: 'exhaustive', seed: 0, runs: 0, maxSteps: 0, timeoutMs: 2000, replayCommand: '' });
  for (let i = 0; i < REPEAT; i++) {
    const { value, ms } = await timedAsync(() =>
      checkProgram(program, { mode: 'exhaustive', seed: 0, runs: 0, maxSteps: 0, timeoutMs: EXHAUSTIVE_TIMEOUT_MS, replayCommand: '' }),
    );
    last = value;
    walls.push(ms);
    engines.push(value.report.stats.elapsedMs);
    if (ms > 5000) break; // a big space: one sample is enough and keeps the bench short
  }
  const r = last!.report;
  return {
    verdict: r.verdict,
    invariant: r.violation?.invariant ?? null,
    states: r.stats.states,
    transitions: r.stats.transitions,
    complete: r.stats.complete,
    ms: median(walls),
    engineMs: median(engines),
    samples: walls.length,
  };
}

interface RandomFigures {
  verdict: string;
  /** Violation designs: time to the first violating walk (no shrinking), median over seeds. */
  firstMs: number | null;
  /** Walks run up to the first violation (median over seeds). */
  firstRuns: number | null;
  /** The whole `check --mode random` (search + shrink + minimise + explain), median over seeds. */
  verdictMs: number;
  runsPerSec: number | null;
  transitionsPerSec: number;
}

async function lendcheckRandom(program: Program): Promise<RandomFigures> {
  const system = designSystem(program);
  const firsts: number[] = [];
  const firstRuns: number[] = [];
  const verdicts: number[] = [];
  const runRates: number[] = [];
  const transRates: number[] = [];
  let verdict = '';
  randomSearch(system, { seed: 99, runs: 50, maxSteps: MAX_STEPS, maxShrinks: 0, minimize: false }); // untimed warm-up
  for (let i = 0; i < REPEAT; i++) {
    const seed = SEEDS[i]!;
    // Time to the first violation: the search phase alone (fast-check stops at the first failure
    // with maxShrinks 0; no minimisation), as Quint's simulator reports it.
    const first = timed(() => randomSearch(system, { seed, runs: RANDOM_RUNS, maxSteps: MAX_STEPS, maxShrinks: 0, minimize: false }));
    if (first.value.verdict === 'violation') {
      firsts.push(first.ms);
      firstRuns.push(first.value.stats.runs);
    }
    const full = await timedAsync(() => checkProgram(program, { mode: 'random', seed, runs: RANDOM_RUNS, maxSteps: MAX_STEPS, replayCommand: '' }));
    verdict = full.value.report.verdict;
    verdicts.push(full.ms);
    const s = first.value.stats;
    const secs = first.ms / 1000;
    runRates.push(s.runs / secs);
    transRates.push(s.transitions / secs);
  }
  return {
    verdict,
    firstMs: firsts.length > 0 ? median(firsts) : null,
    firstRuns: firstRuns.length > 0 ? median(firstRuns) : null,
    verdictMs: median(verdicts),
    runsPerSec: verdict === 'violation' ? null : median(runRates),
    transitionsPerSec: median(transRates),
  };
}

/** `lendcheck check` as a user runs it (a fresh node process, tsx included), median wall time. */
function lendcheckCli(file: string, mode: 'random' | 'exhaustive'): number {
  const walls: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const argv = ['bin/lendcheck.js', 'check', file, '--json', '--mode', mode, '--seed', String(SEEDS[i]), '--out', join(tmpdir(), 'lendcheck-bench-out')];
    if (mode === 'random') argv.push('--runs', String(RANDOM_RUNS), '--max-steps', String(MAX_STEPS));
    else argv.push('--timeout', String(EXHAUSTIVE_TIMEOUT_MS / 1000));
    walls.push(run(process.execPath, argv, ROOT).ms);
  }
  return median(walls);
}

// ---------------------------------------------------------------------------------------------
// SPIN

interface SpinFigures {
  verdict: string;
  states: number;
  transitions: number;
  depth: number;
  compileMs: number; // spin -a + gcc -O2
  panMs: number; // ./pan wall time, median
  panReportedMs: number; // pan's own "elapsed time"
}

function spinRun(pml: string, defines: readonly string[] = []): SpinFigures | string {
  const dir = mkdtempSync(join(tmpdir(), 'lendcheck-spin-'));
  try {
    for (const f of readdirSync(PROMELA)) if (f.endsWith('.pml')) copyFileSync(join(PROMELA, f), join(dir, f));
    const t0 = performance.now();
    const a = run('spin', [...defines, '-a', basename(pml)], dir);
    if (a.status !== 0) return `spin -a failed: ${a.out.slice(0, 300)}`;
    // pan with SPIN's default partial-order reduction (no -DNOREDUCE); -DSAFETY: safety properties only.
    const cc = run('gcc', ['-O2', '-DSAFETY', '-w', '-o', 'pan', 'pan.c'], dir);
    if (cc.status !== 0) return `gcc failed: ${cc.out.slice(0, 300)}`;
    const compileMs = performance.now() - t0;
    const walls: number[] = [];
    let out = '';
    for (let i = 0; i < REPEAT; i++) {
      const r = run('./pan', [`-m${SPIN_DEPTH}`], dir);
      walls.push(r.ms);
      out = r.out;
    }
    const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
    const errors = num(/errors: (\d+)/);
    if (/max search depth too small/.test(out)) return 'depth bound too small (truncated search)';
    return {
      verdict: errors > 0 ? 'violation' : 'pass',
      states: num(/([\d.]+(?:e\+\d+)?) states, stored/),
      transitions: num(/([\d.]+(?:e\+\d+)?) transitions \(= stored\+matched\)/),
      depth: num(/depth reached (\d+)/),
      compileMs,
      panMs: median(walls),
      panReportedMs: num(/elapsed time ([\d.e+-]+) seconds/) * 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Quint

interface QuintFigures {
  verdict: string;
  wallMs: number; // whole `quint run` process (parse, typecheck, simulate), median over seeds
  simMs: number; // what quint reports: "Found an issue (N ms ...)" / "No violation found (N ms ...)"
  tracesPerSec: number;
}

function quintRun(qnt: string, bug: boolean): QuintFigures | string {
  const walls: number[] = [];
  const sims: number[] = [];
  const rates: number[] = [];
  let verdict = '';
  for (let i = 0; i < REPEAT; i++) {
    const r = run(
      QUINT_BIN,
      [
        'run', '--backend', 'typescript', '--invariant', 'inv', '--max-steps', String(MAX_STEPS),
        '--max-samples', String(bug ? QUINT_BUG_SAMPLES : QUINT_PASS_SAMPLES), '--seed', `0x${SEEDS[i]!.toString(16)}`,
        '--verbosity', '2', qnt,
      ],
      ROOT,
      300_000,
    );
    const m = /(Found an issue|No violation found) \((\d+)ms at (\d+) traces\/second\)/.exec(r.out);
    if (m === null) return `quint run failed: ${r.out.split('\n').filter((l) => /error/i.test(l)).slice(0, 3).join(' ') || r.out.slice(-300)}`;
    verdict = m[1] === 'Found an issue' ? 'violation' : 'pass';
    walls.push(r.ms);
    sims.push(Number(m[2]));
    rates.push(Number(m[3]));
  }
  return { verdict, wallMs: median(walls), simMs: median(sims), tracesPerSec: median(rates) };
}

// ---------------------------------------------------------------------------------------------
// immer micro-benchmark: one representative transition (unmap_linear of a 2-page buffer:
// `set_direct_map_invalid_noflush`, linear valid -> invalid, tlbStale -> true) written three ways.

function immerBench(pageCount: number): { hand: number; immerFrozen: number; immerUnfrozen: number } {
  const world: World = initialWorld({ ...DEFAULT_PLATFORM, pages: { cma: pageCount } }, 1);
  const ids = [1, 2];
  const hand = (w: World): World =>
    updatePages(w, ids, (p: Page) => (p.linear === 'valid' ? { ...p, linear: 'invalid', tlbStale: true } : p));
  const frozen = new Immer({ autoFreeze: true });
  const unfrozen = new Immer({ autoFreeze: false });
  const viaImmer = (immer: Immer) => (w: World): World =>
    immer.produce(w, (draft) => {
      for (const id of ids) {
        const p = draft.pages[id]!;
        if (p.linear === 'valid') {
          p.linear = 'invalid';
          p.tlbStale = true;
        }
      }
    });
  const rate = (f: (w: World) => World): number => {
    // Warm up, then as many transitions as fit in ~300 ms, three times; median ops/s.
    let sink = 0;
    for (let i = 0; i < 2000; i++) sink += f(world).pages.length;
    const rates: number[] = [];
    for (let r = 0; r < 3; r++) {
      let n = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < 300) {
        for (let i = 0; i < 1000; i++) sink += f(world).pages.length;
        n += 1000;
        t = performance.now();
      }
      rates.push((n / (t - t0)) * 1000);
    }
    if (sink === -1) log('unreachable');
    return median(rates);
  };
  return { hand: rate(hand), immerFrozen: rate(viaImmer(frozen)), immerUnfrozen: rate(viaImmer(unfrozen)) };
}

// ---------------------------------------------------------------------------------------------
// Main

interface Row {
  id: string;
  file: string;
  expected: string;
  ex: ExhaustiveFigures;
  rnd: RandomFigures;
  cliEx: number | null;
  cliRnd: number | null;
  spin: SpinFigures | string | null;
  quint: QuintFigures | string | null;
}

function machineNotes(spin: string | null, quint: boolean): string[] {
  const spinVersion = spin ? (execFileSync('spin', ['-V'], { encoding: 'utf8' }).trim()) : 'not installed';
  const gccVersion = which('gcc') ? execFileSync('gcc', ['-dumpfullversion'], { encoding: 'utf8' }).trim() : 'not installed';
  let quintVersion = 'not installed';
  if (quint) {
    try {
      quintVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/@informalsystems/quint/package.json'), 'utf8')).version;
    } catch {
      quintVersion = '?';
    }
  }
  return [
    `machine: ${cpus().length} cpus (${cpus()[0]?.model ?? '?'}), node ${process.version}, ${process.platform}/${process.arch}`,
    `peers: ${spinVersion}, gcc ${gccVersion}; quint ${quintVersion} (--backend typescript)`,
    `method: median of ${REPEAT} repetition(s); random mode seeds ${SEEDS.slice(0, REPEAT).join(',')} for both tools, ${RANDOM_RUNS} walks x ${MAX_STEPS} steps (lendcheck), --max-steps ${MAX_STEPS} (quint)`,
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  const spin = which('spin') !== null && which('gcc') !== null ? 'spin' : null;
  const quint = existsSync(QUINT_BIN);
  const out: string[] = [];
  out.push('# lendcheck bench', '', ...machineNotes(spin, quint).map((l) => `- ${l}`), '');
  if (spin === null) out.push('- note: SPIN skipped: `spin` (or gcc) not on PATH; `apt-get install -y spin gcc` (bench/README.md)');
  if (!quint) out.push('- note: Quint skipped: @informalsystems/quint not installed; `npm ci` installs it (dev dependency)');

  const files = readdirSync(DESIGNS).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const rows: Row[] = [];
  for (const f of files) {
    const file = join('designs', f);
    const loaded = loadDesignFile(join(DESIGNS, f));
    if (!loaded.ok) {
      log(`skip ${f}: does not load (${loaded.errors.map((e) => e.message).join('; ')})`);
      continue;
    }
    const program = loaded.value;
    if (ONLY && !ONLY.has(program.design)) continue;
    log(`${program.design}: lendcheck exhaustive + random ...`);
    const ex = await lendcheckExhaustive(program);
    const rnd = await lendcheckRandom(program);
    const pml = join(PROMELA, `${program.design}.pml`);
    const qnt = join(QUINT_DIR, `${program.design}.qnt`);
    const hasPeer = existsSync(pml) || existsSync(qnt);
    const cliEx = hasPeer ? lendcheckCli(file, 'exhaustive') : null;
    const cliRnd = hasPeer && ex.verdict === 'violation' ? lendcheckCli(file, 'random') : null;
    let spinFig: SpinFigures | string | null = null;
    if (existsSync(pml)) {
      log(`${program.design}: spin ...`);
      spinFig = spin ? spinRun(pml) : 'skipped (spin not installed)';
    }
    let quintFig: QuintFigures | string | null = null;
    if (existsSync(qnt)) {
      log(`${program.design}: quint ...`);
      quintFig = quint ? quintRun(qnt, ex.verdict === 'violation') : 'skipped (quint not installed)';
    }
    rows.push({ id: program.design, file, expected: ex.verdict, ex, rnd, cliEx, cliRnd, spin: spinFig, quint: quintFig });
  }

  // Table 1: lendcheck on every shipped design.
  out.push('', '## lendcheck, every shipped design', '');
  out.push(
    table(
      ['design', 'exh verdict', 'states', 'transitions', 'exh ms (in-process)', 'states/s', 'trans/s', 'complete', 'rnd verdict', 'rnd 1st-violation ms', 'rnd verdict ms', 'rnd runs/s', 'rnd trans/s'],
      rows.map((r) => [
        r.id,
        r.ex.verdict + (r.ex.invariant ? ` (${r.ex.invariant})` : ''),
        String(r.ex.states),
        String(r.ex.transitions),
        fmtMs(r.ex.ms),
        fmtRate(r.ex.states / (r.ex.ms / 1000)),
        fmtRate(r.ex.transitions / (r.ex.ms / 1000)),
        r.ex.complete ? 'yes' : 'no',
        r.rnd.verdict,
        fmtMs(r.rnd.firstMs),
        fmtMs(r.rnd.verdictMs),
        fmtRate(r.rnd.runsPerSec),
        fmtRate(r.rnd.transitionsPerSec),
      ]),
    ),
  );

  // Table 2: exhaustive vs SPIN.
  const spinRows = rows.filter((r) => r.spin !== null);
  out.push('', '## exhaustive: lendcheck vs SPIN (same design, whole reachable space; target: lendcheck <= SPIN)', '');
  out.push(
    table(
      ['design', 'verdict lc/spin', 'states lc/spin', 'trans lc/spin', 'lc ms (in-process)', 'pan ms', 'ratio', 'target', 'lc CLI ms', 'spin+gcc+pan ms', 'ratio e2e', 'target e2e'],
      spinRows.map((r) => {
        const s = r.spin;
        if (typeof s === 'string' || s === null) return [r.id, s ?? '-', '', '', '', '', '', '', '', '', '', ''];
        const e2e = s.compileMs + s.panMs;
        return [
          r.id,
          `${r.ex.verdict}/${s.verdict}`,
          `${r.ex.states}/${s.states}`,
          `${r.ex.transitions}/${s.transitions}`,
          fmtMs(r.ex.ms),
          fmtMs(s.panMs),
          fmtRatio(r.ex.ms, s.panMs),
          verdictMark(r.ex.ms <= s.panMs),
          fmtMs(r.cliEx),
          fmtMs(e2e),
          fmtRatio(r.cliEx, e2e),
          verdictMark(r.cliEx === null ? null : r.cliEx <= e2e),
        ];
      }),
    ),
  );

  // Table 3: random vs Quint.
  const quintRows = rows.filter((r) => r.quint !== null);
  out.push('', "## random: lendcheck vs Quint's simulator (target on bug designs: lendcheck <= 1/10 of Quint)", '');
  out.push(
    table(
      ['design', 'verdict lc/quint', 'lc 1st-violation ms', 'quint sim ms', 'ratio', 'target', 'lc CLI ms', 'quint run ms', 'ratio e2e', 'target e2e', 'lc runs/s', 'quint traces/s'],
      quintRows.map((r) => {
        const q = r.quint;
        if (typeof q === 'string' || q === null) return [r.id, q ?? '-', '', '', '', '', '', '', '', '', '', ''];
        const bug = r.ex.verdict === 'violation';
        return [
          r.id,
          `${r.rnd.verdict}/${q.verdict}`,
          fmtMs(r.rnd.firstMs),
          fmtMs(q.simMs),
          bug ? fmtRatio(r.rnd.firstMs, q.simMs) : '-',
          bug ? verdictMark(r.rnd.firstMs !== null && r.rnd.firstMs <= q.simMs / 10) : 'n/a',
          fmtMs(r.cliRnd),
          fmtMs(q.wallMs),
          bug ? fmtRatio(r.cliRnd, q.wallMs) : '-',
          bug ? verdictMark(r.cliRnd !== null && r.cliRnd <= q.wallMs / 10) : 'n/a',
          fmtRate(r.rnd.runsPerSec),
          fmtRate(q.tracesPerSec),
        ];
      }),
    ),
  );

  // Throughput on the reference design and its scaled variant (same code, 3 actors, 6 pages), so
  // that JIT warm-up does not dominate: the reference's whole space is ~2,000 transitions.
  out.push('', `## throughput and coverage on the reference correct design (${REFERENCE})`, '');
  const ref = rows.find((r) => r.id === REFERENCE);
  const tputRows: string[][] = [];
  if (ref) {
    const rate = ref.ex.transitions / (ref.ex.ms / 1000);
    tputRows.push([`${REFERENCE} (as shipped), one cold check`, String(ref.ex.states), String(ref.ex.transitions), fmtMs(ref.ex.ms), fmtRate(rate), '']);
    const refProgram = loadDesignFile(join(DESIGNS, `${REFERENCE}.yaml`));
    if (refProgram.ok) {
      log(`${REFERENCE}: steady-state search loop ...`);
      const steady = steadySearchRate(refProgram.value);
      tputRows.push([`${REFERENCE} (as shipped), search loop, steady state`, String(ref.ex.states), String(ref.ex.transitions), '-', fmtRate(steady), verdictMark(steady >= 1e6)]);
    }
    out.push(`- two-actor ${REFERENCE} covered completely in under 10 s: ${verdictMark(ref.ex.complete && ref.ex.ms < 10_000)} (complete=${ref.ex.complete}, in-process ${fmtMs(ref.ex.ms)} ms, CLI ${fmtMs(ref.cliEx)})`);
    const text = readFileSync(join(DESIGNS, `${REFERENCE}.yaml`), 'utf8');
    const scaled = text.replace(/pages: \{cma: 4\}/, 'pages: {cma: 6}').replace(/(\n  t2: \[alloc, release\]\n)/, '$1  t3: [alloc, release]\n');
    if (scaled !== text && scaled.includes('t3:')) {
      const loaded = loadDesignText(`${REFERENCE}-x3 (bench variant)`, scaled);
      if (loaded.ok) {
        log(`${REFERENCE}-x3: lendcheck exhaustive ...`);
        const ex = await lendcheckExhaustive(loaded.value);
        const r3 = ex.transitions / (ex.ms / 1000);
        tputRows.push([`${REFERENCE}-x3 (3 actors, 6 pages), one check`, String(ex.states), String(ex.transitions), fmtMs(ex.ms), fmtRate(r3), '']);
        log(`${REFERENCE}-x3: steady-state search loop ...`);
        const steady3 = steadySearchRate(loaded.value);
        tputRows.push([`${REFERENCE}-x3, search loop, steady state`, String(ex.states), String(ex.transitions), '-', fmtRate(steady3), verdictMark(steady3 >= 1e6)]);
        if (spin) {
          log(`${REFERENCE}-x3: spin ...`);
          const s = spinRun(join(PROMELA, `${REFERENCE}.pml`), ['-DNACT=3']);
          if (typeof s !== 'string') {
            tputRows.push([`  SPIN on the same (-DNACT=3)`, String(s.states), String(s.transitions), fmtMs(s.panMs), fmtRate(s.transitions / (s.panMs / 1000)), '']);
            out.push(`- ${REFERENCE}-x3 exhaustive vs SPIN: ${fmtMs(ex.ms)} vs ${fmtMs(s.panMs)} ms (ratio ${fmtRatio(ex.ms, s.panMs)}), verdicts ${ex.verdict}/${s.verdict}, complete=${ex.complete}`);
          }
        }
      }
    }
  }
  out.push('', table(['design', 'states', 'transitions', 'ms (in-process)', 'trans/s', '>= 1M trans/s'], tputRows));

  // Scale (issue 12): 3-, 4- and 5-actor scaled designs, 1 and 2 workers, SPIN on the same.
  if (!args.includes('--no-scale')) out.push(...scaleSection(QUICK, log));

  // immer.
  log('immer micro-benchmark ...');
  out.push('', '## immer vs hand-written structural sharing (unmap_linear of a 2-page buffer)', '');
  const immerRows = [4, 64].map((n) => {
    const b = immerBench(n);
    return [String(n), fmtRate(b.hand), fmtRate(b.immerFrozen), fmtRate(b.immerUnfrozen), fmtRatio(b.hand, b.immerFrozen), fmtRatio(b.hand, b.immerUnfrozen)];
  });
  out.push(table(['pages', 'hand-written ops/s', 'immer autoFreeze on', 'immer autoFreeze off', 'hand/immer(on)', 'hand/immer(off)'], immerRows));

  log('start-up ...');
  out.push('', ...startupSection());

  out.push('', `total bench time: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
