/** `lendcheck extract` and `lendcheck check file.c --actor ...` from the command line. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { GENERATED_MARK } from '../../src/extract/emit-yaml.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const MERGED = join(FIXTURES, 'protmem-merged.c');
const ACTOR = 't1=demo_pool_init,demo_pool_release';
const tmp = mkdtempSync(join(tmpdir(), 'lendcheck-extract-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('lendcheck extract', () => {
  it('prints the design on stdout by default', async () => {
    const r = await run('extract', MERGED, '--actor', ACTOR);
    expect(r.code).toBe(0);
    expect(r.out.startsWith(GENERATED_MARK)).toBe(true);
    expect(r.out).toContain('design: protmem-merged');
  });

  it('exits 2 with file:line when a needed function does not parse', async () => {
    const r = await run('extract', join(FIXTURES, 'unparsable.c'), '--actor', 't1=broken_alloc');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unparsable\.c:13:\d+: cannot parse broken_alloc\(\)/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 when an actor names a function the files do not define', async () => {
    const r = await run('extract', MERGED, '--actor', 't1=no_such_fn');
    expect(r.code).toBe(2);
    expect(r.err).toContain('function no_such_fn() named by --actor is not defined');
  });

  it('exits 2 on a malformed --actor, an unreadable file and a bad --map', async () => {
    expect((await run('extract', MERGED, '--actor', 't1')).code).toBe(2);
    expect((await run('extract', join(tmp, 'missing.c'), '--actor', ACTOR)).err).toContain('missing.c: cannot read: no such file');
    const map = join(tmp, 'bad-map.yaml');
    writeFileSync(map, 'demo_reclaim: reclaim_it\n');
    const r = await run('extract', MERGED, '--actor', ACTOR, '--map', map);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-map\.yaml:1:\d+: demo_reclaim: expected a step/);
  });

  it('takes the platform from --platform (inline JSON or a design file)', async () => {
    const inline = await run('extract', MERGED, '--actor', ACTOR, '--platform', '{"hypervisor": "hafnium", "spmc": "hafnium", "pages": {"cma": 2}, "endpoints": ["optee"]}');
    expect(inline.code).toBe(0);
    expect(inline.out).toContain('platform: {hypervisor: hafnium, spmc: hafnium, pages: {cma: 2}, endpoints: [optee]}');
    const fromDesign = await run('extract', MERGED, '--actor', ACTOR, '--platform', fileURLToPath(new URL('../../designs/optee-protmem-merged.yaml', import.meta.url)));
    expect(fromDesign.out).toContain('platform: {hypervisor: none, spmc: hafnium, pages: {cma: 4}, endpoints: [optee]}');
    const noRegion = await run('extract', MERGED, '--actor', ACTOR, '--platform', '{"pages": {"system": 2}, "endpoints": ["optee"]}');
    expect(noRegion.code).toBe(0);
    expect(noRegion.out).toContain('# the platform has no cma pages: allocations from it use system');
    expect(noRegion.out).toContain('- alloc: {buffer: pool_protmem, region: system, pages: 2}');
    const bad = await run('extract', MERGED, '--actor', ACTOR, '--platform', '{"hypervisor": "kvm", "pages": {"cma": 2}, "endpoints": ["optee"]}');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('the extracted design does not load');
  });

  it('-o writes the file, rewrites its own output, and never overwrites a file a user wrote', async () => {
    const out = join(tmp, 'design.yaml');
    expect((await run('extract', MERGED, '--actor', ACTOR, '-o', out)).code).toBe(0);
    const first = readFileSync(out, 'utf8');
    expect(first.startsWith(GENERATED_MARK)).toBe(true);
    expect((await run('extract', MERGED, '--actor', ACTOR, '-o', out)).code).toBe(0);
    const mine = join(tmp, 'mine.yaml');
    writeFileSync(mine, 'design: mine\n');
    const r = await run('extract', MERGED, '--actor', ACTOR, '-o', mine);
    expect(r.code).toBe(2);
    expect(r.err).toContain('was not written by lendcheck extract');
    expect(readFileSync(mine, 'utf8')).toBe('design: mine\n');
  });
});

describe('lendcheck check file.c --actor', () => {
  it('extracts and checks in one go; the trace names the C line of each step', async () => {
    const out = join(tmp, 'reports');
    const r = await run('check', MERGED, '--actor', ACTOR, '--json', '--out', out, '--mode', 'exhaustive');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { design: string; violation: { invariant: string; trace: { step: string; source?: string }[] } };
    expect(report.design).toBe('protmem-merged');
    expect(report.violation.invariant).toBe('no-ns-mapping-of-lent-memory');
    const lend = report.violation.trace.find((s) => s.step === 'ffa_lend');
    expect(lend?.source).toBe('protmem-merged.c:47 demo_ffa_lend()');
    expect(readFileSync(join(out, 'trace.md'), 'utf8')).toContain('protmem-merged.c:47 demo_ffa_lend()');
    const saved = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8')) as { trace: { source?: string }[] };
    expect(saved.trace.map((s) => s.source)).toContain('protmem-merged.c:69 demo_pool_init()');
    // the saved trace replays from the design text it carries
    expect((await run('replay', join(out, 'trace.json'))).code).toBe(1);
  }, 60_000);

  it('shows the C place in the terminal report', async () => {
    const r = await run('check', MERGED, '--actor', ACTOR, '--out', join(tmp, 'terminal'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('protmem-merged.c:47 demo_ffa_lend()');
  }, 60_000);

  it('exits 2 for C files without --actor, and for --actor without C files', async () => {
    expect((await run('check', MERGED)).err).toContain('checking C files needs --actor');
    const design = fileURLToPath(new URL('../../designs/optee-protmem-merged.yaml', import.meta.url));
    expect((await run('check', design, '--actor', ACTOR)).code).toBe(2);
  });
});
