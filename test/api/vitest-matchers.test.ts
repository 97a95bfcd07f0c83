/** `lendcheck/vitest`: the matchers pass and fail as their names say, and a failure shows the trace. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../../src/vitest.ts';
import { loadDesign } from '../../src/index.ts';

const repo = join(import.meta.dirname, '../..');
const design = (name: string) => join(repo, 'designs', `${name}.yaml`);
const out = mkdtempSync(join(tmpdir(), 'lendcheck-matchers-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The message of a matcher's failure. */
async function failure(assertion: Promise<unknown>): Promise<string> {
  const error = await assertion.then(() => null, (e: unknown) => e);
  expect(error, 'the matcher fails').toBeInstanceOf(Error);
  return (error as Error).message;
}

describe('toPassLendcheck', () => {
  it('passes on a passing design (a path or a loaded design)', async () => {
    await expect(design('optee-protmem-fixed-single')).toPassLendcheck({ out });
    await expect(await loadDesign(design('hmm-zone-device'))).toPassLendcheck({ mode: 'exhaustive', out });
  });

  it('fails on a violating design with the rendered trace', async () => {
    const message = await failure(expect(design('optee-protmem-merged')).toPassLendcheck({ seed: 1, out: join(out, 'merged') }));
    expect(message).toContain('expected optee-protmem-merged to pass lendcheck, got violation (no-ns-mapping-of-lent-memory)');
    expect(message).toContain('Trace (2 steps, broken at step 2):');
    expect(message).toContain('t1: ffa_lend buffer=buf, to=[optee] → ok, handle 0');
  });

  it('fails on a design that does not load, with its errors', async () => {
    const message = await failure(expect(join(repo, 'test/cli/fixtures/typo.yaml')).toPassLendcheck());
    expect(message).toMatch(/typo\.yaml:6:7: unknown step 'unmap_linaer'/);
  });

  it('.not passes on a violating design', async () => {
    await expect(design('bug-b03-linear-alias')).not.toPassLendcheck({ out: join(out, 'b03') });
  });
});

describe('toViolateLendcheck', () => {
  it('passes when the counterexample breaks the named invariant', async () => {
    await expect(design('bug-b12-double-lend')).toViolateLendcheck('no-double-lend', { out: join(out, 'b12') });
  });

  it('fails on another invariant, with the trace', async () => {
    const message = await failure(expect(design('optee-protmem-merged')).toViolateLendcheck('no-double-lend', { seed: 1, out: join(out, 'merged2') }));
    expect(message).toContain('expected optee-protmem-merged to violate no-double-lend, got a violation of no-ns-mapping-of-lent-memory');
    expect(message).toContain('✗ no-ns-mapping-of-lent-memory broken here');
  });

  it('fails on a passing design', async () => {
    const message = await failure(expect(design('optee-protmem-fixed-single')).toViolateLendcheck('no-double-lend', { out }));
    expect(message).toContain('expected optee-protmem-fixed-single to violate no-double-lend, got pass');
  });
});
