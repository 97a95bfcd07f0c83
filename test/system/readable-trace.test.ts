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
import type { Move } from '../../src/system/state.ts';
import { compileFile } from '../design/helpers.ts';

const DESIGNS = fileURLToPath(new URL('../../designs/', import.meta.url));

/** The moves of a shortest path (breadth first, invariants ignored) to a state where `wanted` is enabled, then that move. */
function pathTo(system: DesignSystem, wanted: (move: Move) => boolean): Move[] {
  let level: { state: ReturnType<DesignSystem['initial']>; moves: Move[] }[] = [{ state: system.initial(), moves: [] }];
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

describe('explainTrace on environment moves', () => {
  it("labels the secure side's write to a donated page", () => {
    const system = designSystem(compileFile(join(DESIGNS, 'bug-b20-stage2-only-donate.yaml')));
    const moves = pathTo(system, (m) => m.kind === 'env' && m.action.actor === 'secure' && m.action.kind === 'write_owned');
    const last = explainTrace(system.interpreter, moves).steps.at(-1)!;
    const action = moves.at(-1)!;
    if (action.kind !== 'env' || action.action.actor !== 'secure' || action.action.kind !== 'write_owned') throw new Error('unreachable');
    expect(last).toMatchObject({ actor: 'secure', step: 'write', args: { endpoint: action.action.endpoint, page: action.action.page } });
  });

  it("labels the CPU's read with the page and the mapping it reads through", () => {
    const system = designSystem(compileFile(join(DESIGNS, 'bug-b03-linear-alias.yaml')));
    const moves = pathTo(system, (m) => m.kind === 'env' && m.action.actor === 'cpu');
    const last = explainTrace(system.interpreter, moves).steps.at(-1)!;
    const action = moves.at(-1)!;
    if (action.kind !== 'env' || action.action.actor !== 'cpu') throw new Error('unreachable');
    expect(last).toMatchObject({ actor: 'cpu', step: 'read', args: { page: action.action.page, path: action.action.path } });
    expect(typeof action.action.path).toBe('string');
  });

  it("labels a device's DMA with the device and the page", () => {
    const system = designSystem(compileFile(join(DESIGNS, 'bug-b02-pool-teardown-race.yaml')));
    const moves = pathTo(system, (m) => m.kind === 'env' && m.action.actor === 'devices');
    const last = explainTrace(system.interpreter, moves).steps.at(-1)!;
    const action = moves.at(-1)!;
    if (action.kind !== 'env' || action.action.actor !== 'devices') throw new Error('unreachable');
    expect(last).toMatchObject({ actor: 'devices', step: 'dma', args: { device: action.action.device, page: action.action.page } });
  });
});
