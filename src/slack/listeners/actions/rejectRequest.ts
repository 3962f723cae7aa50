import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { rejectionModal } from '../../views/rejectionModal.js';
import { WorkflowError } from '../../../workflow/index.js';
import { approvalButton, type ApprovalButtonArgs } from './approvalClick.js';

/**
 * Reject…: a modal asks the approver for the reason (the requester reads it). Who may reject
 * is checked now, so a non-approver is told at once rather than after writing a reason, and
 * again by the workflow when the reason is submitted (a button proves nothing).
 */
export function rejectRequest(deps: SlackDeps): Middleware<ApprovalButtonArgs> {
  return approvalButton(deps, async (click, voice, client) => {
    const request = await deps.approvals.get(click.requestId);
    if (!request) throw new WorkflowError('request_not_found');
    if (request.state !== 'pending') throw new WorkflowError(request.state === 'expired' ? 'expired' : 'not_pending');
    if (request.requesterId === click.userId) throw new WorkflowError('self_approval');
    if (!(await deps.approvals.isApprover(click.userId))) throw new WorkflowError('not_approver');
    await client.views.open({ trigger_id: click.triggerId, view: rejectionModal(voice, request, { locale: voice.t.locale, ...click.origin, ...(click.onHome ? { onHome: true } : {}) }) });
  });
}
