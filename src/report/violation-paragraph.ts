/**
 * One plain-English paragraph on why a counterexample breaks its invariant and what that means on
 * real hardware, parameterised by the pages, handles, endpoints and steps of the trace. Shared by
 * the terminal and Markdown reports so both say the same thing. Plain text: no Markdown.
 */
import type { Platform } from '../../model/platform.ts';
import type { CheckReport, PageView, StateView, TraceStep, TransactionView, ViolationReport } from '../system/trace.ts';
import { describePages, englishList } from './format.ts';

/** The paragraph for a report's violation, or '' when there is none. */
export function explainViolation(report: CheckReport): string {
  const v = report.violation;
  if (v === undefined) return '';
  const ctx = new Context(report, v);
  switch (v.invariant) {
    case 'no-ns-mapping-of-lent-memory':
    case 'no-ns-access-to-lent-memory':
      return ctx.mappedWhileLent();
    case 'no-double-lend':
      return ctx.doubleLend();
    case 'no-free-while-lent':
      return ctx.freeWhileLent();
    case 'freed-pages-mapped':
      return ctx.freedUnmapped();
    case 'no-secret-to-ns':
      return ctx.secretToNs();
    case 'clean-before-lend':
      return ctx.dirtyLend();
    case 'no-kernel-fault':
      return ctx.kernelFault();
    case 'no-use-after-free':
      return ctx.useAfterFree();
    case 'no-collateral-protection':
      return ctx.collateral();
    default:
      return ctx.generic();
  }
}

const CPU_PATHS: Readonly<Record<string, string>> = {
  linear: 'the linear map',
  tlb: 'a stale TLB entry of the linear map',
  vmap: 'a vmap alias',
  memremap: 'a memremap alias',
  user: 'a user mapping',
};

const VERB: Readonly<Record<string, string>> = { lend: 'lent', share: 'shared', donate: 'donated' };

class Context {
  private readonly trace: readonly TraceStep[];
  private readonly last: StateView;
  private readonly platform: Platform | undefined;
  private readonly pages: readonly number[];

  constructor(
    private readonly report: CheckReport,
    private readonly v: ViolationReport,
  ) {
    this.trace = v.trace;
    this.last = v.trace[v.trace.length - 1]?.state ?? report.initial;
    this.platform = report.platform;
    this.pages = v.pages;
  }

  // --- per invariant -------------------------------------------------------------------------

  mappedWhileLent(): string {
    const page = this.page();
    const tx = page === undefined ? undefined : this.coveringTx(page.id);
    const subject = capitalise(describePages(this.pages));
    const bootOwned = page !== undefined && page.region === 'carveout' && this.platform?.carveoutOwner === page.owner && page.owner !== 'ns';
    const how =
      tx !== undefined
        ? this.sentClause(tx)
        : page !== undefined && page.owner !== 'ns'
            ? `donated to ${page.owner}`
            : 'given to the secure world';
    const paths = page === undefined ? [] : nsPaths(page, this.platform);
    const mapping = paths.length > 0 ? `: ${englishList(paths)}` : '';
    const one = this.pages.length === 1;
    const first = bootOwned
      ? `${subject} ${one ? 'is' : 'are'} static carveout memory that ${page.owner} owns and the secure side firewalls from boot, yet the normal world maps ${one ? 'it' : 'them'}${mapping}.`
      : `${subject} ${this.wasWere()} ${how} while the normal world still ${one ? 'maps it' : 'maps them'}${mapping}.`;
    return [
      first,
      'A speculative or stray access through such a mapping can reach memory the secure world now holds.',
      page === undefined ? '' : this.protection(page),
    ]
      .filter((s) => s !== '')
      .join(' ');
  }

  doubleLend(): string {
    const page = this.page();
    const at = this.hazardStep('doubleSend');
    const covering = page === undefined ? [] : this.last.transactions.filter((t) => t.pages.includes(page.id));
    const parts: string[] = [];
    if (at !== null) {
      const step = this.trace[at - 1]!;
      const live = covering.filter((t) => this.sendStep(t.handle) !== at);
      const handles = live.length > 0 ? ` while ${handleList(live)} still covered ${this.itThem()}` : ' while a live transaction still covered it';
      parts.push(`At step ${at}, ${step.actor} sent ${describePages(this.pages)} again with ${step.step}${handles} (result ${step.result}).`);
      if (step.result !== 'ok') {
        parts.push(
          `This relayer refused it, but the driver did send memory it had already given away: it has lost track of the handle, and an SPMC that skips the ownership check (a trusting one) would accept the second send.`,
        );
      }
    } else {
      const steps = covering.map((t) => this.sendStep(t.handle)).filter((s): s is number => s !== null);
      const when = steps.length > 0 ? ` (sent at ${steps.length === 1 ? 'step' : 'steps'} ${englishList(steps.map(String))})` : '';
      parts.push(`${capitalise(describePages(this.pages))} ${this.isAre()} covered by two live FF-A transactions, ${handleList(covering)}${when}.`);
    }
    parts.push(
      'Two transactions for one page give the secure world two claims to it: reclaiming one hands the page back to Linux while the other still lends it, so the kernel reuses memory a secure endpoint can still map.',
    );
    return parts.join(' ');
  }

  freeWhileLent(): string {
    const page = this.page();
    const freed = page === undefined ? null : this.lastChangeTo(page.id, 'alloc', 'free');
    const tx = page === undefined ? undefined : this.coveringTx(page.id);
    const still = tx !== undefined ? `handle ${tx.handle} still ${VERB[tx.op] ?? tx.op} ${this.itThem()} to ${receiversOf(tx)}` : page !== undefined && page.owner !== 'ns' ? `${page.owner} owned ${this.itThem()} after a donate` : 'the secure world still held it';
    const parts = [
      `${capitalise(describePages(this.pages))} went back to the allocator${freed !== null ? ` at ${this.stepRef(freed)}` : ''} while ${still}.`,
      'The allocator can hand it to the next user while the secure world can still map and write it: the next owner\'s data leaks to the secure side or is overwritten by it.',
    ];
    if (page !== undefined && (page.secureProtected || !page.stage2)) {
      parts.push('With the protection of the lend still in place, the next kernel user that touches the page takes an abort: a kernel crash.');
    }
    return parts.join(' ');
  }

  freedUnmapped(): string {
    const page = this.page();
    const freed = page === undefined ? null : this.lastChangeTo(page.id, 'alloc', 'free');
    const entry = page === undefined ? 'not valid' : page.linear;
    return [
      `${capitalise(describePages(this.pages))} went back to the allocator${freed !== null ? ` at ${this.stepRef(freed)}` : ''} with ${this.pages.length === 1 ? 'its' : 'their'} linear map entry ${entry}.`,
      'The page allocator assumes free pages are in the linear map: the next allocation zeroes them through it and takes a kernel fault (an oops), so the mapping must be restored (map_linear) before the free.',
    ].join(' ');
  }

  secretToNs(): string {
    const at = this.hazardStep('secretCopied');
    if (at !== null) {
      return [
        `At step ${at} the hibernation snapshot copied ${describePages(this.pages)}, which ${this.holdHolds()} the secure world's secret, into the hibernation image in plain text.`,
        'Anyone who can read the swap device or the image later gets it: memory given to the secure world must be skipped by hibernation (mark_nosave) or cleared before it can be saved.',
      ].join(' ');
    }
    const page = this.page();
    const written = page === undefined ? null : this.firstChangeTo(page.id, 'content', 'secret');
    const writer = written !== null ? this.trace[written - 1]! : undefined;
    const by = writer === undefined ? '' : typeof writer.args['endpoint'] === 'string' ? String(writer.args['endpoint']) : writer.actor;
    const who = writer !== undefined ? `secret data ${by} wrote at step ${written}` : "data the secure world wrote";
    const where = page === undefined ? 'readable' : page.alloc === 'free' ? 'free, ready for the next user' : nsPaths(page, this.platform).length > 0 ? `mapped through ${englishList(nsPaths(page, this.platform))}` : 'readable';
    const reclaim = this.lastStepNamed('ffa_reclaim');
    return [
      `${capitalise(describePages(this.pages))} ${this.holdHolds()} ${who} and ${this.isAre()} back in the normal world with no transaction covering ${this.itThem()}, ${where}.`,
      `Linux can read the secret: nobody cleared the memory between the secure world's use and its return${reclaim !== null ? ` (the reclaim at step ${reclaim} did not ask for clear)` : ''}.`,
      'Ask for zeroing on reclaim or relinquish, or clear the pages before they are reused.',
    ].join(' ');
  }

  dirtyLend(): string {
    const at = this.hazardStep('dirtyLend');
    const page = this.page();
    const dirtied = page === undefined ? null : this.lastChangeTo(page.id, 'cache', 'dirty', at ?? undefined);
    const step = at !== null ? this.trace[at - 1] : undefined;
    const lead =
      step !== undefined
        ? `At step ${at}, ${step.actor} ${step.step === 'ffa_donate' ? 'donated' : 'lent'} ${describePages(this.pages)} with dirty cache lines`
        : `${capitalise(describePages(this.pages))} ${this.wasWere()} given to the secure world with dirty cache lines`;
    const cause = dirtied !== null ? `, left dirty by ${this.stepRef(dirtied)}` : '';
    return [
      `${lead}${cause}.`,
      'Once the secure world owns the memory, an eviction writes those stale lines back over what it stored there, or raises an asynchronous abort when the page is protected.',
      'Clean to the point of coherency (dcache_clean_inval_poc, clean_cache) before FFA_MEM_LEND.',
    ].join(' ');
  }

  kernelFault(): string {
    const at = this.hazardStep('kernelFault');
    const step = at !== null ? this.trace[at - 1] : undefined;
    const before = at !== null ? (at >= 2 ? this.trace[at - 2]!.state : this.report.initial) : this.last;
    const page = this.pages.length > 0 ? before.pages[this.pages[0]!] : undefined;
    const reasons: string[] = [];
    if (page !== undefined) {
      if (page.linear !== 'valid' && step?.actor !== 'hibernate') reasons.push(`its linear map entry is ${page.linear}`);
      if (page.secureProtected) reasons.push("the secure side's firewall protects it");
      if (!page.stage2) reasons.push("the hypervisor removed it from the host's stage 2");
    }
    const what =
      step === undefined
        ? `The kernel touched ${describePages(this.pages)}`
        : step.actor === 'cpu'
          ? `At step ${at}, a CPU read of ${describePages(this.pages)} through ${CPU_PATHS[String(step.args['path'])] ?? 'a kernel mapping'}`
          : step.actor === 'hibernate'
            ? `At step ${at}, the hibernation snapshot read ${describePages(this.pages)}`
            : `At step ${at}, ${step.actor}'s ${step.step} touched ${describePages(this.pages)}`;
    const kinds: string[] = [];
    if (page === undefined || (page.linear !== 'valid' && step?.actor !== 'hibernate')) kinds.push('a translation fault on the missing entry');
    if (page === undefined || page.secureProtected) kinds.push('a synchronous external abort from the firewall');
    if (page === undefined || !page.stage2) kinds.push('a stage-2 fault the hypervisor turns into an abort');
    return [
      `${what}${reasons.length > 0 ? `, but ${englishList(reasons)}` : ', which the kernel can no longer access'}.`,
      `On real hardware that is ${englishList(kinds, 'or')} taken in kernel mode: an oops, usually a panic.`,
    ].join(' ');
  }

  useAfterFree(): string {
    const step = this.trace[this.v.step - 1];
    const by = step === undefined ? '' : ` At step ${this.v.step}, ${step.actor} ran ${step.step}.`;
    return [
      `${capitalise(this.v.message)}.${by}`,
      'The allocator hands a free page to its next user while a device still DMAs into it, a process or a kernel alias still reaches it, or a dma-buf carved from a torn-down pool still points at it: the next owner\'s data is overwritten or read, and protected frames land in ordinary memory.',
      'Unmap the device and user mappings, drop the aliases and release every sub-allocation (gen_pool_free) before the free, and free a pool only on its last reference.',
    ].join(' ');
  }

  collateral(): string {
    const granule = this.platform?.firewallGranule ?? 1;
    return [
      `${capitalise(describePages(this.pages))} ${this.isAre()} protected by the secure side although no transaction covers ${this.itThem()} and Linux still owns ${this.itThem()}.`,
      granule > 1
        ? `The firewall protects whole ${granule}-page granules, and a lend or donate covered only part of ${this.pages.length === 1 ? 'its granule' : 'their granules'}.`
        : '',
      'The kernel still hands such pages out and touches them (the next allocation zeroes them, a device DMAs into them): each access is an external abort. Size and align every lend to the granule the secure side asks for (GET_PROTMEM_CONFIG\'s alignment).',
    ]
      .filter((x) => x !== '')
      .join(' ');
  }

  generic(): string {
    return `${this.v.message} (${describePages(this.pages)}, at step ${this.v.step}).`;
  }

  // --- facts ---------------------------------------------------------------------------------

  private page(): PageView | undefined {
    const id = this.pages[0];
    return id === undefined ? undefined : this.last.pages[id];
  }

  private coveringTx(page: number): TransactionView | undefined {
    return this.last.transactions.find((t) => t.pages.includes(page));
  }

  /** `lent to optee by handle 0 at step 2`. */
  private sentClause(tx: TransactionView): string {
    const at = this.sendStep(tx.handle);
    return `${VERB[tx.op] ?? tx.op} to ${receiversOf(tx)} by handle ${tx.handle}${at !== null ? ` at step ${at}` : ''}`;
  }

  /** 1-based step that created `handle` (the last successful send that returned it). */
  private sendStep(handle: number): number | null {
    for (let i = this.trace.length - 1; i >= 0; i--) {
      const s = this.trace[i]!;
      if (s.handle === handle && /^ffa_(lend|share|donate)$/.test(s.step) && s.result === 'ok') return i + 1;
    }
    return null;
  }

  /** 1-based step at which a hazard of this kind was first recorded. */
  private hazardStep(kind: string): number | null {
    const i = this.trace.findIndex((s) => s.state.hazards[kind] !== undefined);
    return i < 0 || this.report.initial.hazards[kind] !== undefined ? null : i + 1;
  }

  private lastChangeTo(page: number, field: string, to: string, before?: number): number | null {
    const path = `page ${page}.${field}`;
    const end = before ?? this.trace.length + 1;
    for (let i = Math.min(end - 1, this.trace.length) - 1; i >= 0; i--) {
      if (this.trace[i]!.changes.some((c) => c.path === path && c.to === to)) return i + 1;
    }
    return null;
  }

  private firstChangeTo(page: number, field: string, to: string): number | null {
    const path = `page ${page}.${field}`;
    const i = this.trace.findIndex((s) => s.changes.some((c) => c.path === path && c.to === to));
    return i < 0 ? null : i + 1;
  }

  private lastStepNamed(name: string): number | null {
    for (let i = this.trace.length - 1; i >= 0; i--) if (this.trace[i]!.step === name && this.trace[i]!.result === 'ok') return i + 1;
    return null;
  }

  private stepRef(n: number): string {
    const s = this.trace[n - 1]!;
    return `step ${n} (${s.actor} ${s.step})`;
  }

  /** What stops a normal-world access to a lent page, on this platform, in this state. */
  private protection(page: PageView): string {
    if (!page.stage2) {
      return `Here the hypervisor${this.platform ? ` (${this.platform.hypervisor})` : ''} has removed the page from the host's stage 2, so such an access faults instead of reaching it: the kernel crashes rather than leaks, and the design relies on the hypervisor to cover the stale mapping.`;
    }
    if (page.secureProtected) {
      return "The secure side's firewall (TZASC, or a PAS change under RME) makes a real access abort, so a stray access is a synchronous external abort that panics the kernel, and speculative fetches through the cacheable alias can still allocate cache lines for the page.";
    }
    const hv = this.platform?.hypervisor;
    if (hv === 'pkvm') {
      return 'Under pKVM nothing stops it: pKVM keeps the host\'s stage-2 mapping of lent memory and this platform does not protect the page on lend, so the normal world can read and overwrite what the secure world keeps there.';
    }
    if (this.platform !== undefined) {
      return `Nothing on this platform stops it (hypervisor ${this.platform.hypervisor}, no firewall change on lend): the normal world can read and overwrite what the secure world keeps there.`;
    }
    return "Nothing stops it: the host's stage 2 still lets the normal world through and no firewall protects the page, so the normal world can read and overwrite what the secure world keeps there.";
  }

  private wasWere(): string {
    return this.pages.length === 1 ? 'was' : 'were';
  }
  private isAre(): string {
    return this.pages.length === 1 ? 'is' : 'are';
  }
  private itThem(): string {
    return this.pages.length === 1 ? 'it' : 'them';
  }
  private holdHolds(): string {
    return this.pages.length === 1 ? 'holds' : 'hold';
  }
}

/** The normal-world paths that still reach a page (SPEC's list for the mapping invariants). */
function nsPaths(page: PageView, platform: Platform | undefined): string[] {
  const paths: string[] = [];
  if (page.linear === 'valid') paths.push('the kernel linear map');
  if (page.tlbStale) paths.push('a stale TLB entry of the linear map');
  if (page.vmap === 'mapped') paths.push('a vmap alias');
  if (page.vmap === 'stale') paths.push('a lazily unmapped vmap alias');
  if (page.remap === 'mapped') paths.push('a memremap alias');
  if (page.remap === 'stale') paths.push('a lazily unmapped memremap alias');
  if (page.user) paths.push('a user-space mapping');
  const devices = page.iommu.filter((d) => platform?.devices[d] !== 'secure');
  if (devices.length > 0) paths.push(`an IOMMU mapping for ${englishList(devices)}`);
  return paths;
}

function receiversOf(tx: TransactionView): string {
  return englishList(tx.receivers.map((r) => r.endpoint));
}

function handleList(txs: readonly TransactionView[]): string {
  if (txs.length === 0) return 'no handle';
  return `${txs.length === 1 ? 'handle' : 'handles'} ${englishList(txs.map((t) => String(t.handle)))}`;
}

function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}
