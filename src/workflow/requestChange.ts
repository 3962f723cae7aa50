import { randomInt } from 'node:crypto';
import type { Line } from '../freebit/index.js';
import { FreebitError } from '../freebit/index.js';
import { forRequest } from '../logger.js';
import type { PhoneNumber } from '../phone.js';
import { BOT_ACTOR, factsOf, isOpen, type ApprovalRequest, type RequestLine } from './approvalRequest.js';
import { heldLines, LINES_SHOWN_IN_MESSAGE } from './requestLines.js';
import { StoreError } from '../store/index.js';
import { holdOrphaned, leftToSweep, releaseLines, transition, withOwedReply, type WorkflowContext } from './context.js';
import { WorkflowError, type RelatedRequest } from './errors.js';
import type { MessageRef } from './messenger.js';
import { operationOf, type ChangeDraft } from './operations/index.js';
import { checkFor, refuseUnlessMayRequest, type LineVerdict } from './preflight.js';

/** What a form asks for: the operation and its Freebit order (one shape per operation, from the registry). */
export type { ChangeDraft } from './operations/index.js';

export interface ChangeRequestInput {
  draft: ChangeDraft;
  reason: string;
  requesterId: string;
  /** The conversation the request came from (the default approval channel). */
  channelId?: string;
}

export type ChangeRequestOutcome = { outcome: 'submitted'; reference: string; request: ApprovalRequest };

/**
 * A support agent asks for a destructive change. The line is looked up first, and a request
 * that cannot succeed is refused with the reason before any approver is bothered; then the
 * line is held (one open request per line), the request recorded and its approval message posted.
 */
export async function requestChange(context: WorkflowContext, input: ChangeRequestInput): Promise<ChangeRequestOutcome> {
  const phone = input.draft.order.phone;
  const look = { userId: input.requesterId, phones: [phone], surface: 'request_check' as const, channelId: input.channelId };
  const approvalChannelId = await refuseUnlessMayRequest(context, input.draft.operation, input.requesterId, input.channelId, false, look);
  const operation = operationOf(input.draft);
  const change = operation.changeOf(input.draft.order);
  // The check's answer (the line's state, its plan) reaches the requester and the approval message: recorded first.
  await context.access.admit(look);
  const line = await currentLine(context, phone);
  // The spec pages' refusals (PA02-01, PA02-04, PA03-02, PA05-38): a request Freebit would refuse anyway (208, 210, 101, 361, 230/362) bothers no approver.
  const hopeless = operation.refusal(line, change);
  if (hopeless) throw new WorkflowError(hopeless);

  const now = context.clock.now();
  const request: ApprovalRequest = {
    id: '',
    phones: [phone],
    // Only the facts compared and shown (state, contract line, plan, pending change): no ICCID or IMSI is kept.
    lines: heldLines('', [{ phone, ...(line ? { lineAtRequest: factsOf(line)! } : {}) }]),
    change,
    requesterId: input.requesterId,
    reason: input.reason,
    ...(input.channelId ? { originChannelId: input.channelId } : {}),
    approvalChannelId,
    createdAt: now,
    expiresAt: now + context.approvalTtlMs,
    state: 'pending',
    // Removed once the requester heard the id (Approvals.requesterTold); else the sweep tells them.
    requesterNotice: 'owed',
    requiredApprovals: context.policy.requiredApprovals(input.draft.operation),
    approvals: [],
  };
  const recorded = await recordHoldingTheLine(context, request);
  await context.store.audit.append({
    requestId: recorded.id,
    phone,
    actor: input.requesterId,
    action: 'requested',
    to: 'pending',
    at: now,
    detail: input.reason,
  });
  const final = await postApprovalMessage(context, recorded);
  return { outcome: 'submitted', reference: final.id, request: final };
}

/** A request for several lines, as submitted from its pre-flight's summary: `leftOut` lists the lines another request took meanwhile. */
export type BulkChangeOutcome = ChangeRequestOutcome & { leftOut: LineVerdict[] };

/**
 * The requester asks for the lines their pre-flight passed (checkLines, preflight.ts): one
 * request, one approval message, every line held by it while it is open. A line
 * another request took since the pre-flight is left out and named; the lines seen at the
 * pre-flight are what the approval message shows, and what each line is checked against
 * right before its own call.
 */
export async function requestChecked(context: WorkflowContext, checkId: string, requesterId: string): Promise<BulkChangeOutcome> {
  const check = await checkFor(context, checkId, requesterId);
  const approvalChannelId = await refuseUnlessMayRequest(context, check.change.operation, requesterId, check.channelId, true);
  const passing = check.verdicts.filter((verdict) => !verdict.refusal);
  if (passing.length === 0) throw new WorkflowError('no_line_requestable');

  const now = context.clock.now();
  const id = await unusedRequestId(context);
  const lines = heldLines(
    id,
    passing.map((verdict) => ({ phone: verdict.phone, ...(verdict.line ? { lineAtRequest: verdict.line } : {}) })),
  );
  const draft: ApprovalRequest = {
    id,
    phones: lines.map((line) => line.phone),
    lines,
    change: check.change,
    requesterId,
    reason: check.reason,
    ...(check.channelId ? { originChannelId: check.channelId } : {}),
    approvalChannelId,
    createdAt: now,
    expiresAt: now + context.approvalTtlMs,
    state: 'pending',
    requesterNotice: 'owed',
    requiredApprovals: context.policy.requiredApprovals(check.change.operation, true),
    approvals: [],
  };
  // The holds first, each naming the request about to be written, then the request, in one
  // write, listing exactly the lines it holds. A process killed in between leaves holds naming
  // no request: the sweep releases them, and another request takes them over, once they are
  // older than the grace (reconcile.ts releaseStaleHolds, holdLine). Never a request listing a
  // line it does not hold, which the sweep would post and an approver could send.
  const leftOut: LineVerdict[] = [];
  const held: RequestLine[] = [];
  try {
    for (const line of lines) {
      const holder = await holdLine(context, line.phone, draft.id);
      if (holder)
        leftOut.push({
          phone: line.phone as PhoneNumber,
          ...(line.lineAtRequest ? { line: line.lineAtRequest } : {}),
          refusal: 'open_request_exists',
          holderId: holder.id,
        });
      else held.push(line);
    }
  } catch (error) {
    // Nothing recorded: the holds taken are let go of, the one whose write failed too (it may
    // have landed all the same); only holds naming this request are touched. If the store fails
    // that too, the sweep releases them after the grace.
    await releaseLines(context, draft).catch(() => undefined);
    throw error;
  }
  if (held.length === 0) throw new WorkflowError('lines_taken');
  // The lines held, in their order.
  const complete: ApprovalRequest = {
    ...draft,
    phones: held.map((line) => line.phone),
    lines: heldLines(id, held),
  };
  // Longer than the message shows: the whole list goes in its thread, owed like a reply (reconcile.ts posts it if this process stops).
  const recorded = held.length > LINES_SHOWN_IN_MESSAGE ? withOwedReply(complete, { kind: 'line_list' }, now) : complete;
  await createHolding(context, recorded);
  // One entry per line: `/freebit history <number>` finds the request from any of them. The
  // request's own transition is written under the line it is audited under (the first); the
  // others are the lines' (`line_…`, which metrics do not count as transitions of a request).
  for (const [index, line] of recorded.lines.entries()) {
    const action = index === 0 ? 'requested' : 'line_requested';
    await context.store.audit.append({
      requestId: recorded.id,
      phone: line.phone,
      actor: requesterId,
      action,
      to: 'pending',
      at: now,
      detail: check.reason,
    });
  }
  await context.lineChecks.delete(check.id).catch(() => undefined);
  const final = await postApprovalMessage(context, recorded);
  // Handed to the courier (owed on the record already): the requester does not wait for Slack's pace.
  if (final.owedReplies?.some((reply) => reply.kind === 'line_list') && final.approvalMessageTs)
    void context.courier.reply(final.id, { kind: 'line_list' }, { owed: true });
  return { outcome: 'submitted', reference: final.id, request: final, leftOut };
}

/**
 * Posts the recorded request's approval message and records where it is. A post that fails
 * closes the request (withdrawn) and lets go of its lines, and the caller's error says why.
 */
async function postApprovalMessage(context: WorkflowContext, recorded: ApprovalRequest): Promise<ApprovalRequest> {
  const logger = forRequest(context.logger, { requestId: recorded.id }); // every line from here on names it
  let ref: Awaited<ReturnType<WorkflowContext['messenger']['postRequest']>>;
  try {
    ref = await context.messenger.postRequest(recorded);
  } catch (error) {
    // No approver can see a request whose message was never posted: it must not hold the line
    // until it expires (the requester would be refused "already open" when asking again).
    // The requester is told why by the caller (the error): no notice is owed. The post may
    // have reached Slack all the same (only its answer was lost): the `withdrawn` reply is owed,
    // so that the sweep, finding such a message by its metadata, turns its buttons into the
    // outcome; a message that is not there is not posted just to say so (reconcile.ts).
    const closed = await transition(
      context,
      recorded.id,
      BOT_ACTOR,
      ['pending'],
      ({ requesterNotice: _, ...current }) => ({ ...current, state: 'withdrawn', decidedBy: BOT_ACTOR, decidedAt: context.clock.now() }),
      { detail: 'the approval message could not be posted', owe: { kind: 'withdrawn' } },
    ).catch((closing: unknown) => {
      // Left pending without its message: the sweep posts it (or finds it) and tells the requester its id.
      logger.error(
        { event: 'workflow.close_failed', requestId: recorded.id, err: closing },
        'could not close the request whose approval message failed; the sweep posts it',
      );
      return undefined;
    });
    if (closed) await releaseLines(context, closed.after).catch(leftToSweep(context, recorded.id));
    throw error;
  }
  const placed = await placeMessage(context, recorded.id, ref);
  const final = placed.updated ? placed.value : (placed.current ?? recorded);
  logger.info(
    { event: 'workflow.requested', requestId: final.id, operation: final.change.operation, lines: final.lines.length },
    'change requested',
  );
  return final;
}

/**
 * Records where the request's approval message is, once: a click on the message (adopted from
 * the click), the sweep (found by its metadata) and the post itself may each learn it first.
 */
export async function placeMessage(context: Pick<WorkflowContext, 'requests'>, requestId: string, ref: MessageRef) {
  return context.requests.update(requestId, (current) =>
    current.approvalMessageTs ? undefined : { ...current, approvalChannelId: ref.channelId, approvalMessageTs: ref.ts },
  );
}

/** The line now, or undefined when Freebit does not know the number (210). */
async function currentLine(context: WorkflowContext, phone: Line['phone']): Promise<Line | undefined> {
  try {
    return await context.freebit.lookupLine(phone);
  } catch (error) {
    if (error instanceof FreebitError && error.detailCode === 210) return undefined;
    throw error;
  }
}

/**
 * The hold comes first, so two agents asking for the same line at once cannot both get
 * through. A hold left by a request that is gone or closed (a crash between the two writes)
 * is taken over.
 */
async function recordHoldingTheLine(context: WorkflowContext, draft: ApprovalRequest): Promise<ApprovalRequest> {
  // The hold first, naming the request about to be written, then the request: a process killed
  // between the two leaves a hold naming no request, which the sweep releases (and another
  // request takes over) once it is older than the grace; never a request that does not hold its
  // line. A second request finding the hold while the first is written is refused as usual.
  const id = await unusedRequestId(context);
  const request: ApprovalRequest = { ...draft, id, lines: heldLines(id, draft.lines) };
  const [phone] = request.phones;
  let holder: RelatedRequest | undefined;
  try {
    holder = await holdLine(context, phone!, request.id);
  } catch (error) {
    // The hold's write may have landed, its answer lost: release it (only if it names this request).
    await releaseLines(context, request).catch(() => undefined);
    throw error;
  }
  if (holder) throw new WorkflowError('open_request_exists', holder.id ? holder : undefined);
  await createHolding(context, request);
  return request;
}

/**
 * Writes a request whose lines are held already. A write that failed may have landed all the
 * same (its answer lost): the record says. Written, the request goes on; not written, its holds
 * are let go of; the store not answering that either, the holds stay (the sweep releases them
 * if the record never landed). An id another request drew meanwhile lets the holds go.
 */
async function createHolding(context: WorkflowContext, request: ApprovalRequest): Promise<void> {
  let created: boolean;
  try {
    created = await context.requests.create(request.id, request);
  } catch (error) {
    const stored = await context.requests.get(request.id).then(
      (found) => (found ? ('written' as const) : ('missing' as const)),
      () => 'unknown' as const,
    );
    if (stored === 'written') return;
    if (stored === 'missing') await releaseLines(context, request).catch(() => undefined);
    throw error;
  }
  if (created) return;
  await releaseLines(context, request).catch(() => undefined);
  throw new Error(`request id ${request.id} was taken while its lines were being held`);
}

/** A fresh request id no stored request has (the holds name it before it is written). */
async function unusedRequestId(context: WorkflowContext): Promise<string> {
  for (;;) {
    const id = newRequestId();
    if (!(await context.requests.get(id))) return id;
  }
}

/**
 * Holds `phone` for the request `requestId`: undefined when held, else the open request that
 * holds it (its id empty when the hold kept changing hands).
 */
async function holdLine(context: WorkflowContext, phone: string, requestId: string): Promise<RelatedRequest | undefined> {
  const mine = { requestId, phone, since: context.clock.now() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await context.lineHolds.create(phone, mine)) return undefined;
    const hold = await context.lineHolds.get(phone);
    if (!hold) continue; // released meanwhile
    let holder: ApprovalRequest | undefined;
    let unreadable = false;
    try {
      holder = await context.requests.get(hold.requestId);
    } catch (error) {
      // A record that does not parse is taken over below, as a closed one; a store that did not answer is not an answer.
      if (!(error instanceof StoreError && error.code === 'corrupt_record')) throw error;
      unreadable = true;
    }
    if (holder && isOpen(holder)) {
      return {
        id: holder.id,
        approvalChannelId: holder.approvalChannelId,
        ...(holder.approvalMessageTs ? { approvalMessageTs: holder.approvalMessageTs } : {}),
      };
    }
    // No such request: it is being written now (its holds come first), unless the hold is older than that takes.
    if (!holder && !unreadable && !holdOrphaned(context, hold)) return { id: '', approvalChannelId: '' };
    // The holder is closed but its release was interrupted, or its process died before writing
    // it: take the hold over, only if it still names that holder.
    const taken = await context.lineHolds.update(phone, (current) => (current.requestId === hold.requestId ? mine : undefined));
    if (taken.updated) return undefined;
  }
  return { id: '', approvalChannelId: '' };
}

// Short enough to say aloud, without letters people confuse (0/O, 1/I).
const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * The shape of a request id where one arrives from outside (a button's value, a form's
 * metadata): "FR-" and five capitals or digits. Every id newRequestId makes has it; an id of
 * this shape that names no request (say FR-00000) is refused as not found, further on.
 */
export const REQUEST_ID_PATTERN = /^FR-[0-9A-Z]{5}$/;

function newRequestId(): string {
  let id = 'FR-';
  for (let i = 0; i < 5; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}
