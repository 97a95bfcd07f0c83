import { describe, expect, it } from 'vitest';
import { reportFormats } from '../../src/api/flags.ts';

const parsed = (value: string | string[] | undefined, json = false) => {
  const r = reportFormats(value, json);
  return r.ok ? [...r.value].sort() : r.error;
};

describe('--format', () => {
  it('defaults to the terminal report and every file but SARIF', () => {
    expect(parsed(undefined)).toEqual(['html', 'itf', 'json', 'junit', 'md', 'svg', 'terminal']);
  });

  it('keeps the terminal report for a list of files, and prints only the stdout formats named', () => {
    expect(parsed('md')).toEqual(['md', 'terminal']);
    expect(parsed('github')).toEqual(['github']);
    expect(parsed('sarif,github,terminal')).toEqual(['github', 'sarif', 'terminal']);
  });

  it('takes the union of a repeated option and of comma lists, ignoring blanks', () => {
    expect(parsed(['sarif', 'github', ' md, ,html'])).toEqual(['github', 'html', 'md', 'sarif']);
  });

  it('lets --json replace the terminal report, but not share stdout with a named stdout format', () => {
    expect(parsed(undefined, true)).toEqual(['html', 'itf', 'json', 'junit', 'md', 'svg']);
    expect(parsed('sarif', true)).toEqual(['sarif']);
    expect(parsed('github', true)).toMatch(/--json prints JSON on stdout, so it cannot be combined with --format github/);
    expect(parsed('md,terminal', true)).toMatch(/cannot be combined with --format terminal/);
  });

  it('rejects unknown names and empty lists', () => {
    expect(parsed('pdf')).toMatch(/--format expects a comma-separated list of md, json, svg, html, itf, junit, sarif, terminal, github, got 'pdf'/);
    expect(parsed(',')).toMatch(/--format expects/);
  });
});
