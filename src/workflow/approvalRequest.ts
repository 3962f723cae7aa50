import { z } from 'zod';
import { todayInJapan } from '../dates.js';
import { ASYNC_FUNCTIONS, LINE_STATES, type FreebitErrorCode } from '../freebit/index.js';
import { OPERATION_NAMES, requestedChangeSchema, requestedDateOf, type OperationName } from './operations/index.js';

/** The destructive operations, each gated by approval: the registry's names (operations/). */
export const OPERATIONS = OPERATION_NAMES;
export type Operation = OperationName;

/**
 * ARCHITECTURE.md, "The life of a request". Every transition is one compare-and-set in the store
 * plus one audit entry.
 */
export const REQUEST_STATES = [
  'pending',
  'approved',
  'executing',
  'accepted',
  'completed',
  'stuck',
  'failed',
  'rejected',
  'expired',
  'withdrawn',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The actor the bot's own transitions and audit entries name (an expiry, an execution, a follow-up's end). */
export const BOT_ACTOR = 'freebit-ops';

/** A request that still holds its line: no second destructive request may be opened for it. */
const OPEN_STATES: readonly RequestState[] = ['pending', 'approved', 'executing'];

const pendingChangeSchema = z.object({ func: z.enum(ASYNC_FUNCTIONS), date: z.string().optional() });

/**
 * What is kept of a line seen at Freebit: the facts ever compared or shown from it (state,
 * contract line, plan, pending change; lineChanges.ts, the approval message, the thread
 * replies, the follow-up). Nothing else that identifies the subscriber (ICCID, IMSI, addresses)
 * is stored: a record written with more (records before this) is read without it, and stripped
 * by the migration at start (prepare.ts).
 */
export const lineFactsSchema = z.object({
  state: z.enum(LINE_STATES),
  contractLine: z.string().optional(),
  planCode: z.string().optional(),
  pendingChange: pendingChangeSchema.optional(),
});
export type LineFacts = z.infer<typeof lineFactsSchema>;

/** The facts of a looked-up line that are kept (lineFactsSchema); null when Freebit did not know the number. */
export function factsOf(line: LineFacts | undefined | null): LineFacts | null {
  if (!line) return null;
  return {
    state: line.state,
    ...(line.contractLine ? { contractLine: line.contractLine } : {}),
    ...(line.planCode ? { planCode: line.planCode } : {}),
    ...(line.pendingChange
      ? { pendingChange: { func: line.pendingChange.func, ...(line.pendingChange.date ? { date: line.pendingChange.date } : {}) } }
      : {}),
  };
}

/** The change asked for: one shape per operation, each in its descriptor (operations/). */
export type { RequestedChange } from './operations/index.js';

/**
 * One fact of the line that moved between the request and the look-up right before the call,
 * before and after, as values (the Slack catalog words them). `null`: not set, or for `state`
 * the number was not at Freebit.
 */
export const lineFactChangeSchema = z.discriminatedUnion('fact', [
  z.object({ fact: z.literal('state'), before: z.enum(LINE_STATES).nullable(), after: z.enum(LINE_STATES).nullable() }),
  z.object({ fact: z.literal('contractLine'), before: z.string().nullable(), after: z.string().nullable() }),
  z.object({ fact: z.literal('planCode'), before: z.string().nullable(), after: z.string().nullable() }),
  z.object({ fact: z.literal('pendingChange'), before: pendingChangeSchema.nullable(), after: pendingChangeSchema.nullable() }),
]);
export type LineFactChange = z.infer<typeof lineFactChangeSchema>;

const FREEBIT_ERROR_CODES = [
  'refused',
  'timeout',
  'unreachable',
  'bad_answer',
  'auth_rejected',
] as const satisfies readonly FreebitErrorCode[];

/** What became of the Freebit call, in the terms a thread reply needs. */
const executionSchema = z.object({
  /** `date_passed`: the run or start date was before today (Japan time) when it was to be sent: nothing was. */
  result: z.enum(['accepted', 'already_satisfied', 'refused', 'line_changed', 'unknown', 'interrupted', 'not_checked', 'date_passed']),
  /** `unknown`: what the lookup afterwards showed. */
  settlement: z.enum(['accepted', 'not_accepted', 'unsettled']).optional(),
  detailCode: z.number().optional(),
  /**
   * A sentence from the Freebit layer, or what changed on the line, in English: for logs and
   * the audit trail. People read `lineChanges` and `errorCode` in their own language; records
   * written before those existed have only this.
   */
  detail: z.string().optional(),
  /** `line_changed`: what moved, fact by fact. */
  lineChanges: z.array(lineFactChangeSchema).optional(),
  /**
   * `not_checked`: why the look-up before the call failed (with `detailCode` when Freebit
   * refused it); `internal` when it was the bot's own part (its store) that failed.
   */
  errorCode: z.enum([...FREEBIT_ERROR_CODES, 'internal']).optional(),
  at: z.number(),
});
export type Execution = z.infer<typeof executionSchema>;

/**
 * A thread reply a transition owes (the outbox of the request): written by the transition's own
 * compare-and-set, removed once Slack took the reply. A process that dies between the two
 * leaves it here, and the sweep posts it (after checking the thread: reconcile.ts).
 */
export const owedReplySchema = z.object({
  /**
   * `completed` and `stuck`: the request's close (every accepted line done, or past its
   * deadline). Records of older builds may owe `lines_done`, the close of a request of several
   * lines: read as the request's close (`normaliseStoredRequest`).
   */
  kind: z.enum([
    'approval_counted',
    'approved',
    'rejected',
    'withdrawn',
    'expired',
    'executed',
    'line_list',
    'completed',
    'stuck',
    'reminder',
  ]),
  /** `approval_counted`: whose approval. */
  approverId: z.string().optional(),
  /** When the transition was taken. */
  since: z.number(),
  /** Posts Slack refused so far (bounded: reconcile.ts). */
  failures: z.number().int().optional(),
});
export type OwedReply = z.infer<typeof owedReplySchema>;

/**
 * A line's own way, from held to done: each line of a request is claimed (`held → executing`,
 * a compare-and-set of its own record), sent exactly once, and followed up on its own; the
 * request moves on when all its lines have (ARCHITECTURE.md, "The life of a request").
 */
export const LINE_STATES_OF_REQUEST = ['held', 'executing', 'accepted', 'failed', 'completed', 'stuck'] as const;
export type RequestLineState = (typeof LINE_STATES_OF_REQUEST)[number];

/**
 * One line of a request, in a record of its own (`<requestId>/<phone>`, requestLines.ts): the
 * line as the request saw it, and its progress. A line's progress never rewrites the request.
 */
export const requestLineSchema = z.object({
  requestId: z.string(),
  phone: z.string(),
  /** Where the line stands in its request (0 first): the request's lines are read in this order. */
  position: z.number().int().min(0),
  /** As the request saw it (its facts only); absent when Freebit did not know the number (a registration). */
  lineAtRequest: lineFactsSchema.optional(),
  state: z.enum(LINE_STATES_OF_REQUEST),
  /** `executing`: who took this line's claim (a random token), and until when its process is given. */
  claim: z.string().optional(),
  graceUntil: z.number().optional(),
  execution: executionSchema.optional(),
  /** `completed` or `stuck`: when the follow-up saw it end. */
  finishedAt: z.number().optional(),
  /**
   * `completed` or `stuck`: what its follow-up saw last (`null`: Freebit did not know the number),
   * the "after" of the thread's completion reply and the "last seen" of its stuck reply.
   */
  lastSeen: lineFactsSchema.nullable().optional(),
  /** `completed`: how long Freebit took from when the change was due (a cancellation dated next month did not "take a month"). */
  tookMs: z.number().optional(),
  /** `stuck`: the deadline its follow-up gave Freebit. */
  deadlineAt: z.number().optional(),
});
export type RequestLine = z.infer<typeof requestLineSchema>;
export const REQUEST_LINE_SCHEMA_VERSION = 1;

/** What is stored of a request (its lines are records of their own): what is the request's. */
export const requestRecordSchema = z.object({
  /** Short and human: people quote it ("FR-7K3Q"). */
  id: z.string(),
  /** The numbers the request is for (1 to BULK_MAX_LINES), in order: written with the request, never changed. */
  phones: z.array(z.string()).min(1),
  change: requestedChangeSchema,
  requesterId: z.string(),
  reason: z.string(),
  /** Where the request came from, and where its approval message is. */
  originChannelId: z.string().optional(),
  approvalChannelId: z.string(),
  approvalMessageTs: z.string().optional(),
  /**
   * `owed` from the record until the requester was told the request's id where they asked;
   * a process that died in between leaves it, and the sweep tells them by DM. Absent: told.
   */
  requesterNotice: z.literal('owed').optional(),
  /** The outbox: the thread replies the request's transitions owe, until Slack took them. */
  owedReplies: z.array(owedReplySchema).optional(),
  /**
   * When an update of the approval message failed (Slack refused it): the message may show an
   * older state, and nothing else would draw it again after a last transition. The sweep redraws it
   * and clears this (reconcile.ts). Absent: the message was drawn from the latest transition.
   */
  messageOutdated: z.number().optional(),
  /** When the one reminder of a pending request was decided on (remind.ts); absent: not reminded. */
  remindedAt: z.number().optional(),
  createdAt: z.number(),
  expiresAt: z.number(),
  state: z.enum(REQUEST_STATES),
  requiredApprovals: z.number().int().min(1),
  approvals: z.array(z.object({ userId: z.string(), at: z.number() })),
  /** Who rejected, withdrew, or (last) approved, and when. */
  decidedBy: z.string().optional(),
  decidedAt: z.number().optional(),
  rejectionReason: z.string().optional(),
  executingSince: z.number().optional(),
  /**
   * `approved` or `executing`: past this, the process that took the transition is taken for gone and
   * the sweep resumes or settles the request (execute.ts recoverInterrupted). Written by that
   * process from its own FREEBIT_TIMEOUT_MS, so a replica configured otherwise (a rolling
   * deploy that changes it) still waits as long as the work in flight may take. Absent on
   * records written before it existed: the reader's grace then applies.
   */
  graceUntil: z.number().optional(),
  /** Who took the `approved → executing` claim (a random token): the taker recognises its own claim after an ambiguous store error. */
  executionClaim: z.string().optional(),
  /**
   * The execution as a whole: `date_passed` when the date passed before anything was sent;
   * else when every line had its call (`accepted` when any line was taken, else `refused`).
   * Each line's own outcome is on the line.
   */
  execution: executionSchema.optional(),
  /** Set when every line is done (completed) or one is past its deadline (stuck). */
  finishedAt: z.number().optional(),
});
export type RequestRecord = z.infer<typeof requestRecordSchema>;

/** A request as the workflow and the Slack layer know it: the record and its lines (1 to BULK_MAX_LINES), in order. */
export type ApprovalRequest = RequestRecord & { lines: RequestLine[] };
/** 2: the lines live in records of their own (requestLines.ts); records of version 1 are read by `normaliseStoredRequest`. */
export const APPROVAL_REQUEST_SCHEMA_VERSION = 2;

/**
 * The day the change was asked for (a cancellation's run date, a registration's start date),
 * when that day is over in Japan at `nowMs`; undefined when it is today or later, or when the
 * change has no date. Freebit refuses a date in the past (204): such a request is never sent.
 */
export function passedDate(request: Pick<ApprovalRequest, 'change'>, nowMs: number): string | undefined {
  const date = requestedDateOf(request.change);
  return date !== undefined && date < todayInJapan(nowMs) ? date : undefined;
}

export function isOpen(request: Pick<RequestRecord, 'state'>): boolean {
  return OPEN_STATES.includes(request.state);
}

/** Every number the request is for, in order. */
export function phonesOf(request: Pick<RequestRecord, 'phones'>): string[] {
  return request.phones;
}
