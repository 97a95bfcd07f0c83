/**
 * Nondeterministic environment actions (SPEC section 3): what the secure world, the CPU, devices
 * and hibernation may do whenever their precondition holds.
 */
export type EnvActor = 'secure' | 'cpu' | 'devices' | 'hibernate' | 'kexec' | 'kdump';
/** The default environment (`environment: all` or no `environment` key). */
export const ENV_ACTORS: readonly EnvActor[] = ['secure', 'cpu', 'devices', 'hibernate'];
/** Environment actors a design must name to get (SPEC section 9): not in the default list. */
export const OPTIONAL_ENV_ACTORS: readonly EnvActor[] = ['kexec', 'kdump'];
/** Every environment actor a design may name, in the order their actions are listed. */
export const ALL_ENV_ACTORS: readonly EnvActor[] = [...ENV_ACTORS, ...OPTIONAL_ENV_ACTORS];

/** A CPU path to a page: linear map, stale TLB entry, vmap or memremap alias (live or lazily flushed), user mapping. */
export type CpuPath = 'linear' | 'tlb' | 'vmap' | 'memremap' | 'user';

export type EnvAction =
  | { readonly actor: 'secure'; readonly kind: 'ffa_retrieve' | 'write' | 'ffa_relinquish'; readonly endpoint: string; readonly handle: number }
  /** A write by a secure endpoint to a page it owns (a donate it retrieved): there is no handle any more. */
  | { readonly actor: 'secure'; readonly kind: 'write_owned'; readonly endpoint: string; readonly page: number }
  | { readonly actor: 'cpu'; readonly kind: 'read'; readonly page: number; readonly path: CpuPath }
  | { readonly actor: 'devices'; readonly kind: 'dma'; readonly device: string; readonly page: number }
  | { readonly actor: 'hibernate'; readonly kind: 'snapshot' }
  /** kexec: the kernel is replaced (the design's `shutdown` procedures run first). */
  | { readonly actor: 'kexec'; readonly kind: 'kexec' }
  /** kdump: the crash kernel reads every saveable page through a fresh linear mapping (/proc/vmcore). */
  | { readonly actor: 'kdump'; readonly kind: 'vmcore' };
