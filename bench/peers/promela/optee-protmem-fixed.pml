/*
 * designs/optee-protmem-fixed.yaml in Promela (same bound, same invariants; the shared model and its
 * abstraction are described in lendmodel.pml). Two interchangeable actors t1, t2, each:
 *   alloc: alloc {buf, cma, 2}; clean_cache; unmap_linear; flush_tlb;
 *          ffa_lend {to: [optee]}  on_error: [map_linear, free]
 *   release: ffa_reclaim {clear: true}  on_error: [leak]; map_linear; free
 * platform {pages: {cma: 4}, endpoints: [optee]}, environment [secure, cpu], invariants: all.
 * Expected verdict: no violation (the whole reachable space is covered).
 */
/* NACT may be given with spin -DNACT=3: the bench's scaled variant (NACT actors, 2*NACT pages). */
#ifndef NACT
#define NACT 2
#endif
#define NPAGES (2 * NACT)
#define NBUF NACT
#define MAXTX NACT
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
  SECURE_ON(1)
#if MAXTX > 2
  SECURE_ON(2)
#endif
#if MAXTX > 3
  SECURE_ON(3)
#endif
  od
}

active proctype Cpu() {
end:
  do
  CPU_ON(0)
  CPU_ON(1)
  CPU_ON(2)
  CPU_ON(3)
#if NPAGES > 4
  CPU_ON(4)
  CPU_ON(5)
#endif
#if NPAGES > 6
  CPU_ON(6)
  CPU_ON(7)
#endif
  od
}

init {
  atomic {
    run Actor(0); run Actor(1);
#if NACT > 2
    run Actor(2);
#endif
#if NACT > 3
    run Actor(3);
#endif
  }
}
