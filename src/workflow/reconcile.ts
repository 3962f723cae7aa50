import { isOpen, type ApprovalRequest } from './approvalRequest.js';
import { eventOf, holdOrphaned, redraw, releaseLines, removeFromOutbox, type WorkflowContext } from './context.js';
import { replyKeyOf, retryAfterOf } from './messenger.js';
import { stillWaiting } from './remind.js';
import { placeMessage } from './requestChange.js';

/** Posts of one owed reply Slack may refuse before the sweep gives it up (one try per sweep). */
const MAX_REPLY_ATTEMPTS = 10;

/**
 * What a process that died between two steps owes people, settled by the sweep (every replica,
 * every 5 s, one at a time, and at start): a request recorded without its approval message gets it (found
 * by its metadata, or posted anew), a requester who never heard the request's id hears it by
 * DM, and a reply a transition owes is posted unless the thread already has it. Only what is older
 * than the grace is touched, so work a live replica is finishing is left to it; a claim keeps
 * two sweeping replicas off the same request.
 */
export async function reconcileMessages(context: WorkflowContext, requests: readonly ApprovalRequest[], owner: string): Promise<number> {
  const cutoff = context.clock.now() - context.executionGraceMs;
  let settled = 0;
  for (const listed of requests) {
    if (!owesSomething(listed, cutoff)) continue;
    // This process's courier is still delivering it (waiting out Slack's "not now"): its to finish.
    if (context.courier.busyWith(listed.id)) continue;
    // A lease, given back when done: a request found with an empty outbox (a stale list) is not kept
    // from the next sweeper for the length of a claim.
    const key = `reconcile:${listed.id}`;
    if (!(await context.store.acquireLease(key, owner, context.executionGraceMs))) continue;
    try {
      if (await reconcileOne(context, listed.id, cutoff)) settled += 1;
    } catch (error) {
      context.logger.error(
        { event: 'workflow.reconcile_failed', requestId: listed.id, err: error },
        'could not settle what the request owes; tried again at the next sweep',
      );
    } finally {
      await context.store.releaseLease(key, owner).catch(() => undefined);
    }
  }
  return settled;
}

function owesSomething(request: ApprovalRequest, cutoff: number): boolean {
  if (request.createdAt > cutoff) return false;
  const owedReplies = (request.owedReplies ?? []).some((reply) => reply.since <= cutoff);
  const unplaced = !request.approvalMessageTs && (request.state === 'pending' || owedReplies);
  return (
    unplaced ||
    owedReplies ||
    request.requesterNotice === 'owed' ||
    (request.messageOutdated !== undefined && request.messageOutdated <= cutoff)
  );
}

async function reconcileOne(context: WorkflowContext, requestId: string, cutoff: number): Promise<boolean> {
  let request = await context.requests.get(requestId);
  if (!request || !owesSomething(request, cutoff)) return false;
  const log = context.logger;

  if (!request.approvalMessageTs && (request.state === 'pending' || request.owedReplies?.length)) {
    // A search Slack refuses (a scope the app was not reinstalled with, say) must not leave the
    // request without a message for good: it is then posted anew, which the log says.
    const found = await context.messenger.findRequestMessage(request).catch((error: unknown) => {
      log.warn(
        { event: 'workflow.message_search_failed', requestId, err: error },
        'could not search the approval channel for the request’s message; posting it anew',
      );
      return undefined;
    });
    if (!found && !isOpen(request)) {
      // Closed before its message was ever seen (its post failed, and the requester was told
      // so): nobody is waiting on a message, and a new one would only say it is over.
      for (const reply of request.owedReplies ?? []) await removeFromOutbox(context, requestId, replyKeyOf(eventOf(reply)));
      log.info(
        { event: 'workflow.no_message_to_settle', requestId, state: request.state },
        'a closed request never had its approval message: nothing to correct in Slack',
      );
      return true;
    }
    const ref = found ?? (await context.messenger.postRequest(request));
    if (found)
      log.info(
        { event: 'workflow.message_found', requestId },
        'found the approval message of a request whose process stopped before it learnt where it was',
      );
    else
      log.warn(
        { event: 'workflow.message_reposted', requestId },
        'posted the approval message of a request whose process stopped before posting it',
      );
    const placed = await placeMessage(context, requestId, ref);
    if (!found && !placed.updated) {
      // A click adopted the original meanwhile: the new post would be a second message with live buttons.
      await context.messenger
        .discardMessage(ref)
        .catch((error: unknown) =>
          log.warn({ event: 'workflow.discard_failed', requestId, err: error }, 'could not delete a duplicate approval message'),
        );
    }
    request = placed.updated ? placed.value : placed.current;
    if (!request) return false;
    // A found message shows the request as it was when posted: it is drawn as it is now.
    if (found) await redraw(context, request);
  }

  const owed = (request.owedReplies ?? []).filter((reply) => reply.since <= cutoff);
  const outdated = request.messageOutdated !== undefined && request.approvalMessageTs !== undefined;
  // A reminder leaves the message as it was: having one in the outbox alone is no reason to draw it again.
  if (owed.some((reply) => reply.kind !== 'reminder') || outdated) {
    if ((await redraw(context, request)) && outdated)
      log.info({ event: 'workflow.message_redrawn', requestId }, 'drew again an approval message Slack had refused to update');
  }
  if (owed.length > 0) {
    const inThread = await context.messenger.repliesIn(request);
    const now = context.clock.now();
    for (const reply of owed) {
      const event = eventOf(reply);
      const key = replyKeyOf(event);
      // A reminder is never posted after a decision (or the expiry): it would ask for one already made.
      if (reply.kind === 'reminder' && !stillWaiting(request, now)) {
        await removeFromOutbox(context, requestId, key);
        log.info(
          { event: 'workflow.reminder_dropped', requestId, state: request.state },
          'dropped a reminder a stopped process owed: the request no longer waits',
        );
        continue;
      }
      if (!inThread.has(key)) {
        try {
          await context.messenger.postInThread(request, event);
          log.info({ event: 'workflow.reply_delivered', requestId, kind: reply.kind }, 'posted a thread reply a stopped process owed');
        } catch (error) {
          await replyRefused(context, request, key, error);
          // The replies after it wait behind it: the thread tells the story in order.
          break;
        }
      }
      await removeFromOutbox(context, requestId, key);
    }
  }

  if (request.requesterNotice === 'owed') {
    await context.messenger.tellRequester(request);
    await requesterTold(context, requestId);
    log.info(
      { event: 'workflow.requester_told', requestId },
      'told the requester the id of a request whose process stopped before it could',
    );
  }
  return true;
}

/**
 * Holds whose request is closed: its release failed (a store error; the request carried on),
 * or its process stopped in between. A new request would take such a hold over anyway; the
 * sweep lets go of it so that the line reads free. Holds exist only for open requests, so the
 * list is short (read through its index, never by scanning the store). `requests`: the open
 * work the sweep read; a holder not among them is read by itself. The release is a
 * compare-and-delete: a hold taken over meanwhile stays.
 */
export async function releaseStaleHolds(context: WorkflowContext, requests: readonly ApprovalRequest[]): Promise<number> {
  const byId = new Map(requests.map((request) => [request.id, request]));
  let released = 0;
  for (const hold of await context.lineHolds.inIndex('all')) {
    const holder = byId.get(hold.requestId) ?? (await context.requests.get(hold.requestId).catch(() => undefined));
    if (!holder) {
      // Held for a request that was never written (its process died between the holds and the
      // record), once it is past the time the record could still be on its way.
      if (hold.phone === undefined || !holdOrphaned(context, hold)) continue;
      // Read again, alone: a record written since the list was read keeps its holds.
      if (await context.requests.get(hold.requestId)) continue;
      if (await context.lineHolds.deleteIf(hold.phone, (current) => current.requestId === hold.requestId && current.since === hold.since)) {
        context.logger.info(
          { event: 'workflow.orphan_hold_released', requestId: hold.requestId },
          'released a line held for a request that was never recorded',
        );
        released += 1;
      }
      continue;
    }
    if (isOpen(holder)) continue;
    await releaseLines(context, holder);
    context.logger.info({ event: 'workflow.hold_released', requestId: holder.id }, 'released the line a closed request still held');
    released += 1;
  }
  return released;
}

/** The requester heard the request's id: nothing is owed them. */
export async function requesterTold(context: Pick<WorkflowContext, 'requests'>, requestId: string): Promise<void> {
  await context.requests.update(requestId, ({ requesterNotice, ...rest }) => (requesterNotice ? rest : undefined));
}

async function replyRefused(context: WorkflowContext, request: ApprovalRequest, key: string, error: unknown): Promise<void> {
  const fields = { requestId: request.id, reply: key, err: error };
  const retryAfterMs = retryAfterOf(error);
  if (retryAfterMs !== undefined) {
    // Slack's "not now" (its rate limit) is no refusal of the reply: it does not count toward giving up.
    context.logger.warn(
      { event: 'workflow.reply_deferred', retryAfterMs, ...fields },
      'Slack rate-limited a thread reply; tried again at the next sweep',
    );
    return;
  }
  const outcome = await context.requests.update(request.id, (current) => {
    const owedReplies = (current.owedReplies ?? []).map((reply) =>
      replyKeyOf(eventOf(reply)) === key ? { ...reply, failures: (reply.failures ?? 0) + 1 } : reply,
    );
    return { ...current, owedReplies };
  });
  const failures = outcome.updated ? (outcome.value.owedReplies?.find((reply) => replyKeyOf(eventOf(reply)) === key)?.failures ?? 0) : 0;
  if (failures < MAX_REPLY_ATTEMPTS) {
    context.logger.warn(
      { event: 'workflow.reply_refused', failures, ...fields },
      'Slack refused a thread reply; tried again at the next sweep',
    );
    return;
  }
  context.logger.error(
    { event: 'workflow.reply_given_up', failures, ...fields },
    'Slack refused a thread reply every time; given up: tell the requester by hand',
  );
  await removeFromOutbox(context, request.id, key);
}
