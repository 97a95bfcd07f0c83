/*
 * designs/bug-b06-missing-tlb-flush.yaml in Promela (same bound, same invariants; the shared model
 * and its abstraction are described in lendmodel.pml). One actor t1:
 *   alloc: alloc {buf, cma, 2}; clean_cache; unmap_linear (no flush_tlb);
 *          ffa_lend {to: [optee]}  on_error: [map_linear, free]
 *   release: ffa_reclaim {clear: true}  on_error: [leak]; map_linear; free
 * platform {pages: {cma: 2}, endpoints: [optee]}, environment [secure, cpu], invariants: all.
 * Expected verdict: violation of no-ns-mapping-of-lent-memory (a stale TLB entry at the lend).
 */
#define NPAGES 2
#define NBUF 1
#define NACT 1
#define MAXTX 1
#include "lendmodel.pml"

/* pc: 0 alloc, 1 clean_cache, 2 unmap_linear, 3 ffa_lend, 4 ffa_reclaim, 5 map_linear, 6 free;
 * handlers: 7 map_linear, 8 free (lend failed), 9 leak (reclaim failed). */
active proctype Actor() {
end:
  do
  :: d_step { pc[0] == 0 -> k_alloc(0, 2); advance(0, 1, DONE) }
  :: d_step { pc[0] == 1 -> k_clean_cache(0); advance(0, 2, DONE) }
  :: d_step { pc[0] == 2 -> k_unmap_linear(0); advance(0, 3, DONE) }
  :: d_step { pc[0] == 3 -> k_ffa_lend(0, false); advance(0, 4, 7) }
  :: d_step { pc[0] == 4 -> k_ffa_reclaim(0, true); advance(0, 5, 9) }
  :: d_step { pc[0] == 5 -> k_map_linear(0); advance(0, 6, DONE) }
  :: d_step { pc[0] == 6 -> k_free(0); advance(0, DONE, DONE) }
  :: d_step { pc[0] == 7 -> k_map_linear(0); advance(0, 8, DONE) }
  :: d_step { pc[0] == 8 -> k_free(0); advance(0, DONE, DONE) }
  :: d_step { pc[0] == 9 -> k_leak(0); advance(0, DONE, DONE) }
  od
}

active proctype Secure() {
end:
  do
  SECURE_ON(0)
  od
}

active proctype Cpu() {
end:
  do
  CPU_ON(0)
  CPU_ON(1)
  od
}
