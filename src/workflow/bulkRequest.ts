import type { ApprovalRequest, BulkLine, BulkLineState } from './approvalRequest.js';

/**
 * A request for several lines: one request, one approval message, one decision; each
 * line then goes its own way (approvalRequest.ts `bulkLineSchema`). These read and write the
 * lines of a request; the arrows that use them are in execute.ts and followUps.ts.
 */

/** How many lines the approval message lists; the rest are counted, and listed in a thread reply (Block Kit's limits). */
export const LINES_SHOWN_IN_MESSAGE = 20;

/** Lines executed at once; each also waits its turn at the shared Freebit pace. */
export const BULK_CONCURRENCY = 4;

export function isBulk(request: Pick<ApprovalRequest, 'lines'>): request is ApprovalRequest & { lines: BulkLine[] } {
  return request.lines !== undefined;
}

export function lineOf(request: Pick<ApprovalRequest, 'lines'>, phone: string): BulkLine | undefined {
  return request.lines?.find((line) => line.phone === phone);
}

/** The request with the line `phone` changed by `change` (undefined: leave the request as it is). */
export function withLine(
  request: ApprovalRequest,
  phone: string,
  change: (line: BulkLine) => BulkLine | undefined,
): ApprovalRequest | undefined {
  const lines = request.lines;
  if (!lines) return undefined;
  const index = lines.findIndex((line) => line.phone === phone);
  if (index < 0) return undefined;
  const next = change(lines[index]!);
  if (!next) return undefined;
  return { ...request, lines: lines.map((line, i) => (i === index ? next : line)) };
}

/** How many lines are in each state: what the progress line of the approval message says. */
export type LineTally = Record<BulkLineState, number> & { total: number };

export function tallyOf(request: Pick<ApprovalRequest, 'lines'>): LineTally {
  const tally: LineTally = { held: 0, executing: 0, accepted: 0, failed: 0, completed: 0, stuck: 0, total: 0 };
  for (const line of request.lines ?? []) {
    tally[line.state] += 1;
    tally.total += 1;
  }
  return tally;
}

/** Every line had its call (or was skipped): the request can leave `executing`. */
export function allLinesSent(request: Pick<ApprovalRequest, 'lines'>): boolean {
  return (request.lines ?? []).every((line) => line.state !== 'held' && line.state !== 'executing');
}

/** Every accepted line is done or past its deadline: the request can leave `accepted`. */
export function allLinesDone(request: Pick<ApprovalRequest, 'lines'>): boolean {
  return (request.lines ?? []).every((line) => line.state === 'failed' || line.state === 'completed' || line.state === 'stuck');
}
