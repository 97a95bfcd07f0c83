/** Glue between a check result and the reporters: what goes to the terminal and which files are written. */
import type { Program } from '../design/program.ts';
import { formatJson } from '../report/json.ts';
import { formatTerminal } from '../report/terminal.ts';
import { saveTraceFile } from '../report/trace-file.ts';
import { writeReports } from '../report/write.ts';
import type { CheckResult } from '../system/check.ts';
import type { CheckReport } from '../system/trace.ts';
import type { Io } from './io.ts';
import type { Parsed, ReportFormat } from './options.ts';

export function printCheckReport(report: CheckReport, written: readonly string[], json: boolean, io: Io): void {
  if (json) {
    io.stdout(formatJson(report) + '\n');
    return;
  }
  io.stdout(formatTerminal(report, Math.max(60, Math.min(io.columns, 120))));
  if (written.length > 0) io.stdout(`reports: ${written.join(', ')}\n`);
  io.stdout('\n');
}

/** Writes trace.json, trace.md, trace.itf.json and junit.xml (as selected) for a violation. */
export function saveViolationReports(
  dir: string,
  program: Program,
  result: CheckResult,
  formats: ReadonlySet<ReportFormat>,
): Parsed<readonly string[]> {
  try {
    const saved = saveTraceFile(result.report, program.source, result.moves);
    return { ok: true, value: writeReports(dir, result.report, saved, new Set(formats)) };
  } catch (error) {
    return { ok: false, error: `cannot write reports to ${dir}: ${(error as Error).message}` };
  }
}
