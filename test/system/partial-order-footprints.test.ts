/**
 * What partial-order reduction assumes of the page-local kernel steps and `leak` (src/system/partial-order.ts):
 * run on any reachable state, such a step reads no field of a page outside its buffer, no other
 * buffer and no transaction. The reduction checks what a step writes on every use; what it reads
 * it cannot see, so this test watches every read on the reachable states of every shipped and
 * test design.
 */
import { describe, expect, it } from 'vitest';
import type { Page, World } from '../../model/state.ts';
import { applyKernelStep } from '../../model/kernel/index.ts';
import { PAGE_LOCAL_STEPS } from '../../src/system/partial-order.ts';
import { designSystem } from '../../src/system/design-system.ts';
import { reachableStates, reductionCorpus } from './reductions.ts';

interface Reads {
  readonly pages: Set<number>;
  readonly buffers: Set<number>;
  transactions: boolean;
}

/** `world` with every page field, buffer and transaction read recorded in `reads`. */
function watched(world: World, reads: Reads): World {
  const pages = world.pages.map(
    (page, id) =>
      new Proxy(page, {
        get(target, key, receiver) {
          reads.pages.add(id);
          return Reflect.get(target, key, receiver) as unknown;
        },
      }) as Page,
  );
  const buffers = new Proxy(world.buffers as World['buffers'][number][], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.buffers.add(Number(key));
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const transactions = new Proxy(world.transactions as World['transactions'][number][], {
    get(target, key, receiver) {
      reads.transactions = true;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { platform: world.platform, pages, transactions, buffers, hazards: world.hazards };
}

describe('page-local kernel steps and leak read only their buffer and its pages', () => {
  let checked = 0;
  it.each(reductionCorpus().map((c) => [c.name, c.program] as const))('%s', (_name, program) => {
    const system = designSystem(program, program.invariants, { pageSymmetry: true });
    for (const state of reachableStates(system, 2000)) {
      state.pcs.forEach((pc, actor) => {
        if (pc < 0) return;
        const instr = program.actors[actor]!.code[pc]!;
        if (instr.op !== 'step' || !(PAGE_LOCAL_STEPS.has(instr.call.step) || instr.call.step === 'leak')) return;
        const call = instr.call as { readonly buffer: number };
        const own = state.world.buffers[call.buffer]!.pages;
        const reads: Reads = { pages: new Set(), buffers: new Set(), transactions: false };
        applyKernelStep(watched(state.world, reads), instr.call, state.sub[actor]!);
        checked++;
        expect([...reads.pages].filter((id) => !own.includes(id)), `${instr.call.step} read pages outside its buffer`).toEqual([]);
        // leak empties its buffer: copying the buffer array reads every element (a copy, not a read).
        if (instr.call.step !== 'leak') expect([...reads.buffers].filter((b) => b !== call.buffer), `${instr.call.step} read another buffer`).toEqual([]);
        expect(reads.transactions, `${instr.call.step} read the transactions`).toBe(false);
      });
    }
  });

  it('watched page-local steps at all (the checks above are not vacuous)', () => {
    expect(checked).toBeGreaterThan(1000);
  });
});
