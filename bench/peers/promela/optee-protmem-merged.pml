/*
 * designs/optee-protmem-merged.yaml in Promela (same bound, same invariants; the shared model and its
 * abstraction are described in lendmodel.pml). One actor t1:
 *   alloc: alloc {buf, cma, 2}; ffa_lend {to: [optee]}          (linear map kept: the TODO)
 *   release: ffa_reclaim buf (no clear)  on_error: [continue]; free
 * platform {pages: {cma: 4}, endpoints: [optee]}, environment [secure, cpu], invariants: all.
 * Expected verdict: violation of no-ns-mapping-of-lent-memory right after the lend (2 steps).
 */
#define NPAGES 4
#define NBUF 1
#define NACT 1
#define MAXTX 1
#include "lendmodel.pml"

/* pc: 0 alloc, 1 ffa_lend, 2 ffa_reclaim (an error continues), 3 free. */
active proctype Actor() {
end:
  do
  :: d_step { pc[0] == 0 -> k_alloc(0, 2); advance(0, 1, DONE) }
  :: d_step { pc[0] == 1 -> k_ffa_lend(0, false); advance(0, 2, DONE) }
  :: d_step { pc[0] == 2 -> k_ffa_reclaim(0, false); advance(0, 3, 3) }
  :: d_step { pc[0] == 3 -> k_free(0); advance(0, DONE, DONE) }
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
