import { describe, expect, it } from 'vitest';
import { applyEnvAction, enabledEnvActions } from '../../../model/environment/index.ts';
import type { EnvAction, EnvActor } from '../../../model/environment/actions.ts';
import { alloc, boot, carefulLend, iommuMap, lend, on, runOk } from '../worlds.ts';

const DEVICES: ReadonlySet<EnvActor> = new Set(['devices']);
const dma = (device: string, page: number): EnvAction => ({ actor: 'devices', kind: 'dma', device, page });

describe('devices actor', () => {
  it('offers nothing without IOMMU mappings', () => {
    expect(enabledEnvActions(runOk(boot(), alloc(0)), DEVICES)).toEqual([]);
  });

  it('a DMA write through an IOMMU mapping leaves data; then it changes nothing and is not offered', () => {
    const world = runOk(boot(), alloc(0), iommuMap(0, 'gpu'));
    expect(enabledEnvActions(world, DEVICES)).toEqual([dma('gpu', 0)]);
    const after = applyEnvAction(world, dma('gpu', 0));
    expect(after.result).toBe('ok');
    expect(after.world.pages[0]!.content).toBe('data');
    expect(enabledEnvActions(after.world, DEVICES)).toEqual([]);
  });

  it('orders by device (declaration order) then page', () => {
    const world = runOk(boot({ devices: { vdec: 'secure', gpu: 'normal' } }), alloc(0, 2), iommuMap(0, 'gpu'), iommuMap(0, 'vdec'));
    expect(enabledEnvActions(world, DEVICES)).toEqual([dma('vdec', 0), dma('vdec', 1), dma('gpu', 0), dma('gpu', 1)]);
  });

  it('a secure device writes secret into lent memory', () => {
    const world = runOk(carefulLend(boot()), iommuMap(0, 'vdec'));
    expect(runOk(world, dma('vdec', 0)).pages[0]!.content).toBe('secret');
  });

  it('a normal device is blocked by the firewall on lent memory: not offered, abort if forced', () => {
    const world = runOk(boot(), alloc(0), iommuMap(0, 'gpu'), on('clean_cache', 0), lend(0));
    expect(enabledEnvActions(world, DEVICES)).toEqual([]);
    expect(applyEnvAction(world, dma('gpu', 0))).toEqual({ world, result: 'abort' });
  });

  it('a normal device writes lent memory nothing protects', () => {
    const world = runOk(boot({ secureProtectsOnLend: false }), alloc(0), iommuMap(0, 'gpu'), on('clean_cache', 0), lend(0));
    expect(enabledEnvActions(world, DEVICES)).toEqual([dma('gpu', 0)]);
  });

  it('no mapping: fault, nothing changes', () => {
    const world = runOk(boot(), alloc(0));
    expect(applyEnvAction(world, dma('gpu', 0))).toEqual({ world, result: 'fault' });
  });
});
