import type { ApprovalRequest } from './approvalRequest.js';
import { eventOf, strikeOff, type WorkflowContext } from './context.js';
import { replyKeyOf } from './messenger.js';
import { placeMessage } from './requestChange.js';

/** Posts of one owed reply Slack may refuse before the sweep gives it up (one try per sweep). */
const MAX_REPLY_ATTEMPTS = 10;

/**
 * What a process that died between two steps owes people, settled by the sweep (every replica,
 * every minute, and at start): a request recorded without its approval message gets it (found
 * by its metadata, or posted anew), a requester who never heard the request's id hears it by
 * DM, and a reply an arrow owes is posted unless the thread already has it. Only what is older
 * than the grace is touched, so work a live replica is finishing is left to it; a claim keeps
 * two sweeping replicas off the same request.
 */
export async function reconcileMessages(context: WorkflowContext, requests: readonly ApprovalRequest[], owner: string): Promise<number> {
  const cutoff = context.clock.now() - context.executionGraceMs;
  let settled = 0;
  for (const listed of requests) {
    if (!owesSomething(listed, cutoff)) continue;
    if (!(await context.store.claim(`reconcile:${listed.id}`, owner, context.executionGraceMs))) continue;
    try {
      if (await reconcileOne(context, listed.id, cutoff)) settled += 1;
    } catch (error) {
      context.logger.error({ event: 'workflow.reconcile_failed', requestId: listed.id, err: error }, 'could not settle what the request owes; tried again at the next sweep');
    }
  }
  return settled;
}

function owesSomething(request: ApprovalRequest, cutoff: number): boolean {
  if (request.createdAt > cutoff) return false;
  const owedReplies = (request.owedReplies ?? []).some((reply) => reply.since <= cutoff);
  const unplaced = !request.approvalMessageTs && (request.state === 'pending' || owedReplies);
  return unplaced || owedReplies || request.requesterNotice === 'owed';
}

async function reconcileOne(context: WorkflowContext, requestId: string, cutoff: number): Promise<boolean> {
  let request = await context.requests.get(requestId);
  if (!request || !owesSomething(request, cutoff)) return false;
  const log = context.logger;

  if (!request.approvalMessageTs && (request.state === 'pending' || request.owedReplies?.length)) {
    const found = await context.messenger.findRequestMessage(request);
    const ref = found ?? (await context.messenger.postRequest(request));
    if (found) log.info({ event: 'workflow.message_found', requestId }, 'found the approval message of a request whose process stopped before it learnt where it was');
    else log.warn({ event: 'workflow.message_reposted', requestId }, 'posted the approval message of a request whose process stopped before posting it');
    const placed = await placeMessage(context, requestId, ref);
    request = placed.updated ? placed.value : placed.current;
    if (!request) return false;
    // A found message shows the request as it was when posted: it is drawn as it is now.
    if (found) await context.messenger.updateRequest(request);
  }

  const owed = (request.owedReplies ?? []).filter((reply) => reply.since <= cutoff);
  if (owed.length > 0) {
    await context.messenger.updateRequest(request).catch((error: unknown) =>
      log.warn({ event: 'workflow.update_failed', requestId, err: error }, 'could not update the approval message'),
    );
    const inThread = await context.messenger.repliesIn(request);
    for (const reply of owed) {
      const event = eventOf(reply);
      const key = replyKeyOf(event);
      if (!inThread.has(key)) {
        try {
          await context.messenger.postInThread(request, event);
          log.info({ event: 'workflow.reply_delivered', requestId, kind: reply.kind }, 'posted a thread reply a stopped process owed');
        } catch (error) {
          await replyRefused(context, request, key, error);
          continue;
        }
      }
      await strikeOff(context, requestId, key);
    }
  }

  if (request.requesterNotice === 'owed') {
    await context.messenger.tellRequester(request);
    await requesterTold(context, requestId);
    log.info({ event: 'workflow.requester_told', requestId }, 'told the requester the id of a request whose process stopped before it could');
  }
  return true;
}

/** The requester heard the request's id: nothing is owed them. */
export async function requesterTold(context: Pick<WorkflowContext, 'requests'>, requestId: string): Promise<void> {
  await context.requests.update(requestId, ({ requesterNotice, ...rest }) => (requesterNotice ? rest : undefined));
}

async function replyRefused(context: WorkflowContext, request: ApprovalRequest, key: string, error: unknown): Promise<void> {
  const fields = { requestId: request.id, reply: key, err: error };
  const outcome = await context.requests.update(request.id, (current) => {
    const owedReplies = (current.owedReplies ?? []).map((reply) => (replyKeyOf(eventOf(reply)) === key ? { ...reply, failures: (reply.failures ?? 0) + 1 } : reply));
    return { ...current, owedReplies };
  });
  const failures = outcome.updated ? (outcome.value.owedReplies?.find((reply) => replyKeyOf(eventOf(reply)) === key)?.failures ?? 0) : 0;
  if (failures < MAX_REPLY_ATTEMPTS) {
    context.logger.warn({ event: 'workflow.reply_refused', failures, ...fields }, 'Slack refused a thread reply; tried again at the next sweep');
    return;
  }
  context.logger.error({ event: 'workflow.reply_given_up', failures, ...fields }, 'Slack refused a thread reply every time; given up: tell the requester by hand');
  await strikeOff(context, request.id, key);
}
