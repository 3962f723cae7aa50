export { openStore, parseStoreUrl, maskUrl, type StoreLocation } from './open.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export type { Store, RecordCollection, UpdateOutcome, AuditEntry, AuditTrail, OpenStoreOptions } from './types.js';
