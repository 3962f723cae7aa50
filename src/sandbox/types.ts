import type { Clock } from '../clock.js';

/** PA03-02 "State Values". */
export type LineState = 'waiting' | 'temporary' | 'active' | 'suspended' | 'obsolete';

/** PA03-02 "Async Function Values". */
export type AsyncFunc = 'regist' | 'stop' | 'resume' | 'cancel' | 'revival' | 'plnset' | 'plnunset' | 'change' | 'chgctract';

export type ContractLine = '4G' | '5G';

/** `10` on, `20` off, as PA03-02 writes every switch. */
export type Switch = 10 | 20;

/** PA03-02 "Voice Option Parameters (Level 3)". */
export interface VoiceOption {
  state: 'waiting' | 'temporary' | 'active' | 'obsolete';
  voiceMail: Switch;
  callWaiting: Switch;
  callTransfer: Switch;
  callTransferToWorld: Switch;
  /** 10 amount specified, 11 unlimited, 20 disabled; the limit goes with 10. */
  worldCall: 10 | 11 | 20;
  worldCallCreditLimit?: number;
  worldWing: 10 | 11 | 20;
  worldWingCreditLimit?: number;
}

/** An asynchronous request Freebit has accepted but not finished. */
export interface PendingChange {
  func: AsyncFunc;
  /** `async.date` as PA03-02 shows it: YYYYMMDD (JST). */
  date: string;
  /** Epoch ms when the request was accepted. */
  requestedAt: number;
  /** Epoch ms when processing starts: the start of the run date in JST, or the request time. */
  dueAt: number;
  /** Epoch ms when the change has taken effect (dueAt + the scaled processing time). */
  completesAt: number;
  /** The fields the line takes once complete. */
  outcome: Partial<Pick<SandboxLine, 'state' | 'planCode' | 'contractLine'>>;
}

/** One MVNO line as the sandbox holds it. */
export interface SandboxLine {
  /** The phone number, 11 digits with its leading 0: `09012345678`. */
  account: string;
  state: LineState;
  /** `''` when no plan is set (PA03-02). */
  planCode: string;
  contractLine: ContractLine;
  /** Digits as a string: a 19-digit ICCID does not fit a double. */
  iccid: string;
  imsi: string;
  size: 'standard' | 'nano' | 'micro';
  sms: Switch;
  talk: Switch;
  ipv4: string;
  ipv6: string;
  /** No unit in the spec: shown as given. */
  quota: number;
  /** YYYYMMDD (JST). */
  startDate: string;
  /** `''` for a line registered without the User Management Service. */
  masterAccount: string;
  /** Present when the line has voice (talk 10). */
  voice?: VoiceOption;
  pending?: PendingChange;
}

export interface SandboxOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default 1; 60 = processing runs 60x faster (10 min cancellation → 10 s). Calendar dates are not scaled. */
  timeScale?: number;
  /** Default systemClock; tests pass a ManualClock and move it. */
  clock?: Clock;
  /** When both are set, /authOem/ accepts only these; otherwise any non-empty pair. */
  oemId?: string;
  oemKey?: string;
  /** Default true: the seeded lines (README.md). */
  seed?: boolean;
  /** Plans that exist; default ['LTE3G_P01', 'LTE3G_P02', 'LTE5G_P01'] (others → 220). */
  planCodes?: string[];
}

export type SandboxFault =
  | { kind: 'hang' } // never answers (until close)
  | { kind: 'http-status'; status: number } // that HTTP status with a non-JSON body, operation NOT applied
  | { kind: 'result-code'; code: number } // a normal 200 answer with that detail code, not applied
  | { kind: 'reset' } // destroys the socket without applying anything
  | { kind: 'apply-then-reset' } // applies the operation, then destroys the socket: an unknown outcome
  | { kind: 'delay'; ms: number } // applies, then answers normally after a real delay
  | { kind: 'apply-later'; ms: number } // never answers; applies the operation `ms` (real time) after it arrived: a Freebit still at work when the client gave up
  /** HTTP 200 with exactly this body (raw text, e.g. an answer shape the client must survive); applies the operation only when `apply` is true. */
  | { kind: 'answer'; body: string; apply?: boolean };

export interface ReceivedRequest {
  /** Relative to the base path, e.g. '/master/getAcnt/'. */
  path: string;
  /** The parsed `json` form field; undefined when there was none or it did not parse. */
  json: unknown;
  /** Clock time of receipt. */
  at: number;
}

export interface RunningSandbox {
  /** e.g. 'http://127.0.0.1:43123/emptool/api' (no trailing slash). */
  readonly url: string;
  /** Stops listening and ends every open request, hung ones included. */
  close(): Promise<void>;
  /** Every request received, in order, for tests to assert what Freebit received. */
  readonly received: ReadonlyArray<ReceivedRequest>;
  clearReceived(): void;
  /** Fault injection for the next matching request(s) to a path (e.g. '/master/getAcnt/'); `times` default 1. Replaces faults still waiting on that path. */
  injectFault(path: string, fault: SandboxFault, times?: number): void;
  /** Every authKey issued so far starts answering 205 (as if Freebit expired them). */
  revokeAuthKeys(): void;
  /** The line as the sandbox holds it now (after applying due async progress), or undefined. */
  line(account: string): SandboxLine | undefined;
  /** Add or replace a line (tests set up states). */
  putLine(line: SandboxLine): void;
}
