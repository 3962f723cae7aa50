import type { ApprovalRequest, RequestLine } from '../../src/workflow/index.js';

/** 2026-11-22 14:02 JST: when the sample request was made. */
export const CREATED_AT = Date.UTC(2026, 10, 22, 5, 2, 0);
export const REQUESTER = 'U0REQUESTER';
export const APPROVER = 'U0APPROVER1';
export const SECOND = 'U0APPROVER2';

/** A request as the workflow stores it: a cancellation of an active 4G line, waiting for two approvals. */
/** Where the one line of a sample request stands, from the request's state: a line not sent is still held. */
const LINE_STATE_OF: Record<ApprovalRequest['state'], RequestLine['state']> = {
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
    // Its one line, where the request's state puts it; its outcome is the request's too (as the executor writes both).
    lines: [
      {
        requestId: 'FR-7K3Q',
        phone,
        position: 0,
        state: LINE_STATE_OF[rest.state ?? 'pending'],
        ...(lineAtRequest ? { lineAtRequest } : {}),
        ...(rest.execution ? { execution: rest.execution } : {}),
        ...(rest.finishedAt !== undefined ? { finishedAt: rest.finishedAt } : {}),
      },
    ],
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
