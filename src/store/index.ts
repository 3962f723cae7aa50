export { openStore, parseStoreUrl, maskUrl, declareIndexes, type StoreLocation } from './open.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export type { Store, RecordCollection, UpdateOutcome, BatchedUpdate, Alongside, IndexEntry, IndexQuery, RecordOptions, SharedPace, AuditEntry, AuditTrail, AccessTrail, LineAccess, LookupSurface, AccessAsk, AccessCeiling, AccessRefusal, OpenStoreOptions } from './types.js';
export { ACCESS_APPEND_MAX, ACCESS_REFUSALS, LOOKUP_SURFACES } from './types.js';
export { STORE_PROBE_MS, storeAnswers } from './health.js';
