/**
 * trace.html: one self-contained page to step through a counterexample. Inline CSS and script, no
 * font, image or script from anywhere else (a Content-Security-Policy forbids it), so it opens from
 * a CI artifact or a mail attachment. Prev/next buttons and the arrow keys move through the steps;
 * the page table shows every page's fields in the state after the current step, coloured by lane
 * as in trace.svg (embedded below it, its column of the current step framed), with the fields the
 * step changed highlighted. Every state shown is one the model's replay produced (the report's
 * trace); the page only displays them.
 */
import type { CheckReport, PageView, StateView } from '../system/trace.ts';
import { explainViolation } from './violation-paragraph.ts';
import { formatArgs, formatChange, formatResult, formatValue } from './format.ts';
import { cellFor, LANES, stepLabel, traceColumns, type Lane } from './page-cells.ts';
import { esc, formatSvg, isDark } from './svg.ts';

/** The page fields in table order, with the lane whose colour their cell takes. */
const FIELDS: readonly { readonly field: keyof PageView; readonly title: string; readonly lane: Lane }[] = [
  { field: 'alloc', title: 'alloc', lane: 'owner' },
  { field: 'owner', title: 'owner', lane: 'owner' },
  { field: 'linear', title: 'linear', lane: 'mapping' },
  { field: 'tlbStale', title: 'stale TLB', lane: 'mapping' },
  { field: 'vmap', title: 'vmap', lane: 'mapping' },
  { field: 'user', title: 'user', lane: 'mapping' },
  { field: 'iommu', title: 'IOMMU', lane: 'mapping' },
  { field: 'stage2', title: 'stage-2 open', lane: 'protection' },
  { field: 'secureProtected', title: 'secure-protected', lane: 'protection' },
  { field: 'content', title: 'content', lane: 'content' },
  { field: 'cache', title: 'cache', lane: 'content' },
  { field: 'nosave', title: 'nosave', lane: 'content' },
];

/** The page, or null when the report has no trace to step through. */
export function formatHtml(report: CheckReport): string | null {
  const v = report.violation;
  if (v === undefined) return null;
  const columns = traceColumns(report.initial, v);
  const data = {
    breaking: v.step,
    brokenPages: v.pages,
    fields: FIELDS.map((f) => f.field),
    steps: columns.map((col) => ({
      title:
        col.step === null
          ? '0. start: the state before any step'
          : `${col.index}. ${col.step.actor}: ${col.step.step}${formatArgs(col.step.args) === '' ? '' : ` ${formatArgs(col.step.args)}`} → ${formatResult(col.step)}${col.step.line === undefined ? '' : ` (line ${col.step.line})`}`,
      changes: col.step === null ? [] : col.step.changes.map(formatChange),
      pages: col.state.pages.map((page) => pageData(page, col.state)),
      transactions: col.state.transactions.map(
        (tx) => `handle ${tx.handle}: ${tx.op} by ${tx.sender} to ${tx.receivers.map((r) => `${r.endpoint}(${r.access}${r.retrieved ? ', retrieved' : ''})`).join(' ')} of pages ${tx.pages.join(', ')}${tx.clear ? ', clear' : ''}`,
      ),
      buffers: Object.entries(col.state.buffers).map(([name, b]) => `${name}: pages [${b.pages.join(', ')}]${b.handle === null ? '' : `, handle ${b.handle}`}`),
      actors: Object.entries(col.state.actors).map(([name, at]) => `${name}: ${at}`),
      hazards: Object.values(col.state.hazards),
    })),
  };
  const heading = `${report.design}: ${v.invariant} violated`;
  const out: string[] = [];
  // The generator line also tells a later check that this file is lendcheck's to overwrite (out-dir.ts).
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="generator" content="lendcheck">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>${esc(heading)}</title>`);
  out.push(`<style>${CSS}</style>`, '</head>', '<body>');
  out.push(`<h1>${esc(heading)}</h1>`);
  out.push(`<p class="meta">${esc(report.title)} (<code>${esc(report.file)}</code>), ${esc(report.mode)} search, seed ${report.seed}; broken at step ${v.step} of ${v.trace.length}.</p>`);
  out.push(`<p class="message">${esc(v.message)}</p>`);
  out.push(`<details><summary>Why this breaks it</summary><p>${esc(explainViolation(report))}</p></details>`);
  out.push('<nav class="controls" aria-label="steps">');
  out.push('<button type="button" id="first" title="start (Home)">« start</button>');
  out.push('<button type="button" id="prev" title="previous step (←)">◀ prev</button>');
  out.push(`<span id="position" aria-live="polite">step 0 of ${v.trace.length}</span>`);
  out.push('<button type="button" id="next" title="next step (→)">next ▶</button>');
  out.push('<button type="button" id="last" title="last step (End)">end »</button>');
  out.push('<span class="hint">keys: ← → Home End</span>');
  out.push('</nav>');
  out.push('<p id="step-title" class="step-title"></p>');
  out.push('<div class="layout">');
  out.push('<ol id="steps" class="steps" start="0">');
  data.steps.forEach((s, i) => out.push(`<li data-step="${i}"${i === v.step ? ' class="breaking"' : ''}>${esc(i === 0 ? 'start' : stepLabel(v.trace[i - 1]!))}${i === v.step ? ' ✗' : ''}</li>`));
  out.push('</ol>');
  out.push('<div class="state">');
  out.push('<table id="pages"><thead><tr><th>page</th><th>region</th>');
  for (const f of FIELDS) out.push(`<th class="lane-${f.lane}">${esc(f.title)}</th>`);
  out.push('</tr></thead><tbody>');
  for (const page of report.initial.pages) {
    out.push(`<tr data-page="${page.id}"><th scope="row">${page.id}</th><td>${esc(page.region)}</td>`);
    for (const f of FIELDS) out.push(`<td data-field="${f.field}"></td>`);
    out.push('</tr>');
  }
  out.push('</tbody></table>');
  out.push('<p class="hint">Each cell takes the colour of its lane (owner, mapping, protection, content) in the legend of the picture below; outlined cells are the ones this step changed.</p>');
  out.push('<div class="lists">');
  for (const [id, title] of [['changes', 'Changed by this step'], ['transactions', 'Live transactions'], ['buffers', 'Buffers'], ['actors', 'Actors (next step)'], ['hazards', 'Hazards']] as const) {
    out.push(`<section><h2>${title}</h2><ul id="${id}"></ul></section>`);
  }
  out.push('</div>', '</div>', '</div>');
  out.push('<h2>Pages × steps</h2>');
  out.push(`<div class="picture">${formatSvg(report)!.trim()}</div>`);
  out.push(`<p class="meta">Replay: <code>${esc(v.replay)}</code></p>`);
  // `<` escaped so no string in the data can close the script element.
  out.push(`<script type="application/json" id="trace-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);
  out.push(`<script>${SCRIPT}</script>`);
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

function pageData(page: PageView, state: StateView) {
  const cells = Object.fromEntries(LANES.map((lane) => [lane, cellFor(lane, page, state)]));
  return {
    values: FIELDS.map((f) => formatValue(page[f.field])),
    fills: FIELDS.map((f) => cells[f.lane]!.fill),
    kinds: FIELDS.map((f) => cells[f.lane]!.kind),
    dark: FIELDS.map((f) => isDark(cells[f.lane]!.fill)),
  };
}

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.2em 2em;color:#1b1b1b;background:#fff}
h1{font-size:1.35em;margin:.2em 0}h2{font-size:1.05em;margin:1em 0 .3em}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.92em}
.meta{color:#444}.message{font-weight:600;color:#8b0000}
.controls{display:flex;gap:.5em;align-items:center;margin:.8em 0;flex-wrap:wrap}
.controls button{font:inherit;padding:.3em .8em;border:1px solid #888;border-radius:4px;background:#f4f4f4;cursor:pointer}
.controls button:disabled{opacity:.4;cursor:default}
#position{font-weight:600;min-width:8em;text-align:center}.hint{color:#666;font-size:.9em}
.step-title{font-family:ui-monospace,"DejaVu Sans Mono",monospace;background:#f3f6fb;border-left:4px solid #1f4e9e;padding:.4em .7em}
.step-title.breaking{background:#fdecec;border-left-color:#d00000}
.layout{display:flex;gap:1.5em;align-items:flex-start}
.steps{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em;margin:0;padding-left:2.6em;min-width:13em}
.steps li{cursor:pointer;padding:.1em .3em;border-radius:3px}.steps li.breaking{color:#b00000;font-weight:600}
.steps li.current{background:#1f4e9e;color:#fff}.steps li.current::marker{color:#1f4e9e;font-weight:700}
table{border-collapse:collapse;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
th,td{border:1px solid #ccc;padding:.2em .45em;text-align:left}
thead th{background:#fafafa;font-weight:600}
td.changed{outline:3px solid #f5b800;outline-offset:-3px;font-weight:700}
td.dark{color:#fff}
tr.broken th{background:#d00000;color:#fff}tr.broken th::after{content:" ✗"}
.lists{display:flex;flex-wrap:wrap;gap:0 2em}.lists ul{margin:0;padding-left:1.2em;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
.lists ul:empty::before{content:"(none)";color:#888}
.picture{overflow-x:auto}
.picture svg .col.current .cursor{display:inline}
`;

/** Reads the embedded data and shows one step at a time; plain ES2015, no library. */
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var last = data.steps.length - 1;
  var current = 0;
  var rows = document.querySelectorAll('#pages tbody tr');
  var items = document.querySelectorAll('#steps li');
  var columns = document.querySelectorAll('.picture svg .col');
  function fillList(id, lines) {
    var ul = document.getElementById(id);
    ul.textContent = '';
    lines.forEach(function (line) {
      var li = document.createElement('li');
      li.textContent = line;
      ul.appendChild(li);
    });
  }
  function show(i) {
    current = Math.max(0, Math.min(last, i));
    var step = data.steps[current];
    var before = data.steps[Math.max(0, current - 1)];
    var breaking = current === data.breaking;
    for (var r = 0; r < rows.length; r++) {
      var page = step.pages[r];
      var cells = rows[r].querySelectorAll('td[data-field]');
      for (var f = 0; f < cells.length; f++) {
        var td = cells[f];
        td.textContent = page.values[f];
        td.style.background = page.fills[f];
        td.setAttribute('data-kind', page.kinds[f]);
        td.classList.toggle('dark', page.dark[f]);
        td.classList.toggle('changed', current > 0 && before.pages[r].values[f] !== page.values[f]);
      }
      rows[r].classList.toggle('broken', breaking && data.brokenPages.indexOf(r) >= 0);
    }
    var title = document.getElementById('step-title');
    title.textContent = step.title + (breaking ? '  ✗ the invariant breaks here' : '');
    title.classList.toggle('breaking', breaking);
    document.getElementById('position').textContent = 'step ' + current + ' of ' + last;
    fillList('changes', step.changes);
    fillList('transactions', step.transactions);
    fillList('buffers', step.buffers);
    fillList('actors', step.actors);
    fillList('hazards', step.hazards);
    for (var k = 0; k < items.length; k++) items[k].classList.toggle('current', k === current);
    for (var c = 0; c < columns.length; c++) columns[c].classList.toggle('current', Number(columns[c].getAttribute('data-step')) === current);
    document.getElementById('first').disabled = current === 0;
    document.getElementById('prev').disabled = current === 0;
    document.getElementById('next').disabled = current === last;
    document.getElementById('last').disabled = current === last;
  }
  document.getElementById('first').addEventListener('click', function () { show(0); });
  document.getElementById('prev').addEventListener('click', function () { show(current - 1); });
  document.getElementById('next').addEventListener('click', function () { show(current + 1); });
  document.getElementById('last').addEventListener('click', function () { show(last); });
  for (var k = 0; k < items.length; k++) {
    items[k].addEventListener('click', function (e) { show(Number(e.currentTarget.getAttribute('data-step'))); });
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight' || e.key === 'j') show(current + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'k') show(current - 1);
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(last);
    else return;
    e.preventDefault();
  });
  show(0);
})();
`;
