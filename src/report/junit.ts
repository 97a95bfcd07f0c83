/**
 * junit.xml for CI: one <testcase> per invariant checked (name = invariant id, classname =
 * lendcheck.<design>); the violated one carries a <failure> whose message is the violation and
 * whose body is the numbered trace and the replay command. Counts on <testsuites>/<testsuite> match
 * the test cases. An incomplete search passes its test cases and says so in <system-out>.
 */
import type { InvariantId } from '../../properties/invariant.ts';
import type { CheckReport } from '../system/trace.ts';
import { explainViolation } from './violation-paragraph.ts';
import { formatArgs, formatResult, formatStats, isFailure, rerunCommand } from './format.ts';

export function formatJunit(report: CheckReport): string {
  const v = report.violation;
  const classname = `lendcheck.${report.design}`;
  const invariants: InvariantId[] = [...report.invariants];
  if (v !== undefined && !invariants.includes(v.invariant)) invariants.push(v.invariant);
  const failures = v !== undefined ? 1 : 0;
  const time = (report.stats.elapsedMs / 1000).toFixed(3);
  const counts = `tests="${invariants.length}" failures="${failures}" errors="0" skipped="0" time="${time}"`;

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="lendcheck" ${counts}>`);
  out.push(`  <testsuite name="${attr(classname)}" ${counts}>`);
  out.push('    <properties>');
  const props: [string, string][] = [
    ['design', report.design],
    ['title', report.title],
    ['file', report.file],
    ['mode', report.mode],
    ['seed', String(report.seed)],
    ['verdict', report.verdict],
    ['stats', formatStats(report)],
  ];
  if (v !== undefined) props.push(['replay', v.replay]);
  props.push(['rerun', rerunCommand(report)]);
  for (const [name, value] of props) out.push(`      <property name="${attr(name)}" value="${attr(value)}"/>`);
  out.push('    </properties>');
  for (const id of invariants) {
    const open = `    <testcase name="${attr(id)}" classname="${attr(classname)}"`;
    if (v === undefined || v.invariant !== id) {
      out.push(`${open}/>`);
      continue;
    }
    out.push(`${open}>`);
    out.push(`      <failure message="${attr(`${v.invariant}: ${v.message}`)}" type="invariant-violation">${text(failureBody(report))}</failure>`);
    out.push('    </testcase>');
  }
  if (report.verdict === 'incomplete') {
    out.push(`    <system-out>${text(`search incomplete: ${report.reason ?? 'budget exhausted'}; no violation found so far (${formatStats(report)})`)}</system-out>`);
  }
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/** The failure's body: what broke, why, the numbered trace, how to replay. */
function failureBody(report: CheckReport): string {
  const v = report.violation!;
  const lines = [
    `${v.invariant}: ${v.message}`,
    '',
    explainViolation(report),
    '',
    `Trace (${v.trace.length} step${v.trace.length === 1 ? '' : 's'}, broken at step ${v.step}):`,
  ];
  v.trace.forEach((s, i) => {
    const args = formatArgs(s.args);
    const mark = isFailure(s.result) ? ' (failed)' : '';
    lines.push(`  ${i + 1}. ${s.actor}: ${s.step}${args === '' ? '' : ` ${args}`} -> ${formatResult(s)}${mark}`);
  });
  lines.push('', `Replay: ${v.replay}`, `Seed: ${report.seed} (${rerunCommand(report)})`);
  return lines.join('\n');
}

/** Removes what XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF). */
function xmlChars(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** Character data. */
function text(s: string): string {
  return xmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; line breaks and tabs kept as character references. */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** XML escaping for other JUnit writers (the review matrix). */
export { attr as xmlAttr, text as xmlText };
