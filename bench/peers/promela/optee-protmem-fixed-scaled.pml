/*
 * bench/designs/optee-protmem-fixed-x4.yaml and -x5.yaml in Promela: designs/optee-protmem-fixed.yaml
 * scaled to NACT interchangeable actors (spin -DNACT=4 or 5), NACT+1 pages, one page per buffer,
 * environment [secure] only (no Cpu process). Each actor:
 *   alloc: alloc {buf, cma, 1}; clean_cache; unmap_linear; flush_tlb;
 *          ffa_lend {to: [optee]}  on_error: [map_linear, free]
 *   release: ffa_reclaim {clear: true}  on_error: [leak]; map_linear; free
 * Expected verdict: no violation (the whole reachable space is covered).
 */
#ifndef NACT
#define NACT 4
#endif
#define NPAGES (NACT + 1)
#define NBUF NACT
#define MAXTX NACT
#include "lendmodel.pml"

proctype Actor(byte a) {
end:
  do
  :: d_step { pc[a] == 0 -> k_alloc(a, 1); advance(a, 1, DONE) }
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
#if MAXTX > 4
  SECURE_ON(4)
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
#if NACT > 4
    run Actor(4);
#endif
  }
}
