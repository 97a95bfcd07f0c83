import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_ACTORS } from '../../model/environment/actions.ts';
import { DEFAULT_PLATFORM } from '../../model/platform.ts';
import { INVARIANT_IDS } from '../../properties/invariant.ts';
import type { Program } from '../../src/design/program.ts';
import { code, compile, expectWellFormed, lines, withoutPositions } from './helpers.ts';
import { compileFile } from './helpers.ts';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

const load = compileFile;

describe('the SPEC section 3 example', () => {
  const path = fixture('spec-example.yaml');
  const program = load(path);

  it('keeps the id, title, file and source', () => {
    expect(program.design).toBe('optee-protmem-unmap');
    expect(program.title).toBe('OP-TEE dynamic protmem, linear map removed before lend');
    expect(program.file).toBe(path);
    expect(program.source).toBe(readFileSync(path, 'utf8'));
  });

  it('reads the platform block over the defaults', () => {
    expect(program.platform).toEqual({
      ...DEFAULT_PLATFORM,
      hypervisor: 'none',
      spmc: 'hafnium',
      pages: { cma: 4 },
      endpoints: ['optee'],
      devices: { vdec: 'secure' },
    });
  });

  it('gives each actor its own instance of an actor-local buffer', () => {
    expect(program.buffers).toEqual([
      { name: 'buf', actor: 't1' },
      { name: 'buf', actor: 't2' },
    ]);
    expect(program.variables).toEqual([]);
    expect(program.locks).toEqual([]);
  });

  it('inlines procedures and places on_error handlers after the main code', () => {
    const expected = (b: number) => [
      /* 0 */ `alloc #${b}`,
      /* 1 */ `clean_cache #${b}`,
      /* 2 */ `unmap_linear #${b}`,
      /* 3 */ `flush_tlb #${b}`,
      /* 4 */ `ffa_lend #${b} !9`,
      /* 5 */ `ffa_reclaim #${b} !12`,
      /* 6 */ `map_linear #${b}`,
      /* 7 */ `free #${b}`,
      /* 8 */ 'end',
      /* 9 */ `map_linear #${b}`, // ffa_lend's handler
      /* 10 */ `free #${b}`,
      /* 11 */ 'end',
      /* 12 */ `leak #${b}`, // ffa_reclaim's handler
      /* 13 */ 'end',
    ];
    expect(program.actors.map((a) => a.name)).toEqual(['t1', 't2']);
    expect(code(program, 't1')).toEqual(expected(0));
    expect(code(program, 't2')).toEqual(expected(1));
    expectWellFormed(program);
  });

  it('fills defaults into the call and keeps the arguments as written', () => {
    const lend = program.actors[0]!.code[4]!;
    expect(lend).toMatchObject({
      op: 'step',
      procedure: 'alloc',
      call: { step: 'ffa_lend', buffer: 0, to: ['optee'], access: 'rw', clear: false },
      args: { buffer: 'buf', to: ['optee'] },
      retry: false,
    });
    const shorthand = program.actors[1]!.code[1]!;
    expect(shorthand).toMatchObject({ call: { step: 'clean_cache', buffer: 1 }, args: { buffer: 'buf' } });
    const reclaimHandler = program.actors[0]!.code[12]!;
    expect(reclaimHandler).toMatchObject({ procedure: 'release', call: { step: 'leak' } });
  });

  it('locates every instruction in the file', () => {
    const t1 = program.actors[0]!.code;
    expect(t1[0]).toMatchObject({ loc: { file: path, line: 6, column: 7 } });
    expect(t1[4]).toMatchObject({ loc: { file: path, line: 10 } });
    expect(t1[9]).toMatchObject({ loc: { line: 11 } }); // map_linear inside ffa_lend's on_error
    expect(t1[12]).toMatchObject({ loc: { line: 14 } });
  });

  it('reads environment and invariants', () => {
    expect(program.environment).toEqual(['secure', 'cpu']);
    expect(program.invariants).toEqual([...INVARIANT_IDS]);
  });

  it('compiles the JSON form to the same program', () => {
    const json = load(fixture('spec-example.json'));
    expect(json.file).toMatch(/\.json$/);
    expect(withoutPositions(json)).toEqual(withoutPositions(program));
  });
});

const POOL = lines(
  /* 1 */ 'design: pool-demo',
  /* 2 */ 'platform: {pages: {cma: 2, carveout: 1}, endpoints: [optee, tpm]}',
  /* 3 */ 'shared: [pool]',
  /* 4 */ 'variables: {users: 0}',
  /* 5 */ 'procedures:',
  /* 6 */ '  get:',
  /* 7 */ '    - lock: m',
  /* 8 */ '    - if:',
  /* 9 */ '        var: users',
  /* 10 */ '        eq: 0',
  /* 11 */ '        then:',
  /* 12 */ '          - alloc: {buffer: pool, region: cma}',
  /* 13 */ '          - ffa_share: {buffer: pool, to: [optee, tpm], access: ro}',
  /* 14 */ '            on_error:',
  /* 15 */ '              - free: pool',
  /* 16 */ '                on_error: [leak: pool]',
  /* 17 */ '              - unlock: m',
  /* 18 */ '    - inc: users',
  /* 19 */ '    - unlock: m',
  /* 20 */ '  put:',
  /* 21 */ '    - alloc: {buffer: scratch, region: carveout}',
  /* 22 */ '      retry: true',
  /* 23 */ '    - ffa_lend: {buffer: scratch, to: [ns]}',
  /* 24 */ '    - if: {var: result, ne: ok, then: [leak: scratch], else: [free: scratch]}',
  /* 25 */ '    - if: {result: {ne: ok}, else: [set: {var: flag, value: 3}]}',
  /* 26 */ '    - if: {var: flag, gt: 2, then: [ffa_reclaim: pool]}',
  /* 27 */ '    - dec: {var: users}',
  /* 28 */ '    - free: scratch',
  /* 29 */ '      on_error: [continue]',
  /* 30 */ '    - if: {result: FFA_DENIED}',
  /* 31 */ '    - munmap_user: scratch',
  /* 32 */ '      on_error: [leak: scratch, continue]',
  /* 33 */ 'actors:',
  /* 34 */ '  a: [get, put]',
  /* 35 */ '  b: [get]',
);

describe('control steps, shared buffers, variables and locks', () => {
  const program = compile(POOL);

  it('numbers shared buffers first, then each actor’s own', () => {
    expect(program.buffers).toEqual([
      { name: 'pool', actor: null },
      { name: 'scratch', actor: 'a' },
    ]);
  });

  it('collects declared variables first, then the others (starting at 0), and locks', () => {
    expect(program.variables).toEqual([
      { name: 'users', initial: 0 },
      { name: 'flag', initial: 0 },
    ]);
    expect(program.locks).toEqual(['m']);
  });

  it('defaults environment and invariants to all', () => {
    expect(program.environment).toEqual([...ENV_ACTORS]);
    expect(program.invariants).toEqual([...INVARIANT_IDS]);
    expect(program.title).toBe('pool-demo');
  });

  it('compiles if to a branch that rejoins, handlers after the main code, continue to a jump back', () => {
    expect(code(program, 'a')).toEqual([
      /* 0 */ 'lock L0',
      /* 1 */ 'if var0 eq 0 ? 2 : 4', // no else: the else target is the rejoin point
      /* 2 */ 'alloc #0',
      /* 3 */ 'ffa_share #0 !21',
      /* 4 */ 'inc var0',
      /* 5 */ 'unlock L0',
      /* 6 */ 'alloc #1 retry',
      /* 7 */ 'ffa_lend #1',
      /* 8 */ 'if result ne ok ? 9 : 11',
      /* 9 */ 'leak #1',
      /* 10 */ 'jump 12',
      /* 11 */ 'free #1',
      /* 12 */ 'if result ne ok ? 14 : 13', // empty then: straight to the rejoin point
      /* 13 */ 'set var1 3',
      /* 14 */ 'if var1 gt 2 ? 15 : 16',
      /* 15 */ 'ffa_reclaim #0',
      /* 16 */ 'dec var0',
      /* 17 */ 'free #1 !18', // on_error: [continue] goes on with the next instruction
      /* 18 */ 'if result eq FFA_DENIED ? 19 : 19',
      /* 19 */ 'munmap_user #1 !24',
      /* 20 */ 'end',
      /* 21 */ 'free #0 !26', // ffa_share's handler
      /* 22 */ 'unlock L0',
      /* 23 */ 'end',
      /* 24 */ 'leak #1', // munmap_user's handler, ends with continue
      /* 25 */ 'jump 20',
      /* 26 */ 'leak #0', // the handler of the handler's free
      /* 27 */ 'end',
    ]);
    expectWellFormed(program);
  });

  it('gives every actor its own copy of a procedure and its handlers', () => {
    expect(code(program, 'b')).toEqual([
      'lock L0',
      'if var0 eq 0 ? 2 : 4',
      'alloc #0',
      'ffa_share #0 !7',
      'inc var0',
      'unlock L0',
      'end',
      'free #0 !10',
      'unlock L0',
      'end',
      'leak #0',
      'end',
    ]);
  });

  it('keeps procedure names and lines for traces', () => {
    const a = program.actors[0]!.code;
    expect(a[3]).toMatchObject({ procedure: 'get', loc: { line: 13 } });
    expect(a[21]).toMatchObject({ procedure: 'get', loc: { line: 15 } });
    expect(a[26]).toMatchObject({ procedure: 'get', loc: { line: 16 } });
    expect(a[24]).toMatchObject({ procedure: 'put', loc: { line: 32 } });
    expect(a[7]).toMatchObject({ procedure: 'put', call: { step: 'ffa_lend', to: ['ns'], access: 'rw', clear: false }, loc: { line: 23 } });
  });
});

describe('small forms', () => {
  const base = (steps: string[], extra: string[] = []) =>
    lines('design: small', ...extra, 'procedures:', '  p:', ...steps.map((s) => `    - ${s}`), 'actors: {t: [p]}');

  it('accepts the shorthand only where the buffer is the one required argument', () => {
    const p = compile(base(['alloc: {buffer: b, region: cma}', 'ffa_reclaim: b', 'iommu_unmap: b', 'free: b']));
    expect(p.actors[0]!.code.slice(0, 3).map((i) => (i.op === 'step' ? i.call : null))).toEqual([
      { step: 'alloc', buffer: 0, region: 'cma', pages: 1, contiguous: true, align: 1 },
      { step: 'ffa_reclaim', buffer: 0, clear: false, chunk: null },
      { step: 'iommu_unmap', buffer: 0, device: null },
    ]);
  });

  it('lets to: name one endpoint without a list, and accepts ns', () => {
    const p = compile(base(['alloc: {buffer: b, region: cma}', 'ffa_donate: {buffer: b, to: ns}']));
    expect(p.actors[0]!.code[1]).toMatchObject({ call: { step: 'ffa_donate', to: ['ns'] }, args: { to: 'ns' } });
  });

  it('replaces default pages, endpoints and devices entirely when given', () => {
    const p = compile(
      base(['alloc: {buffer: b, region: system}', 'iommu_map: {buffer: b, device: gpu}'], [
        'platform: {hypervisor: pkvm, spmc: el3, secure_protects_on_lend: false, secure_clears_on_relinquish: true, can_set_direct_map: false, pages: {system: 1}, endpoints: [], devices: {gpu: normal}}',
      ]),
    );
    expect(p.platform).toEqual({
      hypervisor: 'pkvm',
      spmc: 'el3',
      secureProtectsOnLend: false,
      secureClearsOnRelinquish: true,
      canSetDirectMap: false,
      pages: { system: 1 },
      endpoints: [],
      devices: { gpu: 'normal' },
      carveoutOwner: 'ns',
      firewallGranule: 1,
      bounceDevices: [],
    });
  });

  it('reads carveout_owner, firewall_granule and the long form of devices (SPEC section 9)', () => {
    const p = compile(
      base(['alloc: {buffer: b, region: carveout}', 'iommu_map: {buffer: b, device: dec}'], [
        'platform: {pages: {carveout: 2}, endpoints: [optee], carveout_owner: optee, firewall_granule: 2, devices: {dec: {stream: secure, bounce: true}, gpu: {stream: normal}, vpu: secure}}',
      ]),
    );
    expect(p.platform.carveoutOwner).toBe('optee');
    expect(p.platform.firewallGranule).toBe(2);
    expect(p.platform.devices).toEqual({ dec: 'secure', gpu: 'normal', vpu: 'secure' });
    expect(p.platform.bounceDevices).toEqual(['dec']);
  });

  it('orders pages by region and keeps environment/invariants in canonical order', () => {
    const p = compile(
      base(['alloc: {buffer: b, region: cma}'], [
        'platform: {pages: {device: 1, cma: 2}}',
        'environment: [hibernate, secure]',
        'invariants: [no-kernel-fault, no-double-lend]',
      ]),
    );
    expect(Object.keys(p.platform.pages)).toEqual(['cma', 'device']);
    expect(p.environment).toEqual(['secure', 'hibernate']);
    expect(p.invariants).toEqual(['no-double-lend', 'no-kernel-fault']);
  });

  it('accepts an empty environment and environment: all', () => {
    expect(compile(base(['alloc: {buffer: b, region: cma}'], ['environment: []'])).environment).toEqual([]);
    expect(compile(base(['alloc: {buffer: b, region: cma}'], ['environment: all'])).environment).toEqual([...ENV_ACTORS]);
  });

  it('reads nested on_error handlers and on_error inside if blocks', () => {
    const p = compile(
      base([
        'alloc: {buffer: b, region: cma}',
        'if: {result: ok, then: [{ffa_lend: {buffer: b, to: [optee]}, on_error: [{free: b, on_error: [leak: b]}, continue]}]}',
        'zero: b',
      ]),
    );
    expect(code(p, 't')).toEqual(['alloc #0', 'if result eq ok ? 2 : 3', 'ffa_lend #0 !5', 'zero #0', 'end', 'free #0 !7', 'jump 3', 'leak #0', 'end']);
    expectWellFormed(p);
  });

  it('treats a declared variable as written, so if may read it', () => {
    const p = compile(base(['alloc: {buffer: b, region: cma}', 'if: {var: limit, lt: 3, then: [free: b]}'], ['variables: {limit: 5}']));
    expect(p.variables).toEqual([{ name: 'limit', initial: 5 }]);
  });

  it('lets a variable be set in one actor and read in another', () => {
    const text = lines(
      'design: two',
      'procedures:',
      '  w: [set: {var: ready, value: 1}]',
      '  r: [{if: {var: ready, ne: 0, then: [alloc: {buffer: b, region: cma}, free: b]}}]',
      'actors: {x: [r], y: [w]}',
    );
    const p = compile(text);
    expect(p.variables).toEqual([{ name: 'ready', initial: 0 }]);
    expect(code(p, 'x')).toEqual(['if var0 ne 0 ? 1 : 3', 'alloc #0', 'free #0', 'end']);
  });
});
