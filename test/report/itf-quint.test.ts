/**
 * The committed ITF files read back with Quint's own ITF reader (`ofItf` from
 * @informalsystems/quint), not only with lendcheck's: one record per state, holding exactly the
 * variables the header declares, with no value the reader has to guess at.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ofItf } from '@informalsystems/quint/dist/src/itf.js';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR } from '../../scripts/example-reports.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Every trace.itf.json of the committed example reports (EXAMPLES_DIR/<design>/), read from the folder
 * rather than from git so the test also runs where no .git is (a Stryker sandbox, an unpacked tarball).
 */
const committed = readdirSync(join(ROOT, EXAMPLES_DIR), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `${EXAMPLES_DIR}/${entry.name}/trace.itf.json`)
  .filter((file) => existsSync(join(ROOT, file)))
  .sort();

interface QuintEx {
  readonly kind: string;
  readonly opcode?: string;
  readonly args?: readonly QuintEx[];
  readonly value?: unknown;
}

describe("Quint's ITF reader on the committed traces", () => {
  it('finds the committed example traces', () => {
    expect(committed.length).toBeGreaterThanOrEqual(15);
  });

  it.each(committed)('%s', (file) => {
    const itf = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { vars: string[]; states: unknown[] };
    const states = ofItf(itf as never) as unknown as QuintEx[];
    expect(states).toHaveLength(itf.states.length);
    for (const state of states) {
      expect(state).toMatchObject({ kind: 'app', opcode: 'Rec' });
      // A record's args alternate field name, value.
      const names = (state.args ?? []).filter((_, i) => i % 2 === 0).map((name) => name.value);
      expect(names).toEqual(itf.vars);
      const action = state.args![2 * itf.vars.indexOf('mbt::actionTaken') + 1]!;
      expect(action.kind).toBe('str');
    }
  });
});
