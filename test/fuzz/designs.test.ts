/** Fuzzing the design loader (harness.ts): 5,000 malformed designs per run, fixed seed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDesignText } from '../../src/design/load.ts';
import { expectAnswer, FUZZ_INPUTS, shippedDesigns, trapLeaks } from './harness.ts';
import { malformed } from './mutations.ts';

trapLeaks();

describe('fuzzed designs end in a program or a located error', () => {
  it(`${FUZZ_INPUTS.designs} mutations of the shipped designs`, () => {
    let fed = 0;
    fc.assert(
      fc.property(malformed(shippedDesigns()), (text) => {
        fed++;
        expectAnswer('designs/fuzz.yaml', () => loadDesignText('designs/fuzz.yaml', text));
      }),
      { numRuns: FUZZ_INPUTS.designs, seed: 20261201 },
    );
    expect(fed).toBe(FUZZ_INPUTS.designs);
  });

  it('a list or map used as a key is a located error, not a yaml warning', () => {
    const r = expectAnswer('d.yaml', () => loadDesignText('d.yaml', 'design: d\n? [a, b]\n: 1\n'));
    expect(r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(['2:3 not valid YAML/JSON: a key must be a name or a number, not a list or a map']);
  });

  it('unknown tags and YAML 1.1 types are located errors, not Buffers or Sets', () => {
    for (const text of ['design: !foo d\n', 'design: d\nshared: !!set {a}\n', 'design: d\ntitle: !!binary aGk=\n']) {
      const r = expectAnswer('d.yaml', () => loadDesignText('d.yaml', text));
      expect(r.ok ? [] : r.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/^not valid YAML\/JSON: Unresolved tag/));
    }
  });
});
