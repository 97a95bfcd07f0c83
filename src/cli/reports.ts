/** What a check prints on stdout (its files: src/api/save-reports.ts). */
import type { ReportFormat } from '../api/flags.ts';
import { formatGithub } from '../report/github.ts';
import { formatJson } from '../report/json.ts';
import { formatTerminal } from '../report/terminal.ts';
import type { CheckReport } from '../system/trace.ts';
import type { Io } from './io.ts';

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

