import type { ChangeRequests } from '../workflow/index.js';

/**
 * The seam between the Slack surface and the approval workflow (issue 6). A submitted modal
 * becomes a `ChangeRequestInput` and goes to `ChangeRequests.submit`; nothing in `slack/`
 * ever calls a mutating Freebit operation (the listeners only hold a `LineReader`). The
 * interface is the workflow's (DESIGN.md layering: slack/ → workflow/); it is re-exported
 * here so that listeners and tests name it from the surface they work on.
 */
export type { ChangeDraft, ChangeRequestInput, ChangeRequests } from '../workflow/index.js';
export type ChangeRequestOutcome = Awaited<ReturnType<ChangeRequests['submit']>>;

/** A stand-in with no workflow behind it (tests): every request is answered "approvals are not available". */
export const approvalsNotConfigured: ChangeRequests = {
  submit: async () => ({ outcome: 'not_configured' }),
};
