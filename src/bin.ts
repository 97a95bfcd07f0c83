#!/usr/bin/env node
/**
 * The `lendcheck` executable. `--version` answers before anything else loads (yargs, the model,
 * the engines), so it costs little more than Node's own start-up; every other command line goes
 * to the CLI, which loads only the command it runs. Signals that arrive while it loads are kept
 * for the command (src/early-signals.ts).
 */
import { captureEarlySignals, exitCodeAfter } from './early-signals.ts';
import { VERSION } from './version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`${VERSION}\n`);
} else {
  captureEarlySignals();
  const { main } = await import('./cli/main.ts');
  process.exitCode = exitCodeAfter(await main(argv));
}
