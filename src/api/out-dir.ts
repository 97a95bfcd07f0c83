/**
 * Where `check` may write its reports. Checked before the search starts, so that a mistyped
 * `--out` costs nothing and never clobbers what a user wrote:
 *
 * - the report directory must be a directory (or not exist yet) and writable (its nearest existing
 *   ancestor, when it does not exist);
 * - it must not be a design's own folder or inside it (`--out designs/`), unless that folder is
 *   the working directory or above it (a design next to the project's `reports/` is fine);
 * - a report file already there (trace.json, trace.md, ...) must be one lendcheck wrote: a file
 *   that does not mention lendcheck is someone else's and is not overwritten.
 */
import * as nodeFs from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Program } from '../design/program.ts';
import { REPORT_FILES } from '../report/write.ts';
import type { Parsed } from './flags.ts';

/** The directory a design's reports go to (SPEC section 8): `--out`, `--out/<design>` for several, else reports/<design>. */
export function reportDir(out: string | undefined, design: string, designCount: number): string {
  if (out === undefined) return join('reports', design);
  return designCount > 1 ? join(out, design) : out;
}

/** The file-system calls the check needs (injectable for tests). */
export interface OutFs {
  statSync(path: string): { isDirectory(): boolean };
  accessSync(path: string, mode: number): void;
  readFileSync(path: string, encoding: 'utf8'): string;
}

/** Null when every design's report directory is fine, else the usage error. */
export function checkReportDirs(out: string | undefined, programs: readonly Program[], cwd = process.cwd(), fs: OutFs = nodeFs): Parsed<null> {
  for (const program of programs) {
    const dir = reportDir(out, program.design, programs.length);
    const problem = dirProblem(dir, program, cwd, fs);
    if (problem !== null) return { ok: false, error: `${out === undefined ? 'report directory' : '--out'} ${dir}: ${problem}` };
  }
  return { ok: true, value: null };
}

function dirProblem(dir: string, program: Program, cwd: string, fs: OutFs): string | null {
  const target = resolve(cwd, dir);
  const designDir = dirname(resolve(cwd, program.file));
  if (within(target, designDir) && !within(cwd, designDir)) {
    return `is inside the folder of the design ${program.file}; reports go elsewhere (default reports/${program.design})`;
  }
  // The nearest part of the path that exists must be a writable directory.
  for (let at = target; ; at = dirname(at)) {
    const kind = kindOf(at, fs);
    if (kind === 'file') return at === target ? 'is an existing file; name a directory' : `${at} is a file, not a directory`;
    if (kind === 'dir') {
      try {
        fs.accessSync(at, nodeFs.constants.W_OK);
      } catch {
        return `${at === target ? 'is' : `${at} is`} not writable`;
      }
      break;
    }
    if (dirname(at) === at) break;
  }
  for (const name of Object.values(REPORT_FILES)) {
    const path = join(target, name);
    if (kindOf(path, fs) === null) continue;
    let head = '';
    try {
      head = fs.readFileSync(path, 'utf8').slice(0, 4096);
    } catch {
      return `${join(dir, name)} exists and cannot be read; lendcheck does not overwrite files it cannot check`;
    }
    if (!head.includes('lendcheck')) return `${join(dir, name)} exists and was not written by lendcheck; it is not overwritten`;
  }
  return null;
}

function kindOf(path: string, fs: OutFs): 'file' | 'dir' | null {
  try {
    return fs.statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** `path` is `folder` or inside it. */
function within(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
