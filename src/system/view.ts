/**
 * Plain views of a system state for reports (names instead of ids) and the field-by-field
 * difference between two of them, which is the "state change" column of every trace.
 */
import type { Program } from '../design/program.ts';
import type { SystemState } from './state.ts';
import { DONE, DORMANT } from './state.ts';
import type { StateChange, StateView } from './trace.ts';

export function bufferName(program: Program, id: number): string {
  const decl = program.buffers[id]!;
  return decl.actor === null ? decl.name : `${decl.actor}.${decl.name}`;
}

export function viewState(program: Program, state: SystemState): StateView {
  const { world } = state;
  const buffers: Record<string, { pages: readonly number[]; handle: number | null }> = {};
  world.buffers.forEach((b, id) => (buffers[bufferName(program, id)] = { pages: b.pages, handle: b.handle }));
  const actors: Record<string, string> = {};
  program.actors.forEach((actor, i) => {
    const pc = state.pcs[i]!;
    const instr = pc === DONE ? undefined : actor.code[pc];
    actors[actor.name] = pc === DORMANT ? 'waiting for kexec' : instr === undefined || !('loc' in instr) ? 'done' : `${instr.procedure}:${instr.loc.line}`;
  });
  const variables: Record<string, number> = {};
  program.variables.forEach((v, i) => (variables[v.name] = state.vars[i]!));
  const locks: Record<string, string | null> = {};
  program.locks.forEach((name, i) => {
    const holder = state.locks[i]!;
    locks[name] = holder < 0 ? null : program.actors[holder]!.name;
  });
  const hazards: Record<string, string> = {};
  for (const [kind, hazard] of Object.entries(world.hazards)) {
    if (hazard) hazards[kind] = `${hazard.what} (page${hazard.pages.length === 1 ? '' : 's'} ${hazard.pages.join(', ')})`;
  }
  return {
    // `code` is the fingerprint's packed copy of the other fields, not something to show.
    pages: world.pages.map(({ code: _code, ...p }, id) => ({ id, ...p })),
    transactions: world.transactions.flatMap((tx) =>
      tx === null
        ? []
        : [
            {
              handle: tx.handle,
              op: tx.op,
              sender: tx.sender,
              receivers: tx.receivers.map((r) => ({ endpoint: r.endpoint, access: r.access, retrieved: r.retrieved })),
              pages: tx.pages,
              clear: tx.clear,
            },
          ],
    ),
    buffers,
    actors,
    variables,
    locks,
    hazards,
  };
}

/** Field-level changes from `before` to `after`, in a stable order, named for people. */
export function diffStates(before: StateView, after: StateView): StateChange[] {
  const changes: StateChange[] = [];
  after.pages.forEach((page, i) => {
    const old = before.pages[i]!;
    for (const key of Object.keys(page) as (keyof typeof page)[]) {
      if (key === 'id' || key === 'region') continue;
      if (!same(old[key], page[key])) changes.push({ path: `page ${i}.${key}`, from: old[key], to: page[key] });
    }
  });
  const handles = new Set([...before.transactions, ...after.transactions].map((t) => t.handle));
  for (const handle of [...handles].sort((a, b) => a - b)) {
    const old = before.transactions.find((t) => t.handle === handle) ?? null;
    const now = after.transactions.find((t) => t.handle === handle) ?? null;
    if (!same(old, now)) changes.push({ path: `handle ${handle}`, from: describeTx(old), to: describeTx(now) });
  }
  for (const section of ['buffers', 'actors', 'variables', 'locks', 'hazards'] as const) {
    const olds = before[section] as Record<string, unknown>;
    const news = after[section] as Record<string, unknown>;
    for (const key of new Set([...Object.keys(olds), ...Object.keys(news)])) {
      if (section === 'actors') continue; // every step moves its actor; the trace already says so
      if (!same(olds[key], news[key])) changes.push({ path: `${singular(section)} ${key}`, from: olds[key] ?? null, to: news[key] ?? null });
    }
  }
  return changes;
}

function describeTx(tx: StateView['transactions'][number] | null): string | null {
  if (tx === null) return null;
  const receivers = tx.receivers.map((r) => `${r.endpoint}(${r.access}${r.retrieved ? ', retrieved' : ''})`).join(' ');
  return `${tx.op} by ${tx.sender} to ${receivers} of page${tx.pages.length === 1 ? '' : 's'} ${tx.pages.join(',')}${tx.clear ? ', clear' : ''}`;
}

function singular(section: string): string {
  return section === 'variables' ? 'variable' : section.replace(/s$/, '');
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
