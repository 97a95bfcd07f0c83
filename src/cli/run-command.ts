/** `lendcheck run <scenario>`: a scripted FF-A scenario, every result compared with its `expect`. */
import { formatInputError } from '../input/errors.ts';
import { executeScenario, formatScenarioRun, loadScenarioFile } from '../scenario/index.ts';
import { EXIT, type Io } from './io.ts';

export async function runCommand(file: string, json: boolean, io: Io): Promise<number> {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) {
    io.stderr(loaded.errors.map((e) => `${formatInputError(e)}\n`).join(''));
    return EXIT.usage;
  }
  const run = executeScenario(loaded.value);
  io.stdout(json ? JSON.stringify(run.report) + '\n' : formatScenarioRun(run, { color: io.interactive }));
  return run.report.ok ? EXIT.ok : EXIT.violation;
}
