import type { Logger } from '../logger.js';
import type { PhoneNumber } from '../phone.js';
import type { FreebitError } from './errors.js';
import type { Envelope } from './wire.js';

export type ContractLine = '4G' | '5G';

/** PA03-02 "State Values". */
export const LINE_STATES = ['waiting', 'temporary', 'active', 'suspended', 'obsolete'] as const;
export type LineState = (typeof LINE_STATES)[number];

/** PA03-02 "Async Function Values": what kind of change is pending at Freebit. */
export const ASYNC_FUNCTIONS = ['regist', 'stop', 'resume', 'cancel', 'revival', 'plnset', 'plnunset', 'change', 'chgctract'] as const;
export type AsyncFunction = (typeof ASYNC_FUNCTIONS)[number];

export interface PendingChange {
  func: AsyncFunction;
  /** The day Freebit will run it (YYYYMMDD, Japan time), when Freebit says. */
  date?: string;
}

/** A line as PA03-02 describes it, with the provider's quirks already undone. */
export interface Line {
  phone: PhoneNumber;
  state: LineState;
  planCode?: string;
  contractLine?: string;
  simSize?: string;
  /** All digits, exactly as Freebit wrote them (19 digits do not fit a double). */
  iccid?: string;
  imsi?: string;
  sms?: boolean;
  voice?: boolean;
  ipv4?: string;
  ipv6?: string;
  /** As given: the spec names no unit. */
  quota?: string;
  startDate?: string;
  masterAccount?: string;
  pendingChange?: PendingChange;
}

/** Two capitals and 13 digits (PA05-38 productNumber). */
export type ProductNumber = string & { readonly __brand: 'ProductNumber' };

/**
 * What became of a change sent to Freebit. `unknown` is its own outcome: the request may
 * have reached Freebit but no answer came back, so the layer looked the line up to settle it.
 */
export type ChangeResult =
  | { outcome: 'accepted' }
  /** PA02-04 detail code 101: already satisfied (the line was already cancelled). */
  | { outcome: 'already_satisfied' }
  | { outcome: 'refused'; error: FreebitError }
  | {
      outcome: 'unknown';
      cause: FreebitError;
      /** What the lookup afterwards showed; `unsettled` when that lookup failed too. */
      settlement: 'accepted' | 'not_accepted' | 'unsettled';
      line?: Line;
    };

/** How a change operation reads an answer its detail code alone does not settle. */
export interface AnswerReading {
  /** The operation refused with this detail code (a per-line code, say). */
  refused(detailCode: number, statusClass?: number): ChangeResult;
  /** The answer cannot say whether the change was applied: the outcome is settled by a lookup. */
  unreadable(what: string): never;
  logger: Logger;
}

/**
 * One change operation, one spec page: everything the Freebit layer knows of it, in one file
 * of operations/ (cancelLine.ts, changeContractLine.ts, registerLine.ts). Data and small
 * functions only, no connection: `FreebitService.sendChange` sends it (authKey, retries,
 * deadline, errors, and a lost answer settled by a lookup with `taken`).
 */
export interface FreebitChange<Order extends { phone: PhoneNumber }> {
  /** Its name in errors, metrics and logs (`FreebitOperation`): the name of its file. */
  readonly name: string;
  readonly path: string;
  /** The request body; the authKey is added by the call. Optional fields are left out when not used, never null (docs/freebit.md). */
  payload(order: Order): Record<string, unknown>;
  /** What an answer means when not by its detail code alone (100 accepted, anything else refused); undefined: that reading. */
  read?(answered: { envelope: Envelope; answer: unknown }, reading: AnswerReading): ChangeResult | undefined;
  /**
   * Whether a looked-up line shows Freebit took the change (docs/freebit.md, "What completion looks
   * like"). The one definition: a call whose answer was lost (`sendChange`) and a call the
   * process died around (the workflow's settle) both read it.
   */
  taken(line: Line, order: Order): boolean;
}

/** What the rest of the bot needs from Freebit: the lookup, and a change of any operation. */
export interface FreebitService {
  lookupLine(phone: PhoneNumber): Promise<Line>;
  /**
   * Sends one change (one of operations/*.ts) with its order. Never throws for something
   * Freebit or the network did: a refusal is a result, and an answer lost on the way is
   * settled by looking the line up (`outcome: 'unknown'`).
   */
  sendChange<Order extends { phone: PhoneNumber }>(operation: FreebitChange<Order>, order: Order): Promise<ChangeResult>;
  /**
   * The same service (same connections, authenticator and observer) logging its operations
   * through `logger`: a request-scoped child, so the call's lines name the request it serves.
   * Cheap; the view's `close` closes the shared connections.
   */
  withLogger(logger: Logger): FreebitService;
  close(): Promise<void>;
}
