import { describe, expect, it } from 'vitest';
import { formatMarkdown } from '../../src/report/markdown.ts';
import { formatChange } from '../../src/report/format.ts';
import { incompleteReport, passReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';

/** The rows of the steps table, split into cells on unescaped pipes. */
function tableRows(md: string): string[][] {
  const lines = md.split('\n');
  const start = lines.indexOf('| # | actor | step | args | result | state change |');
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

describe('formatMarkdown', () => {
  it('matches the stored report for the 2-step violation', async () => {
    await expect(formatMarkdown(twoStepViolation())).toMatchFileSnapshot('__snapshots__/two-step.trace.md');
  });

  it('puts the design, invariant and explanation first, then the diagram, table and replay', () => {
    const md = formatMarkdown(twoStepViolation());
    const order = ['# optee-protmem-merged: no-ns-mapping-of-lent-memory violated', '## Why this breaks it', '```mermaid', '## Steps', '## Reproduce'];
    const positions = order.map((s) => md.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md).toContain('Page 0 was lent to optee by handle 0 at step 2 while the normal world still maps it');
    expect(md).toContain('Under pKVM nothing stops it');
    expect(md).toContain('lendcheck replay reports/optee-protmem-merged/trace.json');
    expect(md).toContain('Seed: `42`');
  });

  it('has one table row per step with six cells, and every change listed', () => {
    const report = reclaimDeniedViolation();
    const rows = tableRows(formatMarkdown(report));
    const trace = report.violation!.trace;
    expect(rows).toHaveLength(trace.length);
    rows.forEach((cells, i) => {
      expect(cells).toHaveLength(6);
      for (const c of trace[i]!.changes) expect(cells[5]).toContain(formatChange(c).replace(/\|/g, '\\|'));
    });
    // The failing reclaim is bold; the violating step is marked.
    expect(rows[8]![4]).toBe('**`FFA_DENIED`**');
    expect(rows[9]![0]).toBe('**10** ✗');
  });

  it('escapes pipes, HTML and Markdown in user text so it renders as written', () => {
    const base = reclaimDeniedViolation();
    const step = { ...base.violation!.trace[0]!, actor: 'a|b', args: { v: 'x|y <b>' } };
    const report = { ...base, violation: { ...base.violation!, trace: [step, ...base.violation!.trace.slice(1)] } };
    const md = formatMarkdown(report);
    const rows = tableRows(md);
    expect(rows[0]![1]).toBe('a\\|b');
    expect(rows[0]![3]).toBe('`v=x\\|y <b>`');
    expect(md).toContain('TEE heap: close frees the buffer when reclaim is denied | "quoted" \\<title\\>');
    // No HTML but <br> outside code spans and fences.
    const outsideCode = md.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
    expect(outsideCode.match(/(?<!\\)<[a-z/][^>]*>/gi)?.filter((t) => t !== '<br>') ?? []).toEqual([]);
  });

  it('reports a pass and an incomplete search without a trace', () => {
    const pass = formatMarkdown(passReport());
    expect(pass).toContain('# optee-protmem-fixed: no violation found');
    expect(pass).not.toContain('```mermaid');
    expect(pass).toContain('--seed 42');
    const incomplete = formatMarkdown(incompleteReport());
    expect(incomplete).toContain('search incomplete');
    expect(incomplete).toContain('reached --max-states 20000 at depth 9');
  });
});
