import type { FreebitDate } from '../dates.js';
import type { Logger } from '../logger.js';
import type { PhoneNumber } from '../phone.js';
import type { FreebitError } from './errors.js';

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

export interface CancellationOrder {
  phone: PhoneNumber;
  /** Absent: immediately (PA02-04). */
  runDate?: FreebitDate;
}

export interface ContractChangeOrder {
  phone: PhoneNumber;
  contractLine: ContractLine;
  productNumber?: ProductNumber;
}

export interface RegistrationOrder {
  phone: PhoneNumber;
  planCode: string;
  /** Absent: immediately (PA02-01). */
  startDate?: FreebitDate;
}

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

/** What the rest of the bot needs from Freebit: one typed operation per spec page. */
export interface FreebitService {
  lookupLine(phone: PhoneNumber): Promise<Line>;
  cancelLine(order: CancellationOrder): Promise<ChangeResult>;
  changeContractLine(order: ContractChangeOrder): Promise<ChangeResult>;
  registerLine(order: RegistrationOrder): Promise<ChangeResult>;
  /**
   * The same service (same connections, authenticator and observer) logging its operations
   * through `logger`: a request-scoped child, so the call's lines name the request it serves.
   * Cheap; the view's `close` closes the shared connections.
   */
  withLogger(logger: Logger): FreebitService;
  close(): Promise<void>;
}
