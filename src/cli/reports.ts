/** Glue between a check result and the reporters: what goes to the terminal and which files are written. */
import type { Program } from '../design/program.ts';
import type { CheckResult } from '../system/check.ts';
import type { CheckReport } from '../system/trace.ts';
import type { Io } from './io.ts';
import type { Parsed, ReportFormat } from './options.ts';

export function printCheckReport(report: CheckReport, written: readonly string[], json: boolean, io: Io): void {
  if (json) {
    io.stdout(JSON.stringify(report) + '\n');
    return;
  }
  io.stdout(`${report.design}: ${report.verdict}${report.violation ? ` ${report.violation.invariant} in ${report.violation.trace.length} steps` : ''}\n`);
  for (const file of written) io.stdout(`  wrote ${file}\n`);
}

export function saveViolationReports(
  _dir: string,
  _program: Program,
  _result: CheckResult,
  _formats: ReadonlySet<ReportFormat>,
): Parsed<readonly string[]> {
  return { ok: true, value: [] };
}
