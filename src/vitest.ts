/**
 * `import 'lendcheck/vitest'` adds two matchers to vitest's `expect`, so a project keeps its
 * designs under its own test runner:
 *
 *   await expect('designs/driver.yaml').toPassLendcheck();
 *   await expect('designs/old-driver.yaml').toViolateLendcheck('no-double-lend');
 *
 * The received value is a design file's path or a design from `loadDesign`; the options are
 * `check`'s (the CLI flags in camelCase). A failure's message is the terminal report, with the
 * trace, as `lendcheck check` prints it; a design that does not load fails with its errors.
 */
import { expect } from 'vitest';
import { checkDesign, planCheck, reportDir } from './api/check.ts';
import { formatInputError } from './input/errors.ts';
import { loadDesignFile } from './design/load.ts';
import type { Program } from './design/program.ts';
import { formatTerminal } from './report/terminal.ts';
import type { CheckReport } from './system/trace.ts';
import type { CheckOptions } from './index.ts';

const WIDTH = 100;

type Outcome = { ok: true; report: CheckReport; text: string } | { ok: false; message: string };

async function run(received: unknown, options: CheckOptions): Promise<Outcome> {
  let program: Program;
  if (typeof received === 'string') {
    const loaded = loadDesignFile(received);
    if (!loaded.ok) return { ok: false, message: `${received} does not load:\n${loaded.errors.map(formatInputError).join('\n')}` };
    program = loaded.value;
  } else if (received !== null && typeof received === 'object' && 'actors' in received && 'platform' in received) {
    program = received as Program;
  } else {
    return { ok: false, message: `expected a design file's path or a design from loadDesign, got ${typeof received}` };
  }
  const plan = planCheck(options);
  if (!plan.ok) return { ok: false, message: `lendcheck: ${plan.error}` };
  const checked = await checkDesign(program, plan.value, reportDir(options.out, program, 1), options.signal === undefined ? {} : { signal: options.signal });
  if (!checked.ok) return { ok: false, message: `lendcheck: ${checked.error}` };
  const report = checked.value.result.report;
  return { ok: true, report, text: formatTerminal(report, WIDTH) };
}

expect.extend({
  async toPassLendcheck(received: unknown, options: CheckOptions = {}) {
    const outcome = await run(received, options);
    if (!outcome.ok) return { pass: false, message: () => outcome.message };
    const { report, text } = outcome;
    const pass = report.verdict === 'pass';
    return {
      pass,
      message: () =>
        pass
          ? `expected ${report.design} to break an invariant, but lendcheck found none:\n${text}`
          : `expected ${report.design} to pass lendcheck, got ${report.verdict}${report.violation ? ` (${report.violation.invariant})` : ''}:\n${text}`,
    };
  },

  async toViolateLendcheck(received: unknown, invariant: string, options: CheckOptions = {}) {
    const outcome = await run(received, options);
    if (!outcome.ok) return { pass: false, message: () => outcome.message };
    const { report, text } = outcome;
    const found = report.violation?.invariant;
    const pass = found === invariant;
    return {
      pass,
      message: () =>
        pass
          ? `expected ${report.design} not to violate ${invariant}, but it does:\n${text}`
          : `expected ${report.design} to violate ${invariant}, got ${found === undefined ? report.verdict : `a violation of ${found}`}:\n${text}`,
    };
  },
});

interface LendcheckMatchers<R = unknown> {
  /** The design passes (no violation, search not cut short by a budget). */
  toPassLendcheck(options?: CheckOptions): Promise<R>;
  /** The design's shortest counterexample breaks `invariant`. */
  toViolateLendcheck(invariant: string, options?: CheckOptions): Promise<R>;
}

declare module 'vitest' {
  // vitest's Assertion extends Matchers, so `expect(path).toPassLendcheck()` type-checks.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends LendcheckMatchers<T> {}
}
