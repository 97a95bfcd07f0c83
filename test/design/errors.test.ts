import { describe, expect, it } from 'vitest';
import { loadDesignFile, loadDesignText } from '../../src/design/load.ts';
import { MAX_ERRORS } from '../../src/design/diagnostics.ts';
import { compile, expectError, FILE, lines, reject } from './helpers.ts';

/** A valid design; each test breaks one line of it. Line numbers are the array index + 1. */
const GOOD = [
  /* 1 */ 'design: demo',
  /* 2 */ 'platform: {pages: {cma: 4}, endpoints: [optee], devices: {vdec: secure}}',
  /* 3 */ 'procedures:',
  /* 4 */ '  alloc:',
  /* 5 */ '    - alloc: {buffer: buf, region: cma, pages: 2}',
  /* 6 */ '    - unmap_linear: buf',
  /* 7 */ '    - ffa_lend: {buffer: buf, to: [optee]}',
  /* 8 */ '      on_error: [map_linear: buf, free: buf]',
  /* 9 */ '    - iommu_map: {buffer: buf, device: vdec}',
  /* 10 */ '  release:',
  /* 11 */ '    - ffa_reclaim: buf',
  /* 12 */ '      on_error: [leak: buf]',
  /* 13 */ '    - free: buf',
  /* 14 */ 'actors:',
  /* 15 */ '  t1: [alloc, release]',
  /* 16 */ 'environment: [secure, cpu]',
  /* 17 */ 'invariants: all',
];

/** GOOD with line `n` (1-based) replaced by `text` (or several lines). */
const withLine = (n: number, ...text: string[]) => lines(...GOOD.slice(0, n - 1), ...text, ...GOOD.slice(n));

describe('design errors name the file, the line and what was expected', () => {
  it('the base design compiles', () => {
    expect(compile(lines(...GOOD)).design).toBe('demo');
  });

  it('malformed YAML', () => {
    const errors = reject(withLine(5, '    - alloc: {buffer: buf, region: cma'));
    expect(errors[0]!.file).toBe(FILE);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(5);
    expect(errors[0]!.message).toContain('not valid YAML/JSON');
  });

  it('malformed JSON', () => {
    const errors = reject('{"design": "x",\n "actors": {"t": ["p"]],\n}', 'designs/x.json');
    expect(errors[0]).toMatchObject({ file: 'designs/x.json', line: 2 });
    expect(errors[0]!.message).toContain('not valid YAML/JSON');
  });

  it('a duplicate key', () => {
    const errors = reject(withLine(17, 'invariants: all', 'invariants: all'));
    expect(errors[0]!.line).toBe(18);
  });

  it('unknown step, with a suggestion', () => {
    const e = expectError(withLine(6, '    - unmap_linaer: buf'), 6, "unknown step 'unmap_linaer'", "did you mean 'unmap_linear'?", 'expected one of alloc, free');
    expect(e.column).toBe(7);
  });

  it('unknown region in a step', () => {
    expectError(withLine(5, '    - alloc: {buffer: buf, region: cmaa, pages: 2}'), 5, "unknown region 'cmaa'", "did you mean 'cma'?");
  });

  it('a region the platform has no pages of', () => {
    expectError(withLine(5, '    - alloc: {buffer: buf, region: system}'), 5, "region 'system' has no pages", 'platform.pages');
  });

  it('unknown region in platform.pages', () => {
    expectError(withLine(2, 'platform: {pages: {cma: 4, carvout: 1}, endpoints: [optee], devices: {vdec: secure}}'), 2, "unknown region 'carvout'", "did you mean 'carveout'?");
  });

  it('unknown endpoint in to:', () => {
    expectError(withLine(7, '    - ffa_lend: {buffer: buf, to: [optee, tpm]}'), 7, "unknown endpoint 'tpm'", 'expected one of optee, ns');
  });

  it('ns in platform.endpoints', () => {
    expectError(withLine(2, 'platform: {pages: {cma: 4}, endpoints: [optee, ns], devices: {vdec: secure}}'), 2, "'ns' is the normal-world kernel");
  });

  it('unknown device', () => {
    expectError(withLine(9, '    - iommu_map: {buffer: buf, device: gpu}'), 9, "unknown device 'gpu'", 'vdec');
  });

  it('unknown device trust', () => {
    expectError(withLine(2, 'platform: {pages: {cma: 4}, endpoints: [optee], devices: {vdec: trusted}}'), 2, 'platform.devices.vdec', 'expected secure');
  });

  it('carveout_owner that is not an endpoint', () => {
    expectError(withLine(2, 'platform: {pages: {cma: 4}, endpoints: [optee], devices: {vdec: secure}, carveout_owner: opte}'), 2, "unknown carveout_owner 'opte'", "did you mean 'optee'?");
  });

  it('firewall_granule that is not a page count', () => {
    expectError(withLine(2, 'platform: {pages: {cma: 4}, endpoints: [optee], devices: {vdec: secure}, firewall_granule: 0}'), 2, 'platform.firewall_granule', 'an integer from 1');
  });

  it('a device long form with a bad stream or bounce', () => {
    expectError(withLine(2, 'platform: {pages: {cma: 4}, endpoints: [optee], devices: {vdec: {stream: trusted}}}'), 2, 'platform.devices.vdec.stream', 'expected secure');
    expectError(withLine(2, 'platform: {pages: {cma: 4}, endpoints: [optee], devices: {vdec: {stream: secure, bounce: yes}}}'), 2, 'platform.devices.vdec.bounce', 'expected true');
    expectError(withLine(2, 'platform: {pages: {cma: 4}, endpoints: [optee], devices: {vdec: {stream: secure, bouncy: true}}}'), 2, "unknown key 'bouncy'", "did you mean 'bounce'?");
  });

  it('a memremap type that is not wc or wb', () => {
    expectError(withLine(9, '    - memremap: {buffer: buf, type: uc}'), 9, "unknown memremap type 'uc'", 'wc');
  });

  it('a pool_alloc from a pool no actor allocates', () => {
    expectError(withLine(9, '    - pool_alloc: {buffer: sub, pool: nopool}'), 9, "buffer 'nopool' is never allocated");
  });

  it('unknown procedure', () => {
    expectError(withLine(15, '  t1: [alloc, relase]'), 15, "unknown procedure 'relase'", "did you mean 'release'?");
  });

  it('an inline step in an actor list', () => {
    expectError(withLine(15, '  t1: [alloc, free: buf]'), 15, 'expected a procedure name', "steps go in 'procedures'");
  });

  it('unknown invariant id', () => {
    expectError(withLine(17, 'invariants: [no-double-lend, no-dubble-lend]'), 17, "unknown invariant 'no-dubble-lend'", "did you mean 'no-double-lend'?");
  });

  it('invariants that are neither all nor a list', () => {
    expectError(withLine(17, 'invariants: some'), 17, "invariants: expected 'all' or a non-empty list");
  });

  it('unknown environment actor', () => {
    expectError(withLine(16, 'environment: [secure, cpus]'), 16, "unknown environment actor 'cpus'", "did you mean 'cpu'?");
  });

  it('an actor named like an environment actor', () => {
    expectError(withLine(15, '  cpu: [alloc, release]'), 15, "'cpu' is an environment actor's name");
  });

  it('a missing required argument', () => {
    expectError(withLine(5, '    - alloc: {buffer: buf, pages: 2}'), 5, "'alloc' is missing its argument 'region'");
    expectError(withLine(7, '    - ffa_lend: {buffer: buf}'), 7, "'ffa_lend' is missing its argument 'to'");
  });

  it('the shorthand on a step that needs more than a buffer', () => {
    expectError(withLine(5, '    - alloc: buf'), 5, "step 'alloc' needs region as well", "'alloc: {buffer: buf, region: cma}'");
  });

  it('a step without arguments', () => {
    expectError(withLine(6, '    - unmap_linear'), 6, "step 'unmap_linear' needs arguments", "'unmap_linear: buf'");
  });

  it('wrong types', () => {
    expectError(withLine(2, 'platform: {pages: two, endpoints: [optee], devices: {vdec: secure}}'), 2, 'platform.pages: expected a map of region to page count', "got the string 'two'");
    expectError(withLine(2, 'platform: {pages: {cma: two}, endpoints: [optee], devices: {vdec: secure}}'), 2, 'platform.pages.cma: expected a page count', "'two'");
    expectError(withLine(5, '    - alloc: {buffer: buf, region: cma, pages: 1.5}'), 5, 'alloc.pages: expected a positive integer', '1.5');
    expectError(withLine(11, '    - ffa_reclaim: {buffer: buf, clear: yes}'), 11, 'ffa_reclaim.clear: expected true or false');
    expectError(withLine(2, 'platform: {can_set_direct_map: 1, pages: {cma: 4}, endpoints: [optee], devices: {vdec: secure}}'), 2, 'platform.can_set_direct_map: expected true or false');
    expectError(withLine(7, '    - ffa_lend: {buffer: buf, to: [optee], access: rx}'), 7, "unknown access 'rx'", 'rw, ro');
  });

  it('unknown keys', () => {
    expectError(withLine(8, '      on_eror: [map_linear: buf, free: buf]'), 8, "unknown key 'on_eror' beside step 'ffa_lend'", "did you mean 'on_error'?");
    expectError(withLine(7, '    - ffa_lend: {buffer: buf, to: [optee], acess: ro}'), 7, "unknown key 'acess' in the arguments of 'ffa_lend'", "did you mean 'access'?");
    expectError(withLine(2, 'platform: {pages: {cma: 4}, endpoint: [optee], devices: {vdec: secure}}'), 2, "unknown key 'endpoint' in platform", "did you mean 'endpoints'?");
    expectError(withLine(17, 'invariant: all'), 17, "unknown key 'invariant' in the design", "did you mean 'invariants'?");
  });

  it('an argument written beside its step instead of inside it', () => {
    expectError(withLine(5, '    - alloc: {buffer: buf, pages: 2}', '      region: cma'), 6, "unknown key 'region' beside step 'alloc'", 'arguments go inside alloc');
  });

  it('two steps in one list item', () => {
    expectError(withLine(13, '    - {free: buf, leak: buf}'), 13, 'one list item holds several steps');
  });

  it('a bad design id', () => {
    expectError(withLine(1, 'design: OP-TEE demo'), 1, 'design: expected an id of lowercase letters, digits and -', "'OP-TEE demo'");
  });

  it('a missing design id, procedures or actors', () => {
    const errors = reject(lines('title: nothing here'));
    const messages = errors.map((e) => e.message).join('\n');
    expect(messages).toContain("missing 'design'");
    expect(messages).toContain("missing 'procedures'");
    expect(messages).toContain("missing 'actors'");
  });

  it('an empty actors map', () => {
    expectError(withLine(14, 'actors: {}').replace('  t1: [alloc, release]\n', ''), 14, 'actors: expected a non-empty map', 'an empty map');
  });

  it('continue that is not the last step of on_error', () => {
    expectError(withLine(12, '      on_error: [continue, leak: buf]'), 12, "'continue' must be the last step of an on_error list");
  });

  it('continue outside on_error', () => {
    expectError(withLine(13, '    - continue'), 13, "'continue' is only allowed as the last step of an on_error list");
  });

  it('if without a condition', () => {
    expectError(withLine(13, '    - if: {then: [free: buf]}'), 13, 'if without a condition', "'var: NAME'", "'result: CODE'");
  });

  it('if with two comparisons, or gt on a result', () => {
    expectError(withLine(13, '    - if: {var: n, eq: 1, ne: 2}', '    - inc: n'), 13, 'exactly one comparison', 'eq and ne');
    expectError(withLine(13, '    - if: {var: result, gt: 1}'), 13, 'compared with eq or ne');
  });

  it('an unknown result code', () => {
    expectError(withLine(13, '    - if: {result: FFA_DENY, then: [leak: buf]}'), 13, "unknown result code 'FFA_DENY'", "did you mean 'FFA_DENIED'?");
  });

  it('a variable read but never declared nor set', () => {
    expectError(withLine(13, '    - if: {var: count, eq: 0, then: [free: buf]}', '    - inc: counter'), 13, "variable 'count' is read here but never declared");
  });

  it('result as a variable name', () => {
    expectError(withLine(13, '    - set: {var: result, value: 1}'), 13, "'result' is the last step's result");
  });

  it('a buffer no actor allocates', () => {
    expectError(withLine(13, '    - free: bfu'), 13, "buffer 'bfu' is never allocated by actor t1", "did you mean 'buf'?");
  });

  it('a local buffer used by an actor that does not allocate it', () => {
    expectError(withLine(15, '  t1: [alloc, release]', '  t2: [release]'), 11, "buffer 'buf' is never allocated by actor t2", "actor-local unless listed in 'shared'");
  });

  it('a shared buffer nobody allocates', () => {
    const text = lines('design: s', 'shared: [pool]', 'procedures: {p: [free: pool]}', 'actors: {t: [p]}');
    const errors = reject(text);
    expect(errors[0]).toMatchObject({ line: 3 });
    expect(errors[0]!.message).toContain("shared buffer 'pool' is never allocated");
  });

  it('unlock of a lock no step takes', () => {
    expectError(withLine(13, '    - unlock: mutex'), 13, "unlock of 'mutex', which no step locks");
  });

  it('retry together with on_error', () => {
    expectError(withLine(12, '      on_error: [leak: buf]', '      retry: true'), 12, 'both retry: true and on_error');
  });

  it('on_error on a control step', () => {
    expectError(withLine(13, '    - lock: m', '      on_error: [leak: buf]', '    - unlock: m'), 14, 'on_error applies to kernel steps only');
  });

  it('a document that is not a map', () => {
    expectError('- just\n- a list\n', 1, 'expected a design: a map');
  });

  it('a missing file', () => {
    const result = loadDesignFile('/nonexistent/design.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ file: '/nonexistent/design.yaml', message: 'cannot read: no such file' });
  });

  it('collects several errors, sorted by line, and caps them', () => {
    const errors = reject(
      lines(
        'design: Bad',
        'platform: {hypervisor: kvm}',
        'procedures:',
        '  p:',
        ...Array.from({ length: 14 }, (_, i) => `    - fre${i % 2 ? 'e' : ''}x: b`),
        'actors: {t: [p, q]}',
      ),
    );
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect(errors[0]!.line).toBe(1);
    expect(errors[1]!.line).toBe(2);
    expect(errors[1]!.message).toContain("unknown hypervisor 'kvm'");
    expect(errors[MAX_ERRORS]!.message).toBe("7 more errors not shown");
    expect(errors[MAX_ERRORS]!.line).toBeGreaterThanOrEqual(errors[MAX_ERRORS - 1]!.line); // located where the first unshown one is
    const shown = errors.slice(0, MAX_ERRORS).map((e) => e.line);
    expect([...shown].sort((a, b) => a - b)).toEqual(shown);
  });

  it('locates errors in JSON designs too', () => {
    const json = ['{', '  "design": "j",', '  "procedures": {"p": [{"alloc": {"buffer": "b", "region": "cma"}}, {"unmap_linaer": "b"}]},', '  "actors": {"t": ["p"]}', '}'].join('\n');
    const result = loadDesignText('designs/j.json', json);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]).toMatchObject({ file: 'designs/j.json', line: 3 });
      expect(result.errors[0]!.message).toContain("did you mean 'unmap_linear'?");
    }
  });
});

describe('lenient forms a design author may write', () => {
  it('accepts retry and on_error inside the argument map, and set: {NAME: N}', () => {
    const text = [
      'design: lenient',
      'platform: {pages: {cma: 2}, endpoints: [optee]}',
      'procedures:',
      '  p:',
      '    - alloc: {buffer: buf, region: cma, pages: 1}',
      '    - set: {refcount: 1}',
      '    - ffa_lend: {buffer: buf, to: [optee], on_error: [free: buf]}',
      '    - ffa_reclaim: {buffer: buf, retry: true}',
      'actors:',
      '  t1: [p]',
    ].join('\n');
    const loaded = loadDesignText('lenient.yaml', text);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const code = loaded.value.actors[0]!.code;
    const set = code.find((i) => i.op === 'set');
    expect(set).toMatchObject({ op: 'set', value: 1 });
    const reclaim = code.find((i) => i.op === 'step' && i.call.step === 'ffa_reclaim');
    expect(reclaim).toMatchObject({ retry: true });
    const lend = code.find((i) => i.op === 'step' && i.call.step === 'ffa_lend');
    expect(lend).toMatchObject({ onError: expect.any(Number) });
  });

  it('rejects a modifier given both inside and beside the arguments', () => {
    const text = [
      'design: twice',
      'platform: {pages: {cma: 2}, endpoints: [optee]}',
      'procedures:',
      '  p:',
      '    - alloc: {buffer: buf, region: cma, pages: 1}',
      '    - ffa_reclaim: {buffer: buf, retry: true}',
      '      retry: true',
      'actors:',
      '  t1: [p]',
    ].join('\n');
    const loaded = loadDesignText('twice.yaml', text);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors[0]).toMatchObject({ file: 'twice.yaml', line: 6 });
    expect(loaded.errors[0]!.message).toMatch(/given twice/);
  });
});
