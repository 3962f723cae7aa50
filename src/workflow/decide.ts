import { BOT_ACTOR, passedDate, phonesOf, type ApprovalRequest } from './approvalRequest.js';
import {
  announce,
  auditedUnder,
  leftToSweep,
  LINE_HOLDS,
  redraw,
  releaseLines,
  transition,
  withOwedReply,
  withoutOwedReply,
  type WorkflowContext,
} from './context.js';
import { WorkflowError, type WorkflowErrorCode } from './errors.js';
import { replyKeyOf } from './messenger.js';
import { REQUEST_INDEX } from './requestIndexes.js';

/** What a click did, for the person who clicked. */
export type Decision =
  | { outcome: 'counted'; request: ApprovalRequest }
  | { outcome: 'approved'; request: ApprovalRequest }
  | { outcome: 'rejected'; request: ApprovalRequest }
  | { outcome: 'withdrawn'; request: ApprovalRequest }
  /** Its date passed before it could be sent: it ended, failed, without reaching Freebit (see endIfPastDated). */
  | { outcome: 'ended'; request: ApprovalRequest };

/**
 * An approver clicks Approve. Policy is checked here, on the server, at every click. The
 * approval is one compare-and-set, so concurrent clicks and Slack retries count once; when
 * it completes the count, the decision ends here, `approved`, and `wake` hands it to the executor
 * (executor.ts; the claim on it is the next transition, in execute.ts): the click does not wait for it.
 */
export async function approve(
  context: WorkflowContext,
  requestId: string,
  approverId: string,
  wake: (request: ApprovalRequest) => void,
): Promise<Decision> {
  const request = await pendingRequest(context, requestId);
  await refuseUnlessMayDecide(context, request, approverId);
  // A request dated a day that has passed (asked before midnight, approved after) can never be
  // sent as asked: Freebit refuses a past date. It ends here, and the message and thread say so.
  if (passedDate(request, context.clock.now())) {
    const ended = await endIfPastDated(context, requestId, approverId);
    if (ended) return { outcome: 'ended', request: ended };
    throw await whyNot(context, requestId, approverId);
  }
  if (request.approvals.some((approval) => approval.userId === approverId)) throw new WorkflowError('already_approved_by_you');

  const now = context.clock.now();
  const moved = await transition(
    context,
    requestId,
    approverId,
    ['pending'],
    (current) => {
      if (current.approvals.some((approval) => approval.userId === approverId)) return undefined;
      if (now >= current.expiresAt) return undefined;
      const approvals = [...current.approvals, { userId: approverId, at: now }];
      const complete = approvals.length >= current.requiredApprovals;
      return {
        ...current,
        approvals,
        ...(complete ? { state: 'approved' as const, decidedBy: approverId, decidedAt: now, graceUntil: now + context.claimLeaseMs } : {}),
      };
    },
    { owe: (after) => (after.state === 'approved' ? { kind: 'approved' } : { kind: 'approval_counted', approverId }) },
  );
  if (!moved) throw await whyNot(context, requestId, approverId);

  const after = moved.after;
  if (after.state === 'pending') {
    await announce(context, after, { kind: 'approval_counted', approverId });
    return { outcome: 'counted', request: after };
  }
  // Handed to the courier and not waited for: Slack's pace (a second or more when the thread
  // was just written to) neither delays the Freebit calls nor holds the click. The reply is owed
  // on the record already (the transition's compare-and-set), so a crash or a stop loses nothing; the
  // executor's own replies queue behind it, so the thread reads in order.
  void announce(context, after, { kind: 'approved' });
  wake(after);
  return { outcome: 'approved', request: after };
}

/**
 * Ends a pending request whose date has passed (a click on it, or the sweep): `failed`, with an
 * execution that says why (`date_passed`), and nothing sent. The line is free again; the thread
 * tells the requester to ask again, as soon as possible or with a new date. Undefined when the
 * request is no longer pending or its date has not passed.
 */
export async function endIfPastDated(context: WorkflowContext, requestId: string, actor: string): Promise<ApprovalRequest | undefined> {
  const now = context.clock.now();
  const moved = await transition(
    context,
    requestId,
    actor,
    ['pending'],
    (current) => {
      const date = passedDate(current, now);
      return date
        ? {
            ...current,
            state: 'failed',
            decidedAt: now,
            execution: { result: 'date_passed', detail: `the date ${date} had passed (Japan time)`, at: now },
          }
        : undefined;
    },
    { detail: 'its date had passed before it could be sent', owe: { kind: 'executed' } },
  );
  if (!moved) return undefined;
  await releaseLines(context, moved.after).catch(leftToSweep(context, moved.after.id));
  await announce(context, moved.after, { kind: 'executed' });
  context.logger.info(
    { event: 'workflow.date_passed', requestId },
    'the request’s date passed before it could be sent; ended without calling Freebit',
  );
  return moved.after;
}

/** The sweep: every pending request whose date has passed ends (see endIfPastDated). Returns how many. */
export async function endPastDated(context: WorkflowContext, listed: readonly ApprovalRequest[]): Promise<number> {
  const now = context.clock.now();
  let ended = 0;
  for (const request of listed) {
    if (request.state === 'pending' && passedDate(request, now) && (await endIfPastDated(context, request.id, BOT_ACTOR))) ended += 1;
  }
  return ended;
}

/** The one policy check of a decision, the same one the Slack layer asks before opening the reason modal. */
async function refuseUnlessMayDecide(context: WorkflowContext, request: ApprovalRequest, userId: string): Promise<void> {
  const refusal = await context.policy.refusalToDecide(request, userId);
  if (refusal) throw new WorkflowError(refusal);
}

/** An approver rejects, with a reason the requester will read. Nothing reaches Freebit. */
export async function reject(context: WorkflowContext, requestId: string, approverId: string, reason: string): Promise<Decision> {
  const request = await pendingRequest(context, requestId);
  await refuseUnlessMayDecide(context, request, approverId);
  const now = context.clock.now();
  const moved = await transition(
    context,
    requestId,
    approverId,
    ['pending'],
    (current) => ({ ...current, state: 'rejected', decidedBy: approverId, decidedAt: now, rejectionReason: reason }),
    { detail: reason, owe: { kind: 'rejected' } },
  );
  if (!moved) throw await whyNot(context, requestId, approverId);
  await releaseLines(context, moved.after).catch(leftToSweep(context, moved.after.id));
  await announce(context, moved.after, { kind: 'rejected' });
  return { outcome: 'rejected', request: moved.after };
}

/** The requester takes the request back while it is still pending. */
export async function withdraw(context: WorkflowContext, requestId: string, userId: string): Promise<Decision> {
  const request = await pendingRequest(context, requestId);
  if (request.requesterId !== userId) throw new WorkflowError('not_requester');
  const now = context.clock.now();
  const moved = await transition(
    context,
    requestId,
    userId,
    ['pending'],
    (current) => ({ ...current, state: 'withdrawn', decidedBy: userId, decidedAt: now }),
    {
      owe: { kind: 'withdrawn' },
    },
  );
  if (!moved) throw await whyNot(context, requestId, userId);
  await releaseLines(context, moved.after).catch(leftToSweep(context, moved.after.id));
  await announce(context, moved.after, { kind: 'withdrawn' });
  return { outcome: 'withdrawn', request: moved.after };
}

/**
 * Marks every pending request past its expiry as expired, on its message too. Returns how many.
 * Reads only what is due: the open requests whose expiry has passed (the `open` index, by expiry).
 *
 * The due requests expire together (expireTogether): each one's transition is still its own
 * compare-and-set, written with its audit entry and the release of its line in one atomic step,
 * but all of them in one write of the store (on SQLite one commit, one fsync, instead of four
 * per request). Their messages and replies follow, and the replies are removed from their outboxes in one
 * write again. When the store refuses the write, each due request is tried on its own (expireOne), as
 * a click would; whatever was written but not announced is owed, and the sweep posts it.
 */
export async function expireDue(context: WorkflowContext): Promise<number> {
  const now = context.clock.now();
  const due = (await context.requests.inIndex(REQUEST_INDEX.open, { max: now })).filter(
    (request) => request.state === 'pending' && request.expiresAt <= now,
  );
  if (due.length === 0) return 0;
  let expired: ApprovalRequest[];
  try {
    expired = await expireTogether(context, due, now);
  } catch (error) {
    context.logger.warn(
      { event: 'workflow.expire_together_failed', due: due.length, err: error },
      'could not expire the due requests together; expiring them one by one',
    );
    let one = 0;
    for (const request of due) {
      if (await expireOne(context, request.id)) one += 1;
    }
    return one;
  }
  await announceExpired(context, expired);
  return expired.length;
}

/** The transitions of expireOne for many requests at once (see expireDue); returns the requests that expired. */
async function expireTogether(context: WorkflowContext, due: readonly ApprovalRequest[], now: number): Promise<ApprovalRequest[]> {
  const outcomes = await context.requests.updateMany(
    due.map(({ id }) => ({
      id,
      change: (current: ApprovalRequest) =>
        current.state === 'pending' && current.expiresAt <= now
          ? withOwedReply<ApprovalRequest>({ ...current, state: 'expired', decidedAt: now }, { kind: 'expired' }, now)
          : undefined,
      alongside: (after: ApprovalRequest, before: ApprovalRequest) => ({
        audit: [
          {
            requestId: after.id,
            phone: auditedUnder(after),
            actor: BOT_ACTOR,
            action: 'expired',
            from: before.state,
            to: after.state,
            at: now,
          },
        ],
        // releaseLines's compare-and-delete: the line's hold, if it still names this request.
        deleteWhere: phonesOf(after).map((phone) => ({ namespace: LINE_HOLDS, id: phone, has: { requestId: after.id } })),
      }),
    })),
  );
  return outcomes.flatMap((outcome) => (outcome.updated ? [outcome.value] : []));
}

/**
 * announce() for each expired request: its message is drawn again and the reply posted; then
 * the replies posted are removed from the requests' outboxes in one write. A reply Slack refused,
 * or a removal the store refused, stays owed: the sweep finds it (in the thread, if posted).
 */
async function announceExpired(context: WorkflowContext, expired: readonly ApprovalRequest[]): Promise<void> {
  const event = { kind: 'expired' } as const;
  const posted: string[] = [];
  for (const request of expired) {
    await redraw(context, request);
    try {
      await context.messenger.postInThread(request, event);
      posted.push(request.id);
    } catch (error) {
      context.logger.error(
        { event: 'workflow.announce_failed', requestId: request.id, kind: event.kind, err: error },
        'could not post in the request’s thread; it is tried again later',
      );
    }
  }
  if (posted.length === 0) return;
  const key = replyKeyOf(event);
  // removeFromOutbox (context.ts) for each of them, in one write.
  await context.requests
    .updateMany(posted.map((id) => ({ id, change: (current: ApprovalRequest) => withoutOwedReply(current, key) })))
    .catch((error: unknown) =>
      context.logger.warn(
        { event: 'workflow.strike_off_failed', requests: posted.length, kind: event.kind, err: error },
        'could not mark the replies as posted',
      ),
    );
}

async function expireOne(context: WorkflowContext, requestId: string): Promise<boolean> {
  const now = context.clock.now();
  const moved = await transition(
    context,
    requestId,
    BOT_ACTOR,
    ['pending'],
    (current) => (current.expiresAt <= now ? { ...current, state: 'expired', decidedAt: now } : undefined),
    { owe: { kind: 'expired' } },
  );
  if (!moved) return false;
  await releaseLines(context, moved.after).catch(leftToSweep(context, moved.after.id));
  await announce(context, moved.after, { kind: 'expired' });
  return true;
}

/**
 * Why a click on this request can no longer mean anything at `now`, if it cannot: gone, expired
 * (a pending one past its expiry counts), or decided. Pure: a click (pendingRequest) and the
 * question asked ahead of one (Approvals.refusalToDecide) read the state the same way.
 */
export function stateRefusal(
  request: ApprovalRequest | undefined,
  now: number,
): 'request_not_found' | 'expired' | 'not_pending' | undefined {
  if (!request) return 'request_not_found';
  if (request.state === 'expired' || (request.state === 'pending' && request.expiresAt <= now)) return 'expired';
  if (request.state !== 'pending') return 'not_pending';
  return undefined;
}

/** The request, if a click on it can still mean something; expires it on the spot when due. */
async function pendingRequest(context: WorkflowContext, requestId: string): Promise<ApprovalRequest> {
  const request = await context.requests.get(requestId);
  const refusal = stateRefusal(request, context.clock.now());
  if (refusal) {
    if (refusal === 'expired' && request?.state === 'pending') await expireOne(context, requestId);
    throw new WorkflowError(refusal);
  }
  return request!;
}

/** Somebody else's click won the compare-and-set: say what the request is now. */
async function whyNot(context: WorkflowContext, requestId: string, userId: string): Promise<WorkflowError> {
  const current = await context.requests.get(requestId);
  const alreadyApproved = current?.state === 'pending' && current.approvals.some((approval) => approval.userId === userId);
  const code: WorkflowErrorCode = alreadyApproved
    ? 'already_approved_by_you'
    : (stateRefusal(current, context.clock.now()) ?? 'not_pending');
  return new WorkflowError(code);
}
