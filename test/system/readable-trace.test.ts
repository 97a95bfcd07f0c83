/**
 * explainTrace labels every environment move the way the trace tables print them (SPEC section 6):
 * the secure side's write to memory it owns, the CPU's read with the mapping it goes through, a
 * device's DMA.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainTrace } from '../../src/system/readable-trace.ts';
import { designSystem, type DesignSystem } from '../../src/system/design-system.ts';
import type { EnvAction } from '../../model/environment/actions.ts';
import type { Move, SystemState } from '../../src/system/state.ts';
import type { TraceStep } from '../../src/system/trace.ts';
import { compileFile } from '../design/helpers.ts';

const DESIGNS = fileURLToPath(new URL('../../designs/', import.meta.url));

/** The moves of a shortest path (breadth first, invariants ignored) to a state where `wanted` is enabled, then that move. */
function pathTo(system: DesignSystem, wanted: (move: Move) => boolean): Move[] {
  let level: { state: SystemState; moves: Move[] }[] = [{ state: system.initial(), moves: [] }];
  const seen = new Set([system.fingerprint(level[0]!.state)]);
  while (level.length > 0) {
    const next: typeof level = [];
    for (const { state, moves } of level) {
      for (const move of system.moves(state)) {
        if (wanted(move)) return [...moves, move];
        const successor = system.apply(state, move);
        const key = system.fingerprint(successor);
        if (seen.has(key)) continue;
        seen.add(key);
        next.push({ state: successor, moves: [...moves, move] });
      }
    }
    level = next;
  }
  throw new Error('no such move is reachable');
}

/** The label of the first reachable environment move that `wanted` picks, with that move's action. */
function labelOf<A extends EnvAction>(design: string, wanted: (action: EnvAction) => action is A): { label: TraceStep; action: A } {
  const system = designSystem(compileFile(join(DESIGNS, design)));
  const moves = pathTo(system, (m) => m.kind === 'env' && wanted(m.action));
  const move = moves.at(-1)!;
  if (move.kind !== 'env' || !wanted(move.action)) throw new Error('unreachable');
  return { label: explainTrace(system.interpreter, moves).steps.at(-1)!, action: move.action };
}

type Of<K extends EnvAction['actor']> = Extract<EnvAction, { actor: K }>;

describe('explainTrace on environment moves', () => {
  it("labels the secure side's write to a donated page", () => {
    const isWrite = (a: EnvAction): a is Extract<Of<'secure'>, { kind: 'write_owned' }> => a.actor === 'secure' && a.kind === 'write_owned';
    const { label, action } = labelOf('bug-b20-stage2-only-donate.yaml', isWrite);
    expect(label).toMatchObject({ actor: 'secure', step: 'write', args: { endpoint: action.endpoint, page: action.page } });
  });

  it("labels the CPU's read with the page and the mapping it reads through", () => {
    const { label, action } = labelOf('bug-b03-linear-alias.yaml', (a): a is Of<'cpu'> => a.actor === 'cpu');
    expect(label).toMatchObject({ actor: 'cpu', step: 'read', args: { page: action.page, path: action.path } });
    expect(typeof action.path).toBe('string');
  });

  it("labels a device's DMA with the device and the page", () => {
    const { label, action } = labelOf('bug-b02-pool-teardown-race.yaml', (a): a is Of<'devices'> => a.actor === 'devices');
    expect(label).toMatchObject({ actor: 'devices', step: 'dma', args: { device: action.device, page: action.page } });
  });
});
