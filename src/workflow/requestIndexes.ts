import type { IndexEntry } from '../store/index.js';
import { isOpen, phonesOf, type RequestRecord } from './approvalRequest.js';

/**
 * The indexes of the requests (kept by the store in the same atomic write as the request), so
 * that every read follows open work, or the person or line asked about, and never the history:
 *
 * - `open`: pending, approved and executing requests, by expiry (the expiry sweep reads what is
 *   due; App Home reads what waits for approval);
 * - `sweep`: everything the sweep must look at: open requests, accepted ones (handed to the
 *   follow-up), and any request that still owes something (a thread reply, the requester's
 *   notice, a redraw of its message; reconcile.ts), by creation;
 * - `closed`: the rest (finished, their outbox empty), by when they finished: what retention deletes;
 * - `requester:<userId>` and `line:<phone>`: each person's and each line's requests, by creation.
 */
export const REQUEST_INDEX = {
  open: 'open',
  sweep: 'sweep',
  closed: 'closed',
  requester: (userId: string) => `requester:${userId}`,
  line: (phone: string) => `line:${phone}`,
} as const;

/**
 * Bump when requestIndexes computes something else, or the request schema keeps less: stores are
 * then rebuilt once at start. 2: the lines seen at request time keep their facts only (no ICCID, no IMSI).
 * 3: a request's lines are records of their own; every record of schema version 1 is rewritten
 * (after its lines were written: prepare.ts).
 */
export const REQUEST_INDEX_VERSION = 3;

export function requestIndexes(request: RequestRecord): IndexEntry[] {
  const entries: IndexEntry[] = [
    { index: REQUEST_INDEX.requester(request.requesterId), score: request.createdAt },
    // A request is found from each of its lines.
    ...phonesOf(request).map((phone) => ({ index: REQUEST_INDEX.line(phone), score: request.createdAt })),
  ];
  if (isOpen(request)) entries.push({ index: REQUEST_INDEX.open, score: request.expiresAt });
  if (needsSweep(request)) entries.push({ index: REQUEST_INDEX.sweep, score: request.createdAt });
  else entries.push({ index: REQUEST_INDEX.closed, score: closedAt(request) });
  return entries;
}

/**
 * Whether the sweep has anything to do with the request, whatever the time: open, accepted, or
 * with something in its outbox (reconcile.ts `owesSomething` without its grace: an unplaced message is owed
 * only by a pending request or one with owed replies, both covered here).
 */
export function needsSweep(request: RequestRecord): boolean {
  return (
    isOpen(request) ||
    request.state === 'accepted' ||
    (request.owedReplies?.length ?? 0) > 0 ||
    request.requesterNotice === 'owed' ||
    request.messageOutdated !== undefined
  );
}

/** When a finished request finished, as well as the record says. */
export function closedAt(request: RequestRecord): number {
  return request.finishedAt ?? request.execution?.at ?? request.decidedAt ?? request.createdAt;
}
