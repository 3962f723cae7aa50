export { Approvals, executionGraceOf, type ApprovalsOptions } from './approvals.js';
export {
  BOT_ACTOR,
  OPERATIONS,
  REQUEST_STATES,
  phonesOf,
  type RequestLine,
  type RequestLineState,
  type RequestRecord,
  type ApprovalRequest,
  type Operation,
  type RequestState,
  type RequestedChange,
  type Execution,
  type LineFactChange,
} from './approvalRequest.js';
export type { Decision } from './decide.js';
export { WorkflowError, storeDidNotAnswer, type AccessContact, type WorkflowErrorCode, type RelatedRequest } from './errors.js';
export { Courier, type CourierOptions } from './courier.js';
export {
  MessengerBusy,
  replyKeyOf,
  type ApprovalMessenger,
  type Channels,
  type Directory,
  type MessageRef,
  type People,
  type ThreadEvent,
} from './messenger.js';
export type { PolicyConfig } from './policy.js';
export type { ChangeDraft, ChangeRequestInput, ChangeRequestOutcome, BulkChangeOutcome } from './requestChange.js';
export type { BulkChangeInput, LineCheck, LineVerdict } from './preflight.js';
export { LINES_SHOWN_IN_MESSAGE, tallyOf, type LineTally } from './requestLines.js';
export { REQUEST_ID_PATTERN } from './requestChange.js';
export { FollowUps, FREEBIT_BACKGROUND_PACE, followUpJobs, type FollowUpOptions } from './followUps.js';
export { prepareStore } from './prepare.js';
export { changeOfDraft, freebitOperationOf, requestedDateOf } from './operations/index.js';
export { REQUEST_INDEX, requestIndexes } from './requestIndexes.js';
export type { FollowUpJob, LineFacts } from './followUpJob.js';
export { requestCollections, requestRecords } from './context.js';
export { lineChangesBetween } from './lineChanges.js';
export { AccessLog, type AccessLogOptions, type AccessRefusal, type Exposure, type LineAccess, type LookupSurface } from './accessLog.js';
