import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDynamicProtmemReview } from '../../scripts/dynamic-protmem-review.ts';

describe('reviews/dynamic-protmem.md', () => {
  // Regenerates the whole review (matrix, explain, repairs: about 15 s of checks on one core).
  it('is what npm run reviews generates today', { timeout: 300_000 }, async () => {
    const committed = readFileSync('reviews/dynamic-protmem.md', 'utf8');
    const generated = await renderDynamicProtmemReview(process.cwd());
    expect(generated, 'reviews/dynamic-protmem.md is stale: run npm run reviews').toBe(committed);
    // The answer itself: only HMM on ZONE_DEVICE memory passes on every platform.
    expect(generated).toMatch(/HMM on ZONE_DEVICE memory \(`hmm-zone-device`\) \| ✓ pass \| ✓ pass \| ✓ pass \| ✓ pass \| ✓ pass \| ✓ pass \|/);
  });
});
