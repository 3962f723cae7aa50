export { Approvals, type ApprovalsOptions } from './approvals.js';
export { OPERATIONS, REQUEST_STATES, type ApprovalRequest, type Operation, type RequestState, type RequestedChange, type Execution } from './approvalRequest.js';
export type { Decision } from './decide.js';
export { WorkflowError, type WorkflowErrorCode, type RelatedRequest } from './errors.js';
export type { ApprovalMessenger, Directory, MessageRef, ThreadEvent } from './messenger.js';
export type { PolicyConfig } from './policy.js';
export type { ChangeDraft, ChangeRequestInput, ChangeRequestOutcome } from './requestChange.js';
export { FollowUps, type FollowUpOptions } from './followUps.js';
export type { FollowUpJob, LineFacts } from './followUpJob.js';
