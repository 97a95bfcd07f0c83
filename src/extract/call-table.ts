/**
 * Which kernel calls become which design steps (SPEC section 11): the built-in table, and the
 * rules a project adds for its own wrappers with `--map` (map-file.ts). A rule says what the call
 * does; walk.ts finds the buffer, counts pages and decides the error path.
 */

export type Region = 'cma' | 'system' | 'carveout' | 'device';

/** How an allocation call gives its size: in bytes, pages, a page order, or one page. */
export interface SizeArg {
  readonly arg: number;
  readonly unit: 'bytes' | 'pages' | 'order';
}

export type CallRule =
  | { readonly kind: 'alloc'; readonly region: Region; readonly size: SizeArg | null }
  /** kmalloc and friends: an allocation only when the size is a constant of a page or more. */
  | { readonly kind: 'alloc_if_pages'; readonly size: SizeArg }
  /** arm64 set_memory_valid(addr, n, enable): unmap_linear and flush_tlb (it flushes), or map_linear. */
  | { readonly kind: 'set_memory_valid' }
  /** A kernel step on the buffer the call's arguments name. */
  | { readonly kind: 'on_buffer'; readonly step: string }
  /** set_direct_map_valid_noflush(page, nr, valid): map_linear or unmap_linear by `valid`. */
  | { readonly kind: 'direct_map_valid' }
  /** memset(p, 0, n): zero, when p is a buffer and the value 0. */
  | { readonly kind: 'zero' }
  | { readonly kind: 'memremap' }
  | { readonly kind: 'ffa_send'; readonly step: 'ffa_lend' | 'ffa_share' | 'ffa_donate' }
  | { readonly kind: 'ffa_reclaim' }
  | { readonly kind: 'iommu_map' }
  | { readonly kind: 'pool_alloc'; readonly size: SizeArg }
  | { readonly kind: 'pool_free' }
  /** gen_pool_add*(pool, addr, ...): the pool's pages are those of the buffer at `addr`. */
  | { readonly kind: 'pool_bind' }
  | { readonly kind: 'lock' | 'unlock' }
  | { readonly kind: 'counter'; readonly op: 'set' | 'inc' | 'dec' | 'inc_not_zero' | 'dec_and_test'; readonly value?: number }
  /** kref_put(&k, release): dec_and_test, then the release function when it reached zero. */
  | { readonly kind: 'kref_put' }
  /** A project's wrapper (`--map`): a step with fixed arguments; the buffer from the call's arguments. */
  | { readonly kind: 'mapped'; readonly step: string; readonly args: Readonly<Record<string, unknown>> }
  /** `--map` says: known, no effect on memory ownership (a log call, say). */
  | { readonly kind: 'none' };

const bytes = (arg: number): SizeArg => ({ arg, unit: 'bytes' });
const pages = (arg: number): SizeArg => ({ arg, unit: 'pages' });
const order = (arg: number): SizeArg => ({ arg, unit: 'order' });
const step = (s: string): CallRule => ({ kind: 'on_buffer', step: s });

const TABLE: Readonly<Record<string, CallRule>> = {
  dma_alloc_pages: { kind: 'alloc', region: 'cma', size: bytes(1) },
  dma_alloc_attrs: { kind: 'alloc', region: 'cma', size: bytes(1) },
  dma_alloc_coherent: { kind: 'alloc', region: 'cma', size: bytes(1) },
  dma_alloc_wc: { kind: 'alloc', region: 'cma', size: bytes(1) },
  cma_alloc: { kind: 'alloc', region: 'cma', size: pages(1) },
  tee_shm_alloc_dma_mem: { kind: 'alloc', region: 'cma', size: pages(1) },
  alloc_pages: { kind: 'alloc', region: 'system', size: order(1) },
  __get_free_pages: { kind: 'alloc', region: 'system', size: order(1) },
  alloc_page: { kind: 'alloc', region: 'system', size: null },
  alloc_contig_pages: { kind: 'alloc', region: 'system', size: pages(0) },
  alloc_pages_exact: { kind: 'alloc', region: 'system', size: bytes(0) },
  get_zeroed_page: { kind: 'alloc', region: 'system', size: null },
  dma_alloc_noncoherent: { kind: 'alloc', region: 'cma', size: bytes(1) },
  dmam_alloc_coherent: { kind: 'alloc', region: 'cma', size: bytes(1) },
  devm_kzalloc: { kind: 'alloc_if_pages', size: bytes(1) },
  devm_kmalloc: { kind: 'alloc_if_pages', size: bytes(1) },
  kmalloc: { kind: 'alloc_if_pages', size: bytes(0) },
  kzalloc: { kind: 'alloc_if_pages', size: bytes(0) },
  free_pages_exact: step('free'),
  free_page: step('free'),
  dma_free_noncoherent: step('free'),
  kfree: step('free'),
  dma_free_pages: step('free'),
  dma_free_attrs: step('free'),
  dma_free_coherent: step('free'),
  dma_free_wc: step('free'),
  cma_release: step('free'),
  __free_pages: step('free'),
  __free_page: step('free'),
  free_pages: step('free'),
  free_contig_range: step('free'),
  tee_shm_put: step('free'),
  tee_shm_free: step('free'),
  set_direct_map_invalid_noflush: step('unmap_linear'),
  set_direct_map_default_noflush: step('map_linear'),
  set_direct_map_valid_noflush: { kind: 'direct_map_valid' },
  set_memory_valid: { kind: 'set_memory_valid' },
  flush_tlb_kernel_range: step('flush_tlb'),
  vm_unmap_aliases: step('flush_tlb'),
  vmap: step('vmap'),
  vunmap: step('vunmap'),
  devm_memremap: { kind: 'memremap' },
  memremap: { kind: 'memremap' },
  memunmap: step('memunmap'),
  devm_memunmap: step('memunmap'),
  memremap_pages: step('memremap_pages'),
  devm_memremap_pages: step('memremap_pages'),
  memunmap_pages: step('memunmap_pages'),
  devm_memunmap_pages: step('memunmap_pages'),
  dma_map_sgtable: { kind: 'iommu_map' },
  dma_map_sg: { kind: 'iommu_map' },
  dma_map_sg_attrs: { kind: 'iommu_map' },
  dma_map_page: { kind: 'iommu_map' },
  dma_unmap_sgtable: step('iommu_unmap'),
  dma_unmap_sg: step('iommu_unmap'),
  dma_unmap_sg_attrs: step('iommu_unmap'),
  dma_unmap_page: step('iommu_unmap'),
  dcache_clean_inval_poc: step('clean_cache'),
  dcache_clean_poc: step('clean_cache'),
  __flush_dcache_area: step('clean_cache'),
  __clean_dcache_area_poc: step('clean_cache'),
  arch_sync_dma_for_device: step('clean_cache'),
  dma_sync_single_for_device: step('clean_cache'),
  dma_sync_sgtable_for_device: step('clean_cache'),
  dma_sync_sg_for_device: step('clean_cache'),
  memset: { kind: 'zero' },
  register_nosave_region: step('mark_nosave'),
  memory_lend: { kind: 'ffa_send', step: 'ffa_lend' },
  memory_share: { kind: 'ffa_send', step: 'ffa_share' },
  memory_donate: { kind: 'ffa_send', step: 'ffa_donate' },
  ffa_memory_lend: { kind: 'ffa_send', step: 'ffa_lend' },
  ffa_memory_share: { kind: 'ffa_send', step: 'ffa_share' },
  memory_reclaim: { kind: 'ffa_reclaim' },
  ffa_memory_reclaim: { kind: 'ffa_reclaim' },
  gen_pool_alloc: { kind: 'pool_alloc', size: bytes(1) },
  gen_pool_alloc_algo: { kind: 'pool_alloc', size: bytes(1) },
  gen_pool_dma_alloc: { kind: 'pool_alloc', size: bytes(1) },
  gen_pool_free: { kind: 'pool_free' },
  gen_pool_add: { kind: 'pool_bind' },
  gen_pool_add_virt: { kind: 'pool_bind' },
  gen_pool_add_owner: { kind: 'pool_bind' },
  mutex_lock: { kind: 'lock' },
  mutex_lock_interruptible: { kind: 'lock' },
  mutex_lock_killable: { kind: 'lock' },
  mutex_unlock: { kind: 'unlock' },
  spin_lock: { kind: 'lock' },
  spin_lock_irq: { kind: 'lock' },
  spin_lock_irqsave: { kind: 'lock' },
  spin_lock_bh: { kind: 'lock' },
  raw_spin_lock: { kind: 'lock' },
  raw_spin_lock_irqsave: { kind: 'lock' },
  spin_unlock: { kind: 'unlock' },
  spin_unlock_irq: { kind: 'unlock' },
  spin_unlock_irqrestore: { kind: 'unlock' },
  spin_unlock_bh: { kind: 'unlock' },
  raw_spin_unlock: { kind: 'unlock' },
  raw_spin_unlock_irqrestore: { kind: 'unlock' },
  refcount_set: { kind: 'counter', op: 'set' },
  refcount_inc: { kind: 'counter', op: 'inc' },
  refcount_dec: { kind: 'counter', op: 'dec' },
  refcount_inc_not_zero: { kind: 'counter', op: 'inc_not_zero' },
  refcount_dec_and_test: { kind: 'counter', op: 'dec_and_test' },
  atomic_set: { kind: 'counter', op: 'set' },
  atomic_inc: { kind: 'counter', op: 'inc' },
  atomic_dec: { kind: 'counter', op: 'dec' },
  atomic_inc_not_zero: { kind: 'counter', op: 'inc_not_zero' },
  atomic_dec_and_test: { kind: 'counter', op: 'dec_and_test' },
  kref_init: { kind: 'counter', op: 'set', value: 1 },
  kref_get: { kind: 'counter', op: 'inc' },
  kref_get_unless_zero: { kind: 'counter', op: 'inc_not_zero' },
  kref_put: { kind: 'kref_put' },
};

/** The built-in rule for a call name (`memory_lend` also when reached as `ops->mem_ops->memory_lend`). */
export function builtinRule(name: string): CallRule | undefined {
  return Object.hasOwn(TABLE, name) ? TABLE[name] : undefined;
}

/** Every name of the built-in table, for `lendcheck list` and the docs. */
export const BUILTIN_CALLS: readonly string[] = Object.keys(TABLE);

/**
 * Calls that only compute (a pointer, an error code) or only check: they neither map to a step nor
 * hide one, so they are transparent in conditions and arguments. Calls left over are still listed.
 */
export const TRANSPARENT = new Set([
  'IS_ERR', 'IS_ERR_OR_NULL', 'PTR_ERR', 'ERR_PTR', 'ERR_CAST', 'PTR_ERR_OR_ZERO', 'unlikely', 'likely',
  'WARN_ON', 'WARN_ON_ONCE', 'WARN', 'WARN_ONCE',
]);
