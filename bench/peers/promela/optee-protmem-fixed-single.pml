/*
 * designs/optee-protmem-fixed-single.yaml in Promela (same bound, same invariants; the shared model and its
 * abstraction are described in lendmodel.pml). One actor t1:
 *   alloc: alloc {buf, cma, 2}; clean_cache; unmap_linear; flush_tlb;
 *          ffa_lend {to: [optee]}  on_error: [map_linear, free]
 *   release: ffa_reclaim {clear: true}  on_error: [leak]; map_linear; free
 * platform {pages: {cma: 4}, endpoints: [optee]}, environment [secure, cpu], invariants: all.
 * Expected verdict: no violation (the whole reachable space is covered).
 */
#define NPAGES 4
#define NBUF 1
#define NACT 1
#define MAXTX 1
#include "lendmodel.pml"

/* Actor a (buffer a). pc: 0 alloc, 1 clean_cache, 2 unmap_linear, 3 flush_tlb, 4 ffa_lend,
 * 5 ffa_reclaim, 6 map_linear, 7 free; handlers: 8 map_linear, 9 free (lend failed), 10 leak. */
proctype Actor(byte a) {
end:
  do
  :: d_step { pc[a] == 0 -> k_alloc(a, 2); advance(a, 1, DONE) }
  :: d_step { pc[a] == 1 -> k_clean_cache(a); advance(a, 2, DONE) }
  :: d_step { pc[a] == 2 -> k_unmap_linear(a); advance(a, 3, DONE) }
  :: d_step { pc[a] == 3 -> k_flush_tlb(a); advance(a, 4, DONE) }
  :: d_step { pc[a] == 4 -> k_ffa_lend(a, false); advance(a, 5, 8) }
  :: d_step { pc[a] == 5 -> k_ffa_reclaim(a, true); advance(a, 6, 10) }
  :: d_step { pc[a] == 6 -> k_map_linear(a); advance(a, 7, DONE) }
  :: d_step { pc[a] == 7 -> k_free(a); advance(a, DONE, DONE) }
  :: d_step { pc[a] == 8 -> k_map_linear(a); advance(a, 9, DONE) }
  :: d_step { pc[a] == 9 -> k_free(a); advance(a, DONE, DONE) }
  :: d_step { pc[a] == 10 -> k_leak(a); advance(a, DONE, DONE) }
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
  CPU_ON(2)
  CPU_ON(3)
  od
}

init {
  run Actor(0)
}
