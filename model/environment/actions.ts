/**
 * Nondeterministic environment actions (SPEC section 3): what the secure world, the CPU, devices
 * and hibernation may do whenever their precondition holds.
 */
export type EnvActor = 'secure' | 'cpu' | 'devices' | 'hibernate';
export const ENV_ACTORS: readonly EnvActor[] = ['secure', 'cpu', 'devices', 'hibernate'];

/** A CPU path to a page: linear map, stale TLB entry, vmap alias (live or lazily flushed), user mapping. */
export type CpuPath = 'linear' | 'tlb' | 'vmap' | 'user';

export type EnvAction =
  | { readonly actor: 'secure'; readonly kind: 'ffa_retrieve' | 'write' | 'ffa_relinquish'; readonly endpoint: string; readonly handle: number }
  /** A write by a secure endpoint to a page it owns (a donate it retrieved): there is no handle any more. */
  | { readonly actor: 'secure'; readonly kind: 'write_owned'; readonly endpoint: string; readonly page: number }
  | { readonly actor: 'cpu'; readonly kind: 'read'; readonly page: number; readonly path: CpuPath }
  | { readonly actor: 'devices'; readonly kind: 'dma'; readonly device: string; readonly page: number }
  | { readonly actor: 'hibernate'; readonly kind: 'snapshot' };
