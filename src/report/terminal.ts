/**
 * The report a person reads in a terminal: verdict, the broken invariant and why, the numbered
 * trace with each step's changed fields, Quint-style stats, the seed and copy-pasteable commands.
 * Fits 80 columns (a single word longer than a line, such as a long argument, stays whole). Colour
 * comes from chalk, which is plain text when its level is 0 (NO_COLOR, FORCE_COLOR=0, no TTY).
 */
import chalk from 'chalk';
import type { CoverageReport } from '../system/coverage.ts';
import type { CheckReport, StateChange, TraceStep } from '../system/trace.ts';
import { explainViolation } from './violation-paragraph.ts';
import { formatResult, formatSpeed, formatStats, formatValue, isFailure, rerunCommand, wrap } from './format.ts';

export const TERMINAL_WIDTH = 80;

type Style = (s: string) => string;
const plain: Style = (s) => s;

interface Token {
  readonly text: string;
  readonly style?: Style;
}

export function formatTerminal(report: CheckReport, width = TERMINAL_WIDTH): string {
  const out: string[] = [];
  const v = report.violation;
  const para = (s: string, indent = '  ') => out.push(...wrap(s, width, indent, indent));

  if (v !== undefined) {
    out.push(`${chalk.red('[violation]')} ${chalk.bold(v.invariant)} in ${report.design}`);
  } else if (report.verdict === 'pass') {
    out.push(`${chalk.green('[ok]')} No violation found in ${report.design}`);
  } else {
    out.push(`${chalk.yellow('[incomplete]')} Search of ${report.design} stopped before its bound was covered`);
  }
  para(`${report.title} (${report.file}), ${report.mode} search`);
  out.push('');

  if (v !== undefined) {
    para(v.message);
    out.push('');
    out.push(chalk.bold('Why:'));
    para(explainViolation(report));
    out.push('');
    out.push(chalk.bold(`Trace (${v.trace.length} step${v.trace.length === 1 ? '' : 's'}, broken at step ${v.step}):`));
    const numWidth = String(v.trace.length).length;
    v.trace.forEach((step, i) => {
      const n = `${String(i + 1).padStart(numWidth)}.`;
      out.push(...stepLines(n, step, width));
      const indent = ' '.repeat(n.length + 3);
      for (const change of step.changes) out.push(...changeLines(change, indent, width));
      if (i + 1 === v.step) {
        out.push(...flow([{ text: `✗ ${v.invariant} broken here`, style: chalk.red }], width, indent, indent));
        if (v.alsoBroken !== undefined && v.alsoBroken.length > 0) {
          out.push(...flow([{ text: `(also broken: ${v.alsoBroken.join(', ')})`, style: chalk.gray }], width, indent, indent));
        }
      }
    });
    out.push('');
  } else {
    out.push(chalk.bold('Invariants checked:'));
    para(report.invariants.join(', '));
    if (report.reason !== undefined) para(`Stopped because: ${report.reason}`);
    if (report.cutShort !== undefined) para(cutShortLine(report));
    out.push('');
    // Without a counterexample, what the search exercised is what the pass is worth.
    if (report.coverage !== undefined) {
      out.push(chalk.bold('Coverage:'));
      for (const line of coverageLines(report.coverage)) para(line);
      out.push('');
    }
  }

  const tag = v !== undefined ? chalk.red('[violation] Found an issue') : report.verdict === 'pass' ? chalk.green('[ok] No violation found') : chalk.yellow('[incomplete] No violation found so far');
  out.push(`${tag} ${chalk.gray(`(${formatSpeed(report)}).`)}`);
  out.push(...wrap(formatStats(report), width, '  ', '  ').map((l) => chalk.gray(l)));
  if (report.mode === 'random') out.push(`Seed: ${report.seed}`);
  // Commands on lines of their own, never wrapped, so they copy and paste whole.
  if (v !== undefined) out.push('Replay the trace:', `  ${chalk.cyan(v.replay)}`);
  out.push(report.mode === 'random' ? 'Re-run the search with this seed:' : 'Re-run the search:', `  ${chalk.cyan(rerunCommand(report))}`);
  return `${out.join('\n')}\n`;
}

/** `  2. t1  ffa_lend buffer=buf, to=[optee] → ok, handle 0  (line 14)`, wrapped. */
function stepLines(n: string, step: TraceStep, width: number): string[] {
  const failed = isFailure(step.result);
  const tokens: Token[] = [{ text: n }, { text: `${step.actor}:` }, { text: step.step, style: chalk.bold }];
  const args = Object.entries(step.args);
  args.forEach(([k, value], i) => tokens.push({ text: `${k}=${formatValue(value)}${i < args.length - 1 ? ',' : ''}` }));
  tokens.push({ text: '→' }, { text: formatResult(step), style: failed ? chalk.red : chalk.green });
  if (step.line !== undefined) tokens.push({ text: step.source !== undefined ? `(${step.source}, line ${step.line})` : `(line ${step.line})`, style: chalk.gray });
  return flow(tokens, width, '  ', ' '.repeat(n.length + 3));
}

/** `page 0.linear: valid → invalid`, old value dimmed, new value highlighted. */
function changeLines(change: StateChange, indent: string, width: number): string[] {
  const words = (value: unknown, style: Style): Token[] => formatValue(value).split(' ').map((text) => ({ text, style }));
  const tokens: Token[] = [
    { text: `${change.path}:`, style: chalk.gray },
    ...words(change.from, chalk.gray),
    { text: '→' },
    ...words(change.to, chalk.yellow),
  ];
  return flow(tokens, width, indent, `${indent}  `);
}

/** Greedy wrap of styled tokens, measuring the plain text. */
function flow(tokens: readonly Token[], width: number, first: string, indent: string): string[] {
  const lines: string[] = [];
  let plainLen = first.length;
  let line = first;
  let empty = true;
  for (const token of tokens) {
    const styled = (token.style ?? plain)(token.text);
    if (!empty && plainLen + 1 + token.text.length > width) {
      lines.push(line);
      line = indent + styled;
      plainLen = indent.length + token.text.length;
    } else {
      line += (empty ? '' : ' ') + styled;
      plainLen += (empty ? 0 : 1) + token.text.length;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** The coverage of a search in a few sentences: steps reached, paths never taken. */
function coverageLines(c: CoverageReport): string[] {
  const lines = [`${c.steps.reached} of ${c.steps.total} design steps reached.`];
  const at = (l: { line: number; column: number; procedure: string; step: string }) => `line ${l.line}:${l.column} (${l.procedure}: ${l.step})`;
  const list = <T>(items: readonly T[], show: (item: T) => string) =>
    items.slice(0, 6).map(show).join('; ') + (items.length > 6 ? `; and ${items.length - 6} more` : '');
  if (c.unreached.length > 0) lines.push(`Never reached: ${list(c.unreached, at)}.`);
  if (c.oneWay.length > 0) {
    const way = { ok: 'never failed', failed: 'never succeeded', then: 'never took else', else: 'never took then' } as const;
    lines.push(`Only one way: ${list(c.oneWay, (l) => `${at(l)} ${way[l.only]}`)}.`);
  }
  const env = Object.entries(c.environment);
  if (env.length > 0) lines.push(`Environment: ${env.map(([k, n]) => `${k} ${n}`).join(', ')}.`);
  return lines;
}

/** The one line an honest pass adds: what ended runs early that no checked invariant reports. */
export function cutShortLine(report: CheckReport): string {
  const c = report.cutShort;
  if (c === undefined) return '';
  const unit = report.mode === 'random' ? 'run' : 'transition';
  const count = (n: number) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const parts = [
    ...(c.kernelFault > 0 ? [`a kernel fault in ${count(c.kernelFault)} (no-kernel-fault is not checked)`] : []),
    ...(c.actorEnded > 0 ? [`an actor ended early on an unhandled error in ${count(c.actorEnded)}`] : []),
  ];
  return `Cut short: ${parts.join('; ')}.`;
}
