/**
 * A loaded scenario (SPEC section 7): a fixed script of FF-A calls and memory accesses, each with
 * the result it expects, and the report its run produces (the `--json` shape).
 */
import type { Platform } from '../../model/platform.ts';
import type { Access, Content } from '../../model/state.ts';

/** The `do` verbs, in SPEC order. */
export const SEND_VERBS = ['ffa_lend', 'ffa_share', 'ffa_donate'] as const;
export const HANDLE_VERBS = ['ffa_retrieve', 'ffa_relinquish', 'ffa_reclaim'] as const;
export const ACCESS_VERBS = ['read', 'write'] as const;
export const VERBS = [...SEND_VERBS, ...HANDLE_VERBS, ...ACCESS_VERBS] as const;
export type SendVerb = (typeof SEND_VERBS)[number];
export type HandleVerb = (typeof HANDLE_VERBS)[number];
export type AccessVerb = (typeof ACCESS_VERBS)[number];
export type Verb = (typeof VERBS)[number];

/** A handle as a step names it: a name bound by an earlier step's `as`, or a raw handle value. */
export type HandleRef = { readonly name: string } | { readonly value: number };

interface StepBase {
  /** 1-based position in `steps`. */
  readonly index: number;
  readonly line: number;
  /** `ns` or a declared secure endpoint. */
  readonly by: string;
  /** As written: `ok`, an FF-A error code, `error` (any FF-A error), `fault` or `abort`. */
  readonly expect: string;
}

export type ScenarioStep =
  | (StepBase & {
      readonly do: SendVerb;
      readonly pages: readonly number[];
      readonly to: readonly string[];
      /** Undefined = data access not specified (the default for a donate). */
      readonly access: Access | undefined;
      readonly clear: boolean;
      /** Name the returned handle is bound to. */
      readonly as: string | null;
    })
  | (StepBase & {
      readonly do: 'ffa_retrieve';
      readonly handle: HandleRef;
      readonly access: Access | undefined;
      readonly clear: boolean;
      readonly clearRelinquish: boolean;
    })
  | (StepBase & { readonly do: 'ffa_relinquish' | 'ffa_reclaim'; readonly handle: HandleRef; readonly clear: boolean })
  | (StepBase & {
      readonly do: AccessVerb;
      readonly page: number;
      /** lendcheck extension: the content an `ok` read must see. */
      readonly content: Content | null;
    });

export interface Scenario {
  readonly name: string;
  readonly file: string;
  readonly platform: Platform;
  readonly steps: readonly ScenarioStep[];
}

/** One step of the `--json` report. */
export interface StepReport {
  readonly index: number;
  readonly by: string;
  readonly do: Verb;
  readonly result: string;
  readonly expect: string;
  readonly match: boolean;
}

/** Exactly what `lendcheck run --json` prints. */
export interface ScenarioReport {
  readonly scenario: string;
  readonly ok: boolean;
  readonly steps: readonly StepReport[];
  /** Ids of the invariants some state of the run breaks, in the order they first broke. */
  readonly violations: readonly string[];
}
