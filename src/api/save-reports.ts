/** Writes a check's report files (the library's and the CLI's `check`, and `review`). */
import type { Program } from '../design/program.ts';
import { saveTraceFile } from '../report/trace-file.ts';
import { writeReports, type ReportFormat as FileFormat } from '../report/write.ts';
import type { CheckResult } from '../system/check.ts';
import { FILE_FORMATS, type Parsed, type ReportFormat } from './flags.ts';

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
