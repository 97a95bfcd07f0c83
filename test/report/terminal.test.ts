import chalk from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainViolation } from '../../src/report/violation-paragraph.ts';
import { formatChange } from '../../src/report/format.ts';
import { formatMarkdown } from '../../src/report/markdown.ts';
import { formatTerminal } from '../../src/report/terminal.ts';
import { incompleteReport, passReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';

beforeAll(() => {
  chalk.level = 0;
});

describe('formatTerminal', () => {
  it('matches the stored output for the 2-step violation', async () => {
    await expect(formatTerminal(twoStepViolation())).toMatchFileSnapshot('__snapshots__/two-step.terminal.txt');
  });

  it('fits 80 columns', () => {
    for (const report of [twoStepViolation(), reclaimDeniedViolation(), passReport(), incompleteReport()]) {
      const long = formatTerminal(report).split('\n').filter((l) => l.length > 80);
      expect(long).toEqual([]);
    }
  });

  it('lets only a single long argument overflow, on its own line', () => {
    const base = twoStepViolation();
    const big = 'x'.repeat(120);
    const step = { ...base.violation!.trace[0]!, args: { buffer: big, region: 'cma' } };
    const report = { ...base, violation: { ...base.violation!, trace: [step, base.violation!.trace[1]!] } };
    const long = formatTerminal(report).split('\n').filter((l) => l.length > 80);
    expect(long).toEqual([`     buffer=${big},`]);
  });

  it('says what the Markdown report says: verdict, explanation, every step and change, seed and replay', () => {
    for (const report of [twoStepViolation(), reclaimDeniedViolation()]) {
      const out = formatTerminal(report);
      const flat = out.replace(/\s+/g, ' ');
      const md = formatMarkdown(report);
      expect(flat).toContain(explainViolation(report).replace(/\s+/g, ' '));
      for (const [i, step] of report.violation!.trace.entries()) {
        expect(out).toMatch(new RegExp(`^ *${i + 1}\\. ${step.actor}: ${step.step}`, 'm'));
        for (const c of step.changes) {
          expect(flat).toContain(formatChange(c).replace(/\s+/g, ' '));
          expect(md).toContain(formatChange(c).replace(/\|/g, '\\|'));
        }
      }
      // Only random mode has a seed to show.
      if (report.mode === 'random') expect(out).toContain(`Seed: ${report.seed}`);
      else expect(out).not.toContain('Seed:');
      expect(out).toContain(`Replay the trace:\n  ${report.violation!.replay}\n`);
      expect(md).toContain(report.violation!.replay);
    }
  });

  it('prints Quint-style stats and a re-run command', () => {
    const out = formatTerminal(reclaimDeniedViolation());
    expect(out).toContain('[violation] Found an issue (812 ms at 6553 states/s).');
    expect(out).toContain("Re-run the search:\n  lendcheck check 'designs/tee heap close race.yaml' --mode exhaustive\n");
    expect(formatTerminal(passReport())).toContain('[ok] No violation found (1500 ms at 667 runs/s).');
    expect(formatTerminal(incompleteReport())).toContain('Stopped because: reached --max-states 20000 at depth 9');
  });

  it('has no escape codes at chalk level 0 and colours failures at level > 0', () => {
    expect(formatTerminal(reclaimDeniedViolation())).not.toMatch(/\u001b\[/);
    const saved = chalk.level;
    chalk.level = 1;
    try {
      const coloured = formatTerminal(reclaimDeniedViolation());
      expect(coloured).toContain(chalk.red('FFA_DENIED'));
    } finally {
      chalk.level = saved;
    }
  });
});
