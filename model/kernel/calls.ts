/**
 * A kernel step call as the model executes it: buffers are ids (the design compiler resolves names),
 * every optional argument has its default filled in.
 */
import type { Region } from '../platform.ts';
import type { Access } from '../state.ts';

export type KernelCall =
  | { readonly step: 'alloc'; readonly buffer: number; readonly region: Region; readonly pages: number }
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
    }
  | { readonly step: 'ffa_donate'; readonly buffer: number; readonly to: readonly string[] }
  | { readonly step: 'ffa_reclaim'; readonly buffer: number; readonly clear: boolean };

export type KernelStepName = KernelCall['step'];
