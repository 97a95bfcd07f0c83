/** `lendcheck merge <result.json>...`: one verdict per design from its shards' `check --json` lines. */
import { readFileSync } from 'node:fs';
import type { JsonReport } from '../report/json.ts';
import { mergeReports } from '../report/merge.ts';
import { EXIT, type Io } from './io.ts';

export function mergeCommand(files: readonly string[], json: boolean, io: Io): number {
  const reports: { file: string; report: JsonReport }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      io.stderr(`lendcheck: ${file}: cannot read: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    // A file holds what `check --json` printed: one JSON object per line (one per design).
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        io.stderr(`${file}:${i + 1}: expected one lendcheck --json result per line, found text that is not JSON\n`);
        return EXIT.usage;
      }
      const r = value as Partial<JsonReport>;
      if (r === null || typeof r !== 'object' || r.tool !== 'lendcheck' || typeof r.design !== 'string' || typeof r.verdict !== 'string' || typeof r.stats !== 'object') {
        io.stderr(`${file}:${i + 1}: expected a lendcheck --json result (tool, design, verdict, stats)\n`);
        return EXIT.usage;
      }
      reports.push({ file, report: r as JsonReport });
    }
  }
  if (reports.length === 0) {
    io.stderr('lendcheck: merge: the files hold no results\n');
    return EXIT.usage;
  }
  const merged = mergeReports(reports);
  if (!merged.ok) {
    io.stderr(`lendcheck: merge: ${merged.error}\n`);
    return EXIT.usage;
  }
  let exit: number = EXIT.ok;
  for (const report of merged.reports) {
    const shards = report.search?.['shards'] as { count: number; present: number[] };
    if (json) io.stdout(`${JSON.stringify(report)}\n`);
    else {
      const what =
        report.verdict === 'violation'
          ? `violation of ${report.violation!.invariant} in ${report.violation!.step} steps (shard ${String(report.search?.['shards'] && (report.search['shards'] as { violationFrom?: number }).violationFrom)})`
          : report.verdict === 'pass'
            ? report.stats.complete
              ? 'pass (every shard complete)'
              : 'pass'
            : `incomplete: ${report.reason}`;
      io.stdout(`${report.design} (${report.mode}, ${shards.present.length}/${shards.count} shards): ${what}\n`);
    }
    const code = report.verdict === 'violation' ? EXIT.violation : report.verdict === 'incomplete' ? EXIT.incomplete : EXIT.ok;
    if (code === EXIT.violation || (code === EXIT.incomplete && exit === EXIT.ok)) exit = code;
  }
  return exit;
}
