/**
 * Platform variants (SPEC section 2): what sits between the normal-world kernel and the secure
 * world, and what each party does on FFA_MEM_LEND. Defaults are the first value of each knob.
 */

/** Where a physical page comes from; decides which kernel calls are legal on it. */
export type Region = 'cma' | 'system' | 'carveout' | 'device';
export const REGIONS: readonly Region[] = ['cma', 'system', 'carveout', 'device'];

/** The EL2 hypervisor, if any, that proxies the host's FF-A calls. */
export type Hypervisor = 'none' | 'pkvm' | 'hafnium';
export const HYPERVISORS: readonly Hypervisor[] = ['none', 'pkvm', 'hafnium'];

/** The secure partition manager core that acts as the FF-A relayer. */
export type Spmc = 'hafnium' | 'el3' | 'trusting';
export const SPMCS: readonly Spmc[] = ['hafnium', 'el3', 'trusting'];

/** Whether a device's DMA stream is authorised for protected memory. */
export type DeviceTrust = 'secure' | 'normal';

/** The normal-world kernel's FF-A endpoint name. */
export const NS = 'ns';

/** A complete, validated platform description. */
export interface Platform {
  readonly hypervisor: Hypervisor;
  readonly spmc: Spmc;
  /** Firewall/TZASC or PAS change: an NS access to lent or donated memory aborts. */
  readonly secureProtectsOnLend: boolean;
  /** The secure side zeroes memory when a borrower relinquishes it. */
  readonly secureClearsOnRelinquish: boolean;
  /** arm64 `can_set_direct_map()`: when false, `set_direct_map_*` return 0 and change nothing. */
  readonly canSetDirectMap: boolean;
  /** Page counts per region; pages are numbered region by region in REGIONS order. */
  readonly pages: Readonly<Partial<Record<Region, number>>>;
  /** Secure endpoints (the normal-world kernel is always the endpoint `ns`). */
  readonly endpoints: readonly string[];
  /** Devices by name, in declaration order. */
  readonly devices: Readonly<Record<string, DeviceTrust>>;
  /**
   * `carveout_owner`: `ns`, or the secure endpoint that owns the `carveout` region from boot (a static
   * protected pool: reserved-memory no-map, firewalled, handed out by a gen_pool).
   */
  readonly carveoutOwner: string;
  /** `firewall_granule`: the secure side protects whole aligned runs of this many pages. */
  readonly firewallGranule: number;
  /** Devices declared `bounce: true` (32-bit DMA mask, swiotlb): iommu_map copies through a bounce buffer. */
  readonly bounceDevices: readonly string[];
}

/** Defaults for every knob a design may omit. */
export const DEFAULT_PLATFORM: Platform = {
  hypervisor: 'none',
  spmc: 'hafnium',
  secureProtectsOnLend: true,
  secureClearsOnRelinquish: false,
  canSetDirectMap: true,
  pages: { cma: 4 },
  endpoints: ['optee'],
  devices: {},
  carveoutOwner: NS,
  firewallGranule: 1,
  bounceDevices: [],
};

/** Is `region` the static protected carveout a secure endpoint owns from boot? */
export function bootOwnedRegion(platform: Platform, region: Region): boolean {
  return region === 'carveout' && platform.carveoutOwner !== NS;
}

/** The region of every page, in page-number order. */
export function pageRegions(platform: Platform): Region[] {
  const regions: Region[] = [];
  for (const region of REGIONS) {
    const count = platform.pages[region] ?? 0;
    for (let i = 0; i < count; i++) regions.push(region);
  }
  return regions;
}
