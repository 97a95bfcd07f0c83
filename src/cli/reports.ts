/** Glue between a check result and the reporters: what goes to stdout and which files are written. */
import type { Program } from '../design/program.ts';
import { formatGithub } from '../report/github.ts';
import { formatJson } from '../report/json.ts';
import { formatTerminal } from '../report/terminal.ts';
import { saveTraceFile } from '../report/trace-file.ts';
import { writeReports, type ReportFormat as FileFormat } from '../report/write.ts';
import type { CheckResult } from '../system/check.ts';
import type { CheckReport } from '../system/trace.ts';
import type { Io } from './io.ts';
import { FILE_FORMATS, type Parsed, type ReportFormat } from './options.ts';

/** Prints `report` on stdout: JSON with --json, else the terminal report and/or GitHub annotations. */
export function printCheckReport(
  report: CheckReport,
  written: readonly string[],
  json: boolean,
  io: Io,
  formats: ReadonlySet<ReportFormat> = new Set(['terminal']),
): void {
  if (json) {
    io.stdout(formatJson(report) + '\n');
    return;
  }
  if (formats.has('github')) io.stdout(formatGithub(report));
  if (!formats.has('terminal')) return;
  io.stdout(formatTerminal(report, Math.max(60, Math.min(io.columns, 120))));
  if (written.length > 0) io.stdout(`reports: ${written.join(', ')}\n`);
  io.stdout('\n');
}

/**
 * Writes the selected report files. A violation gets all of them; a pass or an incomplete search
 * only trace.sarif (when selected), whose empty result list is what closes a fixed design's alerts.
 */
export function saveReports(dir: string, program: Program, result: CheckResult, formats: ReadonlySet<ReportFormat>): Parsed<readonly string[]> {
  const violation = result.report.verdict === 'violation';
  const files = new Set(FILE_FORMATS.filter((f) => formats.has(f) && (violation || f === 'sarif')) as FileFormat[]);
  if (files.size === 0) return { ok: true, value: [] };
  try {
    const saved = violation ? saveTraceFile(result.report, program.source, result.moves) : null;
    return { ok: true, value: writeReports(dir, result.report, saved, files) };
  } catch (error) {
    return { ok: false, error: `cannot write reports to ${dir}: ${(error as Error).message}` };
  }
}
