/**
 * The review matrix's files (SPEC section 10): `review.md`, a table a reviewer pastes into a
 * mailing-list reply or a pull request (one row per design, one column per variant, each cell
 * linking to its counterexample), and `junit.xml` with one test case per cell. No timings: the
 * same review gives the same bytes.
 */
import type { Review, ReviewCell } from '../review/matrix.ts';
import { variantLabel } from '../review/variants.ts';
import { xmlAttr, xmlText } from './junit.ts';

/** The text of one cell: verdict, invariant, trace length. */
export function cellText(cell: Pick<ReviewCell, 'verdict' | 'invariant' | 'length'>): string {
  if (cell.verdict === 'violation') return `✗ ${cell.invariant} (${cell.length} step${cell.length === 1 ? '' : 's'})`;
  if (cell.verdict === 'incomplete') return '? incomplete';
  return '✓ pass';
}

/** One Markdown table; `linkBase` prefixes each cell's trace.md link (relative to review.md), null: no links. */
export function formatReviewTable(review: Review, linkBase: string | null = '', rowLabel: (row: Review['rows'][number]) => string = (row) => `\`${row.design}\``): string {
  const header = ['design', ...review.variants.map(variantLabel)];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of review.rows) {
    const cells = row.cells.map((cell) => {
      const text = cellText(cell) + (cell.run.result.report.cutShort !== undefined ? ' ⚠' : '');
      return cell.verdict === 'violation' && linkBase !== null ? `[${text}](${linkBase}${cell.dir}/trace.md)` : text;
    });
    lines.push(`| ${rowLabel(row)} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatReviewMarkdown(review: Review, mode: string): string {
  const cutShort = review.rows.flatMap((r) => r.cells.filter((c) => c.run.result.report.cutShort !== undefined).map((c) => ({ r, c })));
  const out = [
    '# Design review',
    '',
    `${review.rows.length} design${review.rows.length === 1 ? '' : 's'} on ${review.variants.length} platform variant${review.variants.length === 1 ? '' : 's'}, ${mode} search (lendcheck review).`,
    'A cell gives the verdict, the invariant broken and the length of the shortest counterexample found; a violation links to its trace.',
    '',
    formatReviewTable(review),
  ];
  if (cutShort.length > 0) {
    out.push('⚠ A pass that a kernel fault or an unhandled error cut short, which no checked invariant reports:', '');
    for (const { r, c } of cutShort) {
      const cs = c.run.result.report.cutShort!;
      out.push(`- \`${r.design}\` with ${variantLabel(c.variant)}: kernel fault ${cs.kernelFault}, actor ended early ${cs.actorEnded}`);
    }
    out.push('');
  }
  out.push('Designs:', '');
  for (const row of review.rows) out.push(`- \`${row.design}\` (${row.file}): ${row.title}`);
  return `${out.join('\n')}\n`;
}

/** junit.xml: one test suite per design, one test case per variant. */
export function formatReviewJunit(review: Review): string {
  const cells = review.rows.flatMap((r) => r.cells);
  const failures = cells.filter((c) => c.verdict === 'violation').length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="lendcheck review" tests="${cells.length}" failures="${failures}" errors="0" skipped="0">`];
  for (const row of review.rows) {
    const rowFailures = row.cells.filter((c) => c.verdict === 'violation').length;
    const classname = `lendcheck.review.${row.design}`;
    out.push(`  <testsuite name="${xmlAttr(classname)}" tests="${row.cells.length}" failures="${rowFailures}" errors="0" skipped="0">`);
    for (const cell of row.cells) {
      const open = `    <testcase name="${xmlAttr(variantLabel(cell.variant))}" classname="${xmlAttr(classname)}"`;
      const v = cell.run.result.report.violation;
      if (v === undefined) {
        const note = cell.verdict === 'incomplete' ? `search incomplete: ${cell.run.result.report.reason ?? 'budget exhausted'}` : null;
        out.push(note === null ? `${open}/>` : `${open}>\n      <system-out>${xmlText(note)}</system-out>\n    </testcase>`);
        continue;
      }
      out.push(`${open}>`);
      out.push(`      <failure message="${xmlAttr(`${v.invariant}: ${v.message}`)}" type="invariant-violation">${xmlText(`${v.trace.length}-step counterexample: ${cell.dir}/trace.md\nReplay: ${v.replay}`)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
