import type { ApprovalRequest, BulkLine, BulkLineState, RequestState } from './approvalRequest.js';

/**
 * A request's lines as the messenger reads them: every request has 1..N lines, each with its
 * number, how it was when asked, its own state, its execution and when it ended. The Slack side
 * reads a request only through `linesOf`, so a request of one line is the N = 1 case there.
 */
export type RequestLine = Pick<BulkLine, 'phone' | 'lineAtRequest' | 'state' | 'execution' | 'finishedAt'>;
/** Where a line stands: held, executing, accepted or failed, then completed or stuck. */
export type RequestLineState = BulkLineState;

/**
 * The one normaliser at the messenger boundary: a record written for several lines carries them;
 * a record written for one line keeps that line's number, its state when asked, its execution
 * and its end on the request itself, and reads here as its one line.
 */
export function linesOf(request: ApprovalRequest): readonly RequestLine[] {
  if (request.lines) return request.lines;
  return [
    {
      phone: request.phone,
      ...(request.lineAtRequest ? { lineAtRequest: request.lineAtRequest } : {}),
      state: LINE_STATE_OF[request.state],
      ...(request.execution ? { execution: request.execution } : {}),
      ...(request.finishedAt !== undefined ? { finishedAt: request.finishedAt } : {}),
    },
  ];
}

/** Where the one line of a one-line record stands, from the request's state: a line not sent is still held. */
const LINE_STATE_OF: Record<RequestState, BulkLineState> = {
  pending: 'held',
  approved: 'held',
  executing: 'executing',
  accepted: 'accepted',
  failed: 'failed',
  completed: 'completed',
  stuck: 'stuck',
  rejected: 'held',
  expired: 'held',
  withdrawn: 'held',
};
