/**
 * The CPU as an environment actor: speculative and stray reads (prefetch, load_unaligned_zeropad,
 * /proc/kcore, a stray pointer) through any live NS kernel path to a page: the linear map, a stale
 * TLB entry, a vmap alias (live or lazily unmapped). Reads never dirty the cache. Only reads that
 * abort or fault are offered: any other read changes nothing (a stutter step), and once a kernel
 * fault is recorded no read can add anything. A read through a user mapping is a SIGBUS for the
 * process, not a kernel fault, so it is not offered.
 */
import { protectionFault } from '../kernel/buffer.ts';
import type { Page, World } from '../state.ts';
import { withHazard } from '../state.ts';
import type { CpuPath, EnvAction } from './actions.ts';

type CpuAction = Extract<EnvAction, { actor: 'cpu' }>;

const KERNEL_PATHS: readonly CpuPath[] = ['linear', 'tlb', 'vmap', 'memremap'];

/** How a kernel fault names the path (a user mapping's read is the process's SIGBUS, not a kernel fault). */
const PATH_WORDS: Record<Exclude<CpuPath, 'user'>, string> = {
  linear: 'the linear map',
  tlb: 'a stale TLB entry of the linear map',
  vmap: 'a vmap alias',
  memremap: 'a memremap alias',
};

/** Is `path` a live NS path to the page? */
export function cpuPathLive(page: Page, path: CpuPath): boolean {
  switch (path) {
    case 'linear':
      return page.linear === 'valid';
    case 'tlb':
      return page.tlbStale;
    case 'vmap':
      return page.vmap !== 'none';
    case 'memremap':
      return page.remap !== 'none';
    case 'user':
      return page.user;
  }
}

/** Appends the enabled reads: page by page, then path by path. */
export function cpuActions(world: World, out: EnvAction[]): void {
  if (world.hazards.kernelFault !== null) return;
  const { pages } = world;
  for (let id = 0; id < pages.length; id++) {
    const page = pages[id]!;
    if (page.stage2 && !page.secureProtected) continue;
    for (const path of KERNEL_PATHS) if (cpuPathLive(page, path)) out.push({ actor: 'cpu', kind: 'read', page: id, path });
  }
}

/** A read: `fault` if host stage-2 refuses it, `abort` if the secure side's firewall does, else `ok`. */
export function applyCpuAction(world: World, action: CpuAction): { world: World; result: string } {
  const page = world.pages[action.page];
  if (page === undefined || !cpuPathLive(page, action.path)) return { world, result: 'ok' };
  const why = protectionFault(page);
  if (why === null) return { world, result: 'ok' };
  const result = page.stage2 ? 'abort' : 'fault';
  if (action.path === 'user') return { world, result };
  const what = `the CPU read page ${action.page} through ${PATH_WORDS[action.path]}, but page ${action.page} ${why}`;
  return { world: withHazard(world, 'kernelFault', { pages: [action.page], what }), result };
}
