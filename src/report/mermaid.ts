/**
 * A counterexample as a Mermaid `sequenceDiagram`: one participant per kernel actor, the FF-A
 * relayer (SPMC, behind pKVM when there is one), each secure endpoint, and the CPU, devices and
 * hibernation when they act; one message per step (FF-A calls go to the SPMC, failing steps are
 * `-x` arrows), and a note where the invariant breaks.
 */
import type { CheckReport, TraceStep } from '../system/trace.ts';
import { formatArgs, formatResult, isEnvironmentActor, isFailure, isFfaCall } from './format.ts';

interface Participant {
  readonly id: string;
  readonly label: string;
}

/** The diagram's source, without the Markdown fence. */
export function sequenceDiagram(report: CheckReport): string {
  const trace = report.violation?.trace ?? [];
  const kernel = kernelActors(report, trace);
  const endpoints = secureEndpoints(report, trace);
  const ids = new Map<string, string>();
  const participants: Participant[] = [];
  const add = (key: string, id: string, label: string) => {
    ids.set(key, id);
    participants.push({ id, label });
  };
  kernel.forEach((name, i) => add(`kernel:${name}`, `K${i + 1}`, name));
  add('spmc', 'SPMC', relayerLabel(report));
  endpoints.forEach((name, i) => add(`endpoint:${name}`, `E${i + 1}`, name));
  const used = new Set(trace.map((s) => s.actor));
  if (used.has('cpu')) add('cpu', 'CPU', 'CPU');
  if (used.has('devices')) add('devices', 'DEV', 'devices');
  if (used.has('hibernate')) add('hibernate', 'HIB', 'hibernation');
  if (used.has('secure') && trace.some((s) => s.actor === 'secure' && typeof s.args['endpoint'] !== 'string')) {
    add('secure', 'SEC', 'secure world');
  }

  const lines = ['sequenceDiagram', '  autonumber'];
  for (const p of participants) lines.push(`  participant ${p.id} as ${text(p.label)}`);
  const violationStep = report.violation?.step ?? 0;
  trace.forEach((step, i) => {
    const from = sourceOf(step, ids);
    const to = isFfaCall(step.step) ? 'SPMC' : from;
    const arrow = isFailure(step.result) ? '-x' : '->>';
    lines.push(`  ${from}${arrow}${to}: ${text(messageOf(step))}`);
    if (i + 1 === violationStep && report.violation !== undefined) {
      const over = from === to ? from : `${from},${to}`;
      lines.push(`  Note over ${over}: ${text(`✗ ${report.violation.invariant}: ${report.violation.message}`)}`);
    }
  });
  return lines.join('\n');
}

function messageOf(step: TraceStep): string {
  const args = formatArgs(step.args);
  return `${step.step}${args === '' ? '' : ` ${args}`} → ${formatResult(step)}`;
}

function sourceOf(step: TraceStep, ids: ReadonlyMap<string, string>): string {
  if (step.actor === 'secure') {
    const endpoint = step.args['endpoint'];
    return (typeof endpoint === 'string' ? ids.get(`endpoint:${endpoint}`) : undefined) ?? ids.get('secure')!;
  }
  if (isEnvironmentActor(step.actor)) return ids.get(step.actor)!;
  return ids.get(`kernel:${step.actor}`)!;
}

/** The design's kernel actors in declaration order, then any other non-environment actor of the trace. */
function kernelActors(report: CheckReport, trace: readonly TraceStep[]): string[] {
  const names = Object.keys(report.initial.actors);
  for (const s of trace) if (!isEnvironmentActor(s.actor) && !names.includes(s.actor)) names.push(s.actor);
  return names;
}

/** The platform's secure endpoints, or those the trace and its states name. */
function secureEndpoints(report: CheckReport, trace: readonly TraceStep[]): string[] {
  const names: string[] = [...(report.platform?.endpoints ?? [])];
  const add = (name: unknown) => {
    if (typeof name === 'string' && name !== 'ns' && !names.includes(name)) names.push(name);
  };
  for (const s of trace) {
    const to = s.args['to'];
    if (Array.isArray(to)) to.forEach(add);
    if (s.actor === 'secure') add(s.args['endpoint']);
    for (const tx of s.state.transactions) tx.receivers.forEach((r) => add(r.endpoint));
  }
  return names;
}

function relayerLabel(report: CheckReport): string {
  const p = report.platform;
  if (p === undefined) return 'relayer (SPMC)';
  const spmc = `SPMC (${p.spmc})`;
  return p.hypervisor === 'pkvm' ? `pKVM + ${spmc}` : p.hypervisor === 'hafnium' ? `Hafnium + ${spmc}` : spmc;
}

/**
 * Text safe on one Mermaid line: `#`, `;`, `%`, `<`, `>` become Mermaid entity codes (`#35;`...),
 * which the renderer shows as the characters; line breaks become spaces.
 */
export function text(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[#;%<>{}]/g, (c) => `#${c.charCodeAt(0)};`);
}
