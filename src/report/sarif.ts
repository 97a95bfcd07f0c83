/**
 * trace.sarif: a check as SARIF 2.1.0 for code scanning (GitHub's upload-sarif takes it as is).
 * One run per design with every invariant as a rule (text from properties/), one result per
 * violation located on the design line of the breaking step, a fingerprint that re-runs reproduce,
 * and the trace as a code flow, each step on its design line. A pass is a run with no results, which
 * is what closes the alerts of a design that was fixed. Deterministic: no timestamps, no paths
 * but the design file as given, so the same check gives the same bytes.
 */
import { INVARIANT_IDS } from '../../properties/invariant.ts';
import { invariantById } from '../../properties/index.ts';
import type { CheckReport } from '../system/trace.ts';
import { explainViolation } from './violation-paragraph.ts';
import { formatArgs, formatResult, isEnvironmentActor, rerunCommand } from './format.ts';
import { fileUri, primaryLine, stepLine, violationFingerprint } from './locations.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function formatSarif(report: CheckReport): string {
  const uri = fileUri(report.file);
  const location = (line: number) => ({ physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } });
  const v = report.violation;
  const results =
    v === undefined
      ? []
      : [
          {
            ruleId: v.invariant,
            ruleIndex: INVARIANT_IDS.indexOf(v.invariant),
            level: 'error',
            message: {
              text: `${v.message} (${report.design}: broken at step ${v.step} of ${v.trace.length}; replay with \`${v.replay}\`)`,
            },
            locations: [location(primaryLine(v))],
            partialFingerprints: { primaryLocationLineHash: violationFingerprint(report.design, v) },
            codeFlows: [
              {
                message: { text: explainViolation(report) },
                threadFlows: [
                  {
                    locations: v.trace.map((step, i) => {
                      const args = formatArgs(step.args);
                      const where = isEnvironmentActor(step.actor) ? ' (environment, after the kernel step on this line)' : '';
                      const mark = i + 1 === v.step ? ` ✗ ${v.invariant} broken here` : '';
                      return {
                        location: {
                          ...location(stepLine(v.trace, i)),
                          message: { text: `${i + 1}. ${step.actor}: ${step.step}${args === '' ? '' : ` ${args}`} → ${formatResult(step)}${where}${mark}` },
                        },
                        executionOrder: i + 1,
                        ...(i + 1 === v.step ? { importance: 'essential' } : {}),
                      };
                    }),
                  },
                ],
              },
            ],
            properties: { design: report.design, step: v.step, pages: [...v.pages], ...(v.alsoBroken?.length ? { alsoBroken: [...v.alsoBroken] } : {}) },
          },
        ];
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool,
            version: report.version,
            semanticVersion: report.version,
            rules: INVARIANT_IDS.map((id) => rule(id)),
          },
        },
        // One category per design, so several designs' files upload side by side without colliding.
        automationDetails: { id: `lendcheck/${report.design}/` },
        artifacts: [{ location: { uri } }],
        results,
        properties: {
          design: report.design,
          title: report.title,
          verdict: report.verdict,
          mode: report.mode,
          seed: report.seed,
          invariants: [...report.invariants],
          rerun: rerunCommand(report),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function rule(id: (typeof INVARIANT_IDS)[number]) {
  const inv = invariantById(id);
  const holds = sentence(inv.holds);
  const why = sentence(inv.why);
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: `Ownership invariant ${id} broken` },
    fullDescription: { text: `Holds when ${inv.holds}.` },
    help: {
      text: `${holds} ${why} lendcheck explored the design's interleavings and found a sequence of steps after which this no longer holds; the alert's code flow is that sequence, step by step. Replay it with the command in the message, or run \`lendcheck list invariants\` for every invariant.`,
      markdown: `**Holds when** ${inv.holds}.\n\n**Why it matters:** ${inv.why}.\n\nThe alert's code flow is the shortest sequence of design steps lendcheck found after which this no longer holds. Replay it with the command in the message; \`lendcheck list invariants\` lists every invariant.`,
    },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['correctness', 'security', 'memory-ownership'], precision: 'very-high', 'problem.severity': 'error' },
  };
}

/** `text` as a sentence: first letter upper case, one final full stop. */
function sentence(text: string): string {
  const t = text.trim().replace(/\.$/, '');
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
}
