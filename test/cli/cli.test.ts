import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { CONTROL_STEPS, KERNEL_STEPS } from '../../model/steps.ts';
import { OPTIONAL_ENV_ACTORS } from '../../model/environment/actions.ts';
import { ALL_INVARIANTS as INVARIANTS } from '../../properties/index.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const merged = join(fixtures, 'merged.yaml');
const fixed = join(fixtures, 'fixed-two-actors.yaml');
const out = mkdtempSync(join(tmpdir(), 'lendcheck-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

let runs = 0;
/**
 * Runs the CLI in-process. A `check` without `--out` gets a fresh temporary one, so a fixture that
 * regresses into a violation writes its reports there, never into the repository's reports/.
 */
async function run(...argv: string[]) {
  const io = memoryIo();
  const args = argv[0] === 'check' && !argv.includes('--out') ? [...argv, '--out', join(out, `run-${++runs}`)] : argv;
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

/** The first word of every unindented line: the names `lendcheck list` prints entries under. */
function headings(text: string): string[] {
  // Section titles ("design keys:") end with a colon; entries do not.
  return text.split('\n').filter((line) => /^\S/.test(line) && !line.trimEnd().endsWith(':')).map((line) => line.split(/\s+/)[0]!);
}

/** The JSON objects printed, one per line. */
function jsonLines(text: string): Record<string, any>[] {
  return text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
}

describe('lendcheck check', () => {
  it('finds the 2-step counterexample in the merged OP-TEE design (exit 1)', async () => {
    const r = await run('check', merged, '--json', '--seed', '1', '--out', join(out, 'merged'));
    expect(r.code).toBe(1);
    const [report] = jsonLines(r.out);
    expect(report!['verdict']).toBe('violation');
    expect(report!['violation']['invariant']).toBe('no-ns-mapping-of-lent-memory');
    expect(report!['violation']['trace'].map((s: any) => s.step)).toEqual(['alloc', 'ffa_lend']);
  });

  it('prints the SPEC section 6 fields in --json', async () => {
    const r = await run('check', merged, '--json', '--seed', '7', '--out', join(out, 'fields'));
    const report = jsonLines(r.out)[0]!;
    for (const key of ['tool', 'version', 'design', 'mode', 'seed', 'verdict', 'violation', 'stats']) expect(report).toHaveProperty(key);
    expect(Object.keys(report['stats'])).toEqual(['runs', 'states', 'transitions', 'depth', 'complete', 'elapsedMs']);
    for (const key of ['invariant', 'message', 'pages', 'trace', 'replay']) expect(report['violation']).toHaveProperty(key);
    expect(report['violation']['trace'][1]).toMatchObject({ actor: 't1', step: 'ffa_lend', result: 'ok', handle: 0 });
  });

  it('gives byte-identical JSON for the same seed, timing aside', async () => {
    const strip = (text: string) => text.replace(/"elapsedMs":\d+/g, '"elapsedMs":0');
    const a = await run('check', fixed, '--json', '--seed', '11', '--runs', '200');
    const b = await run('check', fixed, '--json', '--seed', '11', '--runs', '200');
    expect(strip(a.out)).toBe(strip(b.out));
  });

  it('passes the fixed two-actor design in exhaustive mode with complete coverage (exit 0)', async () => {
    const r = await run('check', fixed, '--json', '--mode', 'exhaustive');
    expect(r.code).toBe(0);
    const report = jsonLines(r.out)[0]!;
    expect(report['verdict']).toBe('pass');
    expect(report['stats']['complete']).toBe(true);
  });

  it('reports incomplete (exit 3) when the state budget stops the search', async () => {
    const r = await run('check', fixed, '--json', '--mode', 'exhaustive', '--max-states', '20');
    expect(r.code).toBe(3);
    expect(jsonLines(r.out)[0]!['verdict']).toBe('incomplete');
  });

  it('prints one JSON object per design and exits with the most severe code', async () => {
    const r = await run('check', fixed, merged, '--json', '--seed', '2', '--runs', '50', '--out', join(out, 'several'));
    expect(r.code).toBe(1);
    expect(jsonLines(r.out).map((o) => o['verdict'])).toEqual(['pass', 'violation']);
  });

  it('rejects a design with a misspelt step before any search: file, line, suggestion, exit 2', async () => {
    const r = await run('check', join(fixtures, 'typo.yaml'), merged, '--json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/typo\.yaml:6:\d+: .*unmap_linaer.*unmap_linear/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('rejects a missing design file with exit 2', async () => {
    const r = await run('check', join(fixtures, 'nope.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope\.yaml: cannot read: no such file/);
  });

  it.each([
    [['check', merged, '--runs', '0'], /--runs expects a positive integer/],
    [['check', merged, '--invariant', 'no-such-thing'], /unknown invariant 'no-such-thing'/],
    [['check', merged, '--mode', 'dfs'], /Invalid values|Choices/],
    [['check', merged, '--frobnicate'], /Unknown argument/],
    [['check'], /Not enough non-option arguments/],
    [['explode'], /Unknown argument|Unknown command/],
    [['check', merged, '--format', 'pdf'], /--format expects/],
  ])('usage error %j exits 2 with a message', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('check options', () => {
  it('--format md writes only trace.md and the trace.svg it embeds, and keeps the terminal report', async () => {
    const dir = join(out, 'format-md');
    const r = await run('check', merged, '--format', 'md', '--out', dir);
    expect(r.code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['trace.md', 'trace.svg']);
    expect(r.out).toMatch(/^\[violation\] no-ns-mapping-of-lent-memory/);
  });

  it('--format sarif --format github writes trace.sarif and prints one annotation instead of the terminal report', async () => {
    const dir = join(out, 'format-sarif');
    const r = await run('check', merged, '--format', 'sarif', '--format', 'github', '--out', dir);
    expect(r.code).toBe(1);
    expect(readdirSync(dir)).toEqual(['trace.sarif']);
    const lend = readFileSync(merged, 'utf8').split('\n').findIndex((l) => l.includes('ffa_lend')) + 1;
    expect(r.out.startsWith(`::error file=${merged},line=${lend},title=lendcheck%3A no-ns-mapping-of-lent-memory (`)).toBe(true);
    expect(r.out.trim().split('\n')).toHaveLength(1);
  });

  it('a pass with --format sarif writes a trace.sarif without results, so code scanning closes fixed alerts', async () => {
    const dir = join(out, 'format-sarif-pass');
    const r = await run('check', fixed, '--format', 'sarif,terminal', '--out', dir, '--runs', '20');
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['trace.sarif']);
    expect(JSON.parse(readFileSync(join(dir, 'trace.sarif'), 'utf8')).runs[0].results).toEqual([]);
    expect(r.out).toMatch(/\[ok\]/);
  });

  it('--json cannot share stdout with --format github', async () => {
    const r = await run('check', merged, '--json', '--format', 'github', '--out', join(out, 'json-github'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--json prints JSON on stdout/);
  });

  it('--invariant checks only the named invariants', async () => {
    const r = await run('check', merged, '--json', '--invariant', 'clean-before-lend', '--out', join(out, 'only-clean'));
    const report = jsonLines(r.out)[0]!;
    expect(report['violation']['invariant']).toBe('clean-before-lend');
    expect(report['violation']['trace'].map((s: any) => s.step)).toEqual(['alloc', 'ffa_lend']);
  });

  it('--depth bounds the exhaustive search and still says the bound was covered', async () => {
    const r = await run('check', fixed, '--json', '--mode', 'exhaustive', '--depth', '3');
    expect(r.code).toBe(0);
    const report = jsonLines(r.out)[0]!;
    expect(report['stats']).toMatchObject({ depth: 3, complete: true });
    expect(report['search']).toMatchObject({ exhausted: false, depthBound: 3 });
  });
});

describe('a wrong command line runs nothing', () => {
  it.each([['--frobnicate'], ['--mode', 'dfs'], ['--runs', '0']])('check %s writes no report and prints no verdict', async (...flags) => {
    const dir = join(out, `nothing-${flags.join('')}`);
    const r = await run('check', merged, ...flags, '--out', dir);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(existsSync(dir)).toBe(false);
  });
});

describe('lendcheck run', () => {
  it('runs a sample scenario from the shared contract (exit 0)', async () => {
    const r = await run('run', join(import.meta.dirname, '../../scenarios/samples/pub-c28-lend-twice.yaml'), '--json');
    expect(r.code).toBe(0);
    const report = jsonLines(r.out)[0]!;
    expect(report).toMatchObject({ scenario: 'pub-c28-lend-twice', ok: true });
    expect(report['steps'][2]).toMatchObject({ index: 3, by: 'ns', do: 'ffa_lend', result: 'FFA_DENIED', expect: 'FFA_DENIED', match: true });
  });

  it('rejects a scenario naming an unknown endpoint with file and line (exit 2)', async () => {
    const r = await run('run', join(fixtures, 'bad-scenario.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-scenario\.yaml:4:\d+: .*v9/);
  });
});

describe('lendcheck list', () => {
  it.each(['steps', 'invariants', 'designs'])('lists %s', async (what) => {
    const r = await run('list', what);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeGreaterThan(0);
  });

  it('lists every invariant id of properties/, each on a line of its own', async () => {
    const r = await run('list', 'invariants');
    const listed = headings(r.out);
    for (const invariant of INVARIANTS) expect(listed).toContain(invariant.id);
  });

  it('lists every kernel and control step, design key and optional environment actor, and nothing else', async () => {
    const r = await run('list', 'steps');
    const names = [...[...KERNEL_STEPS, ...CONTROL_STEPS].map((step) => step.name), 'failures', 'shutdown', ...OPTIONAL_ENV_ACTORS];
    const listed = headings(r.out);
    expect(listed.sort()).toEqual([...names].sort());
  });
});

