import { describe, expect, it } from 'vitest';
import { enabledEnvActions } from '../../../model/environment/index.ts';
import { noSecretToNs } from '../../../properties/no-secret-to-ns.ts';
import { boot, runOk } from '../worlds.ts';

/** ns donates a cleaned, unmapped page to optee, which retrieves it: optee owns it, no handle names it. */
function donatedAndRetrieved(secureProtectsOnLend: boolean) {
  return runOk(
    boot({ secureProtectsOnLend, pages: { cma: 2 } }),
    { step: 'alloc', buffer: 0, region: 'cma', pages: 1 },
    { step: 'clean_cache', buffer: 0 },
    { step: 'unmap_linear', buffer: 0 },
    { step: 'flush_tlb', buffer: 0 },
    { step: 'ffa_donate', buffer: 0, to: ['optee'] },
    { actor: 'secure', kind: 'ffa_retrieve', endpoint: 'optee', handle: 0 },
  );
}

describe('secure writes to memory it owns after a donate', () => {
  it('are offered, keyed by page, and leave secret content', () => {
    const world = donatedAndRetrieved(true);
    expect(world.pages[0]!.owner).toBe('optee');
    expect(world.transactions.filter((t) => t !== null)).toEqual([]);
    const writes = enabledEnvActions(world, new Set(['secure'])).filter((a) => a.actor === 'secure' && a.kind === 'write_owned');
    expect(writes).toEqual([{ actor: 'secure', kind: 'write_owned', endpoint: 'optee', page: 0 }]);
    const written = runOk(world, writes[0]!);
    expect(written.pages[0]!.content).toBe('secret');
    // Written once, nothing more to change: no longer offered.
    expect(enabledEnvActions(written, new Set(['secure'])).some((a) => a.actor === 'secure' && a.kind === 'write_owned')).toBe(false);
  });

  it('let hibernation copy the plaintext when nothing protects the page', () => {
    const world = runOk(donatedAndRetrieved(false), { actor: 'secure', kind: 'write_owned', endpoint: 'optee', page: 0 });
    expect(noSecretToNs.check(world)).toBeNull();
    const snapshot = runOk(world, { actor: 'hibernate', kind: 'snapshot' });
    expect(noSecretToNs.check(snapshot)?.invariant).toBe('no-secret-to-ns');
  });
});
