/**
 * The step vocabulary (model/steps.ts) against SPEC sections 3 and 9: `lendcheck list steps` prints
 * these entries, so each must say what it models and what it does, the names must be SPEC's, and
 * a step SPEC does not name must be written down in docs/MODEL.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTROL_STEPS, KERNEL_STEPS, kernelStepSpec } from '../../model/steps.ts';

const SPEC = readFileSync(new URL('../../docs/SPEC.md', import.meta.url), 'utf8');
/** Where the steps SPEC does not list are written down. */
const MODEL = readFileSync(new URL('../../docs/MODEL.md', import.meta.url), 'utf8');

/** Step names in the first column of SPEC's "| step | models | effect |" tables. */
function tabledStepNames(): Set<string> {
  const names = new Set<string>();
  for (const table of SPEC.split('| step | models | effect |').slice(1)) {
    for (const row of table.split('\n').slice(2)) {
      if (!row.startsWith('|')) break;
      const first = row.split(' | ')[0]!;
      for (const m of first.matchAll(/`([a-z_]+)/g)) names.add(m[1]!);
    }
  }
  return names;
}

describe('the step vocabulary', () => {
  it('every step says what it models and what it does', () => {
    for (const step of [...KERNEL_STEPS, ...CONTROL_STEPS]) {
      expect(step.models.trim(), step.name).not.toBe('');
      expect(step.effect.trim(), step.name).not.toBe('');
    }
  });

  it("names every kernel step of SPEC's tables, and each of ours is in SPEC or docs/MODEL.md", () => {
    const names = KERNEL_STEPS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of tabledStepNames()) expect(names, name).toContain(name);
    for (const name of names) expect(`${SPEC}${MODEL}`, name).toContain(`\`${name}`);
  });

  it('control steps: SPEC section 3\'s bookkeeping steps and the two atomic tests of docs/MODEL.md', () => {
    expect(CONTROL_STEPS.map((s) => s.name)).toEqual(['lock', 'unlock', 'set', 'inc', 'dec', 'inc_not_zero', 'dec_and_test', 'if']);
    for (const step of CONTROL_STEPS) expect(`${SPEC}${MODEL}`, step.name).toContain(`\`${step.name}`);
    expect(CONTROL_STEPS.every((s) => s.args.length === 0)).toBe(true);
  });

  it('kernelStepSpec finds a kernel step by name, and nothing else', () => {
    expect(kernelStepSpec('ffa_lend')?.args.map((a) => a.name)).toEqual(['buffer', 'to', 'access', 'clear', 'chunk']);
    expect(kernelStepSpec('lock')).toBeUndefined();
    expect(kernelStepSpec('')).toBeUndefined();
  });

  it("required arguments are SPEC's: the buffer, and the region, device, endpoints or pool a step cannot guess", () => {
    const required = Object.fromEntries(KERNEL_STEPS.map((s) => [s.name, s.args.filter((a) => a.required).map((a) => a.name)]));
    for (const step of KERNEL_STEPS) expect(required[step.name]![0], step.name).toBe('buffer');
    expect(Object.fromEntries(Object.entries(required).filter(([, names]) => names.length > 1))).toEqual({
      alloc: ['buffer', 'region'],
      iommu_map: ['buffer', 'device'],
      ffa_lend: ['buffer', 'to'],
      ffa_share: ['buffer', 'to'],
      ffa_donate: ['buffer', 'to'],
      pool_alloc: ['buffer', 'pool'],
    });
    // Every optional argument has a default the compiler fills in.
    for (const step of KERNEL_STEPS) for (const arg of step.args) if (!arg.required) expect(arg, `${step.name}.${arg.name}`).toHaveProperty('default');
  });

  it("optional arguments' names, kinds and defaults are SPEC's (a design that leaves one out gets these)", () => {
    const optional = (name: string) =>
      kernelStepSpec(name)!.args.filter((a) => !a.required).map((a) => [a.name, a.kind, a.default]);
    expect(optional('ffa_lend')).toEqual([['access', 'access', 'rw'], ['clear', 'bool', false], ['chunk', 'count', null]]);
    expect(optional('alloc')).toEqual([['pages', 'count', 1], ['contiguous', 'bool', true], ['align', 'count', 1]]);
    expect(optional('memremap')).toEqual([['type', 'memtype', 'wb']]);
    expect(optional('ffa_reclaim')).toEqual([['clear', 'bool', false], ['chunk', 'count', null]]);
  });
});
