/**
 * The human-readable scenario report: one line per step with its arguments, its result and, when it
 * did not match, what was expected; then the invariants the run broke.
 */
import { Chalk } from 'chalk';
import type { ScenarioRun } from './run.ts';
import type { ScenarioStep } from './types.ts';

export interface FormatOptions {
  /** ANSI colours (the CLI passes whether stdout is a terminal). */
  readonly color?: boolean;
}

/** The report of a run as plain text lines, ending with a newline. */
export function formatScenarioRun(run: ScenarioRun, options: FormatOptions = {}): string {
  const c = new Chalk({ level: options.color === true ? 1 : 0 });
  const { scenario, report } = run;
  const lines: string[] = [];
  lines.push(`${c.bold(`scenario ${report.scenario}`)}  ${c.dim(scenario.file)}`);
  const p = scenario.platform;
  lines.push(
    c.dim(
      `  platform: hypervisor ${p.hypervisor}, spmc ${p.spmc}, secure_protects_on_lend ${p.secureProtectsOnLend}, ` +
        `secure_clears_on_relinquish ${p.secureClearsOnRelinquish}, endpoints [${p.endpoints.join(', ')}]`,
    ),
  );
  const described = scenario.steps.map(describeStep);
  const width = Math.max(...described.map((d) => d.length), 0);
  report.steps.forEach((s, i) => {
    const step = scenario.steps[i]!;
    const mark = s.match ? c.green('✓') : c.red('✗');
    let line = `  ${mark} ${String(s.index).padStart(2)}  ${s.by.padEnd(6)} ${described[i]!.padEnd(width)}  ${s.match ? s.result : c.red(s.result)}`;
    if (!s.match) {
      const seen = run.seen[i];
      const wanted = step.do === 'read' && step.content !== null ? ` with content ${step.content}` : '';
      const got = seen !== null && seen !== undefined && wanted !== '' ? ` (content ${seen})` : '';
      line += `${got}  ${c.yellow(`expected ${s.expect}${wanted}`)}`;
    }
    lines.push(line);
  });
  const matched = report.steps.filter((s) => s.match).length;
  lines.push(report.violations.length === 0 ? '  invariants: none broken' : `  invariants broken: ${report.violations.join(', ')}`);
  lines.push(
    report.ok
      ? c.green(`PASS: all ${report.steps.length} steps as expected`)
      : c.red(`FAIL: ${report.steps.length - matched} of ${report.steps.length} steps not as expected`),
  );
  return lines.join('\n') + '\n';
}

/** A step's verb and arguments, as a scenario would write them. */
export function describeStep(step: ScenarioStep): string {
  const parts: string[] = [step.do];
  const handle = (ref: { name: string } | { value: number }) => ('name' in ref ? ref.name : `#${ref.value}`);
  switch (step.do) {
    case 'ffa_lend':
    case 'ffa_share':
    case 'ffa_donate':
      parts.push(`pages [${step.pages.join(', ')}]`, `to [${step.to.join(', ')}]`);
      if (step.access !== undefined && !(step.do !== 'ffa_donate' && step.access === 'rw')) parts.push(step.access);
      if (step.access === undefined && step.do !== 'ffa_donate') parts.push('access unspecified');
      if (step.clear) parts.push('clear');
      if (step.as !== null) parts.push(`as ${step.as}`);
      break;
    case 'ffa_retrieve':
      parts.push(handle(step.handle));
      if (step.access !== undefined) parts.push(step.access);
      if (step.clear) parts.push('clear');
      if (step.clearRelinquish) parts.push('clear_relinquish');
      break;
    case 'ffa_relinquish':
    case 'ffa_reclaim':
      parts.push(handle(step.handle));
      if (step.clear) parts.push('clear');
      break;
    case 'read':
    case 'write':
      parts.push(`page ${step.page}`);
      if (step.do === 'read' && step.content !== null) parts.push(`content ${step.content}`);
      break;
  }
  return parts.join(' ');
}
