/**
 * How the page pictures (trace.svg, trace.html) show one page in one state: four lanes, each a
 * colour and a short label, read off the StateView the model's replay produced (never recomputed
 * here). One place for the classes and colours, so the SVG, the HTML page and their legend agree.
 */
import type { PageView, StateView, TraceStep, ViolationReport } from '../system/trace.ts';

export type Lane = 'owner' | 'mapping' | 'protection' | 'content';
export const LANES: readonly Lane[] = ['owner', 'mapping', 'protection', 'content'];

export interface Cell {
  /** Class name (the legend's key): `free`, `lent`, `linear`, ... */
  readonly kind: string;
  readonly fill: string;
  /** A few characters drawn in the cell (e.g. `LV` for a linear entry and a vmap alias). */
  readonly label: string;
}

interface Swatch {
  readonly kind: string;
  readonly fill: string;
  readonly meaning: string;
}

/** Every class of every lane with its colour, in legend order. */
export const LEGEND: Readonly<Record<Lane, readonly Swatch[]>> = {
  owner: [
    { kind: 'free', fill: '#eeeeee', meaning: 'free, owned by ns' },
    { kind: 'allocated', fill: '#9ecae1', meaning: 'allocated by the kernel' },
    { kind: 'leaked', fill: '#8c6d31', meaning: 'leaked (never freed)' },
    { kind: 'shared', fill: '#fdd0a2', meaning: 'in a live FF-A share' },
    { kind: 'lent', fill: '#fd8d3c', meaning: 'in a live FF-A lend' },
    { kind: 'donated', fill: '#d94801', meaning: 'in a live FF-A donate' },
    { kind: 'secure', fill: '#7f2704', meaning: 'owned by a secure endpoint' },
    { kind: 'free-lent', fill: '#e31a1c', meaning: 'free, yet lent or owned by a secure endpoint' },
  ],
  mapping: [
    { kind: 'unmapped', fill: '#ffffff', meaning: 'no normal-world mapping' },
    { kind: 'linear', fill: '#c7e9c0', meaning: 'L: kernel linear map entry' },
    { kind: 'stale-tlb', fill: '#addd8e', meaning: 'T: stale TLB entry of the linear map' },
    { kind: 'vmap', fill: '#41ab5d', meaning: 'V: vmap alias (v: unmapped, TLB not yet flushed)' },
    { kind: 'user', fill: '#fec44f', meaning: 'U: user-space mapping' },
    { kind: 'iommu', fill: '#dd3497', meaning: 'I: IOMMU mapping for a device' },
  ],
  protection: [
    { kind: 'open', fill: '#ffffff', meaning: 'normal-world accesses go through' },
    { kind: 'stage2', fill: '#bcbddc', meaning: '2: host stage-2 blocks normal-world accesses' },
    { kind: 'secure', fill: '#6a51a3', meaning: 'S: the secure side protects the page (firewall)' },
  ],
  content: [
    { kind: 'zero', fill: '#ffffff', meaning: 'zeroes' },
    { kind: 'data', fill: '#c6dbef', meaning: 'kernel data' },
    { kind: 'secret', fill: '#cb181d', meaning: 'secure-world secret' },
  ],
};

const fillOf = (lane: Lane, kind: string): string => LEGEND[lane].find((s) => s.kind === kind)!.fill;

/** The live transaction covering `page`, if any (the first by handle). */
function coveringTx(state: StateView, page: number) {
  return state.transactions.find((tx) => tx.pages.includes(page)) ?? null;
}

export function ownerCell(page: PageView, state: StateView): Cell {
  const tx = coveringTx(state, page.id);
  const kind =
    page.alloc === 'free' && (tx !== null || page.owner !== 'ns')
      ? 'free-lent'
      : page.owner !== 'ns'
        ? 'secure'
        : tx !== null
          ? tx.op === 'lend'
            ? 'lent'
            : tx.op === 'share'
              ? 'shared'
              : 'donated'
          : page.alloc;
  const label = tx !== null ? `h${tx.handle}` : page.owner !== 'ns' ? page.owner.slice(0, 3) : '';
  return { kind, fill: fillOf('owner', kind), label };
}

export function mappingCell(page: PageView): Cell {
  const letters = [
    page.linear === 'valid' ? 'L' : '',
    page.tlbStale ? 'T' : '',
    page.vmap === 'mapped' ? 'V' : page.vmap === 'stale' ? 'v' : '',
    page.user ? 'U' : '',
    page.iommu.length > 0 ? 'I' : '',
  ].join('');
  // The colour is the mapping that reaches furthest from the kernel; the letters list them all.
  const kind =
    page.iommu.length > 0
      ? 'iommu'
      : page.user
        ? 'user'
        : page.vmap !== 'none'
          ? 'vmap'
          : page.tlbStale
            ? 'stale-tlb'
            : page.linear === 'valid'
              ? 'linear'
              : 'unmapped';
  return { kind, fill: fillOf('mapping', kind), label: letters };
}

export function protectionCell(page: PageView): Cell {
  const kind = page.secureProtected ? 'secure' : !page.stage2 ? 'stage2' : 'open';
  const label = `${page.secureProtected ? 'S' : ''}${page.stage2 ? '' : '2'}`;
  return { kind, fill: fillOf('protection', kind), label };
}

export function contentCell(page: PageView): Cell {
  const kind = page.content;
  // `d`: dirty cache lines (a clean needed before the secure side may see the page).
  return { kind, fill: fillOf('content', kind), label: page.cache === 'dirty' ? 'd' : '' };
}

export function cellFor(lane: Lane, page: PageView, state: StateView): Cell {
  switch (lane) {
    case 'owner':
      return ownerCell(page, state);
    case 'mapping':
      return mappingCell(page);
    case 'protection':
      return protectionCell(page);
    case 'content':
      return contentCell(page);
  }
}

/** One column of a picture: the state before any step (index 0) or after step `index`. */
export interface Column {
  readonly index: number;
  readonly state: StateView;
  readonly step: TraceStep | null;
}

/** The start state, then the state after each step of the trace. */
export function traceColumns(initial: StateView, v: ViolationReport): Column[] {
  return [{ index: 0, state: initial, step: null }, ...v.trace.map((step, i) => ({ index: i + 1, state: step.state, step }))];
}

/** `t1 ffa_lend`, the short label of a step for column headers. */
export function stepLabel(step: TraceStep): string {
  return `${step.actor} ${step.step}`;
}
