/**
 * `--map FILE`: a project's own wrappers, YAML `function: step` or `function: {step, args}`, e.g.
 *
 *   protmem_lend: ffa_lend                      # the buffer comes from the call's arguments
 *   protmem_quarantine: leak
 *   carveout_get: {step: alloc, args: {region: carveout, pages: 2}}
 *   drv_log: none                               # known, no effect on memory
 *
 * A rule here wins over the built-in table and over following a function defined in the files.
 */
import { failure, success, type Checked, type InputError } from '../input/errors.ts';
import { readSource } from '../input/source.ts';
import { KERNEL_STEPS } from '../../model/steps.ts';
import type { CallRule } from './call-table.ts';

const CONTROL = ['lock', 'unlock', 'inc', 'dec'];
const NAME = /^[A-Za-z_]\w*$/;

export function loadMapFile(path: string): Checked<Map<string, CallRule>> {
  const doc = readSource(path);
  if (!doc.ok) return doc;
  const { data } = doc.value;
  const errors: InputError[] = [];
  const rules = new Map<string, CallRule>();
  if (data === null || data === undefined) return success(rules);
  if (typeof data !== 'object' || Array.isArray(data)) {
    return failure([doc.value.error([], `expected a map of C function name to a step (function: step or function: {step, args})`)]);
  }
  const known = [...KERNEL_STEPS.map((s) => s.name), ...CONTROL, 'none'];
  for (const [fn, value] of Object.entries(data as Record<string, unknown>)) {
    const at = [fn];
    if (!NAME.test(fn)) {
      errors.push(doc.value.error(at, `'${fn}' is not a C function name`));
      continue;
    }
    let stepName: unknown = value;
    let args: Record<string, unknown> = {};
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      const extra = Object.keys(v).filter((k) => k !== 'step' && k !== 'args');
      if (extra.length > 0) errors.push(doc.value.error([fn, extra[0]!], `${fn}: unknown key '${extra[0]}' (expected step and args)`));
      stepName = v['step'];
      const a = v['args'];
      if (a !== undefined && (typeof a !== 'object' || a === null || Array.isArray(a))) {
        errors.push(doc.value.error([fn, 'args'], `${fn}.args: expected a map of step arguments, e.g. {region: cma, pages: 2}`));
      } else if (a !== undefined) args = a as Record<string, unknown>;
    }
    if (typeof stepName !== 'string' || !known.includes(stepName)) {
      errors.push(doc.value.error(typeof value === 'string' ? at : [fn, 'step'], `${fn}: expected a step (one of ${known.join(', ')}), got ${JSON.stringify(stepName)}`));
      continue;
    }
    rules.set(fn, ruleFor(stepName, args));
  }
  return errors.length > 0 ? failure(errors) : success(rules);
}

function ruleFor(step: string, args: Record<string, unknown>): CallRule {
  if (step === 'none') return { kind: 'none' };
  if (step === 'lock' || step === 'unlock') return { kind: step };
  if (step === 'inc' || step === 'dec') return { kind: 'counter', op: step };
  return { kind: 'mapped', step, args: { ...args } };
}
