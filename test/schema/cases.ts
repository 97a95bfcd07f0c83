/**
 * Malformed designs and scenarios for the schema/loader agreement test: each breaks one thing of a
 * valid base. `loaderOnly` marks a mistake no JSON Schema can see (a cross-reference, or where a
 * `continue` sits); every other one the schema must reject, as the loader does.
 */
export interface Case {
  readonly name: string;
  readonly text: string;
  /** Why only the loader can tell, when it is so. */
  readonly loaderOnly?: string;
}

/** A valid design; each case replaces one of its lines. Line n is index n - 1. */
export const GOOD_DESIGN = [
  'design: demo',
  'platform: {pages: {cma: 4}, endpoints: [optee], devices: {vdec: secure}}',
  'procedures:',
  '  alloc:',
  '    - alloc: {buffer: buf, region: cma, pages: 2}',
  '    - unmap_linear: buf',
  '    - ffa_lend: {buffer: buf, to: [optee]}',
  '      on_error: [map_linear: buf, free: buf]',
  '    - iommu_map: {buffer: buf, device: vdec}',
  '  release:',
  '    - ffa_reclaim: buf',
  '      on_error: [leak: buf]',
  '    - free: buf',
  'actors:',
  '  t1: [alloc, release]',
  'environment: [secure, cpu]',
  'invariants: all',
];

const design = (n: number, ...text: string[]) => [...GOOD_DESIGN.slice(0, n - 1), ...text, ...GOOD_DESIGN.slice(n)].join('\n') + '\n';
const crossRef = 'a cross-reference between parts of the design';

export const MALFORMED_DESIGNS: readonly Case[] = [
  { name: 'unknown step', text: design(6, '    - unmap_linaer: buf') },
  { name: 'unknown region', text: design(5, '    - alloc: {buffer: buf, region: cmaa, pages: 2}') },
  { name: 'a region without pages', text: design(5, '    - alloc: {buffer: buf, region: system}'), loaderOnly: crossRef },
  { name: 'unknown region in platform.pages', text: design(2, 'platform: {pages: {cma: 4, carvout: 1}, endpoints: [optee], devices: {vdec: secure}}') },
  { name: 'no pages at all', text: design(2, 'platform: {pages: {cma: 0}, endpoints: [optee], devices: {vdec: secure}}') },
  { name: 'too many pages', text: design(2, 'platform: {pages: {cma: 4000}, endpoints: [optee], devices: {vdec: secure}}') },
  { name: 'unknown endpoint in to', text: design(7, '    - ffa_lend: {buffer: buf, to: [optee, tpm]}'), loaderOnly: crossRef },
  { name: 'ns in platform.endpoints', text: design(2, 'platform: {pages: {cma: 4}, endpoints: [optee, ns], devices: {vdec: secure}}') },
  { name: 'an endpoint listed twice', text: design(2, 'platform: {pages: {cma: 4}, endpoints: [optee, optee], devices: {vdec: secure}}') },
  { name: 'unknown device', text: design(9, '    - iommu_map: {buffer: buf, device: gpu}'), loaderOnly: crossRef },
  { name: 'unknown device trust', text: design(2, 'platform: {pages: {cma: 4}, endpoints: [optee], devices: {vdec: trusted}}') },
  { name: 'unknown hypervisor', text: design(2, 'platform: {hypervisor: kvm, pages: {cma: 4}, endpoints: [optee], devices: {vdec: secure}}') },
  { name: 'unknown procedure', text: design(15, '  t1: [alloc, relase]'), loaderOnly: crossRef },
  { name: 'an inline step in an actor list', text: design(15, '  t1: [alloc, free: buf]') },
  { name: 'an empty actor list', text: design(15, '  t1: []') },
  { name: 'unknown invariant', text: design(17, 'invariants: [no-double-lend, no-dubble-lend]') },
  { name: 'invariants neither all nor a list', text: design(17, 'invariants: some') },
  { name: 'an empty invariant list', text: design(17, 'invariants: []') },
  { name: 'unknown environment actor', text: design(16, 'environment: [secure, cpus]') },
  { name: 'an environment actor twice', text: design(16, 'environment: [secure, secure]') },
  { name: 'an actor named like an environment actor', text: design(15, '  cpu: [alloc, release]') },
  { name: 'a missing required argument', text: design(5, '    - alloc: {buffer: buf, pages: 2}') },
  { name: 'the shorthand on a step that needs more', text: design(5, '    - alloc: buf') },
  { name: 'a step without arguments', text: design(6, '    - unmap_linear') },
  { name: 'pages not a map', text: design(2, 'platform: {pages: two, endpoints: [optee], devices: {vdec: secure}}') },
  { name: 'a fractional page count', text: design(5, '    - alloc: {buffer: buf, region: cma, pages: 1.5}') },
  { name: 'zero pages in alloc', text: design(5, '    - alloc: {buffer: buf, region: cma, pages: 0}') },
  { name: 'clear not a boolean', text: design(11, '    - ffa_reclaim: {buffer: buf, clear: yes}') },
  { name: 'a knob not a boolean', text: design(2, 'platform: {can_set_direct_map: 1, pages: {cma: 4}, endpoints: [optee], devices: {vdec: secure}}') },
  { name: 'unknown access', text: design(7, '    - ffa_lend: {buffer: buf, to: [optee], access: rx}') },
  { name: 'on_eror', text: design(8, '      on_eror: [map_linear: buf, free: buf]') },
  { name: 'unknown argument', text: design(7, '    - ffa_lend: {buffer: buf, to: [optee], acess: ro}') },
  { name: 'unknown platform key', text: design(2, 'platform: {pages: {cma: 4}, endpoint: [optee], devices: {vdec: secure}}') },
  { name: 'unknown design key', text: design(17, 'invariant: all') },
  { name: 'an argument beside its step', text: design(5, '    - alloc: {buffer: buf, pages: 2}', '      region: cma') },
  { name: 'two steps in one item', text: design(13, '    - {free: buf, leak: buf}') },
  { name: 'a bad design id', text: design(1, 'design: OP-TEE demo') },
  { name: 'a blank title', text: design(1, 'design: demo', "title: ' '") },
  { name: 'no design, procedures or actors', text: 'title: nothing here\n' },
  { name: 'an empty actors map', text: design(14, 'actors: {}').replace('  t1: [alloc, release]\n', '') },
  { name: 'continue not last in on_error', text: design(12, '      on_error: [continue, leak: buf]'), loaderOnly: 'a position in a list' },
  { name: 'continue outside on_error', text: design(13, '    - continue') },
  { name: 'if without a condition', text: design(13, '    - if: {then: [free: buf]}') },
  { name: 'if with two comparisons', text: design(13, '    - if: {var: n, eq: 1, ne: 2}', '    - inc: n') },
  { name: 'gt on a result', text: design(13, '    - if: {var: result, gt: 1}') },
  { name: 'if with var and result', text: design(13, '    - if: {var: n, eq: 1, result: ok}', '    - inc: n') },
  { name: 'an unknown result code', text: design(13, '    - if: {result: FFA_DENY, then: [leak: buf]}') },
  { name: 'a variable never declared nor set', text: design(13, '    - if: {var: count, eq: 0, then: [free: buf]}', '    - inc: counter'), loaderOnly: crossRef },
  { name: 'result as a variable', text: design(13, '    - set: {var: result, value: 1}') },
  { name: 'a buffer no actor allocates', text: design(13, '    - free: bfu'), loaderOnly: crossRef },
  { name: 'unlock of a lock nobody takes', text: design(13, '    - unlock: mutex'), loaderOnly: crossRef },
  { name: 'retry with on_error', text: design(12, '      on_error: [leak: buf]', '      retry: true') },
  { name: 'on_error on a control step', text: design(13, '    - lock: m', '      on_error: [leak: buf]', '    - unlock: m') },
  { name: 'retry not a boolean', text: design(11, '    - ffa_reclaim: buf', '      retry: sometimes') },
  { name: 'a variable with a fractional value', text: design(1, 'design: demo', 'variables: {n: 0.5}') },
  { name: 'a shared buffer listed twice', text: design(1, 'design: demo', 'shared: [buf, buf]') },
  { name: 'a document that is not a map', text: '- just\n- a list\n' },
  { name: 'a lock with a bad name', text: design(13, "    - lock: '1m'", '    - free: buf') },
];

export const GOOD_SCENARIO = 'scenario: t\nplatform: {spmc: hafnium, pages: {system: 2}, endpoints: [v1, v2]}\nsteps:\n';
const scenario = (steps: string) => GOOD_SCENARIO + steps;
const scenarioRef = 'a cross-reference to the platform or an earlier step';

export const MALFORMED_SCENARIOS: readonly Case[] = [
  { name: 'unknown verb', text: scenario('  - {by: ns, do: ffa_borrow, pages: [0], expect: ok}\n') },
  { name: 'unknown key', text: scenario('  - {by: ns, do: ffa_lend, pages: [0], to: [v1], colour: red, expect: ok}\n') },
  { name: 'unknown endpoint in by', text: scenario('  - {by: v9, do: read, page: 0, expect: ok}\n'), loaderOnly: scenarioRef },
  { name: 'unknown endpoint in to', text: scenario('  - {by: ns, do: ffa_lend, pages: [0], to: [v1, v7], expect: ok}\n'), loaderOnly: scenarioRef },
  { name: 'unknown handle name', text: scenario('  - {by: v1, do: ffa_retrieve, handle: h1, expect: ok}\n'), loaderOnly: scenarioRef },
  { name: 'a page out of range', text: scenario('  - {by: ns, do: ffa_lend, pages: [0, 2], to: [v1], expect: ok}\n'), loaderOnly: scenarioRef },
  { name: 'a negative page', text: scenario('  - {by: ns, do: read, page: -1, expect: ok}\n') },
  { name: 'FF-A code on a read', text: scenario('  - {by: ns, do: read, page: 0, expect: FFA_DENIED}\n') },
  { name: 'fault on a send', text: scenario('  - {by: ns, do: ffa_lend, pages: [0], to: [v1], expect: fault}\n') },
  { name: 'unknown error code', text: scenario('  - {by: ns, do: ffa_lend, pages: [0], to: [v1], expect: FFA_NOPE}\n') },
  { name: 'missing expect', text: scenario('  - {by: ns, do: ffa_lend, pages: [0], to: [v1]}\n') },
  { name: 'missing do', text: scenario('  - {by: ns, expect: ok}\n') },
  { name: 'missing pages', text: scenario('  - {by: ns, do: ffa_lend, to: [v1], expect: ok}\n') },
  { name: 'bad access', text: scenario('  - {by: ns, do: ffa_lend, pages: [0], to: [v1], access: wx, expect: ok}\n') },
  { name: 'clear not a boolean', text: scenario('  - {by: ns, do: ffa_lend, pages: [0], to: [v1], clear: yes, expect: ok}\n') },
  { name: 'as on a retrieve', text: scenario('  - {by: ns, do: ffa_lend, pages: [0], to: [v1], as: h1, expect: ok}\n  - {by: v1, do: ffa_retrieve, handle: h1, as: h2, expect: ok}\n') },
  { name: 'content on a write', text: scenario('  - {by: ns, do: write, page: 0, content: zero, expect: ok}\n') },
  { name: 'a step that is not a mapping', text: scenario('  - lend everything\n') },
  { name: 'unknown platform knob', text: 'scenario: t\nplatform: {spmc: hafnium, tz: on}\nsteps:\n  - {by: ns, do: read, page: 0, expect: ok}\n' },
  { name: 'unknown spmc', text: 'scenario: t\nplatform:\n  spmc: optee\nsteps:\n  - {by: ns, do: read, page: 0, expect: ok}\n' },
  { name: 'ns as a secure endpoint', text: 'scenario: t\nplatform: {endpoints: [ns, v1]}\nsteps:\n  - {by: ns, do: read, page: 0, expect: ok}\n' },
  { name: 'unknown region', text: 'scenario: t\nplatform: {pages: {highmem: 2}}\nsteps:\n  - {by: ns, do: read, page: 0, expect: ok}\n' },
  { name: 'unknown top-level key', text: 'scenario: t\nstep: [{by: ns, do: read, page: 0, expect: ok}]\n' },
  { name: 'no steps', text: 'scenario: t\nsteps: []\n' },
  { name: 'no name', text: 'platform: {}\nsteps:\n  - {by: ns, do: read, page: 0, expect: ok}\n' },
  { name: 'not a mapping', text: '- 1\n- 2\n' },
];
