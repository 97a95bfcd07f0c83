/**
 * The sequence diagrams parse with Mermaid's own parser (mermaid 11 runs its sequence-diagram
 * parser on Node 20 without a DOM), for the fixtures and for random traces with awkward text.
 */
import fc from 'fast-check';
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import type { CheckReport, TraceStep } from '../../src/system/trace.ts';
import { sequenceDiagram, text } from '../../src/report/mermaid.ts';
import { incompleteReport, reclaimDeniedViolation, twoStepViolation } from './fixtures.ts';

async function parses(source: string): Promise<void> {
  const result = await mermaid.parse(source);
  expect(result).toMatchObject({ diagramType: 'sequence' });
}

describe('sequenceDiagram', () => {
  it('parses for the 2-step violation, with one message per step and FF-A calls to the SPMC', async () => {
    const diagram = sequenceDiagram(twoStepViolation());
    await parses(diagram);
    const messages = diagram.split('\n').filter((l) => /^\s+\w+(->>|-x)\w+:/.test(l));
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatch(/^\s+K1->>SPMC: ffa_lend/);
    expect(diagram).toContain('Note over K1,SPMC: ✗ no-ns-mapping-of-lent-memory');
  });

  it('parses for the reclaim trace; the failing reclaim is a -x arrow and secure steps come from the endpoint', async () => {
    const diagram = sequenceDiagram(reclaimDeniedViolation());
    await parses(diagram);
    expect(diagram).toMatch(/K2-xSPMC: ffa_reclaim buffer=pool, clear=false → FFA_DENIED/);
    expect(diagram).toMatch(/E1->>SPMC: ffa_retrieve endpoint=optee, handle=0 → ok/);
    expect(diagram).toMatch(/E1->>E1: write/);
    expect(diagram).toContain('participant K2 as t2');
  });

  it('parses with no trace at all', async () => {
    await parses(sequenceDiagram(incompleteReport()));
  });

  it('rejects what it should: the parser is strict enough to catch a broken line', async () => {
    await expect(mermaid.parse(`${sequenceDiagram(twoStepViolation())}\n  K1->>>SPMC: bad`)).rejects.toThrow();
  });

  it('escapes Mermaid-special characters as entity codes', () => {
    expect(text('a;b#c%d<e>{f}\ng')).toBe('a#59;b#35;c#37;d#60;e#62;#123;f#125; g');
  });

  it('parses for random traces with every kind of actor, result and awkward argument text', async () => {
    const awkward = fc.string({ unit: fc.constantFrom('a', ' ', ';', '#', '%', ':', '<', '>', '|', '"', "'", '\n', '-', '>>', '{', '}', ',', 'x', '→', '`', '\\') });
    const step = fc.record({
      actor: fc.constantFrom('t1', 'worker-2', 'secure', 'cpu', 'devices', 'hibernate', 'odd name;#'),
      step: fc.constantFrom('alloc', 'ffa_lend', 'ffa_reclaim', 'ffa_retrieve', 'read', 'dma', 'snapshot', 'lock'),
      args: fc.dictionary(fc.constantFrom('buffer', 'to', 'endpoint', 'page', 'path', 'x'), fc.oneof(awkward, fc.integer(), fc.array(awkward, { maxLength: 2 }), fc.constant(null))),
      result: fc.constantFrom('ok', 'FFA_DENIED', 'EFAULT', 'then', 'abort'),
      handle: fc.option(fc.nat(5), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), awkward, async (steps, message) => {
        const base = twoStepViolation();
        const trace: TraceStep[] = steps.map((s) => ({
          ...s,
          ...(s.handle === undefined ? { handle: undefined } : {}),
          changes: [],
          state: base.initial,
        }));
        const report: CheckReport = { ...base, violation: { ...base.violation!, message, trace, step: trace.length } };
        await parses(sequenceDiagram(report));
      }),
      { numRuns: 150 },
    );
  });
});
