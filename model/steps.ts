/**
 * The design step vocabulary (SPEC section 3), one entry per step, named after the kernel call it
 * models. The design loader validates against it and `lendcheck list steps` prints it.
 */

/** How a step argument is checked and resolved. */
export type ArgKind =
  | 'buffer' // a buffer name (actor-local unless listed in `shared`)
  | 'region' // cma | system | carveout | device
  | 'count' // positive integer
  | 'endpoints' // list of declared secure endpoints
  | 'access' // rw | ro
  | 'bool'
  | 'device' // a declared device
  | 'memtype'; // wc | wb (devm_memremap's MEMREMAP_WC / MEMREMAP_WB)

export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
  readonly required: boolean;
  /** Default when omitted (for optional arguments). */
  readonly default?: unknown;
}

export interface StepSpec {
  readonly name: string;
  /** The kernel or firmware call it models. */
  readonly models: string;
  /** What it does to the model. */
  readonly effect: string;
  readonly args: readonly ArgSpec[];
}

const buffer: ArgSpec = { name: 'buffer', kind: 'buffer', required: true };
const onBuffer = (name: string, models: string, effect: string): StepSpec => ({ name, models, effect, args: [buffer] });

/** FFA_MEM_LEND and FFA_MEM_SHARE take the same arguments. */
function ffaSendStep(name: string, models: string): StepSpec {
  return {
    name,
    models,
    effect: 'handle stored in the buffer, or an FF-A error; with chunk: K one transaction (and one move) per K pages, a failure stops there with earlier chunks lent',
    args: [
      buffer,
      { name: 'to', kind: 'endpoints', required: true },
      { name: 'access', kind: 'access', required: false, default: 'rw' },
      { name: 'clear', kind: 'bool', required: false, default: false },
      // SPEC section 9: an sg_table lent K pages per transaction, each chunk its own move and handle.
      { name: 'chunk', kind: 'count', required: false, default: null },
    ],
  };
}

/** Kernel steps, in the order SPEC section 3 lists them. */
export const KERNEL_STEPS: readonly StepSpec[] = [
  {
    name: 'alloc',
    models: 'dma_alloc_pages, cma_alloc, alloc_pages, carveout pool',
    effect:
      'takes the lowest free run of the region (starting at a multiple of align), or with contiguous: false any free pages (every choice explored); zeroes them through the linear map (dirty cache); carveout pages have no linear map and are not zeroed; ENOMEM if too few',
    args: [
      buffer,
      { name: 'region', kind: 'region', required: true },
      { name: 'pages', kind: 'count', required: false, default: 1 },
      { name: 'contiguous', kind: 'bool', required: false, default: true },
      { name: 'align', kind: 'count', required: false, default: 1 },
    ],
  },
  onBuffer('free', 'dma_free_pages / cma_release', 'pages back to the allocator, whatever their FF-A state'),
  onBuffer('leak', 'deliberate quarantine', 'pages become leaked and are never reused'),
  onBuffer('unmap_linear', 'set_direct_map_invalid_noflush', 'linear entry invalid; the TLB entry may stay live (no-op when !can_set_direct_map)'),
  onBuffer('map_linear', 'set_direct_map_default_noflush', 'linear entry valid (no-op when !can_set_direct_map)'),
  onBuffer('flush_tlb', 'flush_tlb_kernel_range, vm_unmap_aliases', 'no live stale TLB entries or lazily-unmapped vmap aliases'),
  onBuffer('memunmap_pages', 'memunmap_pages (HMM / ZONE_DEVICE)', 'linear entry absent and flushed, struct pages removed (free, iommu_map, vmap, memremap fault until memremap_pages); ENXIO outside the device region'),
  onBuffer('memremap_pages', 'memremap_pages (HMM / ZONE_DEVICE)', 'linear entry valid and struct pages back; ENXIO outside the device region'),
  onBuffer('vmap', 'vmap', 'kernel alias valid'),
  onBuffer('vunmap', 'vunmap', 'kernel alias gone but its TLB entry is flushed lazily'),
  onBuffer('mmap_user', 'dma-buf mmap', 'user mapping'),
  onBuffer('munmap_user', 'munmap', 'no user mapping'),
  {
    name: 'iommu_map',
    models: 'dma_map_sgtable',
    effect: 'IOMMU mapping for the device; for a bounce device, first a kernel copy of each page through the linear map into swiotlb (faults as zero does, copies secret content into NS memory)',
    args: [buffer, { name: 'device', kind: 'device', required: true }],
  },
  {
    name: 'iommu_unmap',
    models: 'dma_unmap_sgtable',
    effect: 'removes the IOMMU mapping for the device (all devices if none is named)',
    args: [buffer, { name: 'device', kind: 'device', required: false, default: null }],
  },
  onBuffer('clean_cache', 'dcache_clean_inval_poc (clean+invalidate to PoC)', 'cache clean; faults without a kernel mapping'),
  onBuffer('zero', 'memset through the linear map', 'content zero, cache dirty; faults if unmapped or protected'),
  onBuffer('mark_nosave', 'register_nosave_region / __SetPageOffline', 'hibernation skips the pages'),
  onBuffer('clear_nosave', 'undo of mark_nosave', 'hibernation saves the pages again'),
  ffaSendStep('ffa_lend', 'FFA_MEM_LEND from ns'),
  ffaSendStep('ffa_share', 'FFA_MEM_SHARE from ns'),
  {
    name: 'ffa_donate',
    models: 'FFA_MEM_DONATE from ns',
    effect: 'handle stored in the buffer, or an FF-A error',
    args: [buffer, { name: 'to', kind: 'endpoints', required: true }],
  },
  {
    name: 'memremap',
    models: 'devm_memremap / memremap (MEMREMAP_WC, MEMREMAP_WB)',
    effect: 'a kernel alias of the pages (an NS mapping the CPU may read speculatively, like vmap); a kernel fault on pages without a struct page',
    args: [buffer, { name: 'type', kind: 'memtype', required: false, default: 'wb' }],
  },
  onBuffer('memunmap', 'memunmap', 'kernel alias gone but its TLB entry is flushed lazily, like vunmap'),
  {
    name: 'pool_alloc',
    models: 'gen_pool_alloc over the pages of buffer pool',
    effect: 'the lowest pages of the pool not handed out; no zeroing, no FF-A call; ENOMEM if too few',
    args: [buffer, { name: 'pool', kind: 'buffer', required: true }, { name: 'pages', kind: 'count', required: false, default: 1 }],
  },
  onBuffer('pool_free', 'gen_pool_free', 'the pages go back to their pool'),
  {
    name: 'ffa_reclaim',
    models: 'FFA_MEM_RECLAIM',
    effect:
      'ok (handle dropped from the buffer), or DENIED while a borrower holds it, INVALID_PARAMETERS for a dead handle; on a chunked buffer one move per handle, stopping at the first failure',
    args: [
      buffer,
      { name: 'clear', kind: 'bool', required: false, default: false },
      // Accepted for symmetry with a chunked lend; the handles the buffer holds decide the moves.
      { name: 'chunk', kind: 'count', required: false, default: null },
    ],
  },
];

/** Program-control steps for driver bookkeeping. */
export const CONTROL_STEPS: readonly StepSpec[] = [
  { name: 'lock', models: 'mutex_lock', effect: 'takes the named mutex; blocks while another actor holds it', args: [] },
  { name: 'unlock', models: 'mutex_unlock', effect: 'releases the named mutex (EPERM if not the holder)', args: [] },
  { name: 'set', models: 'plain store', effect: 'set: {var, value}', args: [] },
  { name: 'inc', models: 'atomic increment', effect: 'inc: var', args: [] },
  { name: 'dec', models: 'atomic decrement', effect: 'dec: var', args: [] },
  {
    name: 'inc_not_zero',
    models: 'refcount_inc_not_zero / atomic_inc_not_zero',
    effect: 'inc_not_zero: {var, then, else}: one atomic move: if var > 0, increment it and run then, else run else',
    args: [],
  },
  {
    name: 'dec_and_test',
    models: 'refcount_dec_and_test / atomic_dec_and_test',
    effect: 'dec_and_test: {var, then, else}: one atomic move: decrement var; run then if it reached 0, else else',
    args: [],
  },
  { name: 'if', models: 'branch', effect: 'if: {var, eq|ne|gt|lt, then, else}, or {result: CODE, ...} on the last step result', args: [] },
];

export function kernelStepSpec(name: string): StepSpec | undefined {
  return KERNEL_STEPS.find((s) => s.name === name);
}
