/**
 * One C call, resolved and turned into steps: a `--map` rule first, then a function defined in the
 * files (followed into), an ops-table field (`x->ops->f(...)` through `.f = fn`), the built-in
 * table (call-table.ts), and otherwise nothing but a `# not modelled` line in the header.
 */
import { lineOf, type CNode } from './c-parser.ts';
import { builtinRule, TRANSPARENT, type CallRule, type SizeArg } from './call-table.ts';
import { PAGE_SIZE, pagesOfBytes } from './constants.ts';
import { withErrorPath, type Rest } from './error-paths.ts';
import { callArgs, callee, callsUnder, lvalueKey, strip } from './expressions.ts';
import { FALL, seq, type Compiled, type IRStep } from './ir.ts';
import type { CFunction } from './source-index.ts';
import type { BufferInfo, Frame } from './state.ts';
import type { Walker } from './walk.ts';

type Resolved =
  | { readonly kind: 'rule'; readonly name: string; readonly rule: CallRule }
  | { readonly kind: 'function'; readonly name: string; readonly fn: CFunction }
  | { readonly kind: 'unknown'; readonly name: string };

const POINTER_STEPS = new Set(['alloc', 'pool_alloc', 'memremap', 'vmap']);

export class CallCompiler {
  constructor(private readonly walker: Walker) {}

  private get state() {
    return this.walker.state;
  }

  resolve(call: CNode): Resolved | null {
    const c = callee(call);
    if (c === null) return null;
    const { index, rules } = this.state.settings;
    const mapped = rules.get(c.name);
    if (mapped !== undefined) return { kind: 'rule', name: c.name, rule: mapped };
    if (!c.viaField) {
      const fn = index.functions.get(c.name);
      if (fn !== undefined) return { kind: 'function', name: c.name, fn };
    } else {
      const target = index.opsFields.get(c.name)?.[0];
      const fn = target === undefined ? undefined : index.functions.get(target);
      if (fn !== undefined) {
        const all = index.opsFields.get(c.name)!;
        if (all.length > 1) this.state.note(`.${c.name} is set to ${all.join(', ')} in the ops tables: followed ${all[0]}()`);
        return { kind: 'function', name: fn.name, fn };
      }
    }
    const builtin = builtinRule(c.name);
    if (builtin !== undefined) return { kind: 'rule', name: c.name, rule: builtin };
    const guessed = ffaByName(c.name);
    if (guessed !== undefined) {
      this.state.note(`${c.name}() is not defined in the files: taken as ${guessed.kind === 'ffa_send' ? guessed.step : 'ffa_reclaim'} by its name (${this.state.settings.index.files.length === 1 ? `${this.state.settings.index.files[0]!.name}:` : 'line '}${lineOf(call)})`);
      return { kind: 'rule', name: c.name, rule: guessed };
    }
    return { kind: 'unknown', name: c.name };
  }

  /** Whether a call maps to something (a step, a function to follow), so its result matters. */
  handles(call: CNode): boolean {
    const r = this.resolve(call);
    return r !== null && r.kind !== 'unknown' && !(r.kind === 'rule' && r.rule.kind === 'none');
  }

  /** Whether a name found in unparsable C is one extraction would have used. */
  matters(name: string): boolean {
    const { index, rules } = this.state.settings;
    return rules.has(name) || index.functions.has(name) || index.opsFields.has(name) || builtinRule(name) !== undefined || ffaByName(name) !== undefined;
  }

  returnsPointer(call: CNode): boolean {
    const r = this.resolve(call);
    if (r === null || r.kind === 'unknown') return false;
    if (r.kind === 'function') return r.fn.returnsPointer;
    const rule = r.rule;
    if (rule.kind === 'alloc' || rule.kind === 'alloc_if_pages' || rule.kind === 'pool_alloc' || rule.kind === 'memremap') return true;
    if (rule.kind === 'on_buffer' || rule.kind === 'mapped') return POINTER_STEPS.has(rule.step);
    return false;
  }

  /** A lock or unlock call (allowed between a call and the check of its result). */
  isLocking(call: CNode): boolean {
    const r = this.resolve(call);
    return r?.kind === 'rule' && (r.rule.kind === 'lock' || r.rule.kind === 'unlock');
  }

  /** `inc_not_zero` / `dec_and_test` when the call is such a counter test. */
  atomicTest(call: CNode): 'inc_not_zero' | 'dec_and_test' | null {
    const r = this.resolve(call);
    if (r?.kind !== 'rule') return null;
    if (r.rule.kind === 'counter' && (r.rule.op === 'inc_not_zero' || r.rule.op === 'dec_and_test')) return r.rule.op;
    if (r.rule.kind === 'kref_put') return 'dec_and_test';
    return null;
  }

  counterName(call: CNode): string {
    const target = callArgs(call)[0];
    const name = target === undefined ? 'counter' : this.state.nameFor(target);
    this.state.variables.add(name);
    return name;
  }

  /** Lists every call under `node` that maps to nothing. */
  noteUnknownUnder(node: CNode, f: Frame): void {
    for (const call of callsUnder(node)) {
      const r = this.resolve(call);
      if (r?.kind === 'unknown' && !TRANSPARENT.has(r.name)) this.state.noteUnknown(r.name, this.state.at(f, call));
    }
  }

  /**
   * The steps of `call`, whose error path is `err`, success path `ok`, followed by `rest`.
   * `assignedTo` is where its result is stored (an allocation's buffer, a result variable).
   */
  compile(call: CNode, assignedTo: CNode | null, f: Frame, errPath: () => Compiled, okPath: () => Compiled, restPath: Rest, restOnError?: Rest): Compiled {
    // With `restOnError`, the code after the check differs on the error path: both paths get
    // their own copy of it, and nothing follows the branch.
    const err = restOnError === undefined ? errPath : () => seq(errPath(), restOnError);
    const ok = restOnError === undefined ? okPath : () => seq(okPath(), restPath);
    const rest = restOnError === undefined ? restPath : () => FALL;
    for (const arg of callArgs(call)) this.noteUnknownUnder(arg, f);
    const r = this.resolve(call);
    const at = this.state.at(f, call);
    const plain = () => seq(ok(), rest);
    // `rp->gen_pool = gen_pool_create(...)`: a flag store even when the call maps to nothing.
    const storedFlag = () => seq({ steps: assignedTo === null ? [] : this.walker.flagSet(assignedTo, null, f), exit: 'fall' }, plain);
    if (r === null) return storedFlag();
    if (r.kind === 'unknown') {
      if (!TRANSPARENT.has(r.name)) this.state.noteUnknown(r.name, at);
      return storedFlag();
    }
    if (r.kind === 'function') {
      if (f.stack.includes(r.fn.name)) {
        this.state.note(`recursion: ${r.fn.name}() called again at ${at.file}:${at.line} is not followed`);
        return plain();
      }
      const { compiled, returned } = this.walker.inline(r.fn, call, f, err());
      if (assignedTo !== null && returned !== null) {
        const key = lvalueKey(assignedTo);
        if (key !== null) this.state.bind(f, key, returned);
      }
      const flags = assignedTo === null ? [] : this.walker.flagSet(assignedTo, null, f);
      return seq({ steps: [...compiled.steps, ...flags], exit: compiled.exit }, plain);
    }
    const rule = r.rule;
    /** The step with its error path; `then` are steps the same call also does once it succeeded. */
    const step = (name: string, args: Record<string, unknown>, then: IRStep[] = []): Compiled => {
      const ir: Extract<IRStep, { kind: 'kernel' }> = { kind: 'kernel', step: name, args, at, onError: null, continues: false };
      const flags = [...then, ...(assignedTo === null ? [] : this.walker.flagSet(assignedTo, null, f))];
      const okWithFlags = () => {
        const o = ok();
        return { steps: [...flags, ...o.steps], exit: o.exit };
      };
      return withErrorPath(ir, err(), okWithFlags(), rest, () => this.state.note(`error path of ${r.name}() at ${at.file}:${at.line} approximated`));
    };
    const buffer = (strict = false): BufferInfo | null => {
      for (const arg of callArgs(call)) {
        const hit = this.state.findBuffer(f, arg);
        if (hit !== null) return hit;
      }
      return strict ? null : this.state.lastAlloc;
    };
    const missing = () => {
      this.state.note(`${r.name}() at ${at.file}:${at.line}: no buffer to act on, skipped`);
      return plain();
    };
    switch (rule.kind) {
      case 'none':
        return storedFlag();
      case 'alloc': {
        const b = this.state.newBuffer(f, assignedTo);
        this.state.usedRegions.add(rule.region);
        return step('alloc', { buffer: b.name, region: rule.region, pages: this.pages(call, rule.size, f) });
      }
      case 'alloc_if_pages': {
        // kzalloc(sizeof(*p)) is bookkeeping; kzalloc(SZ_64K) is memory the driver may lend.
        const arg = callArgs(call)[rule.size.arg];
        const bytes = arg === undefined ? undefined : this.walker.constant(arg, f);
        if (bytes === undefined || bytes < PAGE_SIZE) return plain();
        const b = this.state.newBuffer(f, assignedTo);
        this.state.usedRegions.add('system');
        return step('alloc', { buffer: b.name, region: 'system', pages: pagesOfBytes(bytes) });
      }
      case 'on_buffer': {
        // kfree() of anything but a buffer is bookkeeping too.
        const b = r.name === 'kfree' ? buffer(true) : buffer();
        if (b === null) return r.name === 'kfree' ? plain() : missing();
        if (rule.step === 'vmap' && assignedTo !== null) {
          const key = lvalueKey(assignedTo);
          if (key !== null) this.state.bind(f, key, b);
        }
        return step(rule.step, { buffer: b.name });
      }
      case 'set_memory_valid': {
        const enable = callArgs(call)[2];
        const b = buffer();
        if (b === null) return missing();
        const value = enable === undefined ? undefined : this.walker.constant(enable, f);
        if (value !== undefined && value !== 0) return step('map_linear', { buffer: b.name });
        // set_memory_valid() flushes the TLB itself: the unmap and the flush are one call.
        const flush: IRStep = { kind: 'kernel', step: 'flush_tlb', args: { buffer: b.name }, at, onError: null, continues: false };
        return step('unmap_linear', { buffer: b.name }, [flush]);
      }
      case 'direct_map_valid': {
        const valid = callArgs(call)[2]?.text.trim();
        const b = buffer();
        if (b === null) return missing();
        if (valid === 'true' || valid === '1') return step('map_linear', { buffer: b.name });
        if (valid === 'false' || valid === '0') return step('unmap_linear', { buffer: b.name });
        this.state.note(`${r.name}() at ${at.file}:${at.line}: 'valid' is not a constant, taken as false (unmap_linear)`);
        return step('unmap_linear', { buffer: b.name });
      }
      case 'zero': {
        const [target, value] = callArgs(call);
        const b = target === undefined ? null : this.state.findBuffer(f, target);
        if (b === null || value === undefined || this.walker.constant(value, f) !== 0) return plain();
        return step('zero', { buffer: b.name });
      }
      case 'memremap': {
        const b = buffer();
        if (b === null) return missing();
        if (assignedTo !== null) {
          const key = lvalueKey(assignedTo);
          if (key !== null) this.state.bind(f, key, b);
        }
        return step('memremap', { buffer: b.name, type: /MEMREMAP_WC/.test(call.text) ? 'wc' : 'wb' });
      }
      case 'ffa_send': {
        const b = buffer();
        if (b === null) return missing();
        this.state.lastLent = b;
        for (const arg of callArgs(call)) {
          const key = lvalueKey(arg);
          if (key !== null) this.state.bind(f, key, b);
        }
        return step(rule.step, this.sendArgs(b, f, rule.step));
      }
      case 'ffa_reclaim': {
        const [handle, flags] = callArgs(call);
        const b = (handle === undefined ? null : this.state.findBuffer(f, handle)) ?? this.state.lastLent ?? this.state.lastAlloc;
        if (b === null) return missing();
        const clear = flags !== undefined && (/CLEAR/.test(flags.text) || (this.walker.constant(flags, f) ?? 0) !== 0);
        return step('ffa_reclaim', clear ? { buffer: b.name, clear: true } : { buffer: b.name });
      }
      case 'iommu_map': {
        const b = buffer();
        if (b === null) return missing();
        const device = this.state.settings.devices[0] ?? 'dev';
        this.state.usesDevices = true;
        return step('iommu_map', { buffer: b.name, device });
      }
      case 'pool_alloc': {
        const [poolArg] = callArgs(call);
        const pool = (poolArg === undefined ? null : this.state.findBuffer(f, poolArg)) ?? this.state.buffers[0] ?? null;
        if (pool === null) return missing();
        const b = this.state.newBuffer(f, assignedTo);
        return step('pool_alloc', { buffer: b.name, pool: pool.name, pages: this.pages(call, rule.size, f) });
      }
      case 'pool_free': {
        const args = callArgs(call);
        const b = (args[1] === undefined ? null : this.state.findBuffer(f, args[1])) ?? this.state.lastAlloc;
        return b === null ? missing() : step('pool_free', { buffer: b.name });
      }
      case 'pool_bind': {
        const [poolArg, addr] = callArgs(call);
        const b = addr === undefined ? null : this.state.findBuffer(f, addr);
        const key = poolArg === undefined ? null : lvalueKey(poolArg);
        if (b !== null && key !== null) this.state.bind(f, key, b);
        return plain();
      }
      case 'lock':
      case 'unlock': {
        const target = callArgs(call)[0];
        const name = target === undefined ? 'lock' : this.state.nameFor(target);
        this.state.locks.add(name);
        this.state.lockDepth += rule.kind === 'lock' ? 1 : -1;
        return seq({ steps: [{ kind: 'control', step: rule.kind, name, at }], exit: 'fall' }, plain);
      }
      case 'counter': {
        const variable = this.counterName(call);
        if (rule.op === 'set') {
          const v = callArgs(call)[1];
          const value = rule.value ?? (v === undefined ? undefined : this.walker.constant(v, f)) ?? 1;
          return seq({ steps: [{ kind: 'set', variable, value, at }], exit: 'fall' }, plain);
        }
        if (rule.op === 'inc' || rule.op === 'dec') return seq({ steps: [{ kind: 'control', step: rule.op, name: variable, at }], exit: 'fall' }, plain);
        return seq({ steps: [{ kind: 'branch', step: rule.op, cond: { var: variable }, then: [], else: [], at }], exit: 'fall' }, plain);
      }
      case 'kref_put': {
        const variable = this.counterName(call);
        const release = callArgs(call)[1];
        const fn = release === undefined ? undefined : this.state.settings.index.functions.get(strip(release).text);
        const then = fn === undefined || f.stack.includes(fn.name) ? FALL : this.walker.inline(fn, call, f, FALL).compiled;
        return seq({ steps: [{ kind: 'branch', step: 'dec_and_test', cond: { var: variable }, then: then.steps, else: [], at }], exit: 'fall' }, plain);
      }
      case 'mapped': {
        if (rule.step === 'alloc' || rule.step === 'pool_alloc') {
          const b = this.state.newBuffer(f, assignedTo);
          const region = rule.args['region'];
          if (typeof region === 'string') this.state.usedRegions.add(region);
          return step(rule.step, { buffer: b.name, pages: this.state.settings.pages, ...rule.args });
        }
        const b = buffer();
        if (b === null) return missing();
        if (rule.step === 'ffa_lend' || rule.step === 'ffa_share' || rule.step === 'ffa_donate') {
          this.state.lastLent = b;
          return step(rule.step, { ...this.sendArgs(b, f, rule.step), ...rule.args });
        }
        return step(rule.step, { buffer: b.name, ...rule.args });
      }
    }
  }

  /** Pages an allocation asks for: a constant size, else `--pages`. */
  private pages(call: CNode, size: SizeArg | null, f: Frame): number {
    if (size === null) return 1;
    const arg = callArgs(call)[size.arg];
    const value = arg === undefined ? undefined : this.walker.constant(arg, f);
    if (value === undefined || value < (size.unit === 'order' ? 0 : 1)) {
      if (arg !== undefined) this.state.note(`size '${arg.text}' at ${f.fn.file.name}:${lineOf(call)} is not a constant: ${this.state.settings.pages} page(s) (--pages)`);
      return this.state.settings.pages;
    }
    if (size.unit === 'bytes') return pagesOfBytes(value);
    if (size.unit === 'order') return 2 ** value;
    return value;
  }

  /**
   * Receivers and flags of an FF-A send. The descriptor is usually built in the same function
   * (`args.attrs`, `.nattrs = 1`, `.flags = FFA_MEM_CLEAR`), so its text is read there.
   */
  private sendArgs(b: BufferInfo, f: Frame, step: string): Record<string, unknown> {
    const text = f.fn.node.text;
    const nattrs = /nattrs\s*=\s*(\d+)/.exec(text);
    const endpoints = this.state.settings.endpoints;
    const count = Math.max(1, Math.min(endpoints.length, nattrs === null ? 1 : Number(nattrs[1])));
    const args: Record<string, unknown> = { buffer: b.name, to: endpoints.slice(0, count) };
    if (step !== 'ffa_donate' && /FFA_MEM_RO\b|FFA_MEM_READ_ONLY/.test(text)) args['access'] = 'ro';
    if (step === 'ffa_lend' && /FFA_MEM_CLEAR\b/.test(text)) args['clear'] = true;
    return args;
  }
}

/**
 * An FF-A call through a wrapper whose definition is not among the files (`ffa_mem_lend()`,
 * `tee_ffa_memory_reclaim()`): named for what it does, so the step is not lost.
 */
function ffaByName(name: string): CallRule | undefined {
  const n = name.toLowerCase();
  if (!/ffa|mem/.test(n)) return undefined;
  if (/reclaim/.test(n)) return { kind: 'ffa_reclaim' };
  if (/(^|_)lend(_|$)/.test(n)) return { kind: 'ffa_send', step: 'ffa_lend' };
  if (/(^|_)share(_|$)/.test(n)) return { kind: 'ffa_send', step: 'ffa_share' };
  if (/(^|_)donate(_|$)/.test(n)) return { kind: 'ffa_send', step: 'ffa_donate' };
  return undefined;
}
