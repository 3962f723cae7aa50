import type { ApprovalRequest, OwedReply } from './approvalRequest.js';
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
  /** The request still waits (APPROVAL_REMIND_AFTER_MS): once, to the approvers (`request.remindedAt`). */
  | { kind: 'reminder' }
  /** The Freebit call was made (or deliberately not made): see `request.execution`. */
  | { kind: 'executed' }
  /** The follow-up saw the line move while the change is still under way (`null`: Freebit does not know the number yet). */
  | { kind: 'progress'; before: LineFacts | null; after: LineFacts | null }
  /**
   * The request's close, once (`request.state`): every accepted line done (`completed`), or
   * one at least past its deadline (`stuck`); what each line showed is on the line
   * (`lastSeen`, `tookMs`, `deadlineAt`), mentioning the requester.
   */
  | { kind: 'completed' }
  | { kind: 'stuck' }
  /** A request of several lines: every line, as the pre-flight saw it (the approval message shows the first few). */
  | { kind: 'line_list' };

/** The replies a transition owes (approvalRequest.ts `owedReplySchema`), as events. */
export type OwedThreadEvent = Extract<ThreadEvent, { kind: OwedReply['kind'] }>;

/**
 * Which reply an event is, so that it can be found in the thread again: the messenger puts it
 * in the reply's metadata, and a reply whose poster died mid-post is looked for before it is
 * posted again. `progress` replies are never looked for.
 */
export function replyKeyOf(event: ThreadEvent): string {
  return event.kind === 'approval_counted' ? `${event.kind}:${event.approverId}` : event.kind;
}

/**
 * The small messaging interface the domain owns (the Slack layer implements it with Block
 * Kit): the workflow says what happened; how it looks is not its business.
 */
export interface ApprovalMessenger {
  /** Posts the approval request with its buttons, marked with its id (so it can be found again). */
  postRequest(request: ApprovalRequest): Promise<MessageRef>;
  /** The approval message of a request whose process died before it learnt where it was; undefined if it was never posted. */
  findRequestMessage(request: ApprovalRequest): Promise<MessageRef | undefined>;
  /** Deletes a message posted for a request that turned out to have one already. */
  discardMessage(ref: MessageRef): Promise<void>;
  /**
   * Re-renders the approval message from the request as it is now (buttons become the outcome).
   * `latest`: read when the call's turn comes (a background call may wait for the bot's pace
   * toward Slack), so that what is drawn is the request as stored then, not as it was asked for.
   */
  updateRequest(request: ApprovalRequest, latest?: () => Promise<ApprovalRequest | undefined>): Promise<void>;
  /**
   * One reply in the request's thread (mentions the requester where they need to know),
   * marked with `replyKeyOf(event)`. Throws when the request has no message yet: a reply
   * outside the thread would land where nobody looks for it.
   */
  postInThread(request: ApprovalRequest, event: ThreadEvent): Promise<void>;
  /** The keys (`replyKeyOf`) of the replies already in the request's thread. */
  repliesIn(request: ApprovalRequest): Promise<ReadonlySet<string>>;
  /** Tells the requester, directly, the id of a request whose process died before it could (and where it stands). */
  tellRequester(request: ApprovalRequest): Promise<void>;
}

/**
 * Whether a person is a guest of the workspace (Slack's restricted or ultra-restricted
 * users); the Slack layer answers it from users.info. Throws when it cannot tell: the
 * caller refuses rather than let a guest in on a guess.
 */
export interface People {
  isGuest(userId: string): Promise<boolean>;
}

/** Who belongs to a Slack user group; the Slack layer answers it (usergroups.users.list). */
export interface Directory {
  membersOf(usergroupId: string): Promise<ReadonlySet<string>>;
}

/**
 * Slack said "not now" (its rate limit, HTTP 429): the call did nothing, and may be made again
 * after `retryAfterMs`. The messenger throws it so that the workflow can wait and retry
 * (courier.ts) without knowing Slack.
 */
export class MessengerBusy extends Error {
  override readonly name = 'MessengerBusy';
  constructor(
    /** What was refused (Slack's method name), for the log. */
    readonly call: string,
    readonly retryAfterMs: number,
  ) {
    super(`${call} was rate-limited; it may be made again in ${retryAfterMs} ms`);
  }
}

/** How long to wait before making a refused call again, when the refusal was "not now"; undefined for any other error. */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof MessengerBusy ? error.retryAfterMs : undefined;
}

/**
 * Whether a channel is shared with another organisation (Slack Connect); the Slack layer answers
 * it (conversations.info). Throws when it cannot tell: the caller refuses rather than post a
 * line's data on a guess.
 */
export interface Channels {
  isSharedExternally(channelId: string): Promise<boolean>;
}
