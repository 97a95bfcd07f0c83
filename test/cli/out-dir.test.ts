/** `--out` never clobbers: a file, an unwritable place, a design's folder, someone else's report file. */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

const root = mkdtempSync(join(tmpdir(), 'lendcheck-out-'));
afterAll(() => {
  chmodSync(root, 0o755);
  rmSync(root, { recursive: true, force: true });
});
const merged = join(import.meta.dirname, 'fixtures/merged.yaml');

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('--out', () => {
  it('naming an existing file is exit 2, and the file is untouched', async () => {
    const file = join(root, 'notes.txt');
    writeFileSync(file, 'mine\n');
    const r = await run('check', merged, '--seed', '1', '--out', file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`lendcheck: --out ${file}: is an existing file; name a directory\n`);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('under a file is exit 2', async () => {
    const file = join(root, 'plain');
    writeFileSync(file, 'x');
    const r = await run('check', merged, '--seed', '1', '--out', join(file, 'reports'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file} is a file, not a directory`);
  });

  it.skipIf(process.getuid?.() === 0)('in an unwritable directory is exit 2', async () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const r = await run('check', merged, '--seed', '1', '--out', join(locked, 'r'));
    chmodSync(locked, 0o755);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${locked} is not writable`);
  });

  it("a design's own folder, or inside it, is exit 2 and nothing is written there", async () => {
    const designs = join(root, 'designs');
    mkdirSync(designs);
    const design = join(designs, 'merged.yaml');
    copyFileSync(merged, design);
    for (const out of [designs, join(designs, 'reports')]) {
      const r = await run('check', design, '--seed', '1', '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`is inside the folder of the design ${design}`);
    }
    expect(readdirSync(designs)).toEqual(['merged.yaml']);
  });

  it("a report file lendcheck did not write is not overwritten (exit 2); its own are", async () => {
    const dir = join(root, 'mixed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'trace.md'), '# my notes\n');
    const r = await run('check', merged, '--seed', '1', '--out', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(dir, 'trace.md')} exists and was not written by lendcheck`);
    expect(readdirSync(dir)).toEqual(['trace.md']);
    rmSync(join(dir, 'trace.md'));
    expect((await run('check', merged, '--seed', '1', '--out', dir)).code).toBe(1);
    expect((await run('check', merged, '--seed', '2', '--out', dir)).code).toBe(1); // over its own reports
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'trace.html', 'trace.itf.json', 'trace.json', 'trace.md', 'trace.svg']);
  });
});

describe('checkReportDirs', () => {
  it('an existing directory the process may not write to is an error (whoever runs the suite)', async () => {
    const { checkReportDirs } = await import('../../src/api/out-dir.ts');
    const program = { design: 'd', file: join(root, 'elsewhere', 'd.yaml') } as Parameters<typeof checkReportDirs>[1][number];
    const fs = {
      statSync: (path: string) => {
        if (path === '/srv/locked') return { isDirectory: () => true };
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      },
      accessSync: () => {
        throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      },
      readFileSync: () => '',
    };
    expect(checkReportDirs('/srv/locked/r', [program], root, fs)).toEqual({ ok: false, error: '--out /srv/locked/r: /srv/locked is not writable' });
    expect(checkReportDirs('/srv/locked', [program], root, fs)).toEqual({ ok: false, error: '--out /srv/locked: is not writable' });
  });
});
