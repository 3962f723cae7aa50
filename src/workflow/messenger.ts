import type { ApprovalRequest } from './approvalRequest.js';
import type { LineFacts } from './followUpJob.js';

/** Where a request's approval message is, so it can be updated and replied to. */
export interface MessageRef {
  channelId: string;
  ts: string;
}

/** What is worth a reply in the request's thread. */
export type ThreadEvent =
  | { kind: 'approval_counted'; approverId: string }
  | { kind: 'approved' }
  | { kind: 'rejected' }
  | { kind: 'withdrawn' }
  | { kind: 'expired' }
  /** The Freebit call was made (or deliberately not made): see `request.execution`. */
  | { kind: 'executed' }
  /** The follow-up saw the line move while the change is still under way (`null`: Freebit does not know the number yet). */
  | { kind: 'progress'; before: LineFacts | null; after: LineFacts | null }
  /** Freebit finished: the one completion reply, mentioning the requester. */
  | { kind: 'completed'; before: LineFacts | null; after: LineFacts; tookMs: number }
  /** Not done by the deadline: the follow-up stops and says what to check. */
  | { kind: 'stuck'; lastSeen: LineFacts | null; deadlineAt: number };

/**
 * The small messaging interface the domain owns (the Slack layer implements it with Block
 * Kit): the workflow says what happened; how it looks is not its business.
 */
export interface ApprovalMessenger {
  /** Posts the approval request with its buttons. */
  postRequest(request: ApprovalRequest): Promise<MessageRef>;
  /** Re-renders the approval message from the request as it is now (buttons become the outcome). */
  updateRequest(request: ApprovalRequest): Promise<void>;
  /** One reply in the request's thread (mentions the requester where they need to know). */
  postInThread(request: ApprovalRequest, event: ThreadEvent): Promise<void>;
}

/** Who belongs to a Slack user group; the Slack layer answers it (usergroups.users.list). */
export interface Directory {
  membersOf(usergroupId: string): Promise<ReadonlySet<string>>;
}
