/** Small views of C expressions: keys that identify an lvalue across functions, names, callees. */
import { field, kids, type CNode } from './c-parser.ts';

/** The expression without parentheses, casts, `&` and `*`. */
export function strip(node: CNode): CNode {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && kids(n).length === 1) n = kids(n)[0]!;
    else if (n.type === 'cast_expression' && field(n, 'value') !== null) n = field(n, 'value')!;
    else if (n.type === 'pointer_expression' && field(n, 'argument') !== null) n = field(n, 'argument')!;
    else return n;
  }
}

/**
 * A key naming the same storage from any function: a field path without its base variable
 * (`rp->protmem`, `priv.protmem` and `&p->protmem` are all `.protmem`; `p->pool->base` is
 * `.pool.base`), `var:NAME` for a plain variable, null for anything else.
 */
export function lvalueKey(node: CNode): string | null {
  const n = strip(node);
  if (n.type === 'identifier') return `var:${n.text}`;
  if (n.type === 'subscript_expression') {
    const base = field(n, 'argument');
    return base === null ? null : lvalueKey(base);
  }
  if (n.type === 'field_expression') {
    const base = field(n, 'argument');
    const name = field(n, 'field');
    if (base === null || name === null) return null;
    const inner = lvalueKey(base);
    if (inner === null) return null;
    return `${inner.startsWith('var:') ? '' : inner}.${name.text}`;
  }
  return null;
}

/** A design name for an expression: `p->pages` -> `p_pages`, `&rp->mutex` -> `rp_mutex`. */
export function designName(node: CNode): string {
  return sanitize(strip(node).text);
}

export function sanitize(text: string): string {
  const s = text.replace(/->|\./g, '_').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').replace(/_+/g, '_');
  if (s === '') return 'x';
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
}

/** The name a call is made by: `f(...)` -> f; `x->ops->f(...)` -> f, reached through a field. */
export function callee(call: CNode): { name: string; viaField: boolean } | null {
  const fn = field(call, 'function');
  if (fn === null) return null;
  const f = strip(fn);
  if (f.type === 'identifier') return { name: f.text, viaField: false };
  if (f.type === 'field_expression') {
    const name = field(f, 'field');
    return name === null ? null : { name: name.text, viaField: true };
  }
  return null;
}

export function callArgs(call: CNode): CNode[] {
  const args = field(call, 'arguments');
  return args === null ? [] : kids(args);
}

/** The call an expression is, looking through parentheses, casts and `x = call(...)`. */
export function callIn(node: CNode): { call: CNode; assignedTo: CNode | null } | null {
  const n = strip(node);
  if (n.type === 'call_expression') return { call: n, assignedTo: null };
  if (n.type === 'assignment_expression') {
    const right = field(n, 'right');
    const left = field(n, 'left');
    const inner = right === null ? null : callIn(right);
    return inner === null ? null : { call: inner.call, assignedTo: left };
  }
  return null;
}

/** Every call expression under `node`, outermost first, in source order. */
export function callsUnder(node: CNode): CNode[] {
  const out: CNode[] = [];
  const visit = (n: CNode) => {
    if (n.type === 'call_expression') out.push(n);
    for (const c of kids(n)) visit(c);
  };
  visit(node);
  return out;
}
