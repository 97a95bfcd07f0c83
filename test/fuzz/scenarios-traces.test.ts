/** Fuzzing the scenario loader and the trace-file reader (harness.ts), fixed seeds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTraceFile } from '../../src/report/trace-file.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { expectAnswer, FUZZ_INPUTS, shippedScenarios, shippedTraces, trapLeaks } from './harness.ts';
import { malformed } from './mutations.ts';

trapLeaks();

describe('fuzzed scenarios and trace files end in a value or a located error', () => {
  it(`${FUZZ_INPUTS.scenarios} mutations of the shipped scenarios`, () => {
    let fed = 0;
    fc.assert(
      fc.property(malformed(shippedScenarios()), (text) => {
        fed++;
        expectAnswer('scenarios/fuzz.yaml', () => loadScenarioText('scenarios/fuzz.yaml', text));
      }),
      { numRuns: FUZZ_INPUTS.scenarios, seed: 20261202 },
    );
    expect(fed).toBe(FUZZ_INPUTS.scenarios);
  });

  it(`${FUZZ_INPUTS.traces} mutations of shipped trace files`, () => {
    let fed = 0;
    fc.assert(
      fc.property(malformed(shippedTraces()), (text) => {
        fed++;
        expectAnswer('reports/fuzz/trace.json', () => parseTraceFile('reports/fuzz/trace.json', text));
      }),
      { numRuns: FUZZ_INPUTS.traces, seed: 20261203 },
    );
    expect(fed).toBe(FUZZ_INPUTS.traces);
  });

  it('a map used as a key in a scenario is a located error', () => {
    const r = expectAnswer('s.yaml', () => loadScenarioText('s.yaml', 'scenario: s\n{x: 1}: 2\n'));
    expect(r.ok ? [] : r.errors.map((e) => `${e.line} ${e.message}`)).toContain('2 not valid YAML/JSON: a key must be a name or a number, not a list or a map');
  });
});
