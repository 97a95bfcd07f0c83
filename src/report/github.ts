/**
 * `--format github`: GitHub Actions workflow commands that annotate the design file. One `::error`
 * per violation (GitHub shows at most ten annotations of a kind per step, and a check reports one
 * violation per design), on the design line of the breaking step; an incomplete search is a
 * `::warning` on line 1, a pass prints nothing.
 */
import type { CheckReport } from '../system/trace.ts';
import { primaryLine } from './locations.ts';

export function formatGithub(report: CheckReport): string {
  const file = report.file.replace(/\\/g, '/').replace(/^\.\//, '');
  const v = report.violation;
  if (v !== undefined) {
    const props = `file=${property(file)},line=${primaryLine(v)},title=${property(`lendcheck: ${v.invariant} (${report.design})`)}`;
    return `::error ${props}::${data(`${v.message.replace(/\.$/, '')}. Broken at step ${v.step} of ${v.trace.length}; replay: ${v.replay}`)}\n`;
  }
  if (report.verdict === 'incomplete') {
    const props = `file=${property(file)},line=1,title=${property(`lendcheck: search incomplete (${report.design})`)}`;
    return `::warning ${props}::${data(`the search stopped before its bound was covered: ${report.reason ?? 'budget exhausted'}`)}\n`;
  }
  return '';
}

/** A command's message: `%`, CR and LF escaped as the runner expects. */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property value: as `data`, plus `:` and `,`. */
function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
