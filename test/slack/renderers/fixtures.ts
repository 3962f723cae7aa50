import type { ApprovalRequest } from '../../../src/workflow/index.js';

/** 2026-11-22 14:02 JST: when the sample request was made. */
export const CREATED_AT = Date.UTC(2026, 10, 22, 5, 2, 0);
export const REQUESTER = 'U0REQUESTER';
export const APPROVER = 'U0APPROVER1';
export const SECOND = 'U0APPROVER2';

/** A request as the workflow stores it: a cancellation of an active 4G line, waiting for two approvals. */
export function aRequest(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'FR-7K3Q',
    phone: '09012345678',
    change: { operation: 'cancel', runDate: '20261130' },
    requesterId: REQUESTER,
    reason: 'customer <left> & moved',
    lineAtRequest: { phone: '09012345678', state: 'active', contractLine: '4G', planCode: 'LTE3G_P01' },
    approvalChannelId: 'C0APPROVALS',
    approvalMessageTs: '1700000000.000100',
    createdAt: CREATED_AT,
    expiresAt: CREATED_AT + 24 * 3_600_000,
    state: 'pending',
    requiredApprovals: 2,
    approvals: [],
    ...overrides,
  } as ApprovalRequest;
}
