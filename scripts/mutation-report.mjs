/**
 * Reads a StrykerJS report (the json reporter's, an incremental file, or the checkpoint reporter's
 * .partial.json) for the mutation scripts: a missing, unreadable or foreign file is a one-line
 * error and exit 2, never a stack trace.
 */
import { readFileSync } from 'node:fs';

export function readReport(file) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`${file}: not a readable StrykerJS report (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof report?.files !== 'object' || report.files === null || !Object.values(report.files).every((f) => Array.isArray(f?.mutants))) {
    fail(`${file}: not a StrykerJS report (expected "files" with each file's "mutants")`);
  }
  return report;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

/**
 * `source` with a mutant's `replacement` written over its `location` (a StrykerJS report's: lines
 * and columns count from 1, the end column is exclusive).
 */
export function applyMutant(source, location, replacement) {
  const lines = source.split('\n');
  const offset = ({ line, column }) => {
    if (line < 1 || line > lines.length || column < 1 || column > lines[line - 1].length + 1) throw new Error(`location ${line}:${column} is outside the source`);
    return lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  };
  const start = offset(location.start);
  const end = offset(location.end);
  if (end < start) throw new Error(`location ${location.start.line}:${location.start.column}-${location.end.line}:${location.end.column} ends before it starts`);
  return source.slice(0, start) + replacement + source.slice(end);
}
