import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatMarkdown } from '../../src/report/markdown.ts';
import { formatSvg } from '../../src/report/svg.ts';
import type { CheckReport } from '../../src/system/trace.ts';
import { passReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';
import { checkShipped } from './shipped-check.ts';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['g', 'rect', 'text'].includes(name) });

interface Rect {
  class?: string;
  'data-page'?: string;
  'data-lane'?: string;
  'data-kind'?: string;
}
interface Col {
  class: string;
  'data-step': string;
  'data-breaking'?: string;
  rect: Rect[];
  text?: (string | { '#text': string })[];
}

function parse(svg: string) {
  expect(XMLValidator.validate(svg)).toBe(true);
  const doc = parser.parse(svg) as { svg: { g: (Col | { class: string })[]; 'data-steps': string; xmlns: string } };
  const cols = doc.svg.g.filter((g): g is Col => g.class === 'col');
  return { doc: doc.svg, cols };
}

/** The class drawn for a page's lane in a column. */
function kind(col: Col, page: number, lane: string): string | undefined {
  return col.rect.find((r) => r.class === 'cell' && r['data-page'] === String(page) && r['data-lane'] === lane)?.['data-kind'];
}

describe('trace.svg', () => {
  it('for a shipped violating design: XML, a start column and one per step, the breaking step marked', async () => {
    const report = await checkShipped('bug-b06-missing-tlb-flush');
    const v = report.violation!;
    const svg = formatSvg(report)!;
    const { doc, cols } = parse(svg);
    expect(doc.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(doc['data-steps']).toBe(String(v.trace.length));
    expect(cols.map((c) => Number(c['data-step']))).toEqual(Array.from({ length: v.trace.length + 1 }, (_, i) => i));
    const breaking = cols.filter((c) => c['data-breaking'] === 'true');
    expect(breaking.map((c) => Number(c['data-step']))).toEqual([v.step]);
    expect(breaking[0]!.rect.some((r) => r.class === 'breaking')).toBe(true);
    // Every column draws every page's four lanes.
    for (const col of cols) expect(col.rect.filter((r) => r.class === 'cell')).toHaveLength(report.initial.pages.length * 4);
    // The header of the breaking column says so.
    expect(JSON.stringify(breaking[0]!.text)).toContain(`✗ ${v.step} `);
  });

  it('is byte-identical for the same trace', async () => {
    const a = formatSvg(await checkShipped('optee-protmem-merged'));
    const b = formatSvg(await checkShipped('optee-protmem-merged'));
    expect(a).not.toBeNull();
    expect(a).toBe(b);
  });

  it('colours each cell from the state after its step', () => {
    const report = twoStepViolation();
    const { cols } = parse(formatSvg(report)!);
    expect([kind(cols[0]!, 0, 'owner'), kind(cols[1]!, 0, 'owner'), kind(cols[2]!, 0, 'owner')]).toEqual(['free', 'allocated', 'lent']);
    expect(kind(cols[2]!, 0, 'mapping')).toBe('linear');
    expect(kind(cols[2]!, 1, 'owner')).toBe('free');
    const denied = reclaimDeniedViolation();
    const last = parse(formatSvg(denied)!).cols.at(-1)!;
    // Freed while optee still holds it under the live lend.
    expect(kind(last, 0, 'owner')).toBe('free-lent');
    expect(kind(last, 0, 'content')).toBe('secret');
  });

  it('marks the pages the invariant breaks on and draws a legend of every class', () => {
    const svg = formatSvg(twoStepViolation())!;
    expect(svg).toContain('data-page="0" x="8"');
    expect(svg).toMatch(/<text class="page-label" data-page="0"[^>]*fill="#b00000"[^>]*>✗ page 0<\/text>/);
    expect(svg).toMatch(/<text class="page-label" data-page="1"[^>]*>page 1<\/text>/);
    for (const word of ['owner lane', 'mapping lane', 'protection lane', 'content lane', 'lent: in a live FF-A lend', 'secret: secure-world secret']) expect(svg).toContain(word);
  });

  it('is not drawn without a trace, and trace.md links it', () => {
    expect(formatSvg(passReport())).toBeNull();
    const report: CheckReport = twoStepViolation();
    expect(formatMarkdown(report)).toMatch(/^!\[pages × steps[^\]]*\]\(trace\.svg\)$/m);
    expect(formatMarkdown(passReport())).not.toContain('trace.svg');
  });
});
