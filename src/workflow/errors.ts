/**
 * Why the workflow said no, as a value: a code the Slack edge turns into a sentence from its
 * catalog (in the person's language), `isRetryable`, and an English sentence for logs and tests.
 */
export type WorkflowErrorCode =
  | 'no_approvers'
  | 'not_enough_approvers'
  | 'requester_not_allowed'
  | 'channel_not_allowed'
  | 'line_not_found'
  | 'line_exists'
  | 'line_cancelled'
  | 'already_on_contract_line'
  | 'change_in_progress'
  | 'open_request_exists'
  | 'request_not_found'
  | 'not_approver'
  | 'self_approval'
  | 'already_approved_by_you'
  | 'not_pending'
  | 'expired'
  | 'not_requester'
  | 'guest_not_allowed'
  | 'lookup_not_allowed'
  | 'access_unknown';

/** Who a refused person can ask for access (the lookup group, when there is one). */
export interface AccessContact {
  usergroupId?: string;
}

export interface RelatedRequest {
  id: string;
  approvalChannelId: string;
  approvalMessageTs?: string;
}

const SENTENCES: Record<WorkflowErrorCode, string> = {
  no_approvers: 'No approvers are configured (APPROVER_USER_IDS or APPROVER_USERGROUP_ID), so nothing destructive can be approved. Ask an administrator.',
  not_enough_approvers:
    'This operation needs more distinct approvers (APPROVALS_REQUIRED) than are configured besides the requester, so it could never be approved. Ask an administrator.',
  requester_not_allowed: 'You are not in the group allowed to request changes. Ask an administrator to add you.',
  channel_not_allowed: 'Changes cannot be requested from this channel. Use one of the channels set up for it.',
  line_not_found: 'Freebit has no line with that number, so there is nothing to change.',
  line_exists: 'That number is already a line at Freebit, so it cannot be registered.',
  line_cancelled: 'That line is already cancelled.',
  already_on_contract_line: 'The line is already on that contract line type.',
  change_in_progress: 'The line already has a change in progress at Freebit. Wait until it completes.',
  open_request_exists: 'The line already has an open request. Follow that one, or withdraw it first.',
  request_not_found: 'That request no longer exists.',
  not_approver: 'Only approvers can approve or reject requests.',
  self_approval: 'You cannot approve or reject your own request. Another approver must decide.',
  already_approved_by_you: 'You have already approved this request; it needs another approver.',
  not_pending: 'This request has already been decided.',
  expired: 'This request has expired. Ask again if the change is still needed.',
  not_requester: 'Only the person who asked can withdraw a request.',
  guest_not_allowed: 'Guests of this workspace may not see or change subscriber lines. Ask a member of the support team.',
  lookup_not_allowed: 'You are not allowed to see subscriber lines. Ask an administrator of the bot to add you (LOOKUP_USER_IDS or LOOKUP_USERGROUP_ID).',
  access_unknown: 'The bot could not check with Slack whether you may see subscriber lines. Try again in a minute.',
};

export class WorkflowError extends Error {
  override readonly name = 'WorkflowError';
  readonly isRetryable = false;

  constructor(
    readonly code: WorkflowErrorCode,
    readonly related?: RelatedRequest,
    readonly contact?: AccessContact,
  ) {
    super(SENTENCES[code]);
  }
}
