import { describe, expect, it } from 'vitest';
import { applyEnvAction, enabledEnvActions } from '../../../model/environment/index.ts';
import type { EnvAction, EnvActor } from '../../../model/environment/actions.ts';
import { ENV_ACTORS } from '../../../model/environment/actions.ts';
import { alloc, boot, carefulLend, lend, on, reclaim, relinquish, retrieve, runOk, write } from '../worlds.ts';

const HIBERNATE: ReadonlySet<EnvActor> = new Set(['hibernate']);
const SNAPSHOT: EnvAction = { actor: 'hibernate', kind: 'snapshot' };

describe('hibernate actor', () => {
  it('offers no snapshot when it would record nothing', () => {
    expect(enabledEnvActions(runOk(boot(), alloc(0)), HIBERNATE)).toEqual([]);
  });

  it('reads lent pages, even unmapped ones (safe_copy_page re-maps them): a kernel fault (B15)', () => {
    const world = carefulLend(boot());
    expect(enabledEnvActions(world, HIBERNATE)).toEqual([SNAPSHOT]);
    const outcome = applyEnvAction(world, SNAPSHOT);
    expect(outcome.result).toBe('abort');
    expect(outcome.world.hazards.kernelFault?.pages).toEqual([0]);
    expect(outcome.world.pages).toBe(world.pages);
    expect(enabledEnvActions(outcome.world, HIBERNATE)).toEqual([]);
  });

  it('skips nosave pages', () => {
    const world = runOk(boot(), alloc(0), on('mark_nosave', 0), on('clean_cache', 0), lend(0));
    expect(enabledEnvActions(world, HIBERNATE)).toEqual([]);
  });

  it('skips carveout (no-map reserved) and device (ZONE_DEVICE) pages: saveable_page does', () => {
    const world = runOk(boot({ pages: { carveout: 1, device: 1 } }), alloc(0, 1, 'carveout'), alloc(1, 1, 'device'), on('clean_cache', 1), lend(0), {
      step: 'ffa_lend',
      buffer: 1,
      to: ['optee'],
      access: 'rw',
      clear: false,
    });
    expect(world.pages.every((p) => p.secureProtected)).toBe(true);
    expect(enabledEnvActions(world, HIBERNATE)).toEqual([]);
  });

  it('copies secret content left in a readable page into the image (B17 + B15)', () => {
    const world = runOk(boot({ secureProtectsOnLend: false }), alloc(0), on('clean_cache', 0), lend(0), retrieve(0), write(0), relinquish(0), reclaim(0));
    expect(enabledEnvActions(world, HIBERNATE)).toEqual([SNAPSHOT]);
    const outcome = applyEnvAction(world, SNAPSHOT);
    expect(outcome.result).toBe('ok');
    expect(outcome.world.hazards.secretCopied).toEqual({
      pages: [0],
      what: 'the hibernation snapshot copied secret content of page 0 into the image',
    });
    expect(outcome.world.hazards.kernelFault).toBeNull();
  });
});

describe('enabledEnvActions', () => {
  it('lists only the chosen actors, secure first, hibernate last', () => {
    const world = runOk(carefulLend(boot()), { step: 'iommu_map', buffer: 0, device: 'vdec' }, retrieve(0));
    const all = enabledEnvActions(world, new Set(ENV_ACTORS));
    expect(all.map((a) => a.actor)).toEqual(['secure', 'secure', 'devices', 'hibernate']);
    expect(enabledEnvActions(world, new Set())).toEqual([]);
  });
});
