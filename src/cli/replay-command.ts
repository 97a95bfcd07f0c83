/**
 * `lendcheck replay <trace.json>`: re-executes a saved counterexample against the design text
 * stored in it, and exits 1 if the same invariant breaks again (0 if it no longer does). A trace
 * whose recorded steps are not what its moves do (edited, truncated) is bad input: exit 2.
 */
import { formatInputError } from '../input/errors.ts';
import { loadDesignText } from '../design/load.ts';
import { replayTrace } from '../engine/replay.ts';
import { formatJson } from '../report/json.ts';
import { loadTraceFile } from '../report/trace-file.ts';
import { formatTerminal } from '../report/terminal.ts';
import { reportBase, violationResult } from '../system/check.ts';
import { designSystem } from '../system/design-system.ts';
import { EXIT, type Io } from './io.ts';
import { savedTraceMismatches } from './replay-verify.ts';

export async function replayCommand(file: string, json: boolean, io: Io): Promise<number> {
  const loaded = loadTraceFile(file);
  if (!loaded.ok) {
    io.stderr(loaded.errors.map((e) => `${formatInputError(e)}\n`).join(''));
    return EXIT.usage;
  }
  const saved = loaded.value;
  const program = loadDesignText(saved.design.file, saved.design.source);
  if (!program.ok) {
    io.stderr(`${file}: the design stored in this trace no longer loads:\n`);
    io.stderr(program.errors.map((e) => `  ${formatInputError(e)}\n`).join(''));
    return EXIT.usage;
  }
  const system = designSystem(program.value, saved.invariants);
  const started = Date.now();
  const replay = replayTrace(system, saved.moves, { continueAfterViolation: true });
  const mismatches = savedTraceMismatches(system, saved, replay);
  if (mismatches.length > 0) {
    io.stderr(`${file}: the trace does not match its re-execution (was it edited or cut short?):\n`);
    for (const line of mismatches) io.stderr(`  ${line}\n`);
    return EXIT.usage;
  }
  const stats = { runs: 1, states: replay.states.length, transitions: replay.trace.length, depth: replay.trace.length, complete: false, elapsedMs: Date.now() - started };
  const base = reportBase(program.value, system, saved.mode, saved.seed, stats);
  const reproduced = replay.violation !== null && replay.violation.invariant === saved.violation.invariant;
  if (!reproduced) {
    const what = replay.violation === null ? 'no invariant breaks' : `${replay.violation.invariant} breaks instead`;
    io.stderr(`${file}: the violation of ${saved.violation.invariant} does not reproduce: ${what}.\n`);
    if (json) io.stdout(formatJson({ ...base, verdict: 'pass' }) + '\n');
    return EXIT.ok;
  }
  const diverged: string[] = [];
  if (replay.violationStep !== saved.violation.step) {
    diverged.push(`${saved.violation.invariant} now breaks at step ${replay.violationStep}, the trace saved step ${saved.violation.step}`);
  }
  const result = violationResult(system, base, replay.trace.slice(0, replay.violationStep!), replay.violation!, `lendcheck replay ${file}`);
  for (const line of diverged) io.stderr(`note: ${line}\n`);
  io.stdout(json ? formatJson(result.report) + '\n' : formatTerminal(result.report, Math.max(60, Math.min(io.columns, 120))));
  return EXIT.violation;
}
