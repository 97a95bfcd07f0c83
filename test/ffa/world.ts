/**
 * Test helpers: small worlds and a uniform way to apply relayer calls and accesses.
 */
import { memoryAccess } from '../../model/ffa/access.ts';
import { ffaReclaim, ffaRelinquish, ffaRetrieve, ffaSend } from '../../model/ffa/relayer.ts';
import type { ReclaimRequest, RelinquishRequest, RetrieveRequest, SendRequest } from '../../model/ffa/types.ts';
import type { Platform } from '../../model/platform.ts';
import { DEFAULT_PLATFORM } from '../../model/platform.ts';
import type { World } from '../../model/state.ts';
import { initialWorld } from '../../model/state.ts';

export function world(platform: Partial<Platform> = {}): World {
  return initialWorld({ ...DEFAULT_PLATFORM, pages: { system: 4 }, endpoints: ['v1', 'v2', 'v3'], ...platform }, 0);
}

export type Call =
  | ({ kind: 'send' } & SendRequest)
  | ({ kind: 'retrieve' } & RetrieveRequest)
  | ({ kind: 'relinquish' } & RelinquishRequest)
  | ({ kind: 'reclaim' } & ReclaimRequest)
  | { kind: 'access'; endpoint: string; page: number; access: 'read' | 'write' };

export function apply(w: World, call: Call): { world: World; result: string; handle?: number } {
  switch (call.kind) {
    case 'send':
      return ffaSend(w, call);
    case 'retrieve':
      return ffaRetrieve(w, call);
    case 'relinquish':
      return ffaRelinquish(w, call);
    case 'reclaim':
      return ffaReclaim(w, call);
    case 'access':
      return memoryAccess(w, call.endpoint, call.page, call.access);
  }
}

/** Runs calls in order, failing the test if any result differs from `ok`. */
export function setup(w: World, ...calls: Call[]): World {
  for (const call of calls) {
    const out = apply(w, call);
    if (out.result !== 'ok') throw new Error(`setup call ${JSON.stringify(call)} gave ${out.result}`);
    w = out.world;
  }
  return w;
}

export const lend = (pages: number[], to: string[], extra: Partial<SendRequest> = {}): Call => ({
  kind: 'send',
  op: 'lend',
  sender: 'ns',
  receivers: to.map((endpoint) => ({ endpoint, access: 'rw' as const })),
  pages,
  clear: false,
  ...extra,
});
export const share = (pages: number[], to: string[], extra: Partial<SendRequest> = {}): Call => ({
  ...(lend(pages, to, extra) as SendRequest & { kind: 'send' }),
  op: 'share',
});
export const donate = (pages: number[], to: string, extra: Partial<SendRequest> = {}): Call => ({
  kind: 'send',
  op: 'donate',
  sender: 'ns',
  receivers: [{ endpoint: to }],
  pages,
  clear: false,
  ...extra,
});
export const retrieve = (handle: number, receiver: string, extra: Partial<RetrieveRequest> = {}): Call => ({ kind: 'retrieve', handle, receiver, ...extra });
export const relinquish = (handle: number, endpoint: string, clear = false): Call => ({ kind: 'relinquish', handle, endpoint, clear });
export const reclaim = (handle: number, caller = 'ns', clear = false): Call => ({ kind: 'reclaim', handle, caller, clear });
export const write = (endpoint: string, page: number): Call => ({ kind: 'access', endpoint, page, access: 'write' });
export const read = (endpoint: string, page: number): Call => ({ kind: 'access', endpoint, page, access: 'read' });
