/** Shared helpers for the design loader tests. */
import { expect } from 'vitest';
import type { InputError } from '../../src/input/errors.ts';
import { formatInputError } from '../../src/input/errors.ts';
import { loadDesignFile, loadDesignText } from '../../src/design/load.ts';
import type { Instr, Program } from '../../src/design/program.ts';

export const FILE = 'designs/x.yaml';

/** Loads text that must compile; fails the test with the formatted errors otherwise. */
export function compile(text: string, file = FILE): Program {
  const result = loadDesignText(file, text);
  if (!result.ok) throw new Error(`expected the design to compile:\n${result.errors.map(formatInputError).join('\n')}`);
  return result.value;
}

/** Loads a design file that must compile; fails the test with the formatted errors otherwise. */
export function compileFile(path: string): Program {
  const result = loadDesignFile(path);
  if (!result.ok) throw new Error(`expected ${path} to compile:\n${result.errors.map(formatInputError).join('\n')}`);
  return result.value;
}

/** Loads text that must be rejected and returns its errors. */
export function reject(text: string, file = FILE): readonly InputError[] {
  const result = loadDesignText(file, text);
  if (result.ok) throw new Error('expected the design to be rejected');
  expect(result.errors.length).toBeGreaterThan(0);
  return result.errors;
}

/** Asserts an error at `line` of FILE whose message contains every fragment. */
export function expectError(text: string, line: number, ...fragments: string[]): InputError {
  const errors = reject(text);
  const found = errors.find((e) => e.line === line && fragments.every((f) => e.message.includes(f)));
  if (found === undefined) {
    throw new Error(`no error at line ${line} containing ${JSON.stringify(fragments)}; got:\n${errors.map(formatInputError).join('\n')}`);
  }
  expect(found.file).toBe(FILE);
  expect(found.column).toBeGreaterThan(0);
  return found;
}

/** Lines joined with newlines, so a test can count line numbers by array index + 1. */
export const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** One instruction in a compact form: `ffa_lend #0 !9`, `if var0 eq 1 ? 3 : 5`, `jump 7`, `end`. */
export function render(instr: Instr): string {
  switch (instr.op) {
    case 'step':
      return `${instr.call.step} #${instr.call.buffer}${instr.onError !== null ? ` !${instr.onError}` : ''}${instr.retry ? ' retry' : ''}`;
    case 'if': {
      const c = instr.cond;
      const cond = c.kind === 'var' ? `var${c.variable} ${c.cmp} ${c.value}` : c.kind === 'result' ? `result ${c.cmp} ${c.value}` : `${c.kind} var${c.variable}`;
      return `if ${cond} ? ${instr.then} : ${instr.else}`;
    }
    case 'lock':
    case 'unlock':
      return `${instr.op} L${instr.lock}`;
    case 'set':
      return `set var${instr.variable} ${instr.value}`;
    case 'inc':
    case 'dec':
      return `${instr.op} var${instr.variable}`;
    case 'jump':
      return `jump ${instr.to}`;
    case 'end':
      return 'end';
  }
}

export function code(program: Program, actor: string): string[] {
  const a = program.actors.find((x) => x.name === actor);
  if (a === undefined) throw new Error(`no actor ${actor}`);
  return a.code.map(render);
}

/** Every jump/if/onError target is an instruction of the same actor, and code ends in end/jump. */
export function expectWellFormed(program: Program): void {
  for (const actor of program.actors) {
    const n = actor.code.length;
    const inRange = (pc: number) => Number.isInteger(pc) && pc >= 0 && pc < n;
    actor.code.forEach((instr) => {
      if (instr.op === 'jump') expect(inRange(instr.to)).toBe(true);
      if (instr.op === 'if') expect(inRange(instr.then) && inRange(instr.else)).toBe(true);
      if (instr.op === 'step') {
        if (instr.onError !== null) expect(inRange(instr.onError)).toBe(true);
        expect(instr.call.buffer).toBeGreaterThanOrEqual(0);
        expect(instr.call.buffer).toBeLessThan(program.buffers.length);
        const owner = program.buffers[instr.call.buffer]!.actor;
        expect(owner === null || owner === actor.name).toBe(true);
      }
      if (instr.op === 'set' || instr.op === 'inc' || instr.op === 'dec') expect(instr.variable).toBeLessThan(program.variables.length);
      if (instr.op === 'lock' || instr.op === 'unlock') expect(instr.lock).toBeLessThan(program.locks.length);
    });
    expect(['end', 'jump']).toContain(actor.code[n - 1]?.op);
  }
}

/** The program without positions, file and source: what two spellings of one design share. */
export function withoutPositions(program: Program): unknown {
  return {
    ...program,
    file: undefined,
    source: undefined,
    actors: program.actors.map((a) => ({ ...a, code: a.code.map((i) => ('loc' in i ? { ...i, loc: undefined } : i)) })),
  };
}
