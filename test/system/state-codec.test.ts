/**
 * The packed frontier's codec loses nothing: on every state the shipped designs (and the bench's
 * scaled ones) reach, decode(encode(s)) equals s field for field, and has the same fingerprint;
 * and another thread's codec reads the words back through the writer's tables.
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
    const sample: { readonly state: SystemState; readonly words: Int32Array }[] = [];
    for (const state of reachableStates(system, LIMIT)) {
      const back = roundTrip(state);
      expect(back).toEqual(state);
      expect(system.fingerprint(back)).toBe(system.fingerprint(state));
      if (checked++ % 5 === 0) sample.push({ state, words: words.slice(3) });
    }
    expect(checked).toBeGreaterThan(1);
    // Another thread's codec (its own numbering) reads these words through this codec's tables,
    // cloned as a message to it is: what the parallel search's balancing does with a level's states.
    const elsewhere = designSystem(loaded.value).codec!;
    const read = elsewhere.foreignDecoder!(structuredClone(codec.tables!()));
    for (const { state, words } of sample) expect(read(words, 0)).toEqual(state);
  });
});
