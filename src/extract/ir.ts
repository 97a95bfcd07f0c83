/**
 * The extracted design before it is written out: steps as the design language has them, each with
 * the C line it came from. `Exit` says how a stretch of C code ends: it falls through, fails (the
 * error path ended the actor, as a failed ioctl does), or returns from N enclosing functions.
 */

/** The C place a step came from: `file.c:LINE function()`. */
export interface At {
  readonly file: string;
  readonly line: number;
  readonly fn: string;
}

export type IRStep =
  | {
      readonly kind: 'kernel';
      readonly step: string;
      readonly args: Readonly<Record<string, unknown>>;
      readonly at: At;
      onError: IRStep[] | null;
      continues: boolean;
      /** A C loop that repeats the call until it succeeds. */
      retry?: boolean;
    }
  | { readonly kind: 'control'; readonly step: 'lock' | 'unlock' | 'inc' | 'dec'; readonly name: string; readonly at: At }
  /** `flag`: a store to a driver flag, kept only when some condition reads the flag. */
  | { readonly kind: 'set'; readonly variable: string; readonly value: number; readonly at: At; readonly flag?: boolean }
  | {
      readonly kind: 'branch';
      readonly step: 'if' | 'inc_not_zero' | 'dec_and_test';
      /** `{var: x, ne: 0}`, `{result: ok}`, or `{var: x}` for the atomic tests. */
      readonly cond: Readonly<Record<string, unknown>>;
      readonly then: IRStep[];
      readonly else: IRStep[];
      readonly at: At;
    };

export type Exit = 'fall' | 'fail' | number;

export interface Compiled {
  readonly steps: IRStep[];
  readonly exit: Exit;
}

export const FALL: Compiled = { steps: [], exit: 'fall' };

export function seq(a: Compiled, b: () => Compiled): Compiled {
  if (a.exit !== 'fall') return a;
  const rest = b();
  return { steps: [...a.steps, ...rest.steps], exit: rest.exit };
}

/** Where an error return lands, seen from one function further in. */
export function deeper(exit: Exit): Exit {
  return exit === 'fall' ? 1 : exit === 'fail' ? 'fail' : exit + 1;
}

/** What a callee's exit means to its caller. */
export function outOfCall(exit: Exit): Exit {
  return typeof exit === 'number' ? (exit <= 1 ? 'fall' : exit - 1) : exit;
}

/** Variables some branch reads. */
export function variablesRead(steps: readonly IRStep[], into = new Set<string>()): Set<string> {
  for (const s of steps) {
    if (s.kind === 'branch') {
      const v = s.cond['var'];
      if (typeof v === 'string') into.add(v);
      variablesRead(s.then, into);
      variablesRead(s.else, into);
    } else if (s.kind === 'kernel' && s.onError !== null) variablesRead(s.onError, into);
  }
  return into;
}

/** The steps without stores to flags nobody reads. */
export function withoutUnreadFlags(steps: readonly IRStep[], read: ReadonlySet<string>): IRStep[] {
  const out: IRStep[] = [];
  for (const s of steps) {
    if (s.kind === 'set' && s.flag === true && !read.has(s.variable)) continue;
    if (s.kind === 'kernel') out.push({ ...s, onError: s.onError === null ? null : withoutUnreadFlags(s.onError, read) });
    else if (s.kind === 'branch') out.push({ ...s, then: withoutUnreadFlags(s.then, read), else: withoutUnreadFlags(s.else, read) });
    else out.push(s);
  }
  return out;
}
