/**
 * Devices as an environment actor: DMA writes through IOMMU mappings (dma_map_sgtable). A `secure`
 * device (stream authorised for protected memory, e.g. a video decoder writing decrypted frames)
 * writes `secret` wherever its mapping points: into lent memory that is its job, into a page that
 * went back to the normal world while the mapping lived on (a pool torn down under it) that is the
 * leak. A `normal` device writes `data` unless the secure side's firewall blocks it. Only writes
 * that change the content are offered.
 */
import type { Content, World } from '../state.ts';
import { editPage, updatePages } from '../state.ts';
import type { EnvAction } from './actions.ts';

type DeviceAction = Extract<EnvAction, { actor: 'devices' }>;

/** What a DMA write by `device` leaves in `page`, or null when it cannot write it at all. */
export function dmaContent(world: World, device: string, pageId: number): Content | null {
  const page = world.pages[pageId];
  const trust = world.platform.devices[device];
  if (page === undefined || trust === undefined || !page.iommu.includes(device)) return null;
  if (trust === 'normal') return page.secureProtected ? null : 'data';
  return 'secret';
}

/** Appends the enabled DMA writes: device by device (declaration order), then page by page. */
export function deviceActions(world: World, out: EnvAction[]): void {
  const { pages } = world;
  for (const device of Object.keys(world.platform.devices)) {
    for (let id = 0; id < pages.length; id++) {
      // Stryker disable next-line ConditionalExpression: a shortcut; dmaContent is null for a page the device does not map
      if (pages[id]!.iommu.length === 0) continue;
      const content = dmaContent(world, device, id);
      if (content !== null && content !== pages[id]!.content) out.push({ actor: 'devices', kind: 'dma', device, page: id });
    }
  }
}

/** A DMA write: `ok` with the new content, or `abort` where the firewall blocks it (or no mapping: `fault`). */
export function applyDeviceAction(world: World, action: DeviceAction): { world: World; result: string } {
  const page = world.pages[action.page];
  if (page === undefined || !page.iommu.includes(action.device)) return { world, result: 'fault' };
  const content = dmaContent(world, action.device, action.page);
  if (content === null) return { world, result: 'abort' };
  if (content === page.content) return { world, result: 'ok' };
  return { world: updatePages(world, [action.page], (p) => editPage(p, (d) => { d.content = content; })), result: 'ok' };
}
