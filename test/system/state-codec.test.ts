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
    // Another thread's codec (a fresh one: its pages come from the codes) reads the words alike
    // while this one has numbered no name beyond the seed (the parallel search's shared levels).
    const reader = designSystem(loaded.value).codec;
    let checked = 0;
    let read = 0;
    for (const state of reachableStates(system, LIMIT)) {
      const back = roundTrip(state);
      expect(back).toEqual(state);
      expect(system.fingerprint(back)).toBe(system.fingerprint(state));
      if (system.codec.unseededNames === 0) {
        expect(reader.decode(words, 3)).toEqual(state);
        read++;
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(1);
    expect(read).toBeGreaterThan(1);
  });

  it('a name beyond the seed (a hazard\'s text) is numbered on first sight: words only this codec reads right', () => {
    const loaded = loadDesignFile(join(ROOT, 'designs/optee-protmem-fixed.yaml'));
    if (!loaded.ok) throw new Error('design');
    const writer = designSystem(loaded.value).codec;
    const initial = designSystem(loaded.value).initial();
    const faulted: SystemState = { ...initial, world: { ...initial.world, hazards: { ...initial.world.hazards, kernelFault: { pages: [0], what: 'a text no seed holds' } } } };
    const words = new Int32Array(4096);
    writer.encode(initial, words, 0);
    expect(writer.unseededNames).toBe(0);
    writer.encode(faulted, words, 0);
    expect(writer.unseededNames).toBe(1);
    expect(writer.decode(words, 0)).toEqual(faulted);
    const reader = designSystem(loaded.value).codec;
    reader.encode(faulted, new Int32Array(4096), 0); // numbers the text after the seed too: the same number here
    expect(reader.decode(words, 0)).toEqual(faulted);
    const other = designSystem(loaded.value).codec;
    other.encode({ ...faulted, world: { ...faulted.world, hazards: { ...faulted.world.hazards, kernelFault: { pages: [0], what: 'another text' } } } }, new Int32Array(4096), 0);
    expect(other.decode(words, 0).world.hazards.kernelFault?.what).toBe('another text');
  });
});
