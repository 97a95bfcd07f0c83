/**
 * The pure state model (SPEC section 2): physical pages with every mapping that can reach them,
 * FF-A transactions keyed by handle, driver buffers, and sticky hazards observed along the way.
 * Every value here is immutable; transitions return new values and share what they do not change.
 */
import type { Platform, Region } from './platform.ts';
import { NS, pageRegions } from './platform.ts';

export type AllocState = 'free' | 'allocated' | 'leaked';
/** Kernel linear (direct) map entry: `absent` means no entry at all (no-map carveout, memunmap_pages). */
export type LinearState = 'valid' | 'invalid' | 'absent';
/** Kernel vmap alias: `stale` is a vunmap'ed alias whose TLB entry is flushed lazily. */
export type VmapState = 'none' | 'mapped' | 'stale';
export type Content = 'zero' | 'data' | 'secret';
export type CacheState = 'clean' | 'dirty';

/** One 4 KiB granule. */
export interface Page {
  readonly region: Region;
  readonly alloc: AllocState;
  readonly linear: LinearState;
  /** A TLB entry may still translate the linear address after the entry went away without a flush. */
  readonly tlbStale: boolean;
  readonly vmap: VmapState;
  /** A user-space mapping (dma-buf mmap). */
  readonly user: boolean;
  /** Devices with an IOMMU mapping of the page, sorted by name. */
  readonly iommu: readonly string[];
  /** Host stage-2 lets normal-world accesses through (always true without a hypervisor). */
  readonly stage2: boolean;
  /** The secure side's firewall (TZASC or PAS change) makes NS accesses abort. */
  readonly secureProtected: boolean;
  readonly content: Content;
  readonly cache: CacheState;
  /** FF-A owner: `ns` or a secure endpoint (after a donate is retrieved). */
  readonly owner: string;
  /** Excluded from the hibernation snapshot (register_nosave_region / PageOffline-like marking). */
  readonly nosave: boolean;
}

export type FfaOp = 'lend' | 'share' | 'donate';
export type Access = 'rw' | 'ro';

/** A receiver of a transaction and where it stands. */
export interface Receiver {
  readonly endpoint: string;
  /** Access granted by the sender. */
  readonly access: Access;
  /** The receiver currently holds the memory (Hafnium's retrieved_fragment_count != 0). */
  readonly retrieved: boolean;
  /** Access the receiver obtained at retrieve (at most `access`). */
  readonly mapped: Access;
  /** The receiver asked, at retrieve, for the memory to be zeroed after relinquish. */
  readonly clearOnRelinquish: boolean;
}

/** A live FF-A memory transaction (Hafnium's share state). */
export interface Transaction {
  readonly handle: number;
  readonly op: FfaOp;
  readonly sender: string;
  readonly receivers: readonly Receiver[];
  readonly pages: readonly number[];
  /** The sender asked the relayer to zero the memory (descriptor flag bit 0). */
  readonly clear: boolean;
}

/** A driver-held buffer: the pages it owns and the FF-A handle stored with it. */
export interface Buffer {
  readonly pages: readonly number[];
  readonly handle: number | null;
}

/** Something that happened and breaks an invariant as soon as it happens. */
export interface Hazard {
  readonly pages: readonly number[];
  readonly what: string;
}

/** Sticky observations: once set they stay set, so a state-based invariant can see an event. */
export interface Hazards {
  /** The kernel touched a page through a missing linear entry or a page the secure side protects. */
  readonly kernelFault: Hazard | null;
  /** `ns` issued a send for a page a live transaction covers. */
  readonly doubleSend: Hazard | null;
  /** A page was lent or donated with dirty cache lines. */
  readonly dirtyLend: Hazard | null;
  /** Secret content was copied into normal-world memory (hibernation image, bounce buffer). */
  readonly secretCopied: Hazard | null;
}

export const NO_HAZARDS: Hazards = { kernelFault: null, doubleSend: null, dirtyLend: null, secretCopied: null };

/** The whole modelled world. `platform` is static and not part of a state's identity. */
export interface World {
  readonly platform: Platform;
  readonly pages: readonly Page[];
  /** Indexed by slot; the handle of a transaction is its slot (Hafnium: lowest free slot, reused). */
  readonly transactions: readonly (Transaction | null)[];
  /** Indexed by buffer id (the design compiler assigns ids). */
  readonly buffers: readonly Buffer[];
  readonly hazards: Hazards;
}

/** Hafnium's MAX_MEM_SHARES: live transactions beyond this fail with FFA_NO_MEMORY. */
export const MAX_TRANSACTIONS = 100;

/** The boot state: every page free and owned by `ns`, linear-mapped unless it is a no-map carveout. */
export function initialWorld(platform: Platform, bufferCount: number): World {
  const pages = pageRegions(platform).map(
    (region): Page => ({
      region,
      alloc: 'free',
      linear: region === 'carveout' ? 'absent' : 'valid',
      tlbStale: false,
      vmap: 'none',
      user: false,
      iommu: [],
      stage2: true,
      secureProtected: false,
      content: 'zero',
      cache: 'clean',
      owner: NS,
      nosave: false,
    }),
  );
  const buffers: Buffer[] = [];
  for (let i = 0; i < bufferCount; i++) buffers.push({ pages: [], handle: null });
  return { platform, pages, transactions: [], buffers, hazards: NO_HAZARDS };
}

/**
 * `page` rebuilt by this one object literal (fields in `initialWorld`'s order). V8 gives pages made
 * by object spreads at different sites different hidden classes, and a page read that has seen
 * many of them is several times slower; the page-update helpers pass each new page through here
 * so that every page in a search has the same shape. Values are unchanged.
 */
export function samePageShape(page: Page): Page {
  return {
    region: page.region,
    alloc: page.alloc,
    linear: page.linear,
    tlbStale: page.tlbStale,
    vmap: page.vmap,
    user: page.user,
    iommu: page.iommu,
    stage2: page.stage2,
    secureProtected: page.secureProtected,
    content: page.content,
    cache: page.cache,
    owner: page.owner,
    nosave: page.nosave,
  };
}

/** The live transaction with this handle, if any. */
export function transactionByHandle(world: World, handle: number): Transaction | null {
  return world.transactions[handle] ?? null;
}

/** Live transactions covering a page. */
export function transactionsCovering(world: World, page: number): Transaction[] {
  const found: Transaction[] = [];
  for (const tx of world.transactions) if (tx !== null && tx.pages.includes(page)) found.push(tx);
  return found;
}

/** Returns a world whose listed pages are replaced by `update(page, id)`; other pages are shared. */
export function updatePages(world: World, ids: readonly number[], update: (page: Page, id: number) => Page): World {
  if (ids.length === 0) return world;
  const pages = world.pages.slice();
  for (const id of ids) {
    const page = pages[id];
    if (page === undefined) continue;
    const after = update(page, id);
    pages[id] = after === page ? page : samePageShape(after);
  }
  return withPages(world, pages);
}

/*
 * `world` with one part replaced. Each builds the world with an object literal in `World`'s field
 * order rather than a spread, so that worlds keep one hidden class (see samePageShape).
 */

/** `world` itself rebuilt that way, for worlds that come from a spread elsewhere. */
export function sameWorldShape(world: World): World {
  const { platform, pages, transactions, buffers, hazards } = world;
  return { platform, pages, transactions, buffers, hazards };
}

export function withPages(world: World, pages: readonly Page[]): World {
  const { platform, transactions, buffers, hazards } = world;
  return { platform, pages, transactions, buffers, hazards };
}

export function withBuffers(world: World, buffers: readonly Buffer[]): World {
  const { platform, pages, transactions, hazards } = world;
  return { platform, pages, transactions, buffers, hazards };
}

export function withHazards(world: World, hazards: Hazards): World {
  const { platform, pages, transactions, buffers } = world;
  return { platform, pages, transactions, buffers, hazards };
}

/** Records a hazard unless one of the same kind is already recorded (the first one is the story). */
export function withHazard(world: World, kind: keyof Hazards, hazard: Hazard): World {
  if (world.hazards[kind] !== null) return world;
  return withHazards(world, { ...world.hazards, [kind]: hazard });
}
