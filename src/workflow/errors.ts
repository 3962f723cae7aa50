import { StoreError } from '../store/index.js';

/**
 * Why the workflow said no, as a value: a code the Slack edge turns into a sentence from its
 * catalog (in the person's language), and `isRetryable`. The error's message is the code, so
 * a log line that prints the error names it.
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
  | 'access_unknown'
  /** LOOKUP_MAX_PER_HOUR: the person looked at that many distinct lines in the last hour. */
  | 'lookup_ceiling'
  /** The access log could not record the look (the store did not take it): nothing is shown unrecorded. */
  | 'access_unrecorded'
  /** A request for several lines: the pre-flight it was asked from is gone or older than an hour (check the lines again). */
  | 'check_outdated'
  /** A request for several lines: not one line passed its pre-flight. */
  | 'no_line_requestable'
  /** A request for several lines: every line that passed was taken by another open request before it was submitted. */
  | 'lines_taken'
  /** The approval message would go to a channel shared with another organisation (Slack Connect), and SHARE_EXTERNAL_CHANNELS is not set. */
  | 'channel_shared_externally'
  /** Slack did not say whether the approval channel is shared with another organisation: nothing is posted on a guess. */
  | 'channel_unchecked';

/**
 * The bot's own store did not answer (its deadline passed, or it is unreachable): the step
 * failed before it changed anything a person could see, and trying again soon may work.
 */
export function storeDidNotAnswer(error: unknown): boolean {
  return error instanceof StoreError && (error.code === 'timeout' || error.code === 'unreachable');
}

/** Who a refused person can ask for access (the lookup group, when there is one). */
export interface AccessContact {
  usergroupId?: string;
}

export interface RelatedRequest {
  id: string;
  approvalChannelId: string;
  approvalMessageTs?: string;
}

export class WorkflowError extends Error {
  override readonly name = 'WorkflowError';
  readonly isRetryable = false;

  constructor(
    readonly code: WorkflowErrorCode,
    readonly related?: RelatedRequest,
    readonly contact?: AccessContact,
  ) {
    super(code);
  }
}
