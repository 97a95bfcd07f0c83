/**
 * scripts/mutation-ignored.mjs writes a report's mutants into their files by location: a wrong
 * offset would run some other mutation and report it as the marked one.
 */
import { describe, expect, it } from 'vitest';
import { applyMutant } from '../../scripts/mutation-report.mjs';

describe('applyMutant', () => {
  it('replaces the span from the start column to the end column (from 1, end exclusive)', () => {
    const source = "class A {\n  private result = '';\n}\n";
    const location = { start: { line: 2, column: 20 }, end: { line: 2, column: 22 } };
    expect(applyMutant(source, location, '"Stryker was here!"')).toBe('class A {\n  private result = "Stryker was here!";\n}\n');
  });

  it('replaces a span across lines', () => {
    const source = 'if (a &&\n    b) x();\n';
    const location = { start: { line: 1, column: 5 }, end: { line: 2, column: 6 } };
    expect(applyMutant(source, location, 'true')).toBe('if (true) x();\n');
  });

  it('replaces an operator in the middle of a line, the rest kept', () => {
    const source = "const own = moves.filter((m) => m.kind === 'actor' && m.actor === a);\n";
    const location = { start: { line: 1, column: 33 }, end: { line: 1, column: 51 } };
    expect(applyMutant(source, location, "m.kind !== 'actor'")).toBe("const own = moves.filter((m) => m.kind !== 'actor' && m.actor === a);\n");
  });

  it('refuses a location outside the source or ending before it starts', () => {
    const source = 'a === b;\n';
    expect(() => applyMutant(source, { start: { line: 1, column: 7 }, end: { line: 1, column: 3 } }, 'x')).toThrow(/location/);
    expect(() => applyMutant(source, { start: { line: 3, column: 1 }, end: { line: 3, column: 2 } }, 'x')).toThrow(/location/);
  });
});
