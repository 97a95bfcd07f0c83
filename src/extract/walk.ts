/**
 * Walks C statements into design steps. Control flow is kept the way the design language can say
 * it: a function's steps are spliced into its caller (inlining), `goto label` continues with the
 * statements under the label, an early return nests the rest of the function into the branch
 * that goes on, and error paths become `on_error` (error-paths.ts). Loops run their body once.
 */
import { field, kids, lineOf, type CNode } from './c-parser.ts';
import { CallCompiler } from './calls.ts';
import { classifyCondition, trueOnError, type ValueTest } from './conditions.ts';
import { evaluate } from './constants.ts';
import { branch, errorReturn, type Rest } from './error-paths.ts';
import { callIn, callsUnder, callee, callArgs, lvalueKey, strip } from './expressions.ts';
import { FALL, outOfCall, seq, type Compiled, type IRStep } from './ir.ts';
import type { CFunction } from './source-index.ts';
import type { BufferInfo, ExtractState, Frame } from './state.ts';
import { TRANSPARENT } from './call-table.ts';

/** A needed function that does not parse: exit 2 with its place. */
export class UnparsableFunction extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

export class Walker {
  readonly calls: CallCompiler;

  constructor(readonly state: ExtractState) {
    this.calls = new CallCompiler(this);
  }

  /** An actor's function, run as one procedure: an error return ends the actor. */
  procedure(fn: CFunction): IRStep[] {
    const frame = this.frame(fn, { steps: [], exit: 'fail' }, [fn.name], new Map(), new Map());
    return this.seq(frame.stmts, 0, frame).steps;
  }

  /** Follows a call into a function of the files; its error returns land on `fail`. */
  inline(fn: CFunction, call: CNode, caller: Frame, fail: Compiled): { compiled: Compiled; returned: BufferInfo | null } {
    const aliases = new Map<string, BufferInfo>();
    const consts = new Map<string, string>();
    callArgs(call).forEach((arg, i) => {
      const param = fn.params[i];
      if (param === undefined || param === '') return;
      const buffer = this.state.findBuffer(caller, arg);
      if (buffer !== null) aliases.set(`var:${param}`, buffer);
      const value = this.constant(arg, caller);
      if (value !== undefined) consts.set(param, String(value));
    });
    const frame = this.frame(fn, fail, [...caller.stack, fn.name], aliases, consts);
    const compiled = this.seq(frame.stmts, 0, frame);
    return { compiled: { steps: compiled.steps, exit: outOfCall(compiled.exit) }, returned: frame.returned.buffer };
  }

  private frame(fn: CFunction, fail: Compiled, stack: readonly string[], aliases: Map<string, BufferInfo>, consts: Map<string, string>): Frame {
    this.checkParsed(fn);
    const stmts = flatten(fn.body);
    const labels = new Map<string, number>();
    stmts.forEach((s, i) => {
      if (s.type === 'labeled_statement') {
        const label = field(s, 'label');
        if (label !== null) labels.set(label.text, i);
      }
    });
    return { fn, stmts, labels, aliases, consts, fail, inError: false, stack, gotos: [], returned: { buffer: null } };
  }

  /**
   * ERROR nodes left after recovery: harmless when they hide no call extraction cares about
   * (noted), exit 2 when they might (a step could be lost).
   */
  private checkParsed(fn: CFunction): void {
    if (!fn.body.hasError) return;
    const errors: CNode[] = [];
    const find = (n: CNode) => {
      // A missing ';' is what an iterator macro (`for_each_sgtable_page(...) {`) leaves: harmless.
      if (n.isMissing && n.type === ';') return;
      if (n.type === 'ERROR' || n.isMissing) errors.push(n);
      else if (n.hasError) for (const c of n.children) if (c !== null) find(c);
    };
    find(fn.body);
    for (const e of errors) {
      const words = enclosingStatement(e).text.match(/[A-Za-z_]\w*/g) ?? [];
      const needed = words.find((w) => this.calls.matters(w));
      const where = `${fn.file.name}:${lineOf(e)}`;
      if (needed !== undefined) {
        throw new UnparsableFunction(fn.file.path, lineOf(e), e.startPosition.column + 1, `cannot parse ${fn.name}()${needed !== undefined ? ` around its call to ${needed}()` : ''}: ${e.isMissing ? `missing ${e.type}` : `unexpected '${e.text.split('\n')[0]!.slice(0, 40)}'`}`);
      }
      this.state.note(`unparsed C skipped in ${fn.name}() at ${where}: '${e.text.split('\n')[0]!.slice(0, 40)}'`);
    }
  }

  constant(node: CNode, f: Frame): number | undefined {
    return evaluate(node.text, (name) => f.consts.get(name) ?? this.state.settings.index.defines.get(name));
  }

  seq(stmts: readonly CNode[], i: number, f: Frame): Compiled {
    // Falling off the end of the function's own body is returning from it.
    if (i >= stmts.length) return stmts === f.stmts ? { steps: [], exit: 1 } : FALL;
    return this.stmt(stmts, i, f);
  }

  block(node: CNode | null, f: Frame, inError: boolean): Compiled {
    if (node === null) return FALL;
    return this.seq(flatten(node), 0, { ...f, inError });
  }

  private stmt(stmts: readonly CNode[], i: number, f: Frame): Compiled {
    const s = stmts[i]!;
    const rest: Rest = () => this.seq(stmts, i + 1, f);
    switch (s.type) {
      case 'expression_statement': {
        const e = kids(s).find((k) => k.type !== 'comment');
        return e === undefined ? rest() : this.expression(e, stmts, i, f);
      }
      case 'declaration':
        return this.declaration(s, stmts, i, f);
      case 'if_statement':
        return this.ifStatement(s, stmts, i, f);
      case 'while_statement':
      case 'do_statement': {
        const retried = this.retryLoop(s, f, rest);
        if (retried !== null) return retried;
      }
      // falls through: an ordinary loop
      case 'for_statement': {
        for (const part of ['initializer', 'condition', 'update']) {
          const p = field(s, part);
          if (p !== null) this.calls.noteUnknownUnder(p, f);
        }
        this.state.note(`loop at ${f.fn.file.name}:${lineOf(s)} in ${f.fn.name}(): its body is taken once`);
        return seq(this.block(field(s, 'body'), f, f.inError), rest);
      }
      case 'goto_statement':
        return this.goto(s, f);
      case 'return_statement':
        return this.returnStatement(s, f);
      case 'switch_statement':
        this.state.note(`switch at ${f.fn.file.name}:${lineOf(s)} in ${f.fn.name}(): not modelled, skipped`);
        return rest();
      default:
        return rest();
    }
  }

  /**
   * `do { rc = call(); } while (rc);` and `while (call()) msleep(1);`: the call repeated until it
   * succeeds, a step with `retry: true`. Other statements in the body must not map to anything.
   */
  private retryLoop(s: CNode, f: Frame, rest: Rest): Compiled | null {
    const cond = field(s, 'condition');
    const body = field(s, 'body');
    if (cond === null) return null;
    const c = classifyCondition(cond, (n) => this.constant(n, f));
    const others = body === null ? [] : flatten(body);
    let call: CNode | null = null;
    if (c.kind === 'call' && this.calls.handles(c.call) && others.every((o) => callsUnder(o).every((k) => !this.calls.handles(k)))) {
      call = c.call;
    } else if (s.type === 'do_statement' && c.kind === 'value') {
      const calls = others.flatMap((o) => callsUnder(o)).filter((k) => this.calls.handles(k));
      const only = others.length >= 1 ? callIn(kids(others[0]!)[0] ?? others[0]!) : null;
      if (calls.length === 1 && only !== null && only.call.id === calls[0]!.id && only.assignedTo !== null && lvalueKey(only.assignedTo) === c.key) call = only.call;
    }
    if (call === null) return null;
    const loopsOnError = trueOnError(c.kind === 'unknown' ? { kind: 'truthy' } : c.test, this.calls.returnsPointer(call));
    if (loopsOnError === false) return null;
    const compiled = this.calls.compile(call, null, f, () => FALL, () => FALL, rest);
    const first = compiled.steps[0];
    if (first?.kind !== 'kernel') return null;
    first.retry = true;
    first.onError = null;
    first.continues = false;
    this.state.note(`loop at ${f.fn.file.name}:${lineOf(s)} in ${f.fn.name}() repeats ${first.step} until it succeeds: retry: true`);
    return compiled;
  }

  private expression(e: CNode, stmts: readonly CNode[], i: number, f: Frame): Compiled {
    const rest: Rest = () => this.seq(stmts, i + 1, f);
    const found = callIn(unwrapTransparent(e));
    if (found !== null) return this.callStatement(found.call, found.assignedTo, stmts, i, f);
    if (e.type === 'assignment_expression') {
      const left = field(e, 'left');
      const right = field(e, 'right');
      const steps = left !== null && right !== null ? this.assignment(left, right, f) : [];
      return seq({ steps, exit: 'fall' }, rest);
    }
    this.calls.noteUnknownUnder(e, f);
    return rest();
  }

  private declaration(s: CNode, stmts: readonly CNode[], i: number, f: Frame): Compiled {
    const steps: IRStep[] = [];
    for (const d of kids(s)) {
      if (d.type !== 'init_declarator') continue;
      let name = field(d, 'declarator');
      while (name !== null && name.type !== 'identifier') name = field(name, 'declarator');
      const value = field(d, 'value');
      if (name === null || value === null) continue;
      const found = callIn(unwrapTransparent(value));
      if (found !== null) {
        return seq({ steps, exit: 'fall' }, () => this.callStatement(found.call, name, stmts, i, f));
      }
      steps.push(...this.assignment(name, value, f));
    }
    return seq({ steps, exit: 'fall' }, () => this.seq(stmts, i + 1, f));
  }

  /** `left = right`: aliases of buffers, constant locals, and `set` steps for driver flags. */
  assignment(left: CNode, right: CNode, f: Frame): IRStep[] {
    const key = lvalueKey(left);
    const buffer = this.state.findBuffer(f, right);
    if (key !== null && buffer !== null) this.state.bind(f, key, buffer);
    if (key !== null && key.startsWith('var:')) {
      const value = this.constant(right, f);
      if (value !== undefined) f.consts.set(key.slice(4), String(value));
      else f.consts.delete(key.slice(4));
    }
    this.calls.noteUnknownUnder(right, f);
    return this.flagSet(left, right, f);
  }

  /** A `set` step when `left` is a driver flag some condition tests. */
  flagSet(left: CNode, right: CNode | null, f: Frame): IRStep[] {
    const key = lvalueKey(left);
    if (key === null || !this.state.settings.index.flagKeys.has(key)) return [];
    const variable = this.state.nameFor(left);
    this.state.variables.add(variable);
    const text = right === null ? '' : strip(right).text.trim();
    const value = right === null ? 1 : text === 'NULL' || text === 'false' ? 0 : (this.constant(right, f) ?? 1);
    return [{ kind: 'set', variable, value, at: this.state.at(f, left), flag: true }];
  }

  /** A call statement, with its result check when the next statement is one. */
  private callStatement(call: CNode, assignedTo: CNode | null, stmts: readonly CNode[], i: number, f: Frame): Compiled {
    const resultKey = assignedTo === null ? null : lvalueKey(assignedTo);
    const pointer = this.calls.returnsPointer(call);
    // `rc = call(); mutex_unlock(&m); if (rc) goto err;`: the statements between the call and
    // its check run on both paths.
    const gapEnd = resultKey === null ? i + 1 : this.gapBeforeCheck(stmts, i + 1, resultKey, f);
    if (gapEnd > i + 1) return this.callStatementWithGap(call, assignedTo, stmts.slice(i + 1, gapEnd), stmts.slice(gapEnd), f);
    const next = stmts[i + 1];
    if (next !== undefined && resultKey !== null) {
      if (next.type === 'if_statement') {
        const cond = field(next, 'condition');
        const c = cond === null ? null : classifyCondition(cond, (n) => this.constant(n, f));
        if (c !== null && c.kind === 'value' && c.key === resultKey) {
          const onError = trueOnError(c.test, pointer);
          if (onError !== null) {
            const [errNode, okNode] = onError ? [field(next, 'consequence'), elseOf(next)] : [elseOf(next), field(next, 'consequence')];
            // `if (!ret) {...} return ret;`: after the if, the error path still carries the error.
            const restOnError = returnsLater(stmts, i + 2, resultKey) ? () => this.seq(stmts, i + 2, { ...f, inError: true }) : undefined;
            return this.calls.compile(call, assignedTo, f, () => this.block(errNode, f, true), () => this.block(okNode, f, f.inError), () => this.seq(stmts, i + 2, f), restOnError);
          }
        }
      }
      if (next.type === 'return_statement') {
        const value = kids(next).find((k) => k.type !== 'comment');
        if (value !== undefined && lvalueKey(value) === resultKey) {
          return this.calls.compile(call, assignedTo, f, () => errorReturn(f.fail), () => ({ steps: [], exit: 1 }), () => FALL);
        }
      }
    }
    return this.calls.compile(call, assignedTo, f, () => FALL, () => FALL, () => this.seq(stmts, i + 1, f));
  }

  /** Up to three plain statements (locking, logging) before the check of `key`; the check's index. */
  private gapBeforeCheck(stmts: readonly CNode[], from: number, key: string, f: Frame): number {
    const name = key.startsWith('var:') ? key.slice(4) : key.split('.').pop()!;
    for (let j = from; j < stmts.length && j < from + 3; j++) {
      const s = stmts[j]!;
      if (s.type === 'if_statement') {
        const cond = field(s, 'condition');
        const c = cond === null ? null : classifyCondition(cond, (n) => this.constant(n, f));
        return c !== null && c.kind === 'value' && c.key === key && j > from ? j : from;
      }
      if (s.type !== 'expression_statement' || new RegExp(`\\b${name}\\b`).test(s.text)) return from;
      const steps = callsUnder(s).filter((k) => this.calls.handles(k) && !this.calls.isLocking(k));
      if (steps.length > 0) return from;
    }
    return from;
  }

  /** The call, then its check, with `gap` compiled into both of the check's paths. */
  private callStatementWithGap(call: CNode, assignedTo: CNode | null, gap: readonly CNode[], after: readonly CNode[], f: Frame): Compiled {
    const check = after[0]!;
    const cond = field(check, 'condition')!;
    const c = classifyCondition(cond, (n) => this.constant(n, f));
    const onError = c.kind === 'value' ? trueOnError(c.test, this.calls.returnsPointer(call)) : null;
    const rest = () => this.seq(after, 1, f);
    const gapThen = (path: () => Compiled) => () => seq(this.seq(gap, 0, f), path);
    if (onError === null) return this.calls.compile(call, assignedTo, f, () => FALL, () => FALL, () => seq(this.seq(gap, 0, f), () => this.seq(after, 0, f)));
    const [errNode, okNode] = onError ? [field(check, 'consequence'), elseOf(check)] : [elseOf(check), field(check, 'consequence')];
    return this.calls.compile(call, assignedTo, f, gapThen(() => this.block(errNode, f, true)), gapThen(() => this.block(okNode, f, f.inError)), rest);
  }

  private ifStatement(s: CNode, stmts: readonly CNode[], i: number, f: Frame): Compiled {
    const cond = field(s, 'condition');
    const cons = field(s, 'consequence');
    const alt = elseOf(s);
    const rest: Rest = () => this.seq(stmts, i + 1, f);
    const where = `${f.fn.file.name}:${lineOf(s)}`;
    const approximated = () => this.state.note(`paths of the if at ${where} in ${f.fn.name}() end differently: approximated, the caller goes on`);
    if (cond === null) return rest();
    const c = classifyCondition(cond, (n) => this.constant(n, f));
    if (c.kind === 'call') {
      const atomic = this.calls.atomicTest(c.call);
      if (atomic !== null) {
        const hit = c.test.kind === 'truthy' || (c.test.kind === 'cmp' && c.test.cmp === 'ne');
        const [thenNode, elseNode] = hit ? [cons, alt] : [alt, cons];
        const variable = this.calls.counterName(c.call);
        const at = this.state.at(f, s);
        return branch(
          (then, otherwise) => ({ kind: 'branch', step: atomic, cond: { var: variable }, then, else: otherwise, at }),
          this.block(thenNode, f, f.inError),
          this.block(elseNode, f, f.inError),
          rest,
          approximated,
        );
      }
      if (this.calls.handles(c.call)) {
        const onError = trueOnError(c.test, this.calls.returnsPointer(c.call)) ?? true;
        const [errNode, okNode] = onError ? [cons, alt] : [alt, cons];
        return this.calls.compile(c.call, c.assignedTo, f, () => this.block(errNode, f, true), () => this.block(okNode, f, f.inError), rest);
      }
    }
    if (c.kind === 'value' && this.state.settings.index.flagKeys.has(c.key)) {
      const test = flagTest(c.test);
      if (test !== null) {
        const variable = this.state.nameFor(c.subject);
        this.state.variables.add(variable);
        const at = this.state.at(f, s);
        return branch(
          (then, otherwise) => ({ kind: 'branch', step: 'if', cond: { var: variable, ...test }, then, else: otherwise, at }),
          this.block(cons, f, f.inError),
          this.block(alt, f, f.inError),
          rest,
          approximated,
        );
      }
    }
    // A condition the design cannot test: follow the path that goes on (the normal path).
    this.calls.noteUnknownUnder(cond, f);
    const thenC = this.block(cons, f, f.inError);
    const elseC = this.block(alt, f, f.inError);
    const takeElse = thenC.exit !== 'fall' && elseC.exit === 'fall';
    this.state.note(`condition '${cond.text.replace(/\s+/g, ' ').slice(0, 50)}' at ${where} in ${f.fn.name}() not modelled: took the ${takeElse ? (alt === null ? 'path past the if' : 'else branch') : 'then branch'}`);
    return seq(takeElse ? elseC : thenC, rest);
  }

  private goto(s: CNode, f: Frame): Compiled {
    const label = field(s, 'label')?.text ?? '';
    const index = f.labels.get(label);
    const where = `${f.fn.file.name}:${lineOf(s)}`;
    if (index === undefined) {
      this.state.note(`goto ${label} at ${where}: no such label in ${f.fn.name}(), taken as a return`);
      return { steps: [], exit: f.inError ? errorReturn(f.fail).exit : 1 };
    }
    if (f.gotos.includes(label)) {
      this.state.note(`goto ${label} at ${where} jumps back: the loop is cut after one pass`);
      return { steps: [], exit: 1 };
    }
    return this.seq(f.stmts, index, { ...f, gotos: [...f.gotos, label] });
  }

  private returnStatement(s: CNode, f: Frame): Compiled {
    const value = kids(s).find((k) => k.type !== 'comment');
    const { returned } = f;
    if (value !== undefined) {
      const found = callIn(unwrapTransparent(value));
      if (found !== null && this.calls.handles(found.call)) {
        const before = this.state.lastAlloc;
        const c = this.calls.compile(found.call, found.assignedTo, f, () => errorReturn(f.fail), () => ({ steps: [], exit: 1 }), () => FALL);
        if (this.state.lastAlloc !== before) returned.buffer = this.state.lastAlloc;
        return c;
      }
      this.calls.noteUnknownUnder(value, f);
    }
    if (isErrorReturn(value, f)) return errorReturn(f.fail);
    if (value !== undefined) returned.buffer = this.state.findBuffer(f, value) ?? returned.buffer;
    return { steps: [], exit: 1 };
  }
}

/** The statement a node is part of (itself for an ERROR directly in a block). */
function enclosingStatement(node: CNode): CNode {
  let n = node;
  while (n.parent !== null && !/statement$|^declaration$|^compound_statement$/.test(n.type)) n = n.parent;
  return n.type === 'compound_statement' ? node : n;
}

/** Whether a later statement of the same block returns the result stored under `key`. */
function returnsLater(stmts: readonly CNode[], from: number, key: string): boolean {
  for (let j = from; j < stmts.length; j++) {
    const s = stmts[j]!;
    if (s.type !== 'return_statement') continue;
    const value = kids(s).find((k) => k.type !== 'comment');
    if (value !== undefined && lvalueKey(value) === key) return true;
  }
  return false;
}

/** Whether a `return` hands an error to the caller. */
function isErrorReturn(value: CNode | undefined, f: Frame): boolean {
  if (value === undefined) return false; // a void function cannot tell its caller
  const text = strip(value).text.replace(/\s+/g, '');
  if (/^0[uUlL]*$/.test(text) || text === 'true') return false;
  if (/^-(E[A-Z0-9]+|\d+)$/.test(text) || /^(ERR_PTR|PTR_ERR|ERR_CAST)\(/.test(text)) return true;
  if ((text === 'NULL' || text === 'false') && !f.inError) return true;
  return f.inError;
}

function flagTest(test: ValueTest): Record<string, number> | null {
  switch (test.kind) {
    case 'truthy':
      return { ne: 0 };
    case 'falsy':
      return { eq: 0 };
    case 'negative':
      return { lt: 0 };
    case 'nonneg':
      return { gt: -1 };
    case 'cmp':
      return { [test.cmp]: test.value };
    default:
      return null;
  }
}

/** The statement of an `else`, or null. */
function elseOf(ifNode: CNode): CNode | null {
  const alt = field(ifNode, 'alternative');
  if (alt === null) return null;
  if (alt.type === 'else_clause') return kids(alt).find((k) => k.type !== 'comment') ?? null;
  return alt;
}

/** `WARN_ON(call(...))` as a statement is the call with its result ignored. */
function unwrapTransparent(e: CNode): CNode {
  const n = strip(e);
  if (n.type !== 'call_expression') return e;
  const name = callee(n)?.name;
  const first = callArgs(n)[0];
  if (name !== undefined && TRANSPARENT.has(name) && first !== undefined && callsUnder(first).length > 0) return unwrapTransparent(first);
  return e;
}

/** A block's statements with nested blocks spliced in and labels kept as markers before theirs. */
export function flatten(node: CNode): CNode[] {
  if (node.type === 'compound_statement') return kids(node).flatMap((k) => (k.type === 'comment' ? [] : flatten(k)));
  if (node.type === 'labeled_statement') {
    const inner = kids(node).filter((k) => k.type !== 'statement_identifier' && k.type !== 'comment');
    return [node, ...inner.flatMap(flatten)];
  }
  return [node];
}

