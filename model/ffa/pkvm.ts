/**
 * pKVM's EL2 FF-A proxy (arch/arm64/kvm/hyp/nvhe/ffa.c): checks the host's calls before they reach
 * the SPMC. It tracks host pages as OWNED / SHARED_OWNED only; it never unmaps the host at stage-2.
 */
import type { FfaError } from '../results.ts';
import { NS } from '../platform.ts';
import type { World } from '../state.ts';
import type { SendRequest } from './types.ts';
import { isOwnerEA } from './ownership.ts';

/** True when pKVM sits between `caller` and the SPMC (only the host's calls are proxied). */
export function proxiedByPkvm(world: World, caller: string): boolean {
  return world.platform.hypervisor === 'pkvm' && caller === NS;
}

/**
 * `__do_ffa_mem_xfer` for FFA_MEM_SHARE/LEND, and the `ffa_call_supported` block list for DONATE.
 * Returns the error pKVM answers with, or null to forward the call to the SPMC.
 */
export function pkvmSendCheck(world: World, req: SendRequest): FfaError | null {
  // FFA_MEM_DONATE is blocked outright.
  if (req.op === 'donate') return 'FFA_NOT_SUPPORTED';
  // `ep_count != 1`: one borrower only.
  if (req.receivers.length !== 1) return 'FFA_INVALID_PARAMETERS';
  // `__pkvm_host_share_ffa`: every page must be PKVM_PAGE_OWNED by the host; a page already
  // SHARED_OWNED (lent or shared to TZ) fails with -EPERM, which the proxy returns as DENIED.
  if (req.pages.some((page) => !isOwnerEA(world, NS, page))) return 'FFA_DENIED';
  return null;
}

/** FFA_MEM_RETRIEVE_REQ and FFA_MEM_RELINQUISH from the host are blocked (host-as-borrower unsupported). */
export const PKVM_BLOCKED: FfaError = 'FFA_NOT_SUPPORTED';
