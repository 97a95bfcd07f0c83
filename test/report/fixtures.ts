/**
 * Hand-built CheckReports for the reporter tests: a 2-step alloc/ffa_lend violation of
 * no-ns-mapping-of-lent-memory under pKVM, a longer trace with a FFA_DENIED reclaim and
 * environment steps that frees lent memory, and a pass.
 */
import { INVARIANT_IDS } from '../../properties/invariant.ts';
import type { Platform } from '../../model/platform.ts';
import type { CheckReport, PageView, StateChange, StateView, TraceStep, TransactionView } from '../../src/system/trace.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] extends object ? Mutable<T[K]> : T[K] };
type Draft = {
  pages: Mutable<PageView>[];
  transactions: TransactionView[];
  buffers: Record<string, { pages: number[]; handle: number | null }>;
  actors: Record<string, string>;
  variables: Record<string, number>;
  locks: Record<string, string | null>;
  hazards: Record<string, string>;
};

export function bootPage(id: number, region = 'cma'): PageView {
  return {
    id,
    region,
    alloc: 'free',
    linear: region === 'carveout' ? 'absent' : 'valid',
    tlbStale: false,
    vmap: 'none',
    user: false,
    iommu: [],
    stage2: true,
    secureProtected: false,
    content: 'zero',
    cache: 'clean',
    owner: 'ns',
    nosave: false,
    remap: 'none',
    pooled: false,
  };
}

export function bootState(pages: number, extra: Partial<StateView> = {}): StateView {
  return {
    pages: Array.from({ length: pages }, (_, i) => bootPage(i)),
    transactions: [],
    buffers: {},
    actors: {},
    variables: {},
    locks: {},
    hazards: {},
    ...extra,
  };
}

interface StepSpec {
  readonly actor: string;
  readonly step: string;
  readonly args: Record<string, unknown>;
  readonly result: string;
  readonly handle?: number;
  readonly line?: number;
  readonly mutate?: (s: Draft) => void;
}

/** Runs `specs` from `initial`, each step's state a mutated copy of the last, with its changes. */
export function buildTrace(initial: StateView, specs: readonly StepSpec[]): TraceStep[] {
  let state = initial;
  return specs.map(({ mutate, ...spec }) => {
    const draft = structuredClone(state) as Draft;
    mutate?.(draft);
    const next = draft as StateView;
    const step: TraceStep = { ...spec, changes: diff(state, next), state: next };
    state = next;
    return step;
  });
}

/** The same naming as src/system/view.ts's diffStates, kept here so fixtures do not depend on it. */
function diff(before: StateView, after: StateView): StateChange[] {
  const changes: StateChange[] = [];
  after.pages.forEach((page, i) => {
    const old = before.pages[i]!;
    for (const key of Object.keys(page) as (keyof PageView)[]) {
      if (key === 'id' || key === 'region') continue;
      if (JSON.stringify(old[key]) !== JSON.stringify(page[key])) changes.push({ path: `page ${i}.${key}`, from: old[key], to: page[key] });
    }
  });
  const handles = [...new Set([...before.transactions, ...after.transactions].map((t) => t.handle))].sort((a, b) => a - b);
  for (const h of handles) {
    const old = before.transactions.find((t) => t.handle === h) ?? null;
    const now = after.transactions.find((t) => t.handle === h) ?? null;
    if (JSON.stringify(old) !== JSON.stringify(now)) changes.push({ path: `handle ${h}`, from: describeTx(old), to: describeTx(now) });
  }
  for (const [section, name] of [['buffers', 'buffer'], ['variables', 'variable'], ['locks', 'lock'], ['hazards', 'hazard']] as const) {
    const olds = before[section] as Record<string, unknown>;
    const news = after[section] as Record<string, unknown>;
    for (const key of new Set([...Object.keys(olds), ...Object.keys(news)])) {
      if (JSON.stringify(olds[key]) !== JSON.stringify(news[key])) changes.push({ path: `${name} ${key}`, from: olds[key] ?? null, to: news[key] ?? null });
    }
  }
  return changes;
}

function describeTx(tx: TransactionView | null): string | null {
  if (tx === null) return null;
  const receivers = tx.receivers.map((r) => `${r.endpoint}(${r.access}${r.retrieved ? ', retrieved' : ''})`).join(' ');
  return `${tx.op} by ${tx.sender} to ${receivers} of page${tx.pages.length === 1 ? '' : 's'} ${tx.pages.join(',')}${tx.clear ? ', clear' : ''}`;
}

const lend = (handle: number, pages: number[], to = 'optee'): TransactionView => ({
  handle,
  op: 'lend',
  sender: 'ns',
  receivers: [{ endpoint: to, access: 'rw', retrieved: false }],
  pages,
  clear: false,
});

export const PKVM_PLATFORM: Platform = {
  hypervisor: 'pkvm',
  spmc: 'hafnium',
  secureProtectsOnLend: false,
  secureClearsOnRelinquish: false,
  canSetDirectMap: true,
  pages: { cma: 2 },
  endpoints: ['optee'],
  devices: {},
  carveoutOwner: 'ns',
  firewallGranule: 1,
  bounceDevices: [],
};

const STATS = { runs: 1, states: 12, transitions: 40, depth: 2, complete: false, elapsedMs: 31 };

/** SPEC section 6's example: t1 allocates a CMA page and lends it while the linear map still maps it. */
export function twoStepViolation(): CheckReport {
  const initial = bootState(2, { buffers: { 't1.buf': { pages: [], handle: null } }, actors: { t1: 'main:5' } });
  const trace = buildTrace(initial, [
    {
      actor: 't1',
      step: 'alloc',
      args: { buffer: 'buf', region: 'cma', pages: 1 },
      result: 'ok',
      line: 5,
      mutate: (s) => {
        Object.assign(s.pages[0]!, { alloc: 'allocated', cache: 'dirty' });
        s.buffers['t1.buf'] = { pages: [0], handle: null };
        s.actors['t1'] = 'main:6';
      },
    },
    {
      actor: 't1',
      step: 'ffa_lend',
      args: { buffer: 'buf', to: ['optee'] },
      result: 'ok',
      handle: 0,
      line: 6,
      mutate: (s) => {
        s.transactions.push(lend(0, [0]));
        s.buffers['t1.buf'] = { pages: [0], handle: 0 };
        s.hazards['dirtyLend'] = 'lent with dirty cache lines (page 0)';
        s.actors['t1'] = 'done';
      },
    },
  ]);
  return {
    tool: 'lendcheck',
    version: '0.2.0',
    design: 'optee-protmem-merged',
    title: 'OP-TEE protected memory as merged: CMA pages lent while linear-mapped',
    file: 'designs/optee-protmem-merged.yaml',
    mode: 'random',
    seed: 42,
    verdict: 'violation',
    invariants: [...INVARIANT_IDS],
    initial,
    violation: {
      invariant: 'no-ns-mapping-of-lent-memory',
      message: 'page 0 is lent to optee (handle 0) but the kernel linear map still maps it',
      pages: [0],
      step: 2,
      trace,
      replay: 'lendcheck replay reports/optee-protmem-merged/trace.json',
    },
    stats: STATS,
    platform: PKVM_PLATFORM,
  };
}

/**
 * A driver that unmaps, cleans and lends correctly, but frees the buffer when FFA_MEM_RECLAIM
 * returns FFA_DENIED because optee still holds it: no-free-while-lent at step 10.
 */
export function reclaimDeniedViolation(): CheckReport {
  const platform: Platform = { ...PKVM_PLATFORM, hypervisor: 'none', secureProtectsOnLend: true, pages: { cma: 2 } };
  const initial = bootState(2, {
    buffers: { 'pool': { pages: [], handle: null } },
    actors: { t1: 'main:3', t2: 'close:20' },
    variables: { users: 0 },
    locks: { heap_lock: null },
  });
  const trace = buildTrace(initial, [
    { actor: 't1', step: 'lock', args: { lock: 'heap_lock' }, result: 'ok', line: 3, mutate: (s) => void (s.locks['heap_lock'] = 't1') },
    {
      actor: 't1',
      step: 'alloc',
      args: { buffer: 'pool', region: 'cma', pages: 1 },
      result: 'ok',
      line: 4,
      mutate: (s) => {
        Object.assign(s.pages[0]!, { alloc: 'allocated', cache: 'dirty' });
        s.buffers['pool'] = { pages: [0], handle: null };
      },
    },
    { actor: 't1', step: 'clean_cache', args: { buffer: 'pool' }, result: 'ok', line: 5, mutate: (s) => void (s.pages[0]!.cache = 'clean') },
    {
      actor: 't1',
      step: 'unmap_linear',
      args: { buffer: 'pool' },
      result: 'ok',
      line: 6,
      mutate: (s) => Object.assign(s.pages[0]!, { linear: 'invalid', tlbStale: true }),
    },
    { actor: 't1', step: 'flush_tlb', args: { buffer: 'pool' }, result: 'ok', line: 7, mutate: (s) => void (s.pages[0]!.tlbStale = false) },
    {
      actor: 't1',
      step: 'ffa_lend',
      args: { buffer: 'pool', to: ['optee'], access: 'rw' },
      result: 'ok',
      handle: 0,
      line: 8,
      mutate: (s) => {
        s.transactions.push(lend(0, [0]));
        s.buffers['pool'] = { pages: [0], handle: 0 };
        s.pages[0]!.secureProtected = true;
      },
    },
    {
      actor: 'secure',
      step: 'ffa_retrieve',
      args: { endpoint: 'optee', handle: 0 },
      result: 'ok',
      mutate: (s) => void (s.transactions[0] = { ...s.transactions[0]!, receivers: [{ endpoint: 'optee', access: 'rw', retrieved: true }] }),
    },
    { actor: 'secure', step: 'write', args: { endpoint: 'optee', handle: 0 }, result: 'ok', mutate: (s) => void (s.pages[0]!.content = 'secret') },
    { actor: 't2', step: 'ffa_reclaim', args: { buffer: 'pool', clear: false }, result: 'FFA_DENIED', line: 21 },
    {
      actor: 't2',
      step: 'free',
      args: { buffer: 'pool' },
      result: 'ok',
      line: 24,
      mutate: (s) => {
        s.pages[0]!.alloc = 'free';
        s.buffers['pool'] = { pages: [], handle: null };
      },
    },
  ]);
  return {
    ...twoStepViolation(),
    design: 'tee-heap-close-race',
    title: 'TEE heap: close frees the buffer when reclaim is denied | "quoted" <title>',
    file: 'designs/tee heap close race.yaml',
    mode: 'exhaustive',
    seed: 7,
    initial,
    violation: {
      invariant: 'no-free-while-lent',
      message: 'page 0 is free while handle 0 still lends it to optee',
      pages: [0],
      step: 10,
      trace,
      replay: "lendcheck replay 'reports/tee heap close race/trace.json'",
    },
    stats: { runs: 1, states: 5321, transitions: 18000, depth: 10, complete: true, elapsedMs: 812 },
    platform,
  };
}

export function passReport(): CheckReport {
  const { violation: _violation, ...rest } = twoStepViolation();
  return {
    ...rest,
    design: 'optee-protmem-fixed',
    title: 'OP-TEE protected memory, fixed: unmap before lend',
    file: 'designs/optee-protmem-fixed.yaml',
    verdict: 'pass',
    stats: { runs: 1000, states: 20000, transitions: 64000, depth: 12, complete: false, elapsedMs: 1500 },
  };
}

export function incompleteReport(): CheckReport {
  return { ...passReport(), mode: 'exhaustive', verdict: 'incomplete', reason: 'reached --max-states 20000 at depth 9' };
}
