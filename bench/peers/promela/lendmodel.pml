/*
 * lendmodel.pml: the part of lendcheck's model (docs/MODEL.md) that the benchmarked designs use,
 * hand-written in Promela for SPIN. Included by each design file after it defines NPAGES (pages,
 * all `cma`), NBUF (buffers, one per actor here), NACT (kernel actors) and MAXTX (transaction slots).
 *
 * Abstraction (the same as lendcheck's for these designs, nothing coarser):
 *  - platform: hypervisor none (host stage-2 always lets NS through, so `stage2` is the constant
 *    true and not stored), spmc hafnium (a send of a page a live transaction covers is
 *    FFA_DENIED), secure_protects_on_lend true, secure_clears_on_relinquish false,
 *    can_set_direct_map true, one secure endpoint (optee), no devices / vmap / user mappings,
 *    environment [secure, cpu];
 *  - per page: alloc (free|allocated|leaked), linear (valid|invalid|absent), tlbStale,
 *    secureProtected, content (zero|data|secret), cache (clean|dirty). `owner` is always ns
 *    (no donate), so it is not stored; `nosave`/`iommu`/`vmap`/`user` never change, not stored;
 *  - transactions: slot array, handle = slot, lowest free slot, freed on reclaim and reused; each is
 *    an FFA_MEM_LEND from ns to optee with access rw, its page set (bit mask), the receiver's
 *    `retrieved` flag and the sender's CLEAR flag. MAXTX slots: each actor lends at most once, so a
 *    design never needs more than NACT slots (an overflow is an assert, never a silent cut);
 *  - buffers: page set (bit mask) and handle+1 (0 = no handle);
 *  - hazards (sticky): kernelFault, doubleSend, dirtyLend;
 *  - per actor: pc (next instruction, DONE=255) and the result of its last step, as in
 *    lendcheck's SystemState, so the state vector holds what lendcheck's fingerprint holds.
 * Each kernel step, each environment action is ONE atomic move (a d_step), as in lendcheck's
 * interpreter, and every move ends with check(): the eight invariants of SPEC section 4 as
 * asserts, restricted to what these designs can reach (no vmap/user/iommu path, no donate, no
 * hibernation). SPIN does no symmetry reduction, so its state counts exceed lendcheck's on
 * two-actor designs; that is the point of comparing time-to-verdict, not state counts.
 */

#if NPAGES > 8 || MAXTX > 5
#error "lendmodel.pml: at most 8 pages and 5 transaction slots (page masks are bytes, guards written out)"
#endif

#define FREE 0
#define ALLOCATED 1
#define LEAKED 2
#define L_VALID 0
#define L_INVALID 1
#define L_ABSENT 2
#define C_ZERO 0
#define C_DATA 1
#define C_SECRET 2

#define OK 0
#define EINVAL 1
#define EBUSY 2
#define ENOMEM 3
#define EFAULT 4
#define FFA_DENIED 5
#define FFA_INVALID_PARAMETERS 6
#define DONE 255

#define IN(mask, p) (((mask) >> (p)) & 1)

typedef Page { byte alloc; byte linear; bool tlb; bool prot; byte content; bool dirty }
typedef Tx { bool live; byte pages; bool retrieved; bool clear }
typedef Buf { byte pages; byte hp1 }

Page page[NPAGES];
Tx tx[MAXTX];
Buf buf[NBUF];
bool kf;          /* hazard kernelFault */
bool ds;          /* hazard doubleSend */
bool dl;          /* hazard dirtyLend */
byte pc[NACT];
byte last[NACT];

/* scratch, not part of the state */
hidden byte i, j, n, h, r, m, cov;

/* Number of live transactions covering page p, into cov. */
inline covering(p) {
  cov = 0; j = 0;
  do
  :: j < MAXTX -> if :: tx[j].live && IN(tx[j].pages, p) -> cov++ :: else fi; j++
  :: else -> break
  od
}

/* SPEC section 4, in INVARIANT_IDS order. */
inline check() {
  i = 0;
  do
  :: i < NPAGES ->
     covering(i);
     /* no-ns-mapping-of-lent-memory, no-ns-access-to-lent-memory (stage2 always true) */
     assert(!(cov > 0 && (page[i].linear == L_VALID || page[i].tlb)));
     /* no-double-lend (first half) */
     assert(cov <= 1);
     /* no-free-while-lent */
     assert(!(page[i].alloc == FREE && cov > 0));
     /* freed-pages-mapped (every page is cma) */
     assert(!(page[i].alloc == FREE && page[i].linear != L_VALID));
     /* no-secret-to-ns */
     assert(!(page[i].content == C_SECRET && cov == 0 &&
              (page[i].alloc == FREE || page[i].linear == L_VALID || page[i].tlb)));
     i++
  :: else -> break
  od;
  assert(!ds);   /* no-double-lend (hazard doubleSend) */
  assert(!dl);   /* clean-before-lend */
  assert(!kf)    /* no-kernel-fault */
}

/* After a step: record its result, go to okpc or errpc (DONE ends the actor), check invariants. */
inline advance(a, okpc, errpc) {
  last[a] = r;
  if
  :: r == OK -> pc[a] = okpc
  :: else -> pc[a] = errpc
  fi;
  check()
}

/* ---- kernel steps (model/kernel/), on buffer b; result in r ---- */

/* alloc {region: cma, pages: k}: lowest free pages, zeroed through the linear map. */
inline k_alloc(b, k) {
  if
  :: buf[b].pages != 0 -> r = EBUSY
  :: else ->
     n = 0; i = 0;
     do
     :: i < NPAGES -> if :: page[i].alloc == FREE -> n++ :: else fi; i++
     :: else -> break
     od;
     if
     :: n < k -> r = ENOMEM
     :: else ->
        n = 0; i = 0; r = OK; buf[b].hp1 = 0;
        do
        :: i < NPAGES && n < k ->
           if
           :: page[i].alloc == FREE ->
              n++; buf[b].pages = buf[b].pages | (1 << i); page[i].alloc = ALLOCATED;
              if
              :: page[i].linear != L_VALID || page[i].prot -> kf = true; r = EFAULT
              :: else -> page[i].content = C_ZERO; page[i].dirty = true
              fi
           :: else
           fi;
           i++
        :: else -> break
        od
     fi
  fi
}

/* free (to = FREE) and leak (to = LEAKED): pages back whatever their FF-A state, buffer emptied. */
inline k_release(b, to) {
  if
  :: buf[b].pages == 0 -> r = EINVAL
  :: else ->
     i = 0;
     do
     :: i < NPAGES -> if :: IN(buf[b].pages, i) -> page[i].alloc = to :: else fi; i++
     :: else -> break
     od;
     buf[b].pages = 0; buf[b].hp1 = 0; r = OK
  fi
}
inline k_free(b) { k_release(b, FREE) }
inline k_leak(b) { k_release(b, LEAKED) }

/* unmap_linear: set_direct_map_invalid_noflush */
inline k_unmap_linear(b) {
  if
  :: buf[b].pages == 0 -> r = EINVAL
  :: else ->
     i = 0;
     do
     :: i < NPAGES ->
        if :: IN(buf[b].pages, i) && page[i].linear == L_VALID -> page[i].linear = L_INVALID; page[i].tlb = true
        :: else fi; i++
     :: else -> break
     od; r = OK
  fi
}

/* map_linear: set_direct_map_default_noflush */
inline k_map_linear(b) {
  if
  :: buf[b].pages == 0 -> r = EINVAL
  :: else ->
     i = 0;
     do
     :: i < NPAGES ->
        if :: IN(buf[b].pages, i) && page[i].linear == L_INVALID -> page[i].linear = L_VALID; page[i].tlb = false
        :: else fi; i++
     :: else -> break
     od; r = OK
  fi
}

/* flush_tlb: flush_tlb_kernel_range */
inline k_flush_tlb(b) {
  if
  :: buf[b].pages == 0 -> r = EINVAL
  :: else ->
     i = 0;
     do
     :: i < NPAGES -> if :: IN(buf[b].pages, i) -> page[i].tlb = false :: else fi; i++
     :: else -> break
     od; r = OK
  fi
}

/* clean_cache: needs a valid linear entry and an unprotected page, else kernel fault (EFAULT). */
inline k_clean_cache(b) {
  if
  :: buf[b].pages == 0 -> r = EINVAL
  :: else ->
     i = 0; r = OK;
     do
     :: i < NPAGES ->
        if
        :: IN(buf[b].pages, i) ->
           if
           :: page[i].linear != L_VALID || page[i].prot -> kf = true; r = EFAULT
           :: else -> page[i].dirty = false
           fi
        :: else
        fi; i++
     :: else -> break
     od
  fi
}

/* ffa_lend {to: [optee], access: rw, clear: c}: FFA_MEM_LEND from ns through the relayer. */
inline k_ffa_lend(b, c) {
  if
  :: buf[b].pages == 0 -> r = EINVAL
  :: else ->
     m = buf[b].pages;
     /* doubleSend: ns sends a page a live transaction covers, whatever the relayer answers */
     i = 0; n = 0;
     do
     :: i < NPAGES -> if :: IN(m, i) -> covering(i); if :: cov > 0 -> n = 1 :: else fi :: else fi; i++
     :: else -> break
     od;
     if :: n -> ds = true :: else fi;
     /* lowest free slot */
     h = 0;
     do
     :: h < MAXTX && tx[h].live -> h++
     :: else -> break
     od;
     assert(h < MAXTX);  /* MAXTX too small for this design: a bound of the encoding, not a verdict */
     if
     :: n -> r = FFA_DENIED   /* not Owner-EA: hafnium SPMC answers DENIED */
     :: else ->
        tx[h].live = true; tx[h].pages = m; tx[h].retrieved = false; tx[h].clear = c;
        i = 0;
        do
        :: i < NPAGES ->
           if
           :: IN(m, i) ->
              if :: c -> page[i].content = C_ZERO :: else fi;
              page[i].prot = true;                       /* secure_protects_on_lend */
              if :: page[i].dirty -> dl = true :: else fi /* clean-before-lend hazard */
           :: else
           fi; i++
        :: else -> break
        od;
        buf[b].hp1 = h + 1; r = OK
     fi
  fi
}

/* ffa_reclaim {clear: c}: FFA_MEM_RECLAIM of the buffer's (possibly stale) handle by ns. */
inline k_ffa_reclaim(b, c) {
  if
  :: buf[b].pages == 0 || buf[b].hp1 == 0 -> r = EINVAL
  :: else ->
     h = buf[b].hp1 - 1;
     if
     :: !tx[h].live -> r = FFA_INVALID_PARAMETERS
     :: tx[h].live && tx[h].retrieved -> r = FFA_DENIED
     :: else ->
        m = tx[h].pages;
        tx[h].live = false; tx[h].pages = 0; tx[h].retrieved = false; tx[h].clear = false;
        i = 0;
        do
        :: i < NPAGES ->
           if
           :: IN(m, i) ->
              if :: c -> page[i].content = C_ZERO :: else fi;
              covering(i);
              page[i].prot = (cov > 0)   /* refreshNsProtection: ns has access unless another lend covers it */
           :: else
           fi; i++
        :: else -> break
        od;
        buf[b].hp1 = 0; r = OK
     fi
  fi
}

/* ---- environment (model/environment/) ---- */

/* optee already holds a page of handle k through another handle: the relayer refuses the retrieve
 * (written out for up to 5 slots: a d_step guard must be one expression). */
#define HOLDS_OVERLAP(k) ( \
  (MAXTX > 0 && 0 != k && tx[0 % MAXTX].live && tx[0 % MAXTX].retrieved && (tx[0 % MAXTX].pages & tx[k].pages)) || \
  (MAXTX > 1 && 1 != k && tx[1 % MAXTX].live && tx[1 % MAXTX].retrieved && (tx[1 % MAXTX].pages & tx[k].pages)) || \
  (MAXTX > 2 && 2 != k && tx[2 % MAXTX].live && tx[2 % MAXTX].retrieved && (tx[2 % MAXTX].pages & tx[k].pages)) || \
  (MAXTX > 3 && 3 != k && tx[3 % MAXTX].live && tx[3 % MAXTX].retrieved && (tx[3 % MAXTX].pages & tx[k].pages)) || \
  (MAXTX > 4 && 4 != k && tx[4 % MAXTX].live && tx[4 % MAXTX].retrieved && (tx[4 % MAXTX].pages & tx[k].pages)))

/* A secure write changes something: some page of the lend is not yet secret (up to 8 pages). */
#define WRITE_CHANGES(k) ( \
  (NPAGES > 0 && IN(tx[k].pages, 0) && page[0 % NPAGES].content != C_SECRET) || \
  (NPAGES > 1 && IN(tx[k].pages, 1) && page[1 % NPAGES].content != C_SECRET) || \
  (NPAGES > 2 && IN(tx[k].pages, 2) && page[2 % NPAGES].content != C_SECRET) || \
  (NPAGES > 3 && IN(tx[k].pages, 3) && page[3 % NPAGES].content != C_SECRET) || \
  (NPAGES > 4 && IN(tx[k].pages, 4) && page[4 % NPAGES].content != C_SECRET) || \
  (NPAGES > 5 && IN(tx[k].pages, 5) && page[5 % NPAGES].content != C_SECRET) || \
  (NPAGES > 6 && IN(tx[k].pages, 6) && page[6 % NPAGES].content != C_SECRET) || \
  (NPAGES > 7 && IN(tx[k].pages, 7) && page[7 % NPAGES].content != C_SECRET))

/* The secure endpoint optee on handle k: FFA_MEM_RETRIEVE_REQ, a write, FFA_MEM_RELINQUISH. */
#define SECURE_ON(k) \
  :: d_step { tx[k].live && !tx[k].retrieved && !HOLDS_OVERLAP(k) -> tx[k].retrieved = true; check() } \
  :: d_step { tx[k].live && tx[k].retrieved && WRITE_CHANGES(k) -> \
       i = 0; \
       do \
       :: i < NPAGES -> if :: IN(tx[k].pages, i) -> page[i].content = C_SECRET :: else fi; i++ \
       :: else -> break \
       od; check() } \
  :: d_step { tx[k].live && tx[k].retrieved -> tx[k].retrieved = false; check() }

/* The CPU: a speculative or stray read of page p through the linear map or a stale TLB entry aborts
 * when the secure side protects the page (only reads that change something are moves). */
#define CPU_ON(p) \
  :: d_step { !kf && page[p].prot && page[p].linear == L_VALID -> kf = true; check() } \
  :: d_step { !kf && page[p].prot && page[p].tlb -> kf = true; check() }
