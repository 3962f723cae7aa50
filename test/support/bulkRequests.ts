/**
 * Records of requests for several lines, as the workflow stores them, for tests of
 * how they look: each line's state and execution are set on the record directly, so these
 * tests depend on no execution code.
 */
import type { ApprovalRequest, RequestLine, RequestLineState } from '../../src/workflow/index.js';

/** 2026-11-22 14:02 JST, as the single-line fixtures (test/support/approvalRequests.ts). */
export const BULK_CREATED_AT = Date.UTC(2026, 10, 22, 5, 2, 0);
export const BULK_REQUESTER = 'U0REQUESTER';

export type BulkRequest = ApprovalRequest & { lines: RequestLine[] };

/** The number of the request's line `index` (from 0): 090-0000-0001, 090-0000-0002, … */
export function phoneAt(index: number): string {
  return `090${String(index + 1).padStart(8, '0')}`;
}

/** "090-0000-0001": how the bot shows the line `index`. */
export function shownPhoneAt(index: number): string {
  const phone = phoneAt(index);
  return `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
}

export interface BulkRequestOptions extends Omit<Partial<ApprovalRequest>, 'lines'> {
  /** How many lines (default 37). */
  lines?: number;
  /** Changes to the line `index` (its state, its execution, how it was when asked). */
  line?: (index: number) => Partial<RequestLine>;
}

/**
 * A request to cancel `lines` active 4G lines on 2026-11-30, waiting for two approvals, every
 * line held; `overrides` set the rest of the record, `line` each line.
 */
export function bulkRequest(options: BulkRequestOptions = {}): BulkRequest {
  const { lines: count = 37, line: lineChange = () => ({}), ...overrides } = options;
  const lines: RequestLine[] = Array.from({ length: count }, (_, index) => ({
    requestId: 'FR-B37K',
    position: index,
    phone: phoneAt(index),
    lineAtRequest: { phone: phoneAt(index), state: 'active', contractLine: '4G', planCode: 'LTE3G_P01' },
    state: 'held',
    ...lineChange(index),
  }));
  return {
    id: 'FR-B37K',
    phones: lines.map((line) => line.phone),
    change: { operation: 'cancel', runDate: '20261130' },
    requesterId: BULK_REQUESTER,
    reason: 'contract ended <for all> & returned',
    lines,
    approvalChannelId: 'C0APPROVALS',
    approvalMessageTs: '1700000000.000100',
    createdAt: BULK_CREATED_AT,
    expiresAt: BULK_CREATED_AT + 24 * 3_600_000,
    state: 'pending',
    requiredApprovals: 2,
    approvals: [],
    ...overrides,
  } as BulkRequest;
}

/**
 * Lines in states by count, in order: `inStates([['completed', 30], ['failed', 1]])` makes the
 * first 30 completed, the next one failed, and leaves the rest held. Each line gets the
 * execution its state implies (accepted, or refused with detail code 230 for a failed one);
 * `line` may change it further.
 */
export function inStates(
  counts: ReadonlyArray<readonly [RequestLineState, number]>,
  line: (index: number) => Partial<RequestLine> = () => ({}),
): (index: number) => Partial<RequestLine> {
  return (index) => {
    let start = 0;
    for (const [state, count] of counts) {
      if (index < start + count) return { state, ...executionOf(state), ...line(index) };
      start += count;
    }
    return line(index);
  };
}

function executionOf(state: RequestLineState): Partial<RequestLine> {
  const at = BULK_CREATED_AT + 600_000;
  switch (state) {
    case 'held':
    case 'executing':
      return {};
    case 'accepted':
      return { execution: { result: 'accepted', at } };
    case 'completed':
    case 'stuck':
      return { execution: { result: 'accepted', at }, finishedAt: at + 600_000 };
    case 'failed':
      return { execution: { result: 'refused', detailCode: 230, at } };
  }
}
