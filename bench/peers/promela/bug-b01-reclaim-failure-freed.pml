/*
 * designs/bug-b01-reclaim-failure-freed.yaml in Promela (same bound, same invariants; the shared
 * model and its abstraction are described in lendmodel.pml). One actor t1:
 *   alloc: alloc {buf, cma, 2}; clean_cache; unmap_linear; flush_tlb;
 *          ffa_lend {to: [optee]}  on_error: [map_linear, free]
 *   release: ffa_reclaim buf (no clear)  on_error: [continue]; free
 * platform {pages: {cma: 2}, endpoints: [optee]}, environment [secure] (no cpu), invariants: all.
 * Expected verdict: violation (pages freed while lent, or freed without their linear entry).
 */
#define NPAGES 2
#define NBUF 1
#define NACT 1
#define MAXTX 1
#include "lendmodel.pml"

/* pc: 0 alloc, 1 clean_cache, 2 unmap_linear, 3 flush_tlb, 4 ffa_lend, 5 ffa_reclaim (errors
 * continue), 6 free; handler of the lend: 7 map_linear, 8 free. */
active proctype Actor() {
end:
  do
  :: d_step { pc[0] == 0 -> k_alloc(0, 2); advance(0, 1, DONE) }
  :: d_step { pc[0] == 1 -> k_clean_cache(0); advance(0, 2, DONE) }
  :: d_step { pc[0] == 2 -> k_unmap_linear(0); advance(0, 3, DONE) }
  :: d_step { pc[0] == 3 -> k_flush_tlb(0); advance(0, 4, DONE) }
  :: d_step { pc[0] == 4 -> k_ffa_lend(0, false); advance(0, 5, 7) }
  :: d_step { pc[0] == 5 -> k_ffa_reclaim(0, false); advance(0, 6, 6) }
  :: d_step { pc[0] == 6 -> k_free(0); advance(0, DONE, DONE) }
  :: d_step { pc[0] == 7 -> k_map_linear(0); advance(0, 8, DONE) }
  :: d_step { pc[0] == 8 -> k_free(0); advance(0, DONE, DONE) }
  od
}

active proctype Secure() {
end:
  do
  SECURE_ON(0)
  od
}
