/**
 * trace.svg: the counterexample as a picture of pages against time, read like DAMON's access
 * heatmap (regions down, time across). One row per page, split in four lanes (owner, mapping,
 * protection, content); one column for the start state and one per step; the breaking step framed
 * in red and the pages it breaks on marked. Deterministic: integer coordinates, no ids, no clock,
 * so the same trace gives the same bytes. No script and no external resource, so GitHub shows it as
 * an image in trace.md; trace.html embeds the same drawing and moves its `.cursor` frames.
 */
import type { CheckReport } from '../system/trace.ts';
import { cellFor, LANES, LEGEND, stepLabel, traceColumns, type Lane } from './page-cells.ts';

const COL_W = 36;
const LANE_H = 12;
const ROW_GAP = 6;
const ROW_H = LANES.length * LANE_H + ROW_GAP;
const LEFT = 150;
const LEGEND_COL_W = 380;
/** Room above the grid for the title lines; the rotated step headers come on top of it. */
const HEADER_BASE = 52;
const LEGEND_LINE = 15;

const LANE_NAMES: Readonly<Record<Lane, string>> = { owner: 'owner', mapping: 'mapping', protection: 'protection', content: 'content' };

/** The picture, or null when the report has no trace to draw. */
export function formatSvg(report: CheckReport): string | null {
  const v = report.violation;
  if (v === undefined) return null;
  const columns = traceColumns(report.initial, v);
  const headers = columns.map((col) => `${col.index === v.step ? '✗ ' : ''}${col.step === null ? '0 start' : `${col.index} ${stepLabel(col.step)}`}`);
  // A rotated header rises by about sin(55°) of its length (6 px a character at font size 10).
  const TOP = HEADER_BASE + Math.ceil(Math.max(...headers.map((h) => h.length)) * 6 * 0.82);
  const pages = report.initial.pages;
  const broken = new Set(v.pages);
  const gridW = columns.length * COL_W;
  const gridH = pages.length * ROW_H;
  const legendTop = TOP + gridH + 28;
  const legendLeft: Lane[] = ['owner', 'protection'];
  const legendRight: Lane[] = ['mapping', 'content'];
  const legendLines = (lanes: Lane[]) => lanes.reduce((n, lane) => n + 1 + LEGEND[lane].length, 0) + lanes.length - 1;
  const legendH = Math.max(legendLines(legendLeft), legendLines(legendRight)) * LEGEND_LINE;
  // The last header leans right by about cos(55°) of its length.
  const lean = Math.ceil(headers[headers.length - 1]!.length * 6 * 0.58);
  const width = Math.max(LEFT + gridW + lean + 10, 2 * LEGEND_COL_W + 20);
  const height = legendTop + legendH + LEGEND_LINE + 16;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="lendcheck-pages" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" data-steps="${v.trace.length}" data-breaking-step="${v.step}">`,
  );
  out.push(`<title>${esc(`${report.design}: ${v.invariant} broken at step ${v.step}; pages × steps`)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="10" y="18" font-size="13" font-weight="bold">${esc(`${report.design}: pages × steps`)}</text>`);
  out.push(`<text x="10" y="34" fill="#b00000">${esc(`✗ ${v.invariant} broken at step ${v.step} on ${v.pages.length === 1 ? 'page' : 'pages'} ${v.pages.join(', ')}`)}</text>`);

  // Row labels: the page, its region, and the lane names.
  out.push('<g class="rows">');
  pages.forEach((page, r) => {
    const y = TOP + r * ROW_H;
    const mark = broken.has(page.id);
    out.push(
      `<text class="page-label" data-page="${page.id}" x="8" y="${y + 2 * LANE_H + 4}" font-family="monospace" font-weight="bold"${mark ? ' fill="#b00000"' : ''}>${esc(`${mark ? '✗ ' : ''}page ${page.id}`)}</text>`,
    );
    out.push(`<text x="8" y="${y + 3 * LANE_H + 4}" font-family="monospace" font-size="9" fill="#555555">${esc(page.region)}</text>`);
    LANES.forEach((lane, l) => {
      out.push(`<text x="${LEFT - 4}" y="${y + l * LANE_H + 9}" font-size="9" fill="#555555" text-anchor="end">${LANE_NAMES[lane]}</text>`);
    });
  });
  out.push('</g>');

  for (const col of columns) {
    const x = LEFT + col.index * COL_W;
    const breaking = col.index === v.step;
    out.push(`<g class="col" data-step="${col.index}"${breaking ? ' data-breaking="true"' : ''}>`);
    const hx = x + COL_W / 2 + 4;
    out.push(
      `<text x="${hx}" y="${TOP - 8}" transform="rotate(-55 ${hx} ${TOP - 8})" font-family="monospace" font-size="10"${breaking ? ' fill="#b00000" font-weight="bold"' : ''}>${esc(headers[col.index]!)}</text>`,
    );
    pages.forEach((page, r) => {
      const y = TOP + r * ROW_H;
      const view = col.state.pages[r]!;
      LANES.forEach((lane, l) => {
        const cell = cellFor(lane, view, col.state);
        const cy = y + l * LANE_H;
        out.push(
          `<rect class="cell" data-page="${page.id}" data-lane="${lane}" data-kind="${cell.kind}" x="${x + 1}" y="${cy}" width="${COL_W - 2}" height="${LANE_H - 1}" fill="${cell.fill}" stroke="#d0d0d0" stroke-width="0.5"/>`,
        );
        if (cell.label !== '') {
          const dark = isDark(cell.fill);
          out.push(
            `<text x="${x + COL_W / 2}" y="${cy + 9}" font-family="monospace" font-size="9" text-anchor="middle"${dark ? ' fill="#ffffff"' : ''}>${esc(cell.label)}</text>`,
          );
        }
      });
    });
    // Hidden here; trace.html shows the frame of the step it is on.
    out.push(`<rect class="cursor" display="none" x="${x}" y="${TOP - 2}" width="${COL_W}" height="${gridH - ROW_GAP + 4}" fill="none" stroke="#1f4e9e" stroke-width="3"/>`);
    if (breaking) {
      out.push(`<rect class="breaking" x="${x}" y="${TOP - 3}" width="${COL_W}" height="${gridH - ROW_GAP + 6}" fill="none" stroke="#d00000" stroke-width="2" stroke-dasharray="4 2"/>`);
    }
    out.push('</g>');
  }

  out.push('<g class="legend">');
  legendColumn(out, legendLeft, 10, legendTop);
  legendColumn(out, legendRight, 10 + LEGEND_COL_W, legendTop);
  out.push(`<text x="10" y="${legendTop + legendH + 12}" fill="#333333">${esc('labels: hN the FF-A handle covering the page; d dirty cache lines; the letters of the mapping lane list every mapping present')}</text>`);
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function legendColumn(out: string[], lanes: readonly Lane[], x: number, top: number): void {
  let y = top;
  lanes.forEach((lane, i) => {
    if (i > 0) y += LEGEND_LINE;
    out.push(`<text x="${x}" y="${y + 10}" font-weight="bold">${esc(`${LANE_NAMES[lane]} lane`)}</text>`);
    y += LEGEND_LINE;
    for (const swatch of LEGEND[lane]) {
      out.push(`<rect x="${x}" y="${y + 1}" width="20" height="10" fill="${swatch.fill}" stroke="#999999" stroke-width="0.5"/>`);
      out.push(`<text x="${x + 26}" y="${y + 10}">${esc(`${swatch.kind}: ${swatch.meaning}`)}</text>`);
      y += LEGEND_LINE;
    }
  });
}

/** True for fills dark enough that a label on them should be white. */
export function isDark(fill: string): boolean {
  const n = Number.parseInt(fill.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b < 110;
}

/** Text and attribute values for XML. */
export function esc(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
