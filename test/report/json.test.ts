import { describe, expect, it } from 'vitest';
import { formatJson, toJsonReport } from '../../src/report/json.ts';
import { incompleteReport, passReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';

describe('--json object (SPEC section 6)', () => {
  it('is exactly the SPEC example for the 2-step violation, SPEC keys first and in order', () => {
    const json = JSON.parse(formatJson(twoStepViolation()));
    expect(json).toEqual({
      tool: 'lendcheck',
      version: '0.2.0',
      design: 'optee-protmem-merged',
      mode: 'random',
      seed: 42,
      verdict: 'violation',
      violation: {
        invariant: 'no-ns-mapping-of-lent-memory',
        message: 'page 0 is lent to optee (handle 0) but the kernel linear map still maps it',
        pages: [0],
        trace: [
          { actor: 't1', step: 'alloc', args: { buffer: 'buf', region: 'cma', pages: 1 }, result: 'ok', line: 5 },
          { actor: 't1', step: 'ffa_lend', args: { buffer: 'buf', to: ['optee'] }, result: 'ok', handle: 0, line: 6 },
        ],
        replay: 'lendcheck replay reports/optee-protmem-merged/trace.json',
        step: 2,
      },
      stats: { runs: 1, states: 12, transitions: 40, depth: 2, complete: false, elapsedMs: 31 },
    });
    expect(Object.keys(json)).toEqual(['tool', 'version', 'design', 'mode', 'seed', 'verdict', 'violation', 'stats']);
    expect(Object.keys(json.violation)).toEqual(['invariant', 'message', 'pages', 'trace', 'replay', 'step']);
    expect(Object.keys(json.violation.trace[1])).toEqual(['actor', 'step', 'args', 'result', 'handle', 'line']);
    expect(Object.keys(json.stats)).toEqual(['runs', 'states', 'transitions', 'depth', 'complete', 'elapsedMs']);
  });

  it('is one line and leaves out state and changes', () => {
    const text = formatJson(reclaimDeniedViolation());
    expect(text).not.toContain('\n');
    expect(text).not.toContain('"state"');
    expect(text).not.toContain('"changes"');
    const trace = toJsonReport(reclaimDeniedViolation()).violation!.trace;
    expect(trace[6]).toEqual({ actor: 'secure', step: 'ffa_retrieve', args: { endpoint: 'optee', handle: 0 }, result: 'ok' });
  });

  it('omits the violation on a pass and adds the reason after the SPEC fields when incomplete', () => {
    const pass = JSON.parse(formatJson(passReport()));
    expect(Object.keys(pass)).toEqual(['tool', 'version', 'design', 'mode', 'seed', 'verdict', 'stats']);
    expect(pass.verdict).toBe('pass');
    const incomplete = JSON.parse(formatJson(incompleteReport()));
    expect(Object.keys(incomplete)).toEqual(['tool', 'version', 'design', 'mode', 'seed', 'verdict', 'stats', 'reason']);
    expect(incomplete.reason).toBe('reached --max-states 20000 at depth 9');
  });
});
