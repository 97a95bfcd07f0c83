import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { loadDesignText } from '../../src/design/load.ts';
import { editable, sourceText, stepItems } from '../../src/review/design-source.ts';
import { explainDesign } from '../../src/review/explain.ts';
import { reviewDesigns, reviewJson } from '../../src/review/matrix.ts';
import { checkVariant, passedCompletely, type ReviewSearch } from '../../src/review/oracle.ts';
import { repairDesign } from '../../src/review/repair.ts';
import { applyVariant, combinations, DEFAULT_VARY, parseVary } from '../../src/review/variants.ts';
import { unifiedDiff } from '../../src/report/unified-diff.ts';

const SEARCH: ReviewSearch = { mode: 'exhaustive', seed: 42, runs: 1, maxSteps: 100 };
const read = (name: string) => ({ file: `designs/${name}.yaml`, text: readFileSync(`designs/${name}.yaml`, 'utf8') });

describe('variants', () => {
  it('sets a knob in place, keeping every line number and comment', () => {
    const { text } = read('optee-protmem-fixed');
    const varied = applyVariant(text, { hypervisor: 'pkvm', can_set_direct_map: 'false' })!;
    expect(varied.split('\n').length).toBe(text.split('\n').length);
    expect(varied).toContain('platform: {can_set_direct_map: false, hypervisor: pkvm, spmc: hafnium');
    const loaded = loadDesignText('x.yaml', varied);
    expect(loaded.ok && loaded.value.platform.hypervisor).toBe('pkvm');
    expect(loaded.ok && loaded.value.platform.canSetDirectMap).toBe(false);
  });
  it('rejects a knob that is not a scalar platform knob', () => {
    expect(parseVary(['pages=1']).ok).toBe(false);
    expect(parseVary(['hypervisr=none']).ok).toBe(false);
    expect(combinations(DEFAULT_VARY)).toEqual([{ hypervisor: 'none' }, { hypervisor: 'pkvm' }, { hypervisor: 'hafnium' }]);
  });
});

describe('review matrix on shipped designs', () => {
  it('gives the verdicts per hypervisor', async () => {
    const designs = ['optee-protmem-fixed', 'optee-protmem-merged', 'rely-on-el2-none', 'bug-b06-missing-tlb-flush'].map(read);
    const outcome = await reviewDesigns(designs, combinations(DEFAULT_VARY), SEARCH);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const table = outcome.value.rows.map((r) => [r.design, ...r.cells.map((c) => (c.verdict === 'violation' ? `${c.invariant}:${c.length}` : c.verdict))]);
    expect(table).toEqual([
      ['optee-protmem-fixed', 'pass', 'pass', 'pass'],
      ['optee-protmem-merged', 'no-ns-mapping-of-lent-memory:2', 'no-ns-mapping-of-lent-memory:2', 'no-ns-mapping-of-lent-memory:2'],
      // Relying on EL2 holds only where Hafnium removes host stage-2 on lend.
      ['rely-on-el2-none', 'no-ns-access-to-lent-memory:3', 'no-ns-access-to-lent-memory:3', 'pass'],
      ['bug-b06-missing-tlb-flush', 'no-ns-mapping-of-lent-memory:4', 'no-ns-mapping-of-lent-memory:4', 'no-ns-mapping-of-lent-memory:4'],
    ]);
    const json = reviewJson(outcome.value) as { variants: unknown[]; rows: { design: string; cells: { verdict: string; invariant: string | null; length: number | null }[] }[] };
    expect(json.variants).toEqual([{ hypervisor: 'none' }, { hypervisor: 'pkvm' }, { hypervisor: 'hafnium' }]);
    expect(json.rows[2]!.cells[2]).toMatchObject({ verdict: 'pass', invariant: null, length: null, cutShort: { actorEnded: 0 } });
  });

  it('writes review.md, review.json and junit.xml, and exits with the worst cell', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lendcheck-review-'));
    const io = memoryIo();
    const code = await main(['review', 'designs/optee-protmem-fixed.yaml', 'designs/bug-b06-missing-tlb-flush.yaml', '--vary', 'hypervisor=none,hafnium', '--out', out, '--json'], io);
    expect(code).toBe(1);
    const json = JSON.parse(io.out) as { variants: unknown[]; rows: { design: string; cells: { verdict: string }[] }[] };
    expect(json.variants).toEqual([{ hypervisor: 'none' }, { hypervisor: 'hafnium' }]);
    expect(json.rows.map((r) => r.cells.map((c) => c.verdict))).toEqual([['pass', 'pass'], ['violation', 'violation']]);
    const md = readFileSync(join(out, 'review.md'), 'utf8');
    expect(md).toContain('| `bug-b06-missing-tlb-flush` | [✗ no-ns-mapping-of-lent-memory (4 steps)](bug-b06-missing-tlb-flush/hypervisor-none/trace.md)');
    expect(existsSync(join(out, 'bug-b06-missing-tlb-flush/hypervisor-hafnium/trace.md'))).toBe(true);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8').match(/<testcase /g)).toHaveLength(4);
    expect(JSON.parse(readFileSync(join(out, 'review.json'), 'utf8'))).toMatchObject({ rows: [{ design: 'optee-protmem-fixed' }, { design: 'bug-b06-missing-tlb-flush' }] });
  });

  it('rejects a bad --vary value with the design file and line, before any search', async () => {
    const io = memoryIo();
    expect(await main(['review', 'designs/optee-protmem-fixed.yaml', '--vary', 'hypervisor=kvm'], io)).toBe(2);
    expect(io.err).toMatch(/designs\/optee-protmem-fixed\.yaml:17:\d+: unknown hypervisor 'kvm'/);
  });
});

describe('explain', () => {
  it('names the steps optee-protmem-fixed needs and the invariant each one keeps', async () => {
    const { file, text } = read('optee-protmem-fixed');
    const outcome = await explainDesign(file, text, SEARCH);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const byStep = Object.fromEntries(outcome.value.steps.map((s) => [`${s.line}:${s.step}`, s.needed === true ? s.breaks : s.needed]));
    expect(byStep).toMatchObject({
      '21:clean_cache': 'clean-before-lend',
      '22:unmap_linear': 'no-ns-mapping-of-lent-memory',
      '23:flush_tlb': 'no-ns-mapping-of-lent-memory',
      '27:ffa_reclaim': 'no-ns-mapping-of-lent-memory',
      '29:map_linear': 'freed-pages-mapped',
      '30:free': false,
    });
    const flush = outcome.value.steps.find((s) => s.step === 'flush_tlb')!;
    expect(flush).toMatchObject({ procedure: 'alloc', needed: true, length: 4 });
    expect(outcome.value.steps.some((s) => s.step === 'on_error' && s.of === 'ffa_reclaim')).toBe(true);
  });

  it('refuses a violating design with exit 1 and prints the SPEC JSON fields for a passing one', async () => {
    const bad = memoryIo();
    expect(await main(['explain', 'designs/bug-b06-missing-tlb-flush.yaml'], bad)).toBe(1);
    expect(bad.out).toContain('violates no-ns-mapping-of-lent-memory');
    const io = memoryIo();
    expect(await main(['explain', 'designs/optee-protmem-fixed-single.yaml', '--json'], io)).toBe(0);
    const json = JSON.parse(io.out) as { design: string; steps: Record<string, unknown>[] };
    expect(json.design).toBe('optee-protmem-fixed-single');
    expect(Object.keys(json.steps[0]!).slice(0, 6)).toEqual(['line', 'procedure', 'step', 'needed', 'breaks', 'length']);
  });

  it('explain and repair take only exhaustive flags: random mode\'s are refused (exit 2), not silently ignored', async () => {
    for (const [command, flag] of ['explain', 'repair'].flatMap((c) => [['--mode', 'random'], ['--seed', '3'], ['--runs', '10'], ['--max-steps', '5']].map((f) => [c, f] as const))) {
      const io = memoryIo();
      expect(await main([command, 'designs/optee-protmem-fixed-single.yaml', ...flag], io)).toBe(2);
      expect(io.err).toMatch(new RegExp(`Unknown arguments?: ${flag[0]!.slice(2)}`));
    }
  });
});

describe('repair', () => {
  const repaired = async (name: string, maxEdits = 3) => {
    const { file, text } = read(name);
    const outcome = await repairDesign(file, text, [{}], SEARCH, { maxEdits });
    if (!outcome.ok) throw new Error('repair failed to load');
    return outcome.value;
  };
  const recheck = async (text: string) => {
    const outcome = await checkVariant('repaired.yaml', text, {}, SEARCH);
    return outcome.ok && passedCompletely(outcome.value);
  };

  it.each([
    ['bug-b06-missing-tlb-flush', ['insert']],
    ['bug-b04-dirty-cache-at-lend', ['insert']],
    ['bug-b17-no-clear-on-reclaim', ['clear']],
    ['bug-b08-remap-before-reclaim', ['swap']],
  ])('repairs %s with a re-checked, complete pass', async (name, kinds) => {
    const r = await repaired(name);
    expect(r.found).toBe(true);
    expect(r.edits.map((e) => e.edit)).toEqual(kinds);
    expect(await recheck(r.text)).toBe(true);
    expect(await recheck(r.original)).toBe(false);
    // A line edit of the user's file: every comment kept, a small diff.
    const comments = (t: string) => t.split('\n').filter((l) => l.trimStart().startsWith('#'));
    expect(comments(r.text)).toEqual(comments(r.original));
    expect(unifiedDiff(r.original, r.text, 'a', 'b').split('\n').filter((l) => /^[+-][^+-]/.test(l)).length).toBeLessThanOrEqual(4);
  });

  it('repairs for every --vary variant: relying on EL2 gets its own unmap and flush', async () => {
    const { file, text } = read('rely-on-el2-none');
    const variants = combinations(DEFAULT_VARY);
    const outcome = await repairDesign(file, text, variants, SEARCH, { maxEdits: 3 });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.found).toBe(true);
    expect(outcome.value.edits.map((e) => e.text)).toEqual(["insert 'unmap_linear: buf' before line 23", "insert 'flush_tlb: buf' before line 23"]);
    for (const variant of variants) {
      const run = await checkVariant(file, outcome.value.text, variant, SEARCH);
      expect(run.ok && passedCompletely(run.value)).toBe(true);
    }
  });

  it('inserts flush_tlb where B6 forgot it', async () => {
    const r = await repaired('bug-b06-missing-tlb-flush');
    expect(r.edits).toEqual([{ line: 21, edit: 'insert', text: "insert 'flush_tlb: buf' before line 21" }]);
    expect(r.text.split('\n')[20]).toBe('    - flush_tlb: buf');
  });

  it('says plainly when nothing within --max-edits works, and never writes over the design', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lendcheck-repair-'));
    const io = memoryIo();
    expect(await main(['repair', 'designs/bug-b01-reclaim-failure-freed.yaml', '--max-edits', '1', '--out', out], io)).toBe(1);
    expect(io.out).toContain('No repair of bug-b01-reclaim-failure-freed within 1 edit');
    expect(existsSync(join(out, 'bug-b01-reclaim-failure-freed.repaired.yaml'))).toBe(false);
    const found = memoryIo();
    const before = readFileSync('designs/bug-b06-missing-tlb-flush.yaml', 'utf8');
    expect(await main(['repair', 'designs/bug-b06-missing-tlb-flush.yaml', '--out', out, '--json'], found)).toBe(0);
    const json = JSON.parse(found.out) as { design: string; found: boolean; edits: unknown[]; diff: string };
    expect(json).toMatchObject({ design: 'bug-b06-missing-tlb-flush', found: true });
    expect(json.diff).toContain('+    - flush_tlb: buf');
    expect(readFileSync('designs/bug-b06-missing-tlb-flush.yaml', 'utf8')).toBe(before);
    expect(loadDesignText('r.yaml', readFileSync(join(out, 'bug-b06-missing-tlb-flush.repaired.yaml'), 'utf8')).ok).toBe(true);
  });
});

describe('design source edits', () => {
  it('finds every block step item with its line and buffer', () => {
    const items = stepItems(editable(read('optee-protmem-fixed').text));
    expect(items.map((i) => `${i.line}:${i.step}:${i.buffer}`)).toEqual([
      '20:alloc:buf', '21:clean_cache:buf', '22:unmap_linear:buf', '23:flush_tlb:buf', '24:ffa_lend:buf',
      '27:ffa_reclaim:buf', '29:map_linear:buf', '30:free:buf',
    ]);
    expect(items[4]!.onError).toMatchObject({ line: 25, ownLines: true, text: '[map_linear: buf, free: buf]' });
    expect(sourceText(editable('a\nb\n'))).toBe('a\nb\n');
  });
});

describe('unified diff', () => {
  it('prints a changed line as - then +, with diff -u hunk headers', () => {
    const diff = unifiedDiff('a\nb\nc\nd\n', 'a\nB\nc\nd\ne\n', 'x', 'y');
    expect(diff).toBe('--- x\n+++ y\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e\n');
    expect(unifiedDiff('a\n', 'a\n', 'x', 'y')).toBe('');
  });
});
