/**
 * Canonical state keys for the exhaustive search. Two states get the same key when they are equal
 * up to a permutation of interchangeable kernel actors (same procedures, so the same code modulo
 * their own buffers). Such a permutation maps every behaviour of one state onto the other and the
 * invariants read only the World, so merging them is sound for every invariant lendcheck checks.
 *
 * Pages are not permuted: the allocator hands out the lowest free page, so page numbers decide
 * which page a later `alloc` takes, and two states equal up to renumbering pages can diverge.
 */
import type { Buffer, Page, Transaction } from '../../model/state.ts';
import type { Instr, Program } from '../design/program.ts';
import type { SystemState } from './state.ts';

export class Fingerprinter {
  /** Actor indices grouped into classes of interchangeable actors (singletons included). */
  private readonly classes: readonly (readonly number[])[];
  /** Per actor: the ids of its own (actor-local) buffers, in declaration order. */
  private readonly localBuffers: readonly (readonly number[])[];
  private readonly sharedBuffers: readonly number[];
  private readonly pageCodes = new WeakMap<Page, string>();

  constructor(program: Program) {
    this.localBuffers = program.actors.map((actor) =>
      program.buffers.flatMap((b, id) => (b.actor === actor.name ? [id] : [])),
    );
    this.sharedBuffers = program.buffers.flatMap((b, id) => (b.actor === null ? [id] : []));
    const shapes = program.actors.map((actor, i) => codeShape(actor.code, this.localBuffers[i]!));
    const classes = new Map<string, number[]>();
    shapes.forEach((shape, i) => {
      const members = classes.get(shape);
      if (members) members.push(i);
      else classes.set(shape, [i]);
    });
    this.classes = [...classes.values()];
  }

  /** Whether any two actors are interchangeable (symmetry reduction is in effect). */
  get reduces(): boolean {
    return this.classes.some((c) => c.length > 1);
  }

  fingerprint(state: SystemState): string {
    const { world } = state;
    let key = '';
    for (const page of world.pages) key += this.pageCode(page);
    key += '|';
    for (const tx of world.transactions) key += tx === null ? '-;' : transactionCode(tx);
    key += '|';
    for (const id of this.sharedBuffers) key += bufferCode(world.buffers[id]!);
    key += '|' + state.vars.join(',') + '|';
    const h = world.hazards;
    key += `${h.kernelFault ? 'K' : ''}${h.doubleSend ? 'D' : ''}${h.dirtyLend ? 'C' : ''}${h.secretCopied ? 'S' : ''}|`;
    for (const members of this.classes) {
      if (members.length === 1) {
        key += this.actorCode(state, members[0]!) + '#';
        continue;
      }
      const codes = members.map((a) => this.actorCode(state, a)).sort();
      key += codes.join('#') + '#';
    }
    return key;
  }

  private actorCode(state: SystemState, actor: number): string {
    let code = `${state.pcs[actor]}:${state.last[actor]}:`;
    for (const id of this.localBuffers[actor]!) code += bufferCode(state.world.buffers[id]!);
    for (let l = 0; l < state.locks.length; l++) if (state.locks[l] === actor) code += `L${l}`;
    return code;
  }

  private pageCode(page: Page): string {
    let code = this.pageCodes.get(page);
    if (code === undefined) {
      code =
        `${page.alloc[0]}${page.linear[0]}${page.tlbStale ? 1 : 0}${page.vmap[0]}${page.user ? 1 : 0}` +
        `${page.stage2 ? 1 : 0}${page.secureProtected ? 1 : 0}${page.content[0]}${page.cache[0]}${page.nosave ? 1 : 0}` +
        `${page.iommu.join('+')}@${page.owner};`;
      this.pageCodes.set(page, code);
    }
    return code;
  }
}

function transactionCode(tx: Transaction): string {
  let code = `${tx.op[0]}${tx.sender}>${tx.clear ? 'z' : ''}`;
  for (const r of tx.receivers) code += `${r.endpoint}${r.access}${r.retrieved ? 'R' + r.mapped : ''}${r.clearOnRelinquish ? 'z' : ''},`;
  return code + tx.pages.join(',') + ';';
}

function bufferCode(buffer: Buffer): string {
  return `${buffer.pages.join(',')}h${buffer.handle ?? ''};`;
}

/** An actor's code with its own buffer ids replaced by their local index, so peers compare equal. */
function codeShape(code: readonly Instr[], local: readonly number[]): string {
  return JSON.stringify(code, (key, value: unknown) => {
    if (key === 'loc' || key === 'args') return undefined;
    if (key === 'buffer' && typeof value === 'number') {
      const index = local.indexOf(value);
      return index >= 0 ? `local${index}` : `shared${value}`;
    }
    return value;
  });
}
