import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { rejectionModal } from '../../approvals/rejectionModal.js';
import { WorkflowError } from '../../../workflow/index.js';
import { approvalButton, type ApprovalButtonArgs } from '../../interactions/approvalClick.js';

/**
 * Reject…: a modal asks the approver for the reason (the requester reads it). The workflow's
 * policy is asked now (refusalToDecide), so a non-approver is told at once rather than after
 * writing a reason, and again when the reason is submitted (a button proves nothing).
 */
export function rejectRequest(deps: SlackDeps): Middleware<ApprovalButtonArgs> {
  return approvalButton(deps, async (click, voice, client) => {
    const asked = await deps.approvals.refusalToDecide(click.requestId, click.userId);
    if ('refusal' in asked) throw new WorkflowError(asked.refusal);
    const { request } = asked;
    await client.views.open({
      trigger_id: click.triggerId,
      view: rejectionModal(voice, request, { locale: voice.t.locale, ...click.origin, ...(click.onHome ? { onHome: true } : {}) }),
    });
  });
}
