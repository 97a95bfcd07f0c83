/** The fingerprint table the exhaustive search's worker threads share (engine/shared-fingerprints.ts). */
import { describe, expect, it } from 'vitest';
import { SharedFingerprintSet, STORED } from '../../src/engine/shared-fingerprints.ts';

describe('SharedFingerprintSet', () => {
  it('stores each hash once, whichever view of the buffer adds it', () => {
    const a = new SharedFingerprintSet(1 << 16);
    const b = new SharedFingerprintSet(a.buffer);
    expect(a.addHash(1, 2)).toBe(true);
    expect(b.addHash(1, 2)).toBe(false);
    expect(b.addHash(1, 3)).toBe(true); // the same first half, another second half
    expect(a.addHash(0, 0)).toBe(true); // stored as (1, 1): zero marks an empty slot
    expect(b.addHash(1, 1)).toBe(false);
  });

  it('counts a thread\'s own stores at once and another thread\'s once it flushes them', () => {
    const a = new SharedFingerprintSet(1 << 16);
    const b = new SharedFingerprintSet(a.buffer);
    for (let i = 1; i <= 10; i++) a.addHash(i, i);
    expect(a.size).toBe(10);
    expect(b.size).toBe(0);
    a.flush();
    expect(b.size).toBe(10);
    for (let i = 11; i <= 200; i++) b.addHash(i, i);
    expect(b.size).toBe(200);
    expect(a.size).toBe(10 + 128); // b flushed at its 64th and 128th store
    b.flush();
    expect(a.size).toBe(200);
  });

  it('says the level a hash was stored at to every later adder (the reduced search\'s proviso)', () => {
    const a = new SharedFingerprintSet(1 << 16);
    const b = new SharedFingerprintSet(a.buffer);
    expect(a.addHashAt(5, 6, 3)).toBe(STORED);
    expect(b.addHashAt(5, 6, 4)).toBe(3);
    expect(a.addHashAt(5, 7, 4)).toBe(STORED);
    expect(b.addHashAt(5, 7, 9)).toBe(4);
    expect(b.addHash(8, 8)).toBe(true);
    expect(a.addHashAt(8, 8, 2)).toBe(0); // addHash stores at level 0
  });

  it('a grown copy holds the same hashes, their levels, and counts them', () => {
    const a = new SharedFingerprintSet(1 << 16);
    for (let i = 1; i <= 5000; i++) a.addHashAt(i * 7919, i, i % 7);
    a.flush();
    const grown = a.grownCopy(1 << 17);
    expect(grown.slots).toBe(1 << 17);
    expect(new SharedFingerprintSet(grown.buffer).size).toBe(5000);
    for (let i = 1; i <= 5000; i++) expect(grown.addHashAt(i * 7919, i, 99)).toBe(i % 7);
    expect(grown.addHash(1, 1)).toBe(true);
  });
});
