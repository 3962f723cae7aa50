export { openStore, loadStoreBackend, parseStoreUrl, maskUrl, declareIndexes, type StoreLocation } from './open.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export type {
  Store,
  RecordCollection,
  UpdateOutcome,
  BatchedUpdate,
  Alongside,
  IndexEntry,
  IndexQuery,
  RecordOptions,
  SharedPace,
  PaceRate,
  AuditEntry,
  AuditTrail,
  AccessTrail,
  LineAccess,
  LookupSurface,
  AccessAsk,
  AccessCeiling,
  AccessRefusal,
  OpenStoreOptions,
} from './types.js';
export { ACCESS_APPEND_MAX, ACCESS_REFUSALS, LOOKUP_SURFACES } from './types.js';
export { STORE_PROBE_MS, storeAnswers, durabilityReader } from './health.js';
export { SAFE_EVICTION_POLICY, redisDurability, type Durability } from './durability.js';
