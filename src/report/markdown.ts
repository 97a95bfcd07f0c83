/**
 * trace.md: the counterexample for people reading a merge request. Design and invariant first, a
 * paragraph on why the trace breaks it, a Mermaid sequence diagram, the pages × steps picture
 * (trace.svg, written beside it), a table of the steps with the state each one changed, and how to
 * reproduce it. GitHub/GitLab-flavoured Markdown, no HTML but
 * `<br>` inside table cells (which both keep).
 */
import type { CheckReport, TraceStep } from '../system/trace.ts';
import { explainViolation } from './violation-paragraph.ts';
import { formatArgs, formatChange, formatSpeed, formatStats, isFailure, rerunCommand } from './format.ts';
import { sequenceDiagram } from './mermaid.ts';

export function formatMarkdown(report: CheckReport): string {
  const v = report.violation;
  const out: string[] = [];
  const heading =
    v !== undefined ? `${v.invariant} violated` : report.verdict === 'pass' ? 'no violation found' : 'search incomplete';
  out.push(`# ${mdText(report.design)}: ${heading}`, '');
  out.push(`- **Design:** ${mdText(report.title)} (${code(report.design)}, ${code(report.file)})`);
  if (v !== undefined) {
    out.push(`- **Invariant:** ${code(v.invariant)}, broken at step ${v.step} of ${v.trace.length}`);
    if (v.alsoBroken !== undefined && v.alsoBroken.length > 0) {
      out.push(`- **Also broken by the last state:** ${v.alsoBroken.map((id) => code(id)).join(', ')}`);
    }
    out.push(`- **Message:** ${mdText(v.message)}`);
  } else {
    out.push(`- **Invariants checked:** ${report.invariants.map(code).join(', ')}`);
    if (report.reason !== undefined) out.push(`- **Stopped because:** ${mdText(report.reason)}`);
  }
  // Committed example reports zero their timings so they change only when behaviour changes.
  const speed = report.stats.elapsedMs > 0 ? ` (${formatSpeed(report)})` : '';
  out.push(`- **Search:** ${report.mode}, seed ${report.seed}: ${formatStats(report)}${speed}`);
  out.push('');

  if (v !== undefined) {
    out.push('## Why this breaks it', '', mdText(explainViolation(report)), '');
    out.push('## Sequence', '', '```mermaid', sequenceDiagram(report), '```', '');
    // trace.svg is written beside this file (writeReports writes it with every trace.md).
    out.push('## Pages', '', `![pages × steps: owner, mapping, protection and content of every page after each step; step ${v.step} breaks it](trace.svg)`, '');
    out.push('Rows are pages (four lanes each), columns the start state and each step; the breaking step is framed in red. trace.html steps through the same states.', '');
    out.push('## Steps', '');
    out.push('| # | actor | step | args | result | state change |');
    out.push('|--:|---|---|---|---|---|');
    v.trace.forEach((step, i) => out.push(row(i + 1, step, i + 1 === v.step)));
    out.push('');
  }

  out.push('## Reproduce', '');
  if (report.mode === 'random') out.push(`Seed: ${code(String(report.seed))}`, '');
  out.push('```sh');
  if (v !== undefined) out.push(`${v.replay}   # replays the saved trace`);
  out.push(`${rerunCommand(report)}   # re-runs the search`);
  out.push('```', '');
  return out.join('\n');
}

function row(n: number, step: TraceStep, violating: boolean): string {
  const args = formatArgs(step.args);
  const result = step.handle === undefined ? step.result : `${step.result}, handle ${step.handle}`;
  const changes = step.changes.length === 0 ? '(none)' : step.changes.map((c) => cell(code(formatChange(c)))).join('<br>');
  return [
    violating ? `**${n}** ✗` : String(n),
    cell(mdText(step.actor)),
    cell(code(step.step) + (step.line !== undefined ? ` (${step.source !== undefined ? `${mdText(step.source)}, ` : ''}line ${step.line})` : '')),
    args === '' ? '' : cell(code(args)),
    cell(isFailure(step.result) ? `**${code(result)}**` : code(result)),
    changes,
  ]
    .join(' | ')
    .replace(/^/, '| ')
    .concat(' |');
}

/** A code span that survives any content: a fence longer than any backtick run inside. */
export function code(s: string): string {
  const flat = s.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Escapes `|` for a GFM table cell (GitHub and GitLab unescape it inside code spans too). */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** Plain text that renders as itself: Markdown punctuation backslash-escaped, one line (`|` is left to `cell`). */
export function mdText(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*[\]<>~]/g, '\\$&')
    .replace(/(^|[^A-Za-z0-9])_|_(?=[^A-Za-z0-9]|$)/g, (m) => m.replace('_', '\\_'))
    .replace(/^([#+\-=>]|\d+[.)])/, '\\$1');
}
