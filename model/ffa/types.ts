/**
 * The FF-A relayer's interface. One implementation (relayer.ts) serves both the model checker's
 * kernel steps and the scenario runner, so the conformance suite checks the code the search uses.
 */
import type { StepResult } from '../results.ts';
import type { Access, FfaOp, World } from '../state.ts';

/** FFA_MEM_LEND / FFA_MEM_SHARE / FFA_MEM_DONATE from `sender`. */
export interface SendRequest {
  readonly op: FfaOp;
  readonly sender: string;
  /** Receivers in descriptor order; `access` undefined means "not specified" (required for donate). */
  readonly receivers: readonly { readonly endpoint: string; readonly access?: Access }[];
  readonly pages: readonly number[];
  /** Descriptor flag bit 0: zero the memory after unmapping it from the sender. */
  readonly clear: boolean;
}

/** FFA_MEM_RETRIEVE_REQ by `receiver`. */
export interface RetrieveRequest {
  readonly handle: number;
  readonly receiver: string;
  /** Requested access; undefined = not specified (RW if the sender granted RW). */
  readonly access?: Access;
  /** Flag bit 0: retrieve only if the sender zeroed the memory. */
  readonly clear?: boolean;
  /** Flag bit 2: zero the memory after relinquish. */
  readonly clearRelinquish?: boolean;
}

/** FFA_MEM_RELINQUISH by `endpoint`. */
export interface RelinquishRequest {
  readonly handle: number;
  readonly endpoint: string;
  readonly clear?: boolean;
}

/** FFA_MEM_RECLAIM by `caller`. */
export interface ReclaimRequest {
  readonly handle: number;
  readonly caller: string;
  readonly clear?: boolean;
}

/** What every relayer call returns: the next world and the call's result. */
export interface RelayerOutcome {
  readonly world: World;
  readonly result: StepResult;
  /** The handle a successful send allocated. */
  readonly handle?: number;
}
