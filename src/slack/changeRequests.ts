import type { CancellationOrder, ContractChangeOrder, RegistrationOrder } from '../freebit/index.js';

/**
 * The seam between the Slack surface and the approval workflow (issue 6). A submitted modal
 * becomes a `ChangeRequestInput` and goes to `ChangeRequests.submit`; nothing in `slack/`
 * ever calls a mutating Freebit operation (the listeners only hold a `LineReader`).
 *
 * The types speak the domain's words only (no Block Kit, no Bolt) so that the workflow can
 * implement this interface structurally, without importing from `slack/` (DESIGN.md layering);
 * when `src/workflow/` exists, this interface belongs there and this file re-exports it.
 */
export type ChangeDraft =
  | { operation: 'cancel'; order: CancellationOrder }
  | { operation: 'contract'; order: ContractChangeOrder }
  | { operation: 'register'; order: RegistrationOrder };

export interface ChangeRequestInput {
  draft: ChangeDraft;
  /** Why, in the requester's words (the approver reads it). */
  reason: string;
  /** The Slack user asking. */
  requesterId: string;
  /** The conversation the request came from, when Slack told us (the default approval channel). */
  channelId?: string;
}

export type ChangeRequestOutcome =
  /** No approval workflow is plugged in: nothing was recorded and nothing reaches Freebit. */
  | { outcome: 'not_configured' }
  /** Recorded and waiting for approval; `reference` is the short id people quote. */
  | { outcome: 'submitted'; reference: string };

export interface ChangeRequests {
  submit(input: ChangeRequestInput): Promise<ChangeRequestOutcome>;
}

/** Until issue 6: every request is answered "approvals are not available yet". */
export const approvalsNotConfigured: ChangeRequests = {
  submit: async () => ({ outcome: 'not_configured' }),
};
