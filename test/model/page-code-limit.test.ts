/**
 * The page code's (owner, IOMMU devices) numbering has 15 bits: the 32,768th distinct pair is the
 * last one, and the next is an internal error rather than a code that collides with another page's.
 * A file of its own: the numbering is process-wide, and this test uses all of it up.
 */
import { expect, it } from 'vitest';
import { initialWorld, ownerDevicePairsNumbered, pageCode } from '../../model/state.ts';
import { platform } from './worlds.ts';

it('numbers 2^15 (owner, devices) pairs, then refuses the next', () => {
  const page = initialWorld(platform(), 0).pages[0]!;
  const codeFor = (i: number): number => pageCode({ ...page, iommu: [`dev${i}`] });
  let i = 0;
  const codes = new Set<number>();
  while (ownerDevicePairsNumbered() < 1 << 15) codes.add(codeFor(i++) >>> 17);
  expect(codes.size).toBe(i);
  expect(Math.max(...codes)).toBe((1 << 15) - 1);
  expect(() => codeFor(i)).toThrow('internal: more than 32768 distinct page owner/IOMMU combinations');
  // Pairs already numbered keep their codes.
  expect(codeFor(0) >>> 17).toBe(codes.values().next().value);
  expect(pageCode(page)).toBe(page.code);
});
