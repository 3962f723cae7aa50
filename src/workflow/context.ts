import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { FreebitService } from '../freebit/index.js';
import type { Logger } from '../logger.js';
import type { AccessLog } from './accessLog.js';
import { declareIndexes, type AuditEntry, type RecordCollection, type SharedPace, type Store } from '../store/index.js';
import {
  APPROVAL_REQUEST_SCHEMA_VERSION,
  owedReplySchema,
  requestRecordSchema,
  type ApprovalRequest,
  type OwedReply,
  type RequestLine,
  type RequestRecord,
  type RequestState,
} from './approvalRequest.js';
import { normaliseStoredRequest, requestLineCollection, requestsWithLines, storedRequestOfAnyVersionSchema } from './requestLines.js';
import type { Courier } from './courier.js';
import { replyKeyOf, type ApprovalMessenger, type Channels, type OwedThreadEvent, type ThreadEvent } from './messenger.js';
import type { ApprovalPolicy } from './policy.js';
import { lineChecks, type StoredLineCheck } from './preflight.js';
import { REQUEST_INDEX_VERSION, requestIndexes } from './requestIndexes.js';

/** What every workflow step works with; built once by `createApprovals`. */
export interface WorkflowContext {
  store: Store;
  /** The requests, each read with its lines (requestLines.ts); what is written through it is the request's own record. */
  requests: RecordCollection<ApprovalRequest>;
  /** Each line of each request, in a record of its own (`<requestId>/<phone>`): a line's progress is written there. */
  requestLines: RecordCollection<RequestLine>;
  /** One open destructive request per line: the line's number → the request holding it. */
  lineHolds: RecordCollection<LineHold>;
  /** Pre-flights of requests for several lines, until their requester submits one (preflight.ts). */
  lineChecks: RecordCollection<StoredLineCheck>;
  freebit: FreebitService;
  messenger: ApprovalMessenger;
  /**
   * Delivers what the message and thread are owed in the background, in order, paced and
   * retried after Slack's "not now" (courier.ts): the step that took the transition does not wait.
   */
  courier: Courier;
  policy: ApprovalPolicy;
  /** Every line shown is recorded here before it is shown (form checks, a request's check, the re-check before a call). */
  access: AccessLog;
  clock: Clock;
  logger: Logger;
  approvalTtlMs: number;
  /** APPROVAL_CHANNEL_ID; unset: the channel the request came from. */
  approvalChannelId?: string;
  /** Which channels are shared with another organisation; absent: none is asked about (SHARE_EXTERNAL_CHANNELS=true). */
  externalChannels?: Channels;
  /**
   * Beyond this an `executing` request is taken for interrupted by a restart (several Freebit
   * deadlines), and so is a message or a reply still owed: a live process would have finished it.
   */
  executionGraceMs: number;
  /**
   * How long a claim to execute (a request `approved` or `executing`, a line `executing`) holds
   * without renewal (`graceUntil`). Its process renews it while it works (leases.ts), so a
   * process killed outright frees the request within this, and a live one is never overtaken.
   */
  claimLeaseMs: number;
  /**
   * An accepted change is handed on to the follow-up poller: the accepted line `phone`, or every
   * accepted line of the request not yet handed on (idempotent).
   */
  onAccepted: (request: ApprovalRequest, phone?: string) => Promise<void>;
  /**
   * The pace of the bot's own calls to Freebit (a request's lines, their pre-flight, the
   * follow-up polls), shared by every replica on the store. A person's own look-up (the card,
   * a refresh) does not wait for it.
   */
  pace: SharedPace;
  /**
   * The executor's (executor.ts), set when it stops: a batch in flight claims no new line, so the
   * stop waits only for the calls already out; the lines left `held` are taken up by the sweep
   * of the next process (or another replica) once the request's grace has passed.
   */
  halt: { readonly requested: boolean };
  /** Requests this process is executing now (their claims it renews). */
  working: Set<string>;
}

/** The same context speaking through `logger`: its own lines and its Freebit client's. */
export function withLogger<C extends Pick<WorkflowContext, 'freebit' | 'logger'>>(context: C, logger: Logger): C {
  return { ...context, logger, freebit: context.freebit.withLogger(logger) };
}

/** A request record of an older version, read as the current record (its lines are written as records of their own at start: prepare.ts). */
function readOlderRequest(data: unknown, version: number): RequestRecord | undefined {
  if (version !== 1) return undefined;
  const parsed = storedRequestOfAnyVersionSchema.safeParse(data);
  return parsed.success ? normaliseStoredRequest(parsed.data).record : undefined;
}

// Declared for the namespace, so that every records('requests', …) writes through them.
const requestIndexOptions = declareIndexes('requests', {
  indexes: requestIndexes,
  indexVersion: REQUEST_INDEX_VERSION,
  readOlder: readOlderRequest,
});

/** The stored request records alone (without their lines): the migration at start and the tests that write a record as another build left it. */
export function requestRecords(store: Pick<Store, 'records'>): RecordCollection<RequestRecord> {
  return store.records('requests', requestRecordSchema, APPROVAL_REQUEST_SCHEMA_VERSION, requestIndexOptions);
}
/** The store namespace of the line holds (one open request per line). */
export const LINE_HOLDS = 'line-holds';
/**
 * A line's hold names its request. The holds are written before the request (requestChange.ts),
 * so a hold may name a request not written yet: `since` says how long that may last before the
 * hold is taken for one a dead process left (taken over, or released by the sweep). A hold
 * written before `since` existed names a request that existed once. `phone`: the hold's own
 * key, so that the sweep, reading the holds through their index, can release one.
 */
const lineHoldSchema = z.object({ requestId: z.string(), phone: z.string().optional(), since: z.number().optional() });
export type LineHold = z.infer<typeof lineHoldSchema>;

/** A hold naming a request that does not exist, old enough that its request is not being written now (a grace: several store deadlines). */
export function holdOrphaned(context: Pick<WorkflowContext, 'clock' | 'executionGraceMs'>, hold: Pick<LineHold, 'since'>): boolean {
  return hold.since === undefined || hold.since + context.executionGraceMs <= context.clock.now();
}
// Holds exist only for open requests: `all` lists them without scanning everything stored.
const holdIndexOptions = declareIndexes<LineHold>(LINE_HOLDS, { indexes: () => [{ index: 'all', score: 0 }] });

export function requestCollections(store: Store) {
  const requestLines = requestLineCollection(store);
  return {
    requests: requestsWithLines(requestRecords(store), requestLines),
    requestLines,
    lineHolds: store.records(LINE_HOLDS, lineHoldSchema, 1, holdIndexOptions),
    lineChecks: lineChecks(store),
  };
}

/**
 * One transition of the request's life: a compare-and-set from one of `from`, plus one audit
 * entry. `owe`: the thread reply the transition is announced with, recorded by the same
 * compare-and-set (the request's outbox: `announce` posts it and removes it). Returns the
 * request after the transition, or undefined when somebody else took it first (a double click, a
 * Slack retry, another replica).
 */
export async function transition(
  context: Pick<WorkflowContext, 'requests' | 'store' | 'clock'> & { logger?: Logger },
  id: string,
  actor: string,
  from: readonly RequestState[],
  change: (request: ApprovalRequest) => ApprovalRequest | undefined,
  /**
   * `owe` may depend on the request after the transition (an approval that completes the count owes "approved").
   * `action`: the audit entry's, when the state does not move and it is not an approval counted (a reminder).
   */
  options: {
    detail?: string | ((after: ApprovalRequest) => string | undefined);
    owe?: OwedThreadEvent | ((after: ApprovalRequest) => OwedThreadEvent);
    action?: string;
  } = {},
): Promise<{ before: ApprovalRequest; after: ApprovalRequest } | undefined> {
  let before: ApprovalRequest | undefined;
  const now = context.clock.now();
  const outcome = await context.requests.update(id, (current) => {
    if (!from.includes(current.state)) return undefined;
    before = current;
    const next = change(current);
    if (!next || !options.owe) return next;
    return withOwedReply(next, typeof options.owe === 'function' ? options.owe(next) : options.owe, now);
  });
  if (!outcome.updated || !before) return undefined;
  const after = outcome.value;
  const detail = typeof options.detail === 'function' ? options.detail(after) : options.detail;
  await appendAudit(context, {
    requestId: id,
    phone: auditedUnder(after),
    actor,
    action: options.action ?? (after.state === before.state ? 'approval_counted' : after.state),
    from: before.state,
    to: after.state,
    at: now,
    ...(detail ? { detail } : {}),
  });
  return { before, after };
}

/**
 * The audit trail is kept by line: the request's own transitions are written under the number
 * it lists first, so that `/freebit history` of that number shows them (the other lines' history
 * reads them from the request's trail: Approvals.historyOf).
 */
export function auditedUnder(request: Pick<RequestRecord, 'phones'>): string {
  return request.phones[0]!;
}

/**
 * The transition is taken once its compare-and-set is: a store error on the audit entry that follows
 * must not stop the request half-way (approved and never sent, accepted and never followed up,
 * the approver told "bot problem" over live buttons). The entry is tried twice; if the store
 * still refuses it, it goes to the log whole (error level), and the request carries on.
 */
async function appendAudit(context: Pick<WorkflowContext, 'store'> & { logger?: Logger }, entry: AuditEntry): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await context.store.audit.append(entry);
    } catch (error) {
      if (attempt < 2) continue;
      context.logger?.error(
        { event: 'workflow.audit_lost', requestId: entry.requestId, entry, err: error },
        'could not write the audit entry of a transition already taken; it is only in this log line',
      );
      return;
    }
  }
}

function owedReplyOf(event: OwedThreadEvent, since: number): OwedReply {
  return { kind: event.kind, ...(event.kind === 'approval_counted' ? { approverId: event.approverId } : {}), since };
}

/** The event an owed reply stands for. */
export function eventOf(owed: OwedReply): OwedThreadEvent {
  return owed.kind === 'approval_counted' ? { kind: owed.kind, approverId: owed.approverId ?? '' } : { kind: owed.kind };
}

/**
 * Lets the lines (`phones`, default all of the request's) take a new request once this one no
 * longer holds them. Throws when the store fails: a caller that carries on whatever happens
 * catches it with `leftToSweep` (the hold then names a closed request, which the sweep releases,
 * and a new request for the line takes over).
 */
export async function releaseLines(
  context: Pick<WorkflowContext, 'lineHolds'>,
  request: Pick<RequestRecord, 'id' | 'phones'>,
  phones: readonly string[] = request.phones,
): Promise<void> {
  // One compare-and-delete: a hold another request took over meanwhile (requestChange.ts) is
  // never deleted by this one's late release, which would let a third request open beside it.
  for (const phone of phones) await context.lineHolds.deleteIf(phone, (hold) => hold.requestId === request.id);
}

/** The catch of a release the caller does not wait on: logged, and left to the sweep. */
export function leftToSweep(context: Pick<WorkflowContext, 'logger'>, requestId: string): (error: unknown) => void {
  return (error) =>
    context.logger.warn({ event: 'workflow.release_failed', requestId, err: error }, 'could not release the line; the sweep releases it');
}

/** What `announce` and the drawings work with; without a courier (a bare follow-up poller) they go inline. */
type AnnounceContext = Pick<WorkflowContext, 'messenger' | 'logger' | 'requests' | 'clock'> & { courier?: Courier };

/**
 * The message and the thread follow the request. The message is re-rendered, then the reply
 * the transition owes is posted and removed from the request's outbox. The two are apart: a failed
 * update must not cost the reply. A reply Slack refused stays owed, and the sweep posts it
 * later (reconcile.ts); the store loses nothing either way.
 *
 * With a courier (every process's workflow) both are handed to it and go out in the background,
 * in the request's order: the returned promise settles once they are delivered (or left to the
 * sweep), and the caller need not wait for it (an approval's Freebit call does not).
 */
export function announce(context: AnnounceContext, request: ApprovalRequest, event: ThreadEvent): Promise<void> {
  if (context.courier) {
    // A reminder leaves the message as it is: a redraw from its copy could only put back buttons a decision just took away.
    const drawn = event.kind === 'reminder' ? undefined : context.courier.redraw(request.id);
    const replied = context.courier.reply(request.id, event, { owed: isOwed(event) });
    return Promise.all([drawn, replied]).then(() => undefined);
  }
  return announceInline(context, request, event);
}

async function announceInline(context: AnnounceContext, request: ApprovalRequest, event: ThreadEvent): Promise<void> {
  if (event.kind !== 'reminder') await redraw(context, request);
  try {
    await context.messenger.postInThread(request, event);
  } catch (error) {
    context.logger.error(
      { event: 'workflow.announce_failed', requestId: request.id, kind: event.kind, err: error },
      'could not post in the request’s thread; it is tried again later',
    );
    return;
  }
  if (!isOwed(event)) return; // the follow-up's own outbox (followUps.ts)
  // A store failure here leaves the reply owed: the sweep finds it in the thread and posts nothing twice.
  await removeFromOutbox(context, request.id, replyKeyOf(event)).catch((error: unknown) =>
    context.logger.warn(
      { event: 'workflow.strike_off_failed', requestId: request.id, kind: event.kind, err: error },
      'could not mark the reply as posted',
    ),
  );
}

/** Whether a transition records the reply in the request's outbox (the follow-up's progress, completion and stuck replies have their own). */
function isOwed(event: ThreadEvent): boolean {
  return (owedReplySchema.shape.kind.options as readonly string[]).includes(event.kind);
}

/**
 * Draws the approval message from the request. A refused update is noted on the request
 * (`messageOutdated`), so that the sweep draws it again: after a last transition nothing else would,
 * and the message would go on showing buttons, or "in progress", for good. A redraw that went
 * through clears the note it saw. Returns whether Slack took it.
 */
export async function redraw(
  context: Pick<WorkflowContext, 'messenger' | 'logger' | 'requests' | 'clock'>,
  request: ApprovalRequest,
): Promise<boolean> {
  const id = request.id;
  try {
    await context.messenger.updateRequest(request);
  } catch (error) {
    context.logger.warn(
      { event: 'workflow.update_failed', requestId: id, err: error },
      'could not update the approval message; the sweep draws it again',
    );
    await noteOutdated(context, id);
    return false;
  }
  await clearOutdated(context, request);
  return true;
}

/** The message may show an older state than the request's: noted, so that the sweep draws it again. */
export async function noteOutdated(context: Pick<WorkflowContext, 'logger' | 'requests' | 'clock'>, requestId: string): Promise<void> {
  const at = context.clock.now();
  await context.requests
    // Always a new value (the note moves on), so that a redraw in flight that saw the older note does not clear this one.
    .update(requestId, (current) => ({ ...current, messageOutdated: Math.max(at, (current.messageOutdated ?? 0) + 1) }))
    .catch((noted: unknown) =>
      context.logger.warn({ event: 'workflow.outdated_not_noted', requestId, err: noted }, 'could not note the message as outdated'),
    );
}

/** A drawing of `drawn` went through: the outdated note it saw is cleared (only that one: one written since, a later refusal, stays). */
export async function clearOutdated(context: Pick<WorkflowContext, 'logger' | 'requests'>, drawn: ApprovalRequest): Promise<void> {
  const seen = drawn.messageOutdated;
  if (seen === undefined) return;
  await context.requests
    .update(drawn.id, ({ messageOutdated, ...rest }) => (messageOutdated === seen ? rest : undefined))
    .catch((cleared: unknown) =>
      context.logger.warn(
        { event: 'workflow.outdated_not_cleared', requestId: drawn.id, err: cleared },
        'could not clear the outdated note',
      ),
    );
}

/**
 * Draws the approval message from the request as stored now, for a drawing nothing else orders
 * (a batch's progress, lines the follow-up saw end). Another process may take the request's
 * last transition, and draw it, while this drawing is on its way: when the request moved meanwhile,
 * it is drawn once more, so that the message ends on the latest state rather than on this one.
 * With a courier the drawing is queued there, coalesced with any other still waiting.
 */
export async function redrawLatest(context: AnnounceContext, requestId: string): Promise<void> {
  if (context.courier) return context.courier.redraw(requestId);
  const read = () => context.requests.get(requestId).catch(() => undefined);
  const drawn = await read();
  if (!drawn) return;
  await redraw(context, drawn);
  const now = await read();
  if (now && (now.state !== drawn.state || JSON.stringify(now.lines) !== JSON.stringify(drawn.lines))) await redraw(context, now);
}

/** The reply is in the thread: the request owes it no more. */
export async function removeFromOutbox(context: Pick<WorkflowContext, 'requests'>, requestId: string, key: string): Promise<void> {
  await context.requests.update(requestId, (current) => withoutOwedReply(current, key));
}

/** The request with `event` in its outbox too, as the transition taken at `now` records it. */
export function withOwedReply<R extends Pick<RequestRecord, 'owedReplies'>>(request: R, event: OwedThreadEvent, now: number): R {
  return { ...request, owedReplies: [...(request.owedReplies ?? []), owedReplyOf(event, now)] };
}

/** The request without the reply `key` in its outbox; undefined when it did not owe it. */
export function withoutOwedReply<R extends Pick<RequestRecord, 'owedReplies'>>(request: R, key: string): R | undefined {
  const owed = request.owedReplies ?? [];
  const rest = owed.filter((reply) => replyKeyOf(eventOf(reply)) !== key);
  if (rest.length === owed.length) return undefined;
  const { owedReplies: _, ...without } = request;
  return (rest.length > 0 ? { ...without, owedReplies: rest } : without) as R;
}
