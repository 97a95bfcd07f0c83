/**
 * trace.html in a real browser: Debian's chromium, driven by playwright-core (no browser download).
 * .ci/run installs chromium; elsewhere, without /usr/bin/chromium, these tests are skipped and say so.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValue } from '../../src/report/format.ts';
import { writeReports } from '../../src/report/write.ts';
import type { CheckReport, StateView } from '../../src/system/trace.ts';
import { checkShipped } from './shipped-check.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) console.warn(`trace.html browser tests skipped: no ${CHROMIUM} (apt-get install chromium; .ci/run does)`);

const FIELDS = ['alloc', 'owner', 'linear', 'tlbStale', 'vmap', 'user', 'iommu', 'stage2', 'secureProtected', 'content', 'cache', 'nosave'] as const;

describe.skipIf(!haveBrowser)(`trace.html in headless ${CHROMIUM}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lendcheck-html-'));
  let context: BrowserContext;
  let page: Page;
  let report: CheckReport;
  const problems: string[] = [];
  const requests: string[] = [];
  let url: string;

  beforeAll(async () => {
    report = await checkShipped('bug-b06-missing-tlb-flush');
    writeReports(dir, report, null, new Set(['html']));
    url = pathToFileURL(join(dir, 'trace.html')).href;
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
  });

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The page table as shown: page -> field -> text. */
  const table = () =>
    page.$$eval('#pages tbody tr', (rows) =>
      rows.map((row) => Object.fromEntries([...row.querySelectorAll('td[data-field]')].map((td) => [td.getAttribute('data-field'), td.textContent]))),
    );
  const expected = (state: StateView) => state.pages.map((p) => Object.fromEntries(FIELDS.map((f) => [f, formatValue(p[f])])));
  const changed = () => page.$$eval('#pages td.changed', (tds) => tds.map((td) => `${td.closest('tr')!.getAttribute('data-page')}.${td.getAttribute('data-field')}`).sort());
  const cursor = () => page.$$eval('.picture svg .col.current', (cols) => cols.map((c) => c.getAttribute('data-step')));

  it('loads without console errors or any request but the file itself, showing the start state', async () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.textContent('#position')).toBe(`step 0 of ${report.violation!.trace.length}`);
    expect(await table()).toEqual(expected(report.initial));
    expect(await changed()).toEqual([]);
    expect(await cursor()).toEqual(['0']);
    expect(await page.isDisabled('#prev')).toBe(true);
  });

  it('next shows the state after each step, with the fields it changed highlighted', async () => {
    const v = report.violation!;
    await page.click('#next');
    expect(await page.textContent('#position')).toBe(`step 1 of ${v.trace.length}`);
    expect(await table()).toEqual(expected(v.trace[0]!.state));
    expect(await table()).not.toEqual(expected(report.initial));
    const pageChanges = v.trace[0]!.changes.map((c) => c.path.match(/^page (\d+)\.(\w+)$/)).filter((m) => m !== null).map((m) => `${m[1]}.${m[2]}`);
    expect(await changed()).toEqual(pageChanges.sort());
    expect(await page.textContent('#step-title')).toContain('1. t1: alloc');
    expect(await cursor()).toEqual(['1']);
    await page.keyboard.press('ArrowRight');
    expect(await table()).toEqual(expected(v.trace[1]!.state));
    expect(await problems).toEqual([]);
  });

  it('End jumps to the breaking step and marks the broken pages; Home goes back', async () => {
    const v = report.violation!;
    await page.keyboard.press('End');
    expect(await page.textContent('#position')).toBe(`step ${v.trace.length} of ${v.trace.length}`);
    expect(await table()).toEqual(expected(v.trace.at(-1)!.state));
    expect(await page.textContent('#step-title')).toContain('✗ the invariant breaks here');
    const broken = await page.$$eval('#pages tr.broken', (rows) => rows.map((r) => Number(r.getAttribute('data-page'))));
    expect(broken).toEqual([...v.pages]);
    expect(await page.isDisabled('#next')).toBe(true);
    await page.keyboard.press('Home');
    expect(await table()).toEqual(expected(report.initial));
    expect(await page.$$eval('#pages tr.broken', (rows) => rows.length)).toBe(0);
    expect(problems).toEqual([]);
  });
});
