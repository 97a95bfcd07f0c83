/**
 * Scenarios (SPEC section 7): load a file, run it, report it. The CLI's `run` command glues these.
 */
export { loadScenarioFile, loadScenarioText } from './load.ts';
export { executeScenario, runScenario, scenarioWorld } from './run.ts';
export type { ScenarioRun } from './run.ts';
export { describeStep, formatScenarioRun } from './format.ts';
export type { Scenario, ScenarioReport, ScenarioStep, StepReport } from './types.ts';
