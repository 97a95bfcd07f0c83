/**
 * Partial-order reduction is sound (src/system/partial-order.ts, the engine's cycle proviso and
 * shortest re-search): on every shipped and test design, on scaled designs, and on designs
 * fast-check generates, the reduced search gives the unreduced verdict, broken invariant and
 * shortest length; and every ample set commutes, in the state it is offered in, with every move
 * left out of it.
 */
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDesignFile } from '../../src/design/load.ts';
import type { Program } from '../../src/design/program.ts';
import { designSystem, type DesignSystem } from '../../src/system/design-system.ts';
import { compile } from '../design/helpers.ts';
import { defaultSearchSummary, reachableStates, reductionCorpus, searchSummary } from './reductions.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const scaled = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const loaded = loadDesignFile(join(FIXTURES, f));
    if (!loaded.ok) throw new Error(`${f}: ${loaded.errors.map((e) => e.message).join('; ')}`);
    return { name: `test/system/fixtures/${f}`, program: loaded.value };
  });
const corpus = [...reductionCorpus(), ...scaled];

/**
 * The default reduced search (partial-order reduction, page and handle renaming, with its
 * fallback) and the unreduced one (actor and page symmetry only): equal but for the states.
 */
function sameAnswer(program: Program): { reduced: number; plain: number; renaming: string } {
  const { renaming, ...reduced } = defaultSearchSummary(program);
  const { renamingBroken: _, ...plain } = searchSummary(program, { symmetry: true, pageSymmetry: true }, 3_000_000, false);
  expect({ ...reduced, states: 0 }).toEqual({ ...plain, states: 0 });
  if (reduced.verdict === 'pass') expect(reduced.complete).toBe(true);
  return { reduced: reduced.states, plain: plain.states, renaming };
}

/** Partial-order reduction alone (no renaming) against the unreduced search. */
function samePorAnswer(program: Program): void {
  const options = { symmetry: true, pageSymmetry: true };
  const { renamingBroken: _r, ...reduced } = searchSummary(program, options, 3_000_000, true);
  const { renamingBroken: _p, ...plain } = searchSummary(program, options, 3_000_000, false);
  expect({ ...reduced, states: 0 }).toEqual({ ...plain, states: 0 });
}

describe('partial-order reduction on every shipped and test design', () => {
  it.each(corpus.map((c) => [c.name, c.program] as const))('%s: same verdict, invariant and shortest length', (_name, program) => {
    const { reduced, plain } = sameAnswer(program);
    // A violation is re-searched without reduction; a pass is the reduced search's own count.
    expect(reduced).toBeLessThanOrEqual(plain);
    samePorAnswer(program);
  });

  it('applies renaming to the scaled designs and abandons it where freed pages differ', () => {
    const renamings = new Map(corpus.map((c) => [c.name, defaultSearchSummary(c.program).renaming]));
    expect(renamings.get('test/system/fixtures/scaled-x3-fixed.yaml')).toBe('applied');
    // The shipped fixed design allocates two contiguous pages: the lowest free run reads adjacency.
    expect(renamings.get('designs/optee-protmem-fixed.yaml')).toBe('not applicable');
    expect([...renamings.values()].filter((r) => r === 'applied').length).toBeGreaterThan(5);
    expect([...renamings.values()].filter((r) => r === 'abandoned').length).toBeGreaterThan(0);
    expect([...renamings.values()].filter((r) => r === 'not applicable').length).toBeGreaterThan(0);
  });

  it('reduces the scaled correct design from 25,816 states to 670, and the shipped fixed design', () => {
    const x3 = scaled.find((s) => s.name.endsWith('scaled-x3-fixed.yaml'))!.program;
    const { reduced, plain } = sameAnswer(x3);
    expect(plain).toBe(25_816);
    expect(reduced).toBe(670);
    const fixed = corpus.find((c) => c.name === 'designs/optee-protmem-fixed.yaml')!.program;
    const shipped = sameAnswer(fixed);
    expect(shipped.reduced).toBeLessThan(shipped.plain);
  });

  it('without actor symmetry too (the reductions combine; neither depends on the other)', () => {
    for (const name of ['designs/optee-protmem-fixed.yaml', 'designs/careful-every-path.yaml', 'designs/bug-b02-pool-subbuffer-teardown-race.yaml']) {
      const program = corpus.find((c) => c.name === name)!.program;
      const reduced = searchSummary(program, { symmetry: false, pageSymmetry: false }, 3_000_000, true);
      const plain = searchSummary(program, { symmetry: false, pageSymmetry: false }, 3_000_000, false);
      expect({ ...reduced, states: 0 }).toEqual({ ...plain, states: 0 });
    }
  });
});

/**
 * In every reachable state (up to a budget per design), each ample set the system offers is
 * checked against every move outside it: both orders reach states with the same fingerprint, and
 * neither move disables the other. (Persistence also speaks of moves that become enabled later;
 * that part is argued in docs/MODEL.md and tested end to end above and below.)
 */
function commutes(system: DesignSystem, budget: number): { sets: number; pairs: number } {
  let sets = 0;
  let pairs = 0;
  for (const state of reachableStates(system, budget)) {
    const moves = system.moves(state);
    for (const ample of system.ample!(state, moves)) {
      sets++;
      for (const i of ample) {
        const a = moves[i]!;
        const afterA = system.apply(state, a);
        for (let j = 0; j < moves.length; j++) {
          if (ample.includes(j)) continue;
          const b = moves[j]!;
          const afterB = system.apply(state, b);
          pairs++;
          const bAfterA = system.moves(afterA).find((m) => system.moveKey(m) === system.moveKey(b));
          const aAfterB = system.moves(afterB).find((m) => system.moveKey(m) === system.moveKey(a));
          expect(bAfterA, `${system.moveKey(a)} disables ${system.moveKey(b)}`).toBeDefined();
          expect(aAfterB, `${system.moveKey(b)} disables ${system.moveKey(a)}`).toBeDefined();
          expect(system.fingerprint(system.apply(afterA, bAfterA!)), `${system.moveKey(a)} and ${system.moveKey(b)} do not commute`).toBe(
            system.fingerprint(system.apply(afterB, aAfterB!)),
          );
        }
      }
    }
  }
  return { sets, pairs };
}

describe('ample sets commute with every move they leave out', () => {
  it.each(corpus.map((c) => [c.name, c.program] as const))('%s', (_name, program) => {
    commutes(designSystem(program, program.invariants, { pageSymmetry: true }), 1500);
  });

  it('offers sets on the scaled design (the test above is not vacuous)', () => {
    const x3 = scaled.find((s) => s.name.endsWith('scaled-x3-fixed.yaml'))!.program;
    const { sets, pairs } = commutes(designSystem(x3, x3.invariants, { pageSymmetry: true }), 1500);
    expect(sets).toBeGreaterThan(500);
    expect(pairs).toBeGreaterThan(1000);
  });
});

/** Steps a generated actor may take on its own buffer after allocating it. */
const STEPS = [
  'clean_cache: buf',
  'unmap_linear: buf',
  'flush_tlb: buf',
  'map_linear: buf',
  'vmap: buf',
  'vunmap: buf',
  'mmap_user: buf',
  'munmap_user: buf',
  'zero: buf',
  'mark_nosave: buf',
  'iommu_map: {buffer: buf, device: vdec}',
  'iommu_unmap: {buffer: buf, device: vdec}',
  'ffa_lend: {buffer: buf, to: [optee]}',
  'ffa_share: {buffer: buf, to: [optee]}',
  'ffa_donate: {buffer: buf, to: [optee]}',
  'ffa_reclaim: {buffer: buf, clear: true}\n      on_error: [leak: buf]',
  'ffa_reclaim: buf',
  'leak: buf',
  'free: buf',
  'if: {result: ok, then: [flush_tlb: buf], else: [leak: buf]}',
  'inc: count',
  'set: {var: own, value: 1}',
  'ffa_reclaim: buf\n      retry: true',
];
const ENVIRONMENTS = [['secure'], ['secure', 'cpu'], ['secure', 'devices'], ['secure', 'cpu', 'hibernate'], ['cpu', 'devices']];

const generatedDesign = fc.record({
  actors: fc.array(fc.array(fc.integer({ min: 0, max: STEPS.length - 1 }), { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 3 }),
  environment: fc.integer({ min: 0, max: ENVIRONMENTS.length - 1 }),
  pages: fc.integer({ min: 2, max: 4 }),
  granule: fc.boolean(),
});

function designText(d: { actors: number[][]; environment: number; pages: number; granule: boolean }): string {
  const procedures = d.actors
    .map((steps, a) => [`  p${a}:`, '    - alloc: {buffer: buf, region: cma, pages: 1}', ...steps.map((s) => `    - ${STEPS[s]!.replace('own', `own${a}`)}`)].join('\n'))
    .join('\n');
  return `design: generated
title: generated for the partial-order soundness test
platform: {hypervisor: none, spmc: hafnium, pages: {cma: ${d.pages}}, endpoints: [optee], devices: {vdec: secure}${d.granule ? ', firewall_granule: 2' : ''}}
variables: {count: 0, ${d.actors.map((_, a) => `own${a}: 0`).join(', ')}}
procedures:
${procedures}
actors:
${d.actors.map((_, a) => `  t${a}: [p${a}]`).join('\n')}
environment: [${ENVIRONMENTS[d.environment]!.join(', ')}]
invariants: all
`;
}

describe('partial-order reduction on generated designs', () => {
  it('gives the unreduced verdict, invariant and shortest length (300 designs)', () => {
    let reducedSome = 0;
    let violations = 0;
    const renamings = new Map<string, number>();
    fc.assert(
      fc.property(generatedDesign, (d) => {
        const program = compile(designText(d));
        const { reduced, plain, renaming } = sameAnswer(program);
        samePorAnswer(program);
        renamings.set(renaming, (renamings.get(renaming) ?? 0) + 1);
        if (reduced < plain) reducedSome++;
        if (searchSummary(program, { pageSymmetry: true }, 100_000, false).verdict === 'violation') violations++;
      }),
      { numRuns: 300, seed: 20261201 },
    );
    // Not vacuous: the reduction applies to many of them, and many break an invariant.
    expect(reducedSome).toBeGreaterThan(30);
    expect(violations).toBeGreaterThan(30);
    expect(renamings.get('applied')).toBeGreaterThan(30);
    expect(renamings.get('abandoned')).toBeGreaterThan(10);
  });
});
