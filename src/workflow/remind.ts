import { BOT_ACTOR, type ApprovalRequest } from './approvalRequest.js';
import { announce, transition, type WorkflowContext } from './context.js';

/** The audit entry of a reminder (the state does not move): `/freebit history` shows it. */
export const REMINDED_ACTION = 'reminded';

/** Whether a reminder would still mean something: the request waits for approvers, and can still be approved. */
export function stillWaiting(request: Pick<ApprovalRequest, 'state' | 'expiresAt'>, now: number): boolean {
  return request.state === 'pending' && request.expiresAt > now;
}

/** Whether the request is due its one reminder at `now`: waiting, for `remindAfterMs` or longer, not reminded yet, and with a thread to remind in. */
function dueReminder(request: ApprovalRequest, now: number, remindAfterMs: number): boolean {
  return (
    stillWaiting(request, now) &&
    request.createdAt + remindAfterMs <= now &&
    request.remindedAt === undefined &&
    request.approvalMessageTs !== undefined
  );
}

/**
 * Nudges while a request waits (APPROVAL_REMIND_AFTER_MS; 0: none): a pending request nobody
 * decided on for `remindAfterMs` gets one reply in its thread that mentions the approvers (the
 * Slack layer knows who they are) and says how long it has waited and when it expires. A step
 * of the sweep, over the open work it read (`listed`).
 *
 * Once per request: the reminder is one compare-and-set from `pending` that sets `remindedAt`
 * and owes the reply (so two sweeps, or two replicas, remind once, and a process that stops
 * before posting leaves it owed: reconcile.ts posts it while the request still waits, and
 * removes it once it does not). Never after a decision: a decided or expired request is
 * not pending, and the compare-and-set finds it so. Returns how many reminders were taken
 * (each posted, or owed when Slack refused it).
 */
export async function remindWaiting(
  context: Pick<WorkflowContext, 'requests' | 'store' | 'clock' | 'logger' | 'messenger'>,
  listed: readonly ApprovalRequest[],
  remindAfterMs: number,
): Promise<number> {
  if (remindAfterMs <= 0) return 0;
  const now = context.clock.now();
  let reminded = 0;
  for (const request of listed) {
    if (!dueReminder(request, now, remindAfterMs)) continue;
    // One request's store error leaves the others to be reminded; it is tried again at the next sweep.
    try {
      const moved = await transition(
        context,
        request.id,
        BOT_ACTOR,
        ['pending'],
        (current) => (dueReminder(current, now, remindAfterMs) ? { ...current, remindedAt: now } : undefined),
        { action: REMINDED_ACTION, owe: { kind: 'reminder' } },
      );
      if (!moved) continue;
      await announce(context, moved.after, { kind: 'reminder' });
      context.logger.info(
        { event: 'workflow.reminded', requestId: request.id, waitedMs: now - request.createdAt },
        'reminded the approvers of a request still waiting',
      );
      reminded += 1;
    } catch (error) {
      context.logger.error(
        { event: 'workflow.remind_failed', requestId: request.id, err: error },
        'could not remind the approvers; tried again at the next sweep',
      );
    }
  }
  return reminded;
}
