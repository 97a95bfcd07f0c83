/**
 * Each driver fixture extracts to a design that loads, whose verdict is asserted, and which agrees
 * with the hand-written design of the same shape in designs/ (same verdict, same invariant).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDesignFile, loadDesignText } from '../../src/design/load.ts';
import type { Program } from '../../src/design/program.ts';
import { formatInputError } from '../../src/input/errors.ts';
import { extractDesign, type ActorSpec } from '../../src/extract/extract.ts';
import { checkProgram, type CheckOptions } from '../../src/system/check.ts';
import type { CheckReport } from '../../src/system/trace.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const DESIGNS = fileURLToPath(new URL('../../designs/', import.meta.url));
const EXHAUSTIVE: CheckOptions = { mode: 'exhaustive', seed: 1, runs: 1, maxSteps: 60, maxStates: 500_000, replayCommand: 'x' };

interface Case {
  readonly file: string;
  readonly actors: readonly ActorSpec[];
  readonly map?: string;
  /** `pass`, or the invariant the extracted design violates. */
  readonly expected: string;
  /** The hand-written design of the same shape. */
  readonly twin?: string;
}

const actor = (name: string, ...functions: string[]): ActorSpec => ({ name, functions });

export const CASES: readonly Case[] = [
  { file: 'protmem-merged.c', actors: [actor('t1', 'demo_pool_init', 'demo_pool_release')], expected: 'no-ns-mapping-of-lent-memory', twin: 'optee-protmem-merged.yaml' },
  {
    file: 'protmem-fixed.c',
    actors: [actor('t1', 'demo_buf_alloc', 'demo_buf_release'), actor('t2', 'demo_buf_alloc', 'demo_buf_release')],
    expected: 'pass',
    twin: 'optee-protmem-fixed.yaml',
  },
  { file: 'hmm-cma.c', actors: [actor('t1', 'demo_hmm_lend', 'demo_hmm_release')], expected: 'no-ns-mapping-of-lent-memory', twin: 'hmm-memunmap-cma.yaml' },
  { file: 'goto-ladder.c', actors: [actor('t1', 'ladder_probe', 'ladder_remove')], expected: 'pass', twin: 'optee-protmem-fixed-single.yaml' },
  { file: 'reclaim-ignored.c', actors: [actor('t1', 'careless_lend', 'careless_release')], expected: 'no-ns-mapping-of-lent-memory' },
  { file: 'sg-lend-mapped.c', actors: [actor('t1', 'sec_region_share', 'sec_region_unshare')], expected: 'no-ns-mapping-of-lent-memory', twin: 'optee-protmem-merged.yaml' },
  {
    file: 'careful-retry.c',
    actors: [actor('t1', 'cr_open', 'cr_release'), actor('t2', 'cr_open', 'cr_release')],
    expected: 'pass',
    twin: 'optee-protmem-fixed.yaml',
  },
  { file: 'ops-wrapper.c', actors: [actor('t1', 'wrap_open', 'wrap_close')], map: 'ops-wrapper.map.yaml', expected: 'pass', twin: 'optee-protmem-fixed-single.yaml' },
];

export async function extractFixture(c: Case): Promise<string> {
  const result = await extractDesign({ files: [FIXTURES + c.file], actors: c.actors, ...(c.map === undefined ? {} : { map: FIXTURES + c.map }) });
  if (!result.ok) throw new Error(result.errors.map(formatInputError).join('\n'));
  return result.value.yaml;
}

function loaded(file: string, text: string): Program {
  const result = loadDesignText(file, text);
  if (!result.ok) throw new Error(`${result.errors.map(formatInputError).join('\n')}\n${text}`);
  return result.value;
}

function verdict(report: CheckReport): string {
  return report.violation === undefined ? report.verdict : report.violation.invariant;
}

describe('extracted fixtures', () => {
  for (const c of CASES) {
    it(`${c.file} extracts to a design whose verdict is ${c.expected}`, async () => {
      const yaml = await extractFixture(c);
      const report = (await checkProgram(loaded(c.file, yaml), EXHAUSTIVE)).report;
      expect(verdict(report)).toBe(c.expected);
      if (c.expected === 'pass') expect(report.stats.complete).toBe(true);
      if (c.twin !== undefined) {
        const twin = loadDesignFile(DESIGNS + c.twin);
        if (!twin.ok) throw new Error(twin.errors.map(formatInputError).join('\n'));
        const twinReport = (await checkProgram(twin.value, EXHAUSTIVE)).report;
        expect(verdict(report)).toBe(verdict(twinReport));
      }
    }, 60_000);
  }

  it('puts a # file.c:LINE function() comment on every step', async () => {
    for (const c of CASES) {
      const yaml = await extractFixture(c);
      const body = yaml.split('\n').slice(yaml.split('\n').indexOf('procedures:') + 1, yaml.split('\n').indexOf('actors:'));
      const steps = body.filter((l) => /^\s+- [a-z_]+:/.test(l));
      expect(steps.length).toBeGreaterThan(3);
      for (const line of steps) expect(line).toMatch(new RegExp(`  # ${c.file.replace('.', '\\.')}:\\d+ [a-z_]+\\(\\)$`));
    }
  });

  it('lists the calls it did not model once, with their line', async () => {
    const yaml = await extractFixture(CASES[0]!);
    expect(yaml).toContain('# not modelled: pr_err (protmem-merged.c:96)');
    expect(yaml).toContain('# not modelled: tee_shm_sg (protmem-merged.c:45)');
    expect(yaml.match(/not modelled: pr_err/g)).toHaveLength(1);
  });

  it('follows x->ops->f() through the ops table and maps the merged shape step by step', async () => {
    const yaml = await extractFixture(CASES[0]!);
    expect(yaml).toContain('- ffa_lend: {buffer: pool_protmem, to: [optee]}  # protmem-merged.c:47 demo_ffa_lend()');
    // reclaim's result is ignored in the release path
    expect(yaml).toMatch(/- ffa_reclaim: pool_protmem {2}# protmem-merged\.c:56 demo_ffa_reclaim\(\)\n\s+on_error: \[continue\]/);
    // the pool is initialised under the mutex, with its refcount
    expect(yaml).toContain('- lock: pool_mutex  # protmem-merged.c:68 demo_pool_init()');
    expect(yaml).toContain('- set: {var: pool_refcount, value: 1}  # protmem-merged.c:79 demo_pool_init()');
    expect(yaml).toContain('- dec_and_test:  # protmem-merged.c:101 demo_pool_release()');
    expect(yaml).toContain('shared: [pool_protmem]');
  });

  it('turns goto ladders, early returns and per-page loops into on_error lists', async () => {
    const fixed = await extractFixture(CASES[1]!);
    // the lend's error path is the code under err_restore (through the helper it calls)
    expect(fixed).toMatch(/- ffa_lend: \{buffer: buf_pages, to: \[optee\]\}.*\n\s+on_error:\n\s+- map_linear: buf_pages {2}# protmem-fixed\.c:30 demo_restore_linear_map\(\)\n\s+on_error: \[continue\]\n\s+- free: buf_pages/);
    // a failed reclaim returns before the pages go back: the rest runs only on success
    expect(fixed).toMatch(/- ffa_reclaim: \{buffer: buf_pages, clear: true\}.*\n\s+on_error: \[continue\]\n\s+- if: .*\n\s+result: ok\n\s+then:\n\s+- map_linear/);
    // the loop over the pages acts on the buffer once
    expect(fixed.match(/- unmap_linear: buf_pages/g)).toHaveLength(1);
  });

  it('recovers from kernel annotations and #ifdef, and says so in the header', async () => {
    const yaml = await extractFixture(CASES[3]!);
    expect(yaml).toContain('# #ifdef CONFIG_ARM64: first branch taken (goto-ladder.c:47)');
    expect(yaml).toContain('- clean_cache: l_page  # goto-ladder.c:48 ladder_probe()');
    expect(yaml).not.toContain('clflush_cache_range');
    expect(yaml).toContain('- alloc: {buffer: l_page, region: system, pages: 2}');
  });

  it('applies a --map rule to a project wrapper', async () => {
    const yaml = await extractFixture(CASES.find((c) => c.file === 'ops-wrapper.c')!);
    expect(yaml).toMatch(/on_error:\n\s+- leak: wd_buf {2}# ops-wrapper\.c:105 wrap_close\(\)/);
  });

  it('keeps locking between a call and its check on both paths', async () => {
    const yaml = await extractFixture(CASES.find((c) => c.file === 'sg-lend-mapped.c')!);
    expect(yaml).toMatch(/- ffa_lend: \{buffer: pg, to: \[optee\]\}.*\n\s+on_error:\n\s+- unlock: sec_lock.*\n\s+- free: pg.*\n(.*\n)?\s+- unlock: sec_lock/);
    // get_order(len) with len = 4 * PAGE_SIZE passed in by the caller
    expect(yaml).toContain('- alloc: {buffer: pg, region: system, pages: 4}  # sg-lend-mapped.c:24 sec_get_pages()');
  });
});
