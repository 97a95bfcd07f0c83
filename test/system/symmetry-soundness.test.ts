/**
 * Actor symmetry is sound on real designs: with and without it, every shipped and test design gets
 * the same verdict, the same broken invariant and the same shortest length; and it only merges
 * actors whose whole procedures (steps and arguments) are equal.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../design/helpers.ts';
import { Fingerprinter } from '../../src/system/fingerprint.ts';
import { reductionCorpus, searchSummary } from './reductions.ts';

const corpus = reductionCorpus();

describe('actor and page symmetry on every shipped and test design', () => {
  it('has a corpus worth the name', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(25);
    expect(corpus.some(({ program }) => new Fingerprinter(program).classes.some((c) => c.length > 1))).toBe(true);
  });

  it.each(corpus.map((c) => [c.name, c.program] as const))('%s: same verdict, invariant and shortest length', (_name, program) => {
    const reduced = searchSummary(program, { symmetry: true, pageSymmetry: true });
    const plain = searchSummary(program, { symmetry: false, pageSymmetry: false });
    expect({ ...reduced, states: 0 }).toEqual({ ...plain, states: 0 });
    expect(reduced.states).toBeLessThanOrEqual(plain.states);
    if (reduced.verdict === 'pass') expect(reduced.complete).toBe(true);
  });
});

describe('which actors symmetry merges', () => {
  const design = (t2: string) => `
design: symmetry-classes
title: two actors, the second one written per test
platform: {pages: {cma: 4}, endpoints: [optee], devices: {vdec: secure, gpu: normal}}
procedures:
  one:
    - alloc: {buffer: buf, region: cma, pages: 1}
    - iommu_map: {buffer: buf, device: vdec}
    - ffa_lend: {buffer: buf, to: [optee]}
  two:
${t2}
actors:
  t1: [one]
  t2: [two]
  t3: [one]
`;
  const classesOf = (t2: string) => new Fingerprinter(compile(design(t2))).classes.map((c) => [...c]);
  const same = `    - alloc: {buffer: mine, region: cma, pages: 1}
    - iommu_map: {buffer: mine, device: vdec}
    - ffa_lend: {buffer: mine, to: [optee]}`;

  it('merges actors whose procedures are equal up to their own buffer names', () => {
    expect(classesOf(same)).toEqual([[0, 1, 2]]);
  });

  it.each([
    ['a page count', same.replace('pages: 1', 'pages: 2')],
    ['a device', same.replace('device: vdec', 'device: gpu')],
    ['a send flag', same.replace('to: [optee]', 'to: [optee], clear: true')],
    ['a step', same.replace('ffa_lend', 'ffa_share')],
    ['the order of two steps', same.split('\n').map((line, i, all) => all[i === 1 ? 2 : i === 2 ? 1 : i]!).join('\n')],
  ])('keeps apart actors that differ only in %s', (_what, t2) => {
    expect(classesOf(t2)).toEqual([[0, 2], [1]]);
  });
});
