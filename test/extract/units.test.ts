/** The small parts of extraction: recovery before parsing, constant sizes, the retry idiom. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, pagesOfBytes } from '../../src/extract/constants.ts';
import { extractDesign } from '../../src/extract/extract.ts';
import { recoverSource } from '../../src/extract/recover.ts';
import { loadDesignText } from '../../src/design/load.ts';

const tmp = mkdtempSync(join(tmpdir(), 'lendcheck-extract-units-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function extractText(name: string, c: string, ...functions: string[]): Promise<string> {
  const file = join(tmp, name);
  writeFileSync(file, c);
  const r = await extractDesign({ files: [file], actors: [{ name: 't1', functions }] });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const loaded = loadDesignText(name, r.value.yaml);
  if (!loaded.ok) throw new Error(`${loaded.errors.map((e) => `${e.line}: ${e.message}`).join('\n')}\n${r.value.yaml}`);
  return r.value.yaml;
}

describe('recoverSource', () => {
  it('blanks annotations and other #if branches without moving any line or column', () => {
    const text = 'static int __init __must_check f(void)\n{\n#ifdef CONFIG_X\n\ta();\n#elif defined(Y)\n\tb();\n#else\n\tc();\n#endif\n\treturn __aligned(8) 0;\n}\n';
    const r = recoverSource(text);
    expect(r.text.length).toBe(text.length);
    expect(r.text.split('\n').map((l) => l.length)).toEqual(text.split('\n').map((l) => l.length));
    expect(r.text).toContain('\ta();');
    expect(r.text).not.toContain('b();');
    expect(r.text).not.toContain('c();');
    expect(r.text).not.toMatch(/__init|__must_check|__aligned|#/);
    expect(r.notes).toEqual([{ line: 3, message: '#ifdef CONFIG_X: first branch taken' }]);
  });

  it('keeps the #else of #if 0 and handles nesting', () => {
    const r = recoverSource('#if 0\nold();\n#else\nnew();\n#ifdef A\ninner();\n#else\nother();\n#endif\n#endif\n');
    expect(r.text).toContain('new();');
    expect(r.text).toContain('inner();');
    expect(r.text).not.toContain('old();');
    expect(r.text).not.toContain('other();');
  });
});

describe('constant sizes', () => {
  const env = (name: string) => ({ POOL_SIZE: 'SZ_64K', ORDER: '(2)' })[name];
  it('evaluates kernel size expressions', () => {
    expect(evaluate('SZ_64K', env)).toBe(65536);
    expect(pagesOfBytes(evaluate('SZ_64K', env)!)).toBe(16);
    expect(evaluate('4 * PAGE_SIZE', env)).toBe(16384);
    expect(evaluate('PAGE_SIZE << 2', env)).toBe(16384);
    expect(evaluate('(size_t)POOL_SIZE / 2', env)).toBe(32768);
    expect(evaluate('BIT(ORDER) * PAGE_SIZE', env)).toBe(16384);
    expect(evaluate('get_order(SZ_16K)', env)).toBe(2);
    expect(evaluate('PAGE_ALIGN(5000)', env)).toBe(8192);
  });
  it('says undefined for anything that is not a constant', () => {
    expect(evaluate('len', env)).toBeUndefined();
    expect(evaluate('sizeof(*p)', env)).toBeUndefined();
    expect(evaluate('n * PAGE_SIZE', env)).toBeUndefined();
  });
  it('uses --pages for a size that is not a constant', async () => {
    const file = join(tmp, 'size.c');
    writeFileSync(file, 'int a(struct s *p, size_t n)\n{\n\tp->pg = dma_alloc_pages(p->dev, n * PAGE_SIZE, &p->dma, 0, 0);\n\treturn 0;\n}\n');
    const r = await extractDesign({ files: [file], actors: [{ name: 't1', functions: ['a'] }], pages: 3 });
    expect(r.ok && r.value.yaml).toContain('- alloc: {buffer: p_pg, region: cma, pages: 3}');
    expect(r.ok && r.value.yaml).toContain("# size 'n * PAGE_SIZE' at size.c:3 is not a constant: 3 page(s) (--pages)");
  });
});

describe('loops', () => {
  it('turns a loop that repeats a reclaim until it succeeds into retry: true', async () => {
    const yaml = await extractText(
      'retry.c',
      'int a(struct s *p)\n{\n\tp->pg = alloc_pages(GFP_KERNEL, 0);\n\tif (!p->pg)\n\t\treturn -ENOMEM;\n\treturn 0;\n}\n' +
        'void r(struct s *p)\n{\n\tint ret;\n\n\tdo {\n\t\tret = p->ffa->ops->mem_ops->memory_reclaim(p->handle, 0);\n\t} while (ret == -EBUSY);\n\t__free_pages(p->pg, 0);\n}\n',
      'a',
      'r',
    );
    expect(yaml).toMatch(/- ffa_reclaim: p_pg {2}# retry\.c:13 r\(\)\n\s+retry: true/);
  });

  it('cuts recursion off with a note', async () => {
    const yaml = await extractText('rec.c', 'void a(struct s *p)\n{\n\tfree_pages(p->va, 0);\n\ta(p);\n}\nvoid b(struct s *p)\n{\n\tp->va = __get_free_pages(GFP_KERNEL, 0);\n\ta(p);\n}\n', 'b');
    expect(yaml).toContain('# recursion: a() called again at rec.c:4 is not followed');
    expect(yaml.match(/- free: p_va/g)).toHaveLength(1);
  });
});

describe('a 1,000-line driver', () => {
  it('extracts every function it is asked to follow', async () => {
    const fns: string[] = [];
    const parts: string[] = ['#include <linux/dma-mapping.h>\n', 'struct big { struct device *dev; struct page *pages; dma_addr_t dma; u64 handle; struct ffa_device *ffa; };\n'];
    for (let i = 0; i < 50; i++) {
      fns.push(`big_step_${i}`);
      parts.push(
        `static int __must_check big_step_${i}(struct big *b)\n{\n\tunsigned long va;\n\tint ret;\n\n\tva = (unsigned long)page_address(b->pages);\n` +
          `\tdcache_clean_inval_poc(va, va + PAGE_SIZE);\n\tret = set_direct_map_invalid_noflush(b->pages);\n\tif (ret)\n\t\tgoto err;\n` +
          `\tflush_tlb_kernel_range(va, va + PAGE_SIZE);\n\tret = b->ffa->ops->mem_ops->memory_reclaim(b->handle, 0);\n\tif (ret) {\n\t\tpr_err("step ${i}: %d\\n", ret);\n\t\treturn ret;\n\t}\n` +
          `\tset_direct_map_default_noflush(b->pages);\n\treturn 0;\n\nerr:\n\tset_direct_map_default_noflush(b->pages);\n\treturn ret;\n}\n\n`,
      );
    }
    parts.push('static int big_alloc(struct big *b)\n{\n\tb->pages = dma_alloc_pages(b->dev, SZ_8K, &b->dma, 0, GFP_KERNEL);\n\tif (!b->pages)\n\t\treturn -ENOMEM;\n\treturn 0;\n}\n');
    const text = parts.join('');
    expect(text.split('\n').length).toBeGreaterThanOrEqual(1000);
    const yaml = await extractText('big.c', text, 'big_alloc', ...fns);
    expect(yaml.match(/- ffa_reclaim: b_pages/g)).toHaveLength(50);
    expect(yaml.match(/^ {2}big_step_\d+:$/gm)).toHaveLength(50);
  }, 60_000);
});

describe('driver flags and counters', () => {
  it('turns a field the code assigns and tests into a variable, and refcount tests into atomic steps', async () => {
    const c = [
      'struct rp { struct gen_pool *gen_pool; struct tee_shm *protmem; refcount_t refcount; struct mutex mutex; };',
      'static int init_dyn(struct rp *rp)\n{\n\trp->protmem = tee_shm_alloc_dma_mem(ctx, 2);\n\tif (IS_ERR(rp->protmem))\n\t\treturn PTR_ERR(rp->protmem);',
      '\trp->gen_pool = gen_pool_create(PAGE_SHIFT, -1);\n\trefcount_set(&rp->refcount, 1);\n\treturn 0;\n}',
      'static int get_dyn(struct rp *rp)\n{\n\tint rc = 0;\n\n\tif (refcount_inc_not_zero(&rp->refcount))\n\t\treturn 0;\n\tmutex_lock(&rp->mutex);',
      '\tif (rp->gen_pool)\n\t\trefcount_inc(&rp->refcount);\n\telse\n\t\trc = init_dyn(rp);\n\tmutex_unlock(&rp->mutex);\n\treturn rc;\n}',
      'static void put_dyn(struct rp *rp)\n{\n\tif (!refcount_dec_and_test(&rp->refcount))\n\t\treturn;\n\tmutex_lock(&rp->mutex);\n\tif (rp->gen_pool) {',
      '\t\trp->gen_pool = NULL;\n\t\ttee_shm_put(rp->protmem);\n\t}\n\tmutex_unlock(&rp->mutex);\n}\n',
    ].join('\n');
    const yaml = await extractText('pool.c', c, 'get_dyn', 'put_dyn');
    expect(yaml).toContain('variables: {rp_refcount: 0, rp_gen_pool: 0}');
    expect(yaml).toContain('shared: [rp_protmem]');
    expect(yaml).toMatch(/- inc_not_zero: {2}# pool\.c:\d+ get_dyn\(\)\n\s+var: rp_refcount\n\s+else:\n\s+- lock: rp_mutex/);
    expect(yaml).toMatch(/- if: {2}# pool\.c:\d+ get_dyn\(\)\n\s+var: rp_gen_pool\n\s+ne: 0\n\s+then:\n\s+- inc: rp_refcount/);
    expect(yaml).toContain('- set: {var: rp_gen_pool, value: 1}');
    expect(yaml).toContain('- set: {var: rp_gen_pool, value: 0}');
    expect(yaml).toMatch(/- dec_and_test: {2}# pool\.c:\d+ put_dyn\(\)\n\s+var: rp_refcount\n\s+then:\n\s+- lock: rp_mutex/);
  });
});

describe('FF-A wrappers the files do not define', () => {
  it('are taken by their names, with a note', async () => {
    const yaml = await extractText(
      'named.c',
      'int a(struct s *p)\n{\n\tp->pg = alloc_pages(GFP_KERNEL, 0);\n\tif (!p->pg)\n\t\treturn -ENOMEM;\n\treturn ffa_mem_lend(p->ffa, p->pg);\n}\n' +
        'void r(struct s *p)\n{\n\tif (tee_ffa_mem_reclaim(p->handle))\n\t\treturn;\n\t__free_pages(p->pg, 0);\n}\n',
      'a',
      'r',
    );
    expect(yaml).toContain('# ffa_mem_lend() is not defined in the files: taken as ffa_lend by its name (named.c:6)');
    expect(yaml).toContain('- alloc: {buffer: p_pg, region: system, pages: 1}  # named.c:3 a()');
    expect(yaml).toContain('- ffa_lend: {buffer: p_pg, to: [optee]}  # named.c:6 a()');
    expect(yaml).toMatch(/- ffa_reclaim: p_pg {2}# named\.c:10 r\(\)\n\s+on_error: \[continue\]\n\s+- if:.*\n\s+result: ok\n\s+then:\n\s+- free: p_pg/);
  });
});
