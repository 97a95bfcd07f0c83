/**
 * Small text helpers every reporter shares, so the terminal, Markdown and JUnit reports say the
 * same thing in the same words: compact values, step arguments, state changes, word wrapping.
 */
import { ALL_ENV_ACTORS } from '../../model/environment/actions.ts';
import type { CheckReport, StateChange, TraceStep } from '../system/trace.ts';

/** A value as one short line: `[0, 1]`, `{pages: [0], handle: 0}`, `-` for null. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${formatValue(v)}`);
    return `{${fields.join(', ')}}`;
  }
  return String(value);
}

/** Step arguments as `buffer=buf, to=[optee]` (empty string when there are none). */
export function formatArgs(args: Readonly<Record<string, unknown>>): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(', ');
}

/** `page 0.linear: valid → invalid`. */
export function formatChange(change: StateChange): string {
  return `${change.path}: ${formatValue(change.from)} → ${formatValue(change.to)}`;
}

/** Results that are not failures: `ok` and the two branches of an `if`. */
const NEUTRAL_RESULTS = new Set(['ok', 'then', 'else']);

/** True when a step's result is an error code, a fault or an abort. */
export function isFailure(result: string): boolean {
  return !NEUTRAL_RESULTS.has(result);
}

/** A step's result with its handle when it produced one: `ok, handle 0`. */
export function formatResult(step: Pick<TraceStep, 'result' | 'handle'>): string {
  return step.handle === undefined ? step.result : `${step.result}, handle ${step.handle}`;
}

/** True for the environment's actors (secure world, CPU, devices, hibernation, kexec, kdump). */
export function isEnvironmentActor(actor: string): boolean {
  return (ALL_ENV_ACTORS as readonly string[]).includes(actor);
}

/** True for steps that are FF-A ABI calls (they go through the relayer/SPMC). */
export function isFfaCall(step: string): boolean {
  return step.startsWith('ffa_');
}

/** `page 0`, `pages 0 and 1`, `pages 0, 1 and 2`. */
export function describePages(pages: readonly number[]): string {
  if (pages.length === 0) return 'no page';
  return `${pages.length === 1 ? 'page' : 'pages'} ${englishList(pages.map(String))}`;
}

/** `a`, `a and b`, `a, b and c` (or `a, b or c`). */
export function englishList(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]!}`;
}

/** The command that re-runs the same search (with the same seed: only random mode has one). */
export function rerunCommand(report: CheckReport): string {
  const seed = report.mode === 'random' ? ` --seed ${report.seed}` : '';
  return `lendcheck check ${shellQuote(report.file)} --mode ${report.mode}${seed}`;
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Search speed in Quint's words: `31 ms at 32 runs/s` (random) or `at N states/s` (exhaustive). */
export function formatSpeed(report: CheckReport): string {
  const { stats } = report;
  const seconds = Math.max(stats.elapsedMs, 1) / 1000;
  const [count, unit] = report.mode === 'random' ? [stats.runs, 'runs/s'] : [stats.states, 'states/s'];
  return `${Math.round(stats.elapsedMs)} ms at ${Math.round(count / seconds)} ${unit}`;
}

/** `1 run, 12 states, 40 transitions, depth 2, not exhaustive`. */
export function formatStats(report: CheckReport): string {
  const s = report.stats;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    plural(s.runs, 'run'),
    plural(s.states, 'state'),
    plural(s.transitions, 'transition'),
    `depth ${s.depth}`,
    s.complete ? 'bound covered' : 'bound not covered',
    ...collisionRisk(report),
  ].join(', ');
}

/** TLC's optimistic estimate that a fingerprint collision hid a state (exhaustive mode). */
function collisionRisk(report: CheckReport): string[] {
  const p = report.search?.['collisionProbability'];
  if (report.mode !== 'exhaustive' || typeof p !== 'number') return [];
  return [`fingerprint collision probability ${p === 0 ? '0' : p.toExponential(1)}`];
}

/**
 * Greedy word wrap: lines of at most `width` characters (a single word longer than that stays
 * whole), every line after the first prefixed with `indent`.
 */
export function wrap(text: string, width: number, indent = '', firstIndent = ''): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = empty ? line + word : `${line} ${word}`;
    if (!empty && candidate.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = candidate;
    }
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}
