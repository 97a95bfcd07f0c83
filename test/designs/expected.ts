/**
 * The manifest of the reference designs under designs/: for each file, the verdict lendcheck must
 * reach, the invariant a violation is reported under, and the length of the shortest
 * counterexample (the exhaustive search's; the random search at seed 1 must shrink to the same).
 * Every file in designs/ must be listed here.
 */
import type { InvariantId } from '../../properties/invariant.ts';

interface Common {
  /** File name under designs/ (= the design id + `.yaml`). */
  readonly file: string;
  /** The bug class of research/linux-protmem.md section 4 it exhibits or guards against, if any. */
  readonly bugClass?: string;
}

export interface ExpectedViolation extends Common {
  readonly verdict: 'violation';
  readonly invariant: InvariantId;
  /** Steps in the shortest counterexample (random at seed 1 and exhaustive alike). */
  readonly steps: number;
}

export interface ExpectedPass extends Common {
  readonly verdict: 'pass';
}

export type Expected = ExpectedViolation | ExpectedPass;

export const EXPECTED: readonly Expected[] = [
  // The OP-TEE protmem code as merged, and fixed.
  { file: 'optee-protmem-merged.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 2, bugClass: 'B3' },
  { file: 'optee-protmem-fixed.yaml', verdict: 'pass' },
  { file: 'optee-protmem-fixed-single.yaml', verdict: 'pass' },
  // The HMM / ZONE_DEVICE proposal.
  { file: 'hmm-memunmap-cma.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 4, bugClass: 'B3' },
  { file: 'hmm-zone-device.yaml', verdict: 'pass' },
  // The TODO's "a hypervisor at EL2 will unmap it", per hypervisor.
  { file: 'rely-on-el2-none.yaml', verdict: 'violation', invariant: 'no-ns-access-to-lent-memory', steps: 3, bugClass: 'B3' },
  { file: 'rely-on-el2-pkvm.yaml', verdict: 'violation', invariant: 'no-ns-access-to-lent-memory', steps: 3, bugClass: 'B10' },
  { file: 'rely-on-el2-hafnium.yaml', verdict: 'pass' },
  // One design per bug class.
  { file: 'bug-b01-reclaim-failure-freed.yaml', verdict: 'violation', invariant: 'no-free-while-lent', steps: 8, bugClass: 'B1' },
  // The teardown frees the pages while vdec still maps them: no-use-after-free (SPEC section 9) in
  // the same 24 steps in which, before it existed, the decoder's frames reached the normal world.
  { file: 'bug-b02-pool-teardown-race.yaml', verdict: 'violation', invariant: 'no-use-after-free', steps: 24, bugClass: 'B2' },
  { file: 'bug-b03-linear-alias.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 3, bugClass: 'B3' },
  { file: 'bug-b04-dirty-cache-at-lend.yaml', verdict: 'violation', invariant: 'clean-before-lend', steps: 4, bugClass: 'B4' },
  { file: 'bug-b05-direct-map-noop.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 5, bugClass: 'B5' },
  { file: 'bug-b06-missing-tlb-flush.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 4, bugClass: 'B6' },
  { file: 'bug-b07-free-before-remap.yaml', verdict: 'violation', invariant: 'freed-pages-mapped', steps: 7, bugClass: 'B7' },
  { file: 'bug-b07-free-before-remap-race.yaml', verdict: 'violation', invariant: 'no-kernel-fault', steps: 8, bugClass: 'B7' },
  { file: 'bug-b08-remap-before-reclaim.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 6, bugClass: 'B8' },
  { file: 'bug-b10-pkvm-lend-is-share.yaml', verdict: 'violation', invariant: 'no-ns-access-to-lent-memory', steps: 3, bugClass: 'B10' },
  { file: 'bug-b12-double-lend.yaml', verdict: 'violation', invariant: 'no-double-lend', steps: 7, bugClass: 'B12' },
  { file: 'bug-b13-unauthorised-device.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 6, bugClass: 'B13' },
  { file: 'bug-b15-hibernation-lent-pages.yaml', verdict: 'violation', invariant: 'no-kernel-fault', steps: 6, bugClass: 'B15' },
  { file: 'hibernation-nosave-fixed.yaml', verdict: 'pass', bugClass: 'B15' },
  // Every NS path (vmap, user, IOMMU, secure device), the system heap and a donate, each closed in time.
  { file: 'careful-every-path.yaml', verdict: 'pass' },
  { file: 'bug-b17-no-clear-on-reclaim.yaml', verdict: 'violation', invariant: 'no-secret-to-ns', steps: 10, bugClass: 'B17' },
  // SPEC section 9: static carveouts, pools over lent memory, bounce devices, firewall granules,
  // struct pages removed by memunmap_pages.
  { file: 'static-carveout-protmem.yaml', verdict: 'pass', bugClass: 'B18' },
  { file: 'bug-b18-static-carveout-wc-alias.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 2, bugClass: 'B18' },
  { file: 'protmem-pool-over-lent-memory.yaml', verdict: 'pass', bugClass: 'B21' },
  { file: 'bug-b02-pool-subbuffer-teardown-race.yaml', verdict: 'violation', invariant: 'no-use-after-free', steps: 24, bugClass: 'B2' },
  { file: 'bug-b21-heap-unload-under-subbuffer.yaml', verdict: 'violation', invariant: 'no-use-after-free', steps: 12, bugClass: 'B21' },
  { file: 'bug-b14-swiotlb-bounce.yaml', verdict: 'violation', invariant: 'no-kernel-fault', steps: 6, bugClass: 'B14' },
  { file: 'bug-b14-swiotlb-bounce-fixed.yaml', verdict: 'pass', bugClass: 'B14' },
  { file: 'bug-b19-firewall-granule-collateral.yaml', verdict: 'violation', invariant: 'no-collateral-protection', steps: 5, bugClass: 'B19' },
  { file: 'bug-b19-firewall-granule-fixed.yaml', verdict: 'pass', bugClass: 'B19' },
  { file: 'bug-b20-stage2-only-donate.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 3, bugClass: 'B20' },
  { file: 'bug-b20-stage2-only-donate-fixed.yaml', verdict: 'pass', bugClass: 'B20' },
  { file: 'hmm-free-without-struct-pages.yaml', verdict: 'violation', invariant: 'no-kernel-fault', steps: 6 },
  // Part two (SPEC section 9): scatter-gather, fault injection, kexec/kdump, no-deadlock.
  { file: 'sg-system-heap-merged.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 2, bugClass: 'B3' },
  { file: 'sg-system-heap-fixed.yaml', verdict: 'pass' },
  { file: 'sg-partial-lend-no-rollback.yaml', verdict: 'violation', invariant: 'no-free-while-lent', steps: 8, bugClass: 'B1' },
  { file: 'sg-partial-lend-rollback.yaml', verdict: 'pass', bugClass: 'B1' },
  { file: 'bug-b09-lend-alloc-failure.yaml', verdict: 'violation', invariant: 'freed-pages-mapped', steps: 6, bugClass: 'B9' },
  { file: 'bug-b09-lend-alloc-failure-fixed.yaml', verdict: 'pass', bugClass: 'B9' },
  { file: 'bug-b11-reclaim-rejected.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 7, bugClass: 'B11' },
  { file: 'bug-b11-reclaim-rejected-fixed.yaml', verdict: 'pass', bugClass: 'B11' },
  { file: 'bug-b16-kexec-outstanding-lend.yaml', verdict: 'violation', invariant: 'no-ns-mapping-of-lent-memory', steps: 6, bugClass: 'B16' },
  { file: 'bug-b16-kexec-shutdown-reclaims.yaml', verdict: 'pass', bugClass: 'B16' },
  { file: 'bug-b16-kdump-reads-lent-pages.yaml', verdict: 'violation', invariant: 'no-kernel-fault', steps: 6, bugClass: 'B16' },
  { file: 'bug-b16-kdump-nosave-fixed.yaml', verdict: 'pass', bugClass: 'B16' },
  { file: 'smell-b22-dead-reclaim-error-path.yaml', verdict: 'pass', bugClass: 'B22' },
  { file: 'smell-b22-no-map-heap-skips-dma-map.yaml', verdict: 'pass', bugClass: 'B22' },
  { file: 'deadlock-abba-locks.yaml', verdict: 'violation', invariant: 'no-deadlock', steps: 2 },
  { file: 'deadlock-retry-alloc-leaked.yaml', verdict: 'violation', invariant: 'no-deadlock', steps: 2 },
  { file: 'deadlock-lock-order-fixed.yaml', verdict: 'pass' },
];
