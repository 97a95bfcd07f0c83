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
