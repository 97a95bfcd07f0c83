import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatMarkdown } from '../../src/report/markdown.ts';
import { formatTraceFile, saveTraceFile } from '../../src/report/trace-file.ts';
import { writeAtomic, writeReports, type WriteFs } from '../../src/report/write.ts';
import { passReport, twoStepViolation } from './fixtures.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lendcheck-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const saved = () => saveTraceFile(twoStepViolation(), 'source', ['a0', 'a0']);

describe('writeReports', () => {
  it('creates the directory and writes every file but SARIF by default, leaving no temporary file', () => {
    const out = join(dir, 'reports', 'optee-protmem-merged');
    const paths = writeReports(out, twoStepViolation(), saved());
    expect(paths).toEqual(['trace.json', 'trace.md', 'trace.svg', 'trace.html', 'trace.itf.json', 'junit.xml'].map((f) => join(out, f)));
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'trace.html', 'trace.itf.json', 'trace.json', 'trace.md', 'trace.svg']);
    expect(readFileSync(join(out, 'trace.md'), 'utf8')).toBe(formatMarkdown(twoStepViolation()));
    expect(readFileSync(join(out, 'trace.json'), 'utf8')).toBe(formatTraceFile(saved()));
  });

  it('writes only the formats asked for (trace.md brings the trace.svg it embeds), and no trace.json without a saved trace', () => {
    expect(writeReports(dir, twoStepViolation(), saved(), new Set(['md', 'junit']))).toEqual([join(dir, 'trace.md'), join(dir, 'trace.svg'), join(dir, 'junit.xml')]);
    const passDir = join(dir, 'pass');
    expect(writeReports(passDir, passReport(), null, new Set(['json', 'junit', 'svg', 'html', 'sarif']))).toEqual([join(passDir, 'junit.xml'), join(passDir, 'trace.sarif')]);
  });

  it('never half-overwrites: a write failing midway keeps the old file whole and removes the temporary file', () => {
    const target = join(dir, 'trace.md');
    writeFileSync(target, 'old report\n');
    let calls = 0;
    const failing: WriteFs = {
      ...fs,
      writeSync: (fd, buffer, offset, length) => {
        calls++;
        // Write half of the data, then fail like a full disk.
        if (calls === 1) return fs.writeSync(fd, buffer, offset, Math.floor(length / 2));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    expect(() => writeReports(dir, twoStepViolation(), saved(), new Set(['md']), failing)).toThrow(/ENOSPC/);
    expect(readFileSync(target, 'utf8')).toBe('old report\n');
    expect(readdirSync(dir)).toEqual(['trace.md']);
  });

  it('a failing rename leaves no temporary file and no target', () => {
    const failing: WriteFs = {
      ...fs,
      renameSync: () => {
        throw new Error('EXDEV: rename failed');
      },
    };
    expect(() => writeAtomic(join(dir, 'junit.xml'), '<x/>', failing)).toThrow(/EXDEV/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('finishes short writes', () => {
    const short: WriteFs = { ...fs, writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, Math.min(length, 7)) };
    const content = 'päge → ✗ '.repeat(50);
    writeAtomic(join(dir, 'f.txt'), content, short);
    expect(readFileSync(join(dir, 'f.txt'), 'utf8')).toBe(content);
  });

  it('a write failing at any byte leaves the old report whole and no temporary file (fault injection)', () => {
    const target = join(dir, 'trace.md');
    const content = formatMarkdown(twoStepViolation());
    const size = Buffer.byteLength(content);
    fc.assert(
      fc.property(fc.nat(size), fc.integer({ min: 1, max: 64 }), fc.constantFrom('write', 'fsync', 'close', 'rename'), (k, chunk, where) => {
        writeFileSync(target, 'old report\n');
        let written = 0;
        const fail = (what: string) => {
          throw Object.assign(new Error(`EIO: ${what} failed`), { code: 'EIO' });
        };
        const faulty: WriteFs = {
          ...fs,
          // Writes at most `chunk` bytes per call and fails once `k` bytes are on disk.
          writeSync: (fd, buffer, offset, length) => {
            if (where === 'write' && written >= k) fail('write');
            const n = fs.writeSync(fd, buffer, offset, Math.min(length, chunk, where === 'write' ? Math.max(1, k - written) : chunk));
            written += n;
            return n;
          },
          fsyncSync: (fd) => (where === 'fsync' ? fail('fsync') : fs.fsyncSync(fd)),
          closeSync: (fd) => {
            fs.closeSync(fd);
            if (where === 'close') fail('close');
          },
          renameSync: (from, to) => (where === 'rename' ? fail('rename') : fs.renameSync(from, to)),
        };
        const completes = where === 'write' && k >= size;
        if (completes) writeAtomic(target, content, faulty);
        else expect(() => writeAtomic(target, content, faulty)).toThrow(/EIO/);
        expect(readFileSync(target, 'utf8')).toBe(completes ? content : 'old report\n');
        expect(readdirSync(dir)).toEqual(['trace.md']);
      }),
      { numRuns: 100, seed: 13 },
    );
  });
});
