/**
 * Platform variants (model/platform.ts) against SPEC sections 2 and 9: every knob's default is the
 * first value SPEC lists for it, the variants are SPEC's, and pages are numbered region by region.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLATFORM, HYPERVISORS, NS, REGIONS, SPMCS, bootOwnedRegion, pageRegions } from '../../model/platform.ts';
import { platform } from './worlds.ts';

const SPEC = readFileSync(new URL('../../docs/SPEC.md', import.meta.url), 'utf8');

/** The backticked values of SPEC's "- `knob`: `a` (...) | `b` ..." bullet, in order. */
function knobValues(knob: string): string[] {
  const line = SPEC.split('\n- ').find((item) => item.startsWith(`\`${knob}\`: `));
  if (line === undefined) throw new Error(`SPEC lists no knob ${knob}`);
  const values = line.slice(knob.length + 4).split(' | ').map((alt) => /^`([^`]+)`/.exec(alt.trim())?.[1]);
  return values.filter((v): v is string => v !== undefined);
}

describe('platform knobs', () => {
  it("each knob's default is the first value SPEC lists, and the variants are SPEC's", () => {
    expect(HYPERVISORS).toEqual(knobValues('hypervisor'));
    expect(SPMCS).toEqual(knobValues('spmc'));
    expect(DEFAULT_PLATFORM.hypervisor).toBe(HYPERVISORS[0]);
    expect(DEFAULT_PLATFORM.spmc).toBe(SPMCS[0]);
    expect(String(DEFAULT_PLATFORM.secureProtectsOnLend)).toBe(knobValues('secure_protects_on_lend')[0]);
    expect(String(DEFAULT_PLATFORM.secureClearsOnRelinquish)).toBe(knobValues('secure_clears_on_relinquish')[0]);
    expect(String(DEFAULT_PLATFORM.canSetDirectMap)).toBe(knobValues('can_set_direct_map')[0]);
    expect(DEFAULT_PLATFORM.carveoutOwner).toBe(knobValues('carveout_owner')[0]);
    expect(String(DEFAULT_PLATFORM.firewallGranule)).toBe(knobValues('firewall_granule')[0]);
  });

  it('the rest of the defaults: the SPEC section 3 example platform, no devices, nothing bounced', () => {
    expect(DEFAULT_PLATFORM).toMatchObject({ pages: { cma: 4 }, endpoints: ['optee'], devices: {}, bounceDevices: [] });
    expect(NS).toBe('ns');
  });
});

describe('pages and regions', () => {
  it('pages are numbered region by region in REGIONS order, whatever order the design gave', () => {
    expect(REGIONS).toEqual(['cma', 'system', 'carveout', 'device']);
    expect(pageRegions(platform({ pages: { device: 1, carveout: 2, cma: 1, system: 1 } }))).toEqual(['cma', 'system', 'carveout', 'carveout', 'device']);
    expect(pageRegions(platform({ pages: { system: 2 } }))).toEqual(['system', 'system']);
    expect(pageRegions(platform({ pages: {} }))).toEqual([]);
  });

  it('only the carveout of a secure owner is owned from boot', () => {
    const owned = platform({ carveoutOwner: 'optee' });
    expect(REGIONS.filter((r) => bootOwnedRegion(owned, r))).toEqual(['carveout']);
    expect(REGIONS.filter((r) => bootOwnedRegion(platform(), r))).toEqual([]);
  });
});
