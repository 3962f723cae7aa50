export { FreebitClient, DEFAULT_DETAIL_PATH, DEFAULT_TIMEOUT_MS, type FreebitClientOptions } from './client.js';
export { memoryAuthKeyCache, type AuthKeyCache, type OemCredentials } from './auth.js';
export { FreebitError, type FreebitErrorCode, type FreebitOperation } from './errors.js';
export { parseContractLine, parseProductNumber } from './input.js';
export {
  REFUSAL_DETAIL_CODES,
  OPERATION_DETAIL_CODES,
  isRefusalDetailCode,
  type RefusalDetailCode,
  type OperationDetailCodes,
} from './detailCodes.js';
export * from './types.js';
export type { FreebitCallEvent, FreebitObserver } from './call.js';
// The change operations themselves (operations/<name>.ts, one file each) are not listed here:
// each is imported by its own path where it is used (data, no connection; sending one takes
// a FreebitService). The client's shorthands for the three first ones are on FreebitClient.
