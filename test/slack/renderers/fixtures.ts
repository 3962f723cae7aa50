import type { ApprovalRequest, RequestLine } from '../../../src/workflow/index.js';

/** 2026-11-22 14:02 JST: when the sample request was made. */
export const CREATED_AT = Date.UTC(2026, 10, 22, 5, 2, 0);
export const REQUESTER = 'U0REQUESTER';
export const APPROVER = 'U0APPROVER1';
export const SECOND = 'U0APPROVER2';

/** A request as the workflow stores it: a cancellation of an active 4G line, waiting for two approvals. */
export function aRequest(
  overrides: Partial<ApprovalRequest> & { phone?: string; lineAtRequest?: RequestLine['lineAtRequest'] } = {},
): ApprovalRequest {
  const { phone = '09012345678', ...rest } = overrides;
  const lineAtRequest =
    'lineAtRequest' in overrides ? overrides.lineAtRequest : { phone, state: 'active' as const, contractLine: '4G', planCode: 'LTE3G_P01' };
  delete (rest as { lineAtRequest?: unknown }).lineAtRequest;
  return {
    id: 'FR-7K3Q',
    phones: [phone],
    // Its one line; what became of it is the request's `execution` in these samples (the words read either).
    lines: [{ requestId: 'FR-7K3Q', phone, position: 0, state: 'held', ...(lineAtRequest ? { lineAtRequest } : {}) }],
    change: { operation: 'cancel', runDate: '20261130' },
    requesterId: REQUESTER,
    reason: 'customer <left> & moved',
    approvalChannelId: 'C0APPROVALS',
    approvalMessageTs: '1700000000.000100',
    createdAt: CREATED_AT,
    expiresAt: CREATED_AT + 24 * 3_600_000,
    state: 'pending',
    requiredApprovals: 2,
    approvals: [],
    ...rest,
  } as ApprovalRequest;
}
