/**
 * A kernel step call as the model executes it: buffers are ids (the design compiler resolves names),
 * every optional argument has its default filled in.
 */
import type { Region } from '../platform.ts';
import type { Access } from '../state.ts';

export type KernelCall =
  | {
      readonly step: 'alloc';
      readonly buffer: number;
      readonly region: Region;
      readonly pages: number;
      /** `contiguous: false`: any `pages` free pages of the region (the system heap's sg_table). */
      readonly contiguous?: boolean;
      /** The run starts at a multiple of this many pages (region-relative); 1 = no constraint. */
      readonly align?: number;
      /** For `contiguous: false`: the pages this move takes (the interpreter chooses; see alloc-choices.ts). */
      readonly choose?: readonly number[];
    }
  | { readonly step: 'free'; readonly buffer: number }
  | { readonly step: 'leak'; readonly buffer: number }
  | { readonly step: 'unmap_linear'; readonly buffer: number }
  | { readonly step: 'map_linear'; readonly buffer: number }
  | { readonly step: 'flush_tlb'; readonly buffer: number }
  | { readonly step: 'memunmap_pages'; readonly buffer: number }
  | { readonly step: 'memremap_pages'; readonly buffer: number }
  | { readonly step: 'vmap'; readonly buffer: number }
  | { readonly step: 'vunmap'; readonly buffer: number }
  | { readonly step: 'mmap_user'; readonly buffer: number }
  | { readonly step: 'munmap_user'; readonly buffer: number }
  | { readonly step: 'iommu_map'; readonly buffer: number; readonly device: string }
  | { readonly step: 'iommu_unmap'; readonly buffer: number; readonly device: string | null }
  | { readonly step: 'clean_cache'; readonly buffer: number }
  | { readonly step: 'zero'; readonly buffer: number }
  | { readonly step: 'mark_nosave'; readonly buffer: number }
  | { readonly step: 'clear_nosave'; readonly buffer: number }
  | {
      readonly step: 'ffa_lend' | 'ffa_share';
      readonly buffer: number;
      readonly to: readonly string[];
      readonly access: Access;
      readonly clear: boolean;
      /** `chunk: K`: one transaction per K pages (null: one transaction for the whole buffer). */
      readonly chunk?: number | null;
    }
  | { readonly step: 'ffa_donate'; readonly buffer: number; readonly to: readonly string[] }
  /** `memremap {type}` (devm_memremap): a kernel alias; `type` is MEMREMAP_WC or MEMREMAP_WB. */
  | { readonly step: 'memremap'; readonly buffer: number; readonly type: 'wc' | 'wb' }
  | { readonly step: 'memunmap'; readonly buffer: number }
  /** `pool_alloc {pool, pages}` (gen_pool_alloc): `pool` is the id of the buffer the pool is over. */
  | { readonly step: 'pool_alloc'; readonly buffer: number; readonly pool: number; readonly pages: number }
  | { readonly step: 'pool_free'; readonly buffer: number }
  | { readonly step: 'ffa_reclaim'; readonly buffer: number; readonly clear: boolean };

export type KernelStepName = KernelCall['step'];
