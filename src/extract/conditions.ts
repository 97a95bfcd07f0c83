/**
 * What an `if` condition tests, in the terms extraction needs: the result of a call or of a
 * variable holding one (`if (rc)`, `if (!page)`, `if (IS_ERR(p))`, `if (call(...) < 0)`), an atomic
 * counter test (`if (!refcount_dec_and_test(&r))`), or anything else (a driver flag, unknown).
 */
import { field, kids, type CNode } from './c-parser.ts';
import { callee, callArgs, lvalueKey, strip } from './expressions.ts';

/**
 * How a value is tested: `truthy` (`if (x)`), `falsy` (`if (!x)`, `x == NULL`), `negative`
 * (`x < 0`), `nonneg` (`x >= 0`), `is_err` / `not_err` (IS_ERR), or a comparison with a constant.
 */
export type ValueTest =
  | { readonly kind: 'truthy' | 'falsy' | 'negative' | 'nonneg' | 'is_err' | 'not_err' }
  | { readonly kind: 'cmp'; readonly cmp: 'eq' | 'ne' | 'gt' | 'lt'; readonly value: number };

export type Condition =
  | { readonly kind: 'call'; readonly call: CNode; readonly assignedTo: CNode | null; readonly test: ValueTest }
  | { readonly kind: 'value'; readonly subject: CNode; readonly key: string; readonly test: ValueTest }
  | { readonly kind: 'unknown' };

/** The value of an error code the files do not define (`-EBUSY`): some negative number. */
export const SOME_ERROR = -1_000_000;

/** Wrappers a condition looks through: `unlikely(x)`, `WARN_ON(x)`, `WARN(x, fmt, ...)`. */
const SEE_THROUGH = new Set(['unlikely', 'likely', 'WARN_ON', 'WARN_ON_ONCE', 'WARN', 'WARN_ONCE']);

export function classifyCondition(node: CNode, constant: (n: CNode) => number | undefined): Condition {
  return classify(node, false, constant);
}

function negate(test: ValueTest): ValueTest {
  switch (test.kind) {
    case 'truthy':
      return { kind: 'falsy' };
    case 'falsy':
      return { kind: 'truthy' };
    case 'negative':
      return { kind: 'nonneg' };
    case 'nonneg':
      return { kind: 'negative' };
    case 'is_err':
      return { kind: 'not_err' };
    case 'not_err':
      return { kind: 'is_err' };
    case 'cmp':
      // !(x == k) is x != k; the orders have no exact negation among eq/ne/gt/lt, keep them.
      return test.cmp === 'eq' ? { ...test, cmp: 'ne' } : test.cmp === 'ne' ? { ...test, cmp: 'eq' } : test;
  }
}

function subject(node: CNode, test: ValueTest, constant: (n: CNode) => number | undefined): Condition {
  const n = strip(node);
  if (n.type === 'call_expression') {
    const name = callee(n)?.name;
    const args = callArgs(n);
    if (name !== undefined && SEE_THROUGH.has(name) && args[0] !== undefined) return subject(args[0], test, constant);
    if ((name === 'IS_ERR' || name === 'IS_ERR_OR_NULL') && args[0] !== undefined) {
      return subject(args[0], test.kind === 'truthy' ? { kind: 'is_err' } : { kind: 'not_err' }, constant);
    }
    return { kind: 'call', call: n, assignedTo: null, test };
  }
  if (n.type === 'assignment_expression') {
    const right = field(n, 'right');
    const inner = right === null ? null : subject(right, test, constant);
    if (inner !== null && inner.kind === 'call') return { ...inner, assignedTo: field(n, 'left') };
    return { kind: 'unknown' };
  }
  const key = lvalueKey(n);
  if (key !== null) return { kind: 'value', subject: n, key, test };
  return { kind: 'unknown' };
}

function classify(node: CNode, negated: boolean, constant: (n: CNode) => number | undefined): Condition {
  const n = node.type === 'parenthesized_expression' && kids(node).length === 1 ? kids(node)[0]! : node;
  if (n.type === 'parenthesized_expression') return classify(n, negated, constant);
  if (n.type === 'unary_expression' && field(n, 'operator')?.text === '!') {
    const arg = field(n, 'argument');
    return arg === null ? { kind: 'unknown' } : classify(arg, !negated, constant);
  }
  if (n.type === 'binary_expression') {
    const op = field(n, 'operator')?.text;
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (left === null || right === null || op === undefined) return { kind: 'unknown' };
    // NULL, FFA_RET_SUCCESS, ..._OK: the value of success.
    const k = /^(NULL|[A-Z][A-Z0-9_]*_(SUCCESS|OK))$/.test(right.text.trim()) ? 0 : constant(right);
    if (k === undefined) {
      // `rc == -EBUSY`, `ret == FFA_RET_BUSY`: one error code, whose value headers would give.
      if (op === '==' && /^-?\s*[A-Z][A-Z0-9_]*$/.test(right.text.trim())) return subject(left, negated ? { kind: 'cmp', cmp: 'ne', value: SOME_ERROR } : { kind: 'cmp', cmp: 'eq', value: SOME_ERROR }, constant);
      return { kind: 'unknown' };
    }
    let test: ValueTest | null = null;
    if (k === 0) {
      if (op === '!=' || op === '>') test = op === '>' ? { kind: 'cmp', cmp: 'gt', value: 0 } : { kind: 'truthy' };
      else if (op === '==') test = { kind: 'falsy' };
      else if (op === '<') test = { kind: 'negative' };
      else if (op === '>=') test = { kind: 'nonneg' };
    } else if (op === '==') test = { kind: 'cmp', cmp: 'eq', value: k };
    else if (op === '!=') test = { kind: 'cmp', cmp: 'ne', value: k };
    else if (op === '>') test = { kind: 'cmp', cmp: 'gt', value: k };
    else if (op === '<') test = { kind: 'cmp', cmp: 'lt', value: k };
    else if (op === '>=') test = { kind: 'cmp', cmp: 'gt', value: k - 1 };
    else if (op === '<=') test = { kind: 'cmp', cmp: 'lt', value: k + 1 };
    if (test === null) return { kind: 'unknown' };
    return subject(left, negated ? negate(test) : test, constant);
  }
  return subject(n, negated ? { kind: 'falsy' } : { kind: 'truthy' }, constant);
}

/** Whether the condition holds exactly when the value is an error (for a pointer or an int result). */
export function trueOnError(test: ValueTest, pointer: boolean): boolean | null {
  switch (test.kind) {
    case 'truthy':
      return !pointer;
    case 'falsy':
      return pointer;
    case 'negative':
    case 'is_err':
      return true;
    case 'nonneg':
    case 'not_err':
      return false;
    case 'cmp':
      return test.value === 0 && test.cmp === 'ne' ? !pointer : test.value === 0 && test.cmp === 'eq' ? pointer : null;
  }
}
