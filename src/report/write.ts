/**
 * Writes a report's files under a directory. Every file is rendered before the first is written,
 * and each is written atomically: to a temporary file in the same directory, then renamed over
 * the target, so a reader (or a crash) never sees a half-written file. A failed write removes its
 * temporary file and leaves any previous version of the target untouched.
 */
import * as nodeFs from 'node:fs';
import { basename, join } from 'node:path';
import type { CheckReport } from '../system/trace.ts';
import { formatHtml } from './html.ts';
import { formatItf } from './itf.ts';
import { formatJunit } from './junit.ts';
import { formatMarkdown } from './markdown.ts';
import { formatSarif } from './sarif.ts';
import { formatSvg } from './svg.ts';
import { formatTraceFile, type SavedTrace } from './trace-file.ts';

export type ReportFormat = 'md' | 'json' | 'itf' | 'junit' | 'svg' | 'html' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'md', 'svg', 'html', 'itf', 'junit', 'sarif'];
/** What a check writes unless told otherwise: everything but SARIF, which is for code scanning. */
export const DEFAULT_FORMATS: ReadonlySet<ReportFormat> = new Set(REPORT_FORMATS.filter((f) => f !== 'sarif'));

/** File name of each format under the report directory. */
export const REPORT_FILES: Readonly<Record<ReportFormat, string>> = {
  json: 'trace.json',
  md: 'trace.md',
  svg: 'trace.svg',
  html: 'trace.html',
  itf: 'trace.itf.json',
  junit: 'junit.xml',
  sarif: 'trace.sarif',
};

/** The file-system calls writing needs (injectable so tests can make one fail). */
export interface WriteFs {
  mkdirSync(path: string, options: { recursive: true }): unknown;
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: true }): void;
}

/**
 * Writes the requested formats of `report` into `dir` (created if needed) and returns the paths
 * written, in REPORT_FORMATS order. `saved` is the replayable trace (null when there is none, e.g.
 * on a pass: then `json` writes nothing, and neither do `svg` and `html`, which draw a trace).
 * trace.md links to trace.svg, so `md` writes `svg` too. Throws the file system's error when a write fails.
 */
export function writeReports(
  dir: string,
  report: CheckReport,
  saved: SavedTrace | null,
  formats: ReadonlySet<ReportFormat> = DEFAULT_FORMATS,
  fs: WriteFs = nodeFs,
): string[] {
  const files: [string, string][] = [];
  for (const format of REPORT_FORMATS) {
    if (!formats.has(format) && !(format === 'svg' && formats.has('md'))) continue;
    const content = render(format, report, saved);
    if (content !== null) files.push([join(dir, REPORT_FILES[format]), content]);
  }
  if (files.length === 0) return [];
  fs.mkdirSync(dir, { recursive: true });
  for (const [path, content] of files) writeAtomic(path, content, fs);
  return files.map(([path]) => path);
}

function render(format: ReportFormat, report: CheckReport, saved: SavedTrace | null): string | null {
  switch (format) {
    case 'json':
      return saved === null ? null : formatTraceFile(saved);
    case 'md':
      return formatMarkdown(report);
    case 'itf':
      return formatItf(report);
    case 'junit':
      return formatJunit(report);
    case 'svg':
      return formatSvg(report);
    case 'html':
      return formatHtml(report);
    case 'sarif':
      return formatSarif(report);
  }
}

let counter = 0;

/** Writes `content` to `path` through a temporary sibling and a rename. */
export function writeAtomic(path: string, content: string, fs: WriteFs = nodeFs): void {
  const dir = join(path, '..');
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.${counter++}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'wx', 0o644);
    const bytes = Buffer.from(content, 'utf8');
    // writeSync may write less than asked; loop on the remaining bytes.
    for (let written = 0; written < bytes.length; ) {
      const n = fs.writeSync(fd, bytes, written, bytes.length - written);
      if (n <= 0) throw new Error(`cannot write ${path}: no progress`);
      written += n;
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, path);
  } catch (e) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    fs.rmSync(temp, { force: true });
    throw e;
  }
}
