/**
 * How `lendcheck explain` reads: one line per step of the design, saying what breaks without it
 * (and the length of the shortest trace that shows it) or that the model does not need it.
 * Plain text for the terminal, a Markdown table for reviews.
 */
import type { Explanation, StepNecessity } from '../review/explain.ts';

export function necessityText(step: StepNecessity): string {
  if (step.needed === true) return `needed: without it ${step.breaks} breaks (${step.length}-step trace)`;
  if (step.needed === false) {
    const ended = step.cutShort?.actorEnded ?? 0;
    return ended > 0 ? 'not needed under the model (without it an actor ends early on an unhandled error)' : 'not needed under the model';
  }
  return `unknown: ${step.note ?? 'not checked'}`;
}

function stepName(step: StepNecessity): string {
  return step.of === undefined ? step.step : `on_error of ${step.of}`;
}

export function formatExplanationTerminal(e: Explanation): string {
  if (e.verdict !== 'pass' || !e.complete) {
    const what = e.verdict === 'violation' ? `violates ${e.invariant}` : 'was not checked completely (the search stopped on a budget)';
    return `${e.design} ${what}: explain says which steps carry a complete pass; try lendcheck repair ${e.file}\n`;
  }
  const out = [`${e.design} passes (exhaustive, complete). Each step removed in turn, ${e.checks - 1} re-checks:`];
  const width = Math.max(...e.steps.map((s) => `${s.procedure}: ${stepName(s)}`.length), 10);
  for (const s of e.steps) out.push(`  line ${String(s.line).padStart(3)}  ${`${s.procedure}: ${stepName(s)}`.padEnd(width)}  ${necessityText(s)}`);
  const idle = e.steps.filter((s) => s.needed === false).length;
  out.push(idle === 0 ? 'Every step is needed.' : `${idle} step${idle === 1 ? ' is' : 's are'} not needed under the model (decoration, or protection the model does not see).`);
  return `${out.join('\n')}\n`;
}

export function formatExplanationMarkdown(e: Explanation): string {
  const lines = ['| line | procedure | step | without it |', '|---|---|---|---|'];
  for (const s of e.steps) lines.push(`| ${s.line} | ${s.procedure} | \`${stepName(s)}\` | ${s.needed === true ? `\`${s.breaks}\` breaks (${s.length} steps)` : s.needed === false ? 'not needed' : `unknown: ${s.note ?? ''}`} |`);
  return `${lines.join('\n')}\n`;
}

/** The `--json` object of SPEC section 10 (extras after the contract's fields). */
export function explanationJson(e: Explanation): Record<string, unknown> {
  return {
    design: e.design,
    steps: e.steps.map((s) => ({
      line: s.line,
      procedure: s.procedure,
      step: s.step,
      needed: s.needed,
      breaks: s.breaks,
      length: s.length,
      ...(s.of === undefined ? {} : { of: s.of }),
      ...(s.note === undefined ? {} : { note: s.note }),
      ...(s.cutShort === undefined ? {} : { cutShort: s.cutShort }),
    })),
    verdict: e.verdict,
    complete: e.complete,
    ...(e.invariant === null ? {} : { invariant: e.invariant }),
    checks: e.checks,
  };
}
