/**
 * The packed frontier's codec loses nothing: on every state the shipped designs (and the bench's
 * scaled ones) reach, decode(encode(s)) equals s field for field, and has the same fingerprint.
 * A field added to the state but not to the codec fails here.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDesignFile } from '../../src/design/load.ts';
import { formatInputError } from '../../src/input/errors.ts';
import { designSystem } from '../../src/system/design-system.ts';
import type { SystemState } from '../../src/system/state.ts';
import { reachableStates } from './reductions.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FILES = [
  ...readdirSync(join(ROOT, 'designs')).filter((f) => f.endsWith('.yaml')).map((f) => join('designs', f)),
  join('test/design/fixtures/spec-example.yaml'),
  join('test/system/fixtures/share-read-only.yaml'), // no shipped design shares, or gives read-only access
  join('test/system/fixtures/lend-clear.yaml'), // the only fixture whose lend sets the clear flag
].sort();
/** Distinct states per design at most (the shipped spaces are below it). */
const LIMIT = 30_000;

describe('SystemStateCodec', () => {
  it.each(FILES)('%s: decode(encode(s)) equals s on the reachable states', (file) => {
    const loaded = loadDesignFile(join(ROOT, file));
    if (!loaded.ok) throw new Error(loaded.errors.map(formatInputError).join('\n'));
    const system = designSystem(loaded.value);
    const codec = system.codec!;
    let words = new Int32Array(16); // small on purpose: exercises the grow-and-encode-again path
    const roundTrip = (state: SystemState): SystemState => {
      let end = codec.encode(state, words, 3);
      while (end > words.length) {
        words = new Int32Array(2 * end);
        end = codec.encode(state, words, 3);
      }
      return codec.decode(words, 3);
    };
    let checked = 0;
    for (const state of reachableStates(system, LIMIT)) {
      const back = roundTrip(state);
      expect(back).toEqual(state);
      expect(system.fingerprint(back)).toBe(system.fingerprint(state));
      checked++;
    }
    expect(checked).toBeGreaterThan(1);
  });
});
