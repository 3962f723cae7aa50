export { FreebitClient, DEFAULT_DETAIL_PATH, DEFAULT_TIMEOUT_MS, type FreebitClientOptions } from './client.js';
export { memoryAuthKeyCache, type AuthKeyCache, type OemCredentials } from './auth.js';
export { FreebitError, type FreebitErrorCode, type FreebitOperation } from './errors.js';
export { parseContractLine, parseProductNumber } from './input.js';
export { REFUSAL_DETAIL_CODES, OPERATION_DETAIL_CODES, isRefusalDetailCode, type RefusalDetailCode, type OperationDetailCodes } from './detailCodes.js';
export * from './types.js';
export type { FreebitCallEvent, FreebitObserver } from './call.js';
// Whether a line shows a change was taken: one definition per operation, beside its call.
export { cancellationTaken } from './operations/cancelLine.js';
export { contractChangeTaken } from './operations/changeContractLine.js';
export { registrationTaken } from './operations/registerLine.js';
