/**
 * Page and handle renaming's design condition (a) (src/system/renaming.ts, `renamingApplies`):
 * renaming is offered only where nothing reads page adjacency or order, nor kexec's whole-memory
 * handover. Each clause is a design that differs from a renamable one in that one respect.
 */
import { describe, expect, it } from 'vitest';
import { renamingApplies } from '../../src/system/renaming.ts';
import { compile } from '../design/helpers.ts';

interface Variant {
  readonly platform?: string;
  readonly alloc?: string;
  readonly extra?: string;
  readonly environment?: string;
  readonly shutdown?: boolean;
}

function design(v: Variant): string {
  return `design: renaming-conditions
title: one actor lends a buffer and takes it back
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 4}, endpoints: [optee]${v.platform ?? ''}}
shared: [buf, pool]
procedures:
  lend:
    - alloc: {buffer: buf, region: cma, ${v.alloc ?? 'pages: 1'}}
${v.extra ?? ''}    - ffa_lend: {buffer: buf, to: [optee]}
      on_error: [free: buf]
  teardown:
    - ffa_reclaim: {buffer: buf, clear: true}
      on_error: [leak: buf]
    - free: buf
actors:
  t1: [lend${v.shutdown === true ? '' : ', teardown'}]
${v.shutdown === true ? 'shutdown: [teardown]\n' : ''}environment: [${v.environment ?? 'secure'}]
invariants: all
`;
}

describe('renaming applies only where nothing reads page numbers', () => {
  it.each([
    ['one-page allocations', {}],
    ['a multi-page allocation of any pages (contiguous: false)', { alloc: 'pages: 2, contiguous: false' }],
    ['alignment 1', { alloc: 'pages: 1, align: 1' }],
  ] as const)('applies to %s', (_name, variant: Variant) => {
    expect(renamingApplies(compile(design(variant)))).toBe(true);
  });

  it.each([
    ['a firewall granule wider than a page (a lend protects its neighbours)', { platform: ', firewall_granule: 2' }],
    ['kexec (the handover reads all of memory)', { environment: 'secure, kexec' }],
    ['kdump', { environment: 'secure, kdump' }],
    ['a shutdown procedure (without kexec in the environment)', { shutdown: true }],
    ['a contiguous multi-page allocation (the lowest free run)', { alloc: 'pages: 2' }],
    ['an aligned allocation', { alloc: 'pages: 1, align: 2' }],
    ['a gen_pool over a buffer', { extra: '    - alloc: {buffer: pool, region: cma, pages: 1}\n    - pool_alloc: {buffer: buf, pool: pool, pages: 1}\n' }],
  ] as const)('does not apply with %s', (_name, variant: Variant) => {
    expect(renamingApplies(compile(design(variant)))).toBe(false);
  });
});
