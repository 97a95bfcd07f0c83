/**
 * inc_not_zero / dec_and_test are one move each, as refcount_inc_not_zero and refcount_dec_and_test
 * are one instruction in the kernel: the get-after-last-put race needs the non-atomic spelling.
 */
import { describe, expect, it } from 'vitest';
import { loadDesignText } from '../../src/design/load.ts';
import { designSystem } from '../../src/system/design-system.ts';

const design = (get: string, put: string) =>
  [
    'design: refcount',
    'platform: {pages: {cma: 1}, endpoints: [optee]}',
    'variables: {refcount: 1}',
    'procedures:',
    '  get:',
    get,
    '  put:',
    put,
    'actors:',
    '  t_put: [put]',
    '  t_get: [get]',
    'environment: []',
  ].join('\n');

const ATOMIC_GET = '    - inc_not_zero: {var: refcount, then: [set: {var: got, value: 1}]}';
const ATOMIC_PUT = '    - dec_and_test: {var: refcount, then: [set: {var: freed, value: 1}]}';
const RACY_GET = '    - if: {var: refcount, gt: 0, then: [inc: refcount, set: {var: got, value: 1}]}';
const RACY_PUT = '    - dec: refcount\n    - if: {var: refcount, eq: 0, then: [set: {var: freed, value: 1}]}';

/** Every final valuation of the variables, over all interleavings. */
function outcomes(text: string): string[] {
  const loaded = loadDesignText('refcount.yaml', text);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  const program = loaded.value;
  const system = designSystem(program);
  const finals = new Set<string>();
  const stack = [system.initial()];
  while (stack.length > 0) {
    const state = stack.pop()!;
    const moves = system.moves(state);
    if (moves.length === 0) finals.add(program.variables.map((v, i) => `${v.name}=${state.vars[i]}`).sort().join(' '));
    for (const move of moves) stack.push(system.apply(state, move));
  }
  return [...finals].sort();
}

describe('atomic refcount tests', () => {
  it('a get either revives the count before the last put or sees it gone, never both', () => {
    expect(outcomes(design(ATOMIC_GET, ATOMIC_PUT))).toEqual(['freed=0 got=1 refcount=1', 'freed=1 got=0 refcount=0']);
  });

  it('written as a test and a separate update, the get can take a reference to a freed object', () => {
    expect(outcomes(design(RACY_GET, RACY_PUT))).toContain('freed=1 got=1 refcount=1');
  });

  it('compiles to one branch instruction named after the kernel call', () => {
    const loaded = loadDesignText('refcount.yaml', design(ATOMIC_GET, ATOMIC_PUT));
    if (!loaded.ok) throw new Error('does not load');
    const [put, get] = loaded.value.actors;
    expect(put!.code[0]).toMatchObject({ op: 'if', cond: { kind: 'dec_and_test' } });
    expect(get!.code[0]).toMatchObject({ op: 'if', cond: { kind: 'inc_not_zero' } });
  });

  it('rejects an atomic test without a variable, with its line', () => {
    const loaded = loadDesignText('bad.yaml', design('    - inc_not_zero: {then: []}', ATOMIC_PUT));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors[0]).toMatchObject({ file: 'bad.yaml', line: 6 });
    expect(loaded.errors[0]!.message).toMatch(/inc_not_zero is missing 'var'/);
  });
});
