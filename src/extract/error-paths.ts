/**
 * Error paths in the design language. A C error path (`if (rc) goto err;`, `if (!p) return
 * -ENOMEM;`, an ignored result) becomes the failing step's `on_error`:
 * - a path that ends in an error return: `on_error: [the steps under the label]` (the actor ends);
 * - a path that goes on (an ignored result, `if (rc) pr_err(...)`): `on_error: [..., continue]`;
 * - anything else (a path that returns early but successfully, or a success branch of its own):
 *   `on_error: [continue]` and an `if` on the step's result, with the rest of the code nested
 *   into whichever branch goes on.
 */
import { deeper, FALL, type At, type Compiled, type Exit, type IRStep } from './ir.ts';

export type Rest = () => Compiled;

/** Combines the exits of two branches whose continuations are already nested. */
export function mergeExits(a: Exit, b: Exit, approximated: () => void): Exit {
  if (a === 'fail') return b;
  if (b === 'fail') return a;
  if (a === b) return a;
  approximated();
  if (a === 'fall' || b === 'fall') return 'fall';
  return Math.min(a, b);
}

/**
 * A two-way branch followed by `rest`: the rest goes after the branch when both fall through,
 * into the one that falls through when the other does not, and nowhere when neither does.
 */
export function branch(make: (then: IRStep[], otherwise: IRStep[]) => IRStep, thenC: Compiled, elseC: Compiled, rest: Rest, approximated: () => void): Compiled {
  if (thenC.exit === 'fall' && elseC.exit === 'fall') {
    const after = rest();
    return { steps: [make(thenC.steps, elseC.steps), ...after.steps], exit: after.exit };
  }
  if (thenC.exit === 'fall') {
    const after = rest();
    const exit = mergeExits(after.exit, elseC.exit, approximated);
    return { steps: [make([...thenC.steps, ...after.steps], elseC.steps)], exit };
  }
  if (elseC.exit === 'fall') {
    const after = rest();
    const exit = mergeExits(thenC.exit, after.exit, approximated);
    return { steps: [make(thenC.steps, [...elseC.steps, ...after.steps])], exit };
  }
  return { steps: [make(thenC.steps, elseC.steps)], exit: mergeExits(thenC.exit, elseC.exit, approximated) };
}

/**
 * A kernel step with its error path `err` (compiled in error mode), its success path `ok` (steps
 * the C runs only when the call succeeded) and what follows.
 */
export function withErrorPath(step: Extract<IRStep, { kind: 'kernel' }>, err: Compiled, ok: Compiled, rest: Rest, approximated: () => void): Compiled {
  if (err.exit === 'fail') {
    step.onError = err.steps.length > 0 ? err.steps : null;
    step.continues = false;
    const after = ok.exit === 'fall' ? rest() : FALL;
    return { steps: [step, ...ok.steps, ...after.steps], exit: ok.exit === 'fall' ? after.exit : ok.exit };
  }
  if (err.exit === 'fall' && ok.steps.length === 0 && ok.exit === 'fall') {
    step.onError = err.steps;
    step.continues = true;
    const after = rest();
    return { steps: [step, ...after.steps], exit: after.exit };
  }
  step.onError = [];
  step.continues = true;
  if (err.steps.length === 0 && ok.steps.length === 0 && err.exit === ok.exit) {
    // Both outcomes do nothing more and end the same way: no branch to write.
    const after = ok.exit === 'fall' ? rest() : FALL;
    return { steps: [step, ...after.steps], exit: ok.exit === 'fall' ? after.exit : ok.exit };
  }
  const onResult = (then: IRStep[], otherwise: IRStep[]): IRStep => ({ kind: 'branch', step: 'if', cond: { result: 'ok' }, then, else: otherwise, at: step.at });
  const rest2 = branch(onResult, ok, err, rest, approximated);
  return { steps: [step, ...rest2.steps], exit: rest2.exit };
}

/** The steps an error return emits, seen from the function it returns from. */
export function errorReturn(fail: { readonly steps: readonly IRStep[]; readonly exit: Exit }): Compiled {
  return { steps: cloneSteps(fail.steps), exit: deeper(fail.exit) };
}

/** A deep copy, since one C error path may be emitted at several places. */
export function cloneSteps(steps: readonly IRStep[]): IRStep[] {
  return steps.map((s): IRStep => {
    switch (s.kind) {
      case 'kernel':
        return { ...s, onError: s.onError === null ? null : cloneSteps(s.onError) };
      case 'branch':
        return { ...s, then: cloneSteps(s.then), else: cloneSteps(s.else) };
      default:
        return { ...s };
    }
  });
}

export function at(a: At): string {
  return `${a.file}:${a.line}`;
}
