/**
 * Runs a loaded scenario against the model, step by step, through the same relayer and access rules
 * the model checker explores (model/ffa/), and checks every state against the invariants.
 */
import { memoryAccess } from '../../model/ffa/access.ts';
import { ffaReclaim, ffaRelinquish, ffaRetrieve, ffaSend } from '../../model/ffa/relayer.ts';
import { isFfaError } from '../../model/results.ts';
import type { Content, World } from '../../model/state.ts';
import { initialWorld, samePageShape, withPages } from '../../model/state.ts';
import { ALL_INVARIANTS } from '../../properties/index.ts';
import type { Invariant } from '../../properties/invariant.ts';
import type { HandleRef, Scenario, ScenarioReport, ScenarioStep, StepReport } from './types.ts';

/** FFA_MEMORY_HANDLE_INVALID: what a name bound by a failed send stands for (no slot has it). */
const INVALID_HANDLE = -1;

/** A run with what the report leaves out: each step's world and what each read saw. */
export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly report: ScenarioReport;
  /** worlds[0] is the initial world; worlds[i] the world after step i. */
  readonly worlds: readonly World[];
  /** Per step: the content an `ok` read saw, else null. */
  readonly seen: readonly (Content | null)[];
}

/** Runs `scenario` and returns its `--json` report. */
export function runScenario(scenario: Scenario, invariants: readonly Invariant[] = ALL_INVARIANTS): ScenarioReport {
  return executeScenario(scenario, invariants).report;
}

/** Runs `scenario`, keeping every intermediate world. */
export function executeScenario(scenario: Scenario, invariants: readonly Invariant[] = ALL_INVARIANTS): ScenarioRun {
  let world = scenarioWorld(scenario);
  const worlds: World[] = [world];
  const handles = new Map<string, number>();
  const steps: StepReport[] = [];
  const seen: (Content | null)[] = [];
  const violations: string[] = [];
  const check = (w: World) => {
    for (const inv of invariants) if (!violations.includes(inv.id) && inv.check(w) !== null) violations.push(inv.id);
  };
  check(world);
  for (const step of scenario.steps) {
    const outcome = applyStep(world, step, handles);
    world = outcome.world;
    worlds.push(world);
    const read = step.do === 'read' && outcome.result === 'ok' ? (world.pages[step.page]?.content ?? null) : null;
    seen.push(read);
    check(world);
    const contentOk = step.do !== 'read' || step.content === null || outcome.result !== 'ok' || read === step.content;
    const match = (step.expect === 'error' ? isFfaError(outcome.result) : outcome.result === step.expect) && contentOk;
    steps.push({ index: step.index, by: step.by, do: step.do, result: outcome.result, expect: step.expect, match });
  }
  const report: ScenarioReport = { scenario: scenario.name, ok: steps.every((s) => s.match), steps, violations };
  return { scenario, report, worlds, seen };
}

/**
 * The boot world of a scenario. Its pages are memory the endpoints already use (allocated), as in
 * the Hafnium and ACS tests, so a lend is not reported as a lend of free memory.
 */
export function scenarioWorld(scenario: Scenario): World {
  const world = initialWorld(scenario.platform, 0);
  return withPages(world, world.pages.map((page) => samePageShape({ ...page, alloc: 'allocated' })));
}

function applyStep(world: World, step: ScenarioStep, handles: Map<string, number>): { world: World; result: string } {
  switch (step.do) {
    case 'ffa_lend':
    case 'ffa_share':
    case 'ffa_donate': {
      const op = step.do === 'ffa_lend' ? 'lend' : step.do === 'ffa_share' ? 'share' : 'donate';
      const receivers = step.to.map((endpoint) => ({ endpoint, access: step.access }));
      const outcome = ffaSend(world, { op, sender: step.by, receivers, pages: step.pages, clear: step.clear });
      if (step.as !== null) handles.set(step.as, outcome.handle ?? INVALID_HANDLE);
      return outcome;
    }
    case 'ffa_retrieve':
      return ffaRetrieve(world, {
        handle: resolve(step.handle, handles),
        receiver: step.by,
        access: step.access,
        clear: step.clear,
        clearRelinquish: step.clearRelinquish,
      });
    case 'ffa_relinquish':
      return ffaRelinquish(world, { handle: resolve(step.handle, handles), endpoint: step.by, clear: step.clear });
    case 'ffa_reclaim':
      return ffaReclaim(world, { handle: resolve(step.handle, handles), caller: step.by, clear: step.clear });
    case 'read':
    case 'write':
      return memoryAccess(world, step.by, step.page, step.do);
  }
}

function resolve(ref: HandleRef, handles: Map<string, number>): number {
  return 'value' in ref ? ref.value : (handles.get(ref.name) ?? INVALID_HANDLE);
}
