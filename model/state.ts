/**
 * The pure state model (SPEC section 2): physical pages with every mapping that can reach them,
 * FF-A transactions keyed by handle, driver buffers, and sticky hazards observed along the way.
 * Every value here is immutable; transitions return new values and share what they do not change.
 */
import type { Platform, Region } from './platform.ts';
import { NS, bootOwnedRegion, pageRegions } from './platform.ts';

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
  /** A memremap (devm_memremap) kernel alias: `stale` after memunmap until the lazy flush (as vmap). */
  readonly remap: VmapState;
  /** Handed out of a gen_pool (pool_alloc over the buffer holding the page) and not yet pool_free'd. */
  readonly pooled: boolean;
  /**
   * Every field but `region`, packed into one 32-bit integer (`pageCode`), so that the search's
   * state fingerprint reads one number per page instead of thirteen fields. Derived, never set by
   * hand: the two places that build pages (`initialWorld`, `samePageShape`) compute it.
   */
  readonly code: number;
}

/** A page's fields without the derived `code`: what the model's page updates write. */
export type PageFields = Omit<Page, 'code'>;

/** A page's fields, writable: what an `editPage` edit sets. */
export type PageDraft = { -readonly [K in keyof PageFields]: PageFields[K] };

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
  /**
   * The handles of a chunked send (`ffa_lend {chunk: K}`), one per chunk lent, in chunk order;
   * absent (never an empty list) on a buffer that holds none, so unchunked designs keep one shape.
   */
  readonly handles?: readonly number[];
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

/**
 * The boot state: every page free and owned by `ns`, linear-mapped unless it is a no-map carveout.
 * With `carveout_owner` an endpoint, the carveout is a static protected pool: owned by that endpoint
 * and firewalled from boot (and, under a Hafnium hypervisor, never in the host's stage-2).
 */
export function initialWorld(platform: Platform, bufferCount: number): World {
  const pages = pageRegions(platform).map(
    (region): Page => samePageShape({
      region,
      alloc: 'free',
      linear: region === 'carveout' ? 'absent' : 'valid',
      tlbStale: false,
      vmap: 'none',
      user: false,
      iommu: [],
      stage2: !bootOwnedRegion(platform, region) || platform.hypervisor !== 'hafnium',
      secureProtected: bootOwnedRegion(platform, region),
      content: 'zero',
      cache: 'clean',
      owner: bootOwnedRegion(platform, region) ? platform.carveoutOwner : NS,
      nosave: false,
      remap: 'none',
      pooled: false,
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
export function samePageShape(page: PageFields): Page {
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
    remap: page.remap,
    pooled: page.pooled,
    code: pageCode(page),
  };
}

/**
 * `page`'s fields, copied by one object literal, with `edit` applied: what a page update returns
 * (`updatePages` then gives it its code). Updates use this rather than `{ ...page, field: value }`:
 * V8 gave the spreads of the different update sites different hidden classes (twelve in one search),
 * which made every field read in `samePageShape` and `pageCode` a megamorphic lookup.
 */
export function editPage(page: Page, edit: (draft: PageDraft) => void): PageFields {
  const draft: PageDraft = {
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
    remap: page.remap,
    pooled: page.pooled,
  };
  edit(draft);
  return draft;
}

/*
 * `pageCode`: bits 0-16 the flags, bits 17-31 a number for the pair (owner, IOMMU devices). The
 * pairs are numbered on first sight, once per process, so a code means the same page for as long
 * as the process runs, which is all a fingerprint needs; NS with no device is always 0.
 */
// Stryker disable next-line ArrayDeclaration: ownerDevices answers this pair by its shortcut without a look-up; the entry reserves number 0 for it, which any one entry does
const OWNER_DEVICES: Map<string, number> = new Map([[JSON.stringify([NS, []]), 0]]);
/** OWNER_DEVICES the other way: the pair of each number. */
const PAIRS: { readonly owner: string; readonly iommu: readonly string[] }[] = [{ owner: NS, iommu: [] }];
/** Flag bits below the pair number. */
const FLAG_BITS = 17;
/** 15 bits of pair number: with the 17 flag bits, exactly one 32-bit word. */
const MAX_OWNER_DEVICES = 1 << (32 - FLAG_BITS);

/** The packed form of every field but `region` (see `Page.code`); distinct pages, distinct codes. */
export function pageCode(page: PageFields): number {
  const flags =
    (page.alloc === 'free' ? 0 : page.alloc === 'allocated' ? 1 : 2) |
    ((page.linear === 'valid' ? 0 : page.linear === 'invalid' ? 1 : 2) << 2) |
    (page.tlbStale ? 1 << 4 : 0) |
    // Stryker disable next-line EqualityOperator: swapping two values' numbers within a field keeps distinct pages distinct codes; a code is compared, never decoded
    ((page.vmap === 'none' ? 0 : page.vmap === 'mapped' ? 1 : 2) << 5) |
    (page.user ? 1 << 7 : 0) |
    (page.stage2 ? 1 << 8 : 0) |
    (page.secureProtected ? 1 << 9 : 0) |
    // Stryker disable next-line EqualityOperator: swapping two values' numbers within a field keeps distinct pages distinct codes; a code is compared, never decoded
    ((page.content === 'zero' ? 0 : page.content === 'data' ? 1 : 2) << 10) |
    // Stryker disable next-line EqualityOperator: swapping two values' numbers within a field keeps distinct pages distinct codes; a code is compared, never decoded
    (page.cache === 'clean' ? 0 : 1 << 12) |
    (page.nosave ? 1 << 13 : 0) |
    // Stryker disable next-line EqualityOperator: swapping two values' numbers within a field keeps distinct pages distinct codes; a code is compared, never decoded
    ((page.remap === 'none' ? 0 : page.remap === 'mapped' ? 1 : 2) << 14) |
    (page.pooled ? 1 << 16 : 0);
  return flags | (ownerDevices(page.owner, page.iommu) << FLAG_BITS);
}

const ALLOC: readonly AllocState[] = ['free', 'allocated', 'leaked'];
const LINEAR: readonly LinearState[] = ['valid', 'invalid', 'absent'];
const ALIAS: readonly VmapState[] = ['none', 'mapped', 'stale'];
const CONTENT: readonly Content[] = ['zero', 'data', 'secret'];

/**
 * The page `pageCode` gave `code` to, in `region`: its inverse, for a thread that reads states
 * another thread packed (the pair numbers must agree: parallel-system.ts numbers them up front).
 * Throws on a pair number this thread never gave.
 */
export function pageFromCode(code: number, region: Region): Page {
  const pair = PAIRS[code >>> FLAG_BITS];
  if (pair === undefined) throw new Error(`internal: page code ${code} names an (owner, IOMMU devices) pair this thread never numbered`);
  return samePageShape({
    region,
    alloc: ALLOC[code & 3]!,
    linear: LINEAR[(code >> 2) & 3]!,
    tlbStale: (code & (1 << 4)) !== 0,
    vmap: ALIAS[(code >> 5) & 3]!,
    user: (code & (1 << 7)) !== 0,
    iommu: pair.iommu,
    stage2: (code & (1 << 8)) !== 0,
    secureProtected: (code & (1 << 9)) !== 0,
    content: CONTENT[(code >> 10) & 3]!,
    cache: (code & (1 << 12)) === 0 ? 'clean' : 'dirty',
    owner: pair.owner,
    nosave: (code & (1 << 13)) !== 0,
    remap: ALIAS[(code >> 14) & 3]!,
    pooled: (code & (1 << 16)) !== 0,
  });
}

/** How many (owner, IOMMU devices) pairs this process has numbered (a search's worker threads check theirs agree). */
export function ownerDevicePairsNumbered(): number {
  return OWNER_DEVICES.size;
}

function ownerDevices(owner: string, iommu: readonly string[]): number {
  // Stryker disable next-line ConditionalExpression: a shortcut; OWNER_DEVICES holds this pair as 0
  if (owner === NS && iommu.length === 0) return 0;
  const key = JSON.stringify([owner, iommu]);
  let id = OWNER_DEVICES.get(key);
  if (id === undefined) {
    id = OWNER_DEVICES.size;
    if (id >= MAX_OWNER_DEVICES) throw new Error(`internal: more than ${MAX_OWNER_DEVICES} distinct page owner/IOMMU combinations`);
    OWNER_DEVICES.set(key, id);
    PAIRS.push({ owner, iommu: [...iommu] });
  }
  return id;
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

/**
 * Does a live transaction covering `page` satisfy `test`? `transactionsCovering(...).some(test)`
 * without building the list: the FF-A access rules ask this for every page of every relayer call.
 */
export function someTransactionCovering(world: World, page: number, test: (tx: Transaction) => boolean): boolean {
  for (const tx of world.transactions) if (tx !== null && tx.pages.includes(page) && test(tx)) return true;
  return false;
}

/**
 * Returns a world whose listed pages are replaced by `update(page, id)`; other pages are shared.
 * `update` returns the page itself for "no change"; the page array (and the world) is copied only
 * once a page changes, so an update that changes nothing returns `world` itself.
 */
export function updatePages(world: World, ids: readonly number[], update: (page: Page, id: number) => PageFields): World {
  let pages: Page[] | null = null;
  for (const id of ids) {
    const page = (pages ?? world.pages)[id];
    if (page === undefined) continue;
    const after = update(page, id);
    if (after === page) continue;
    if (pages === null) pages = world.pages.slice();
    pages[id] = samePageShape(after);
  }
  return pages === null ? world : withPages(world, pages);
}

/*
 * `world` with one part replaced. Each builds the world with an object literal in `World`'s field
 * order rather than a spread, so that worlds keep one hidden class (see samePageShape): worlds of
 * several hidden classes make every world read in the search slower. Nothing in model/ builds a
 * world any other way.
 */

export function withPages(world: World, pages: readonly Page[]): World {
  const { platform, transactions, buffers, hazards } = world;
  return { platform, pages, transactions, buffers, hazards };
}

export function withBuffers(world: World, buffers: readonly Buffer[]): World {
  const { platform, pages, transactions, hazards } = world;
  return { platform, pages, transactions, buffers, hazards };
}

export function withTransactions(world: World, transactions: readonly (Transaction | null)[]): World {
  const { platform, pages, buffers, hazards } = world;
  return { platform, pages, transactions, buffers, hazards };
}

export function withHazards(world: World, hazards: Hazards): World {
  const { platform, pages, transactions, buffers } = world;
  return { platform, pages, transactions, buffers, hazards };
}

/** Records a hazard unless one of the same kind is already recorded (the first one is the story). */
export function withHazard(world: World, kind: keyof Hazards, hazard: Hazard): World {
  const h = world.hazards;
  if (h[kind] !== null) return world;
  // A literal in `Hazards`' field order, not a spread with a computed key (one hidden class).
  return withHazards(world, {
    kernelFault: kind === 'kernelFault' ? hazard : h.kernelFault,
    doubleSend: kind === 'doubleSend' ? hazard : h.doubleSend,
    dirtyLend: kind === 'dirtyLend' ? hazard : h.dirtyLend,
    secretCopied: kind === 'secretCopied' ? hazard : h.secretCopied,
  });
}
