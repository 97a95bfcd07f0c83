/**
 * A worker's claims on a level (engine/level-claims.ts): blocks of states, its own part first,
 * then the others' in turn; together the workers take every state exactly once, however their
 * claims interleave. Two claimers in one thread, interleaved by hand, stand for two workers.
 */
import { describe, expect, it } from 'vitest';
import { CLAIM_BLOCK, LevelClaims, ownLevel, type LevelPart } from '../../src/engine/level-claims.ts';
import { newFrontier } from '../../src/engine/frontier.ts';

const part = (name: string, length: number): LevelPart<string> => ({ length, state: (i) => `${name}${i}` });
const drain = (claims: LevelClaims<string>, most = Infinity): string[] => {
  const out: string[] = [];
  while (out.length < most && claims.more()) out.push(claims.take());
  return out;
};

describe('level claims', () => {
  it('one worker alone takes its own part first, then the others\', each in order', () => {
    const parts = [part('a', 5), part('b', 3), part('c', 2)];
    expect(drain(new LevelClaims(parts, new Int32Array(3), 1, 2))).toEqual(['b0', 'b1', 'b2', 'c0', 'c1', 'a0', 'a1', 'a2', 'a3', 'a4']);
  });

  it('claims whole blocks: another worker starts after the block a worker holds, even when it has taken one state of it', () => {
    const parts = [part('a', 10), part('b', 0)];
    const cursors = new Int32Array(2);
    const first = new LevelClaims(parts, cursors, 0, 4);
    const second = new LevelClaims(parts, cursors, 1, 4);
    expect(drain(first, 1)).toEqual(['a0']);
    expect(drain(second, 5)).toEqual(['a4', 'a5', 'a6', 'a7', 'a8']);
    expect(drain(first)).toEqual(['a1', 'a2', 'a3']);
    expect(drain(second)).toEqual(['a9']);
    expect([first.more(), second.more()]).toEqual([false, false]);
  });

  it('interleaved in any way, two workers take every state exactly once', () => {
    const parts = [part('a', 1_000), part('b', 37)];
    for (const [stepA, stepB] of [[1, 1], [1, 50], [7, 3], [1_000, 1]] as const) {
      const cursors = new Int32Array(2);
      const a = new LevelClaims(parts, cursors, 0);
      const b = new LevelClaims(parts, cursors, 1);
      const seen: string[] = [];
      for (let moreA = true, moreB = true; moreA || moreB; ) {
        const takenA = drain(a, stepA);
        const takenB = drain(b, stepB);
        seen.push(...takenA, ...takenB);
        moreA = takenA.length > 0;
        moreB = takenB.length > 0;
      }
      expect(seen).toHaveLength(1_037);
      expect(new Set(seen).size).toBe(1_037);
    }
  });

  it('blocks are CLAIM_BLOCK states by default', () => {
    const parts = [part('a', 100)];
    const cursors = new Int32Array(1);
    const first = new LevelClaims(parts, cursors, 0);
    expect(drain(first, 1)).toEqual(['a0']);
    expect(cursors[0]).toBe(CLAIM_BLOCK);
    expect(drain(new LevelClaims(parts, cursors, 0), 1)).toEqual([`a${CLAIM_BLOCK}`]);
  });

  it('a worker\'s own frontier as its only part: every state, in order', () => {
    const frontier = newFrontier<number>(undefined);
    for (let i = 0; i < 100; i++) frontier.push(i * 3);
    const claims = ownLevel(frontier);
    const out: number[] = [];
    while (claims.more()) out.push(claims.take());
    expect(out).toEqual(Array.from({ length: 100 }, (_, i) => i * 3));
  });
});
