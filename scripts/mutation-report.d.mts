/** Types of mutation-report.mjs for the TypeScript tests that import it. */
export interface MutantPosition {
  readonly line: number;
  readonly column: number;
}
export interface MutantLocation {
  readonly start: MutantPosition;
  readonly end: MutantPosition;
}
export function readReport(file: string): { files: Record<string, { source: string; mutants: unknown[] }> };
export function applyMutant(source: string, location: MutantLocation, replacement: string): string;
