/**
 * Where everything lives. Both backends use the same key strings (SQLite: rows of keyv's
 * table; Redis: plain keys), so an operator reading one can read the other.
 *
 *   <prefix>:records:<namespace>:<id>     one versioned record
 *   <prefix>:claim:<key>                  a claim
 *   <prefix>:lease:<key>                  a follow-up job's lease
 *   <prefix>:audit:request:<requestId>    audit entries of one request
 *   <prefix>:audit:line:<phone>           audit entries of one line
 *   <prefix>:access:line:<phone>          lookups of one line (the access log)
 *   <prefix>:access:person:<userId>       lookups by one person
 *   <prefix>:access:all                   every lookup, oldest first (what retention trims)
 *   <prefix>:access:window:<userId>       the lines one person looked at in the last hour (LOOKUP_MAX_PER_HOUR)
 *   <prefix>:auth:authKey                 the Freebit authKey
 *   <prefix>:index:<namespace>:<name>     an index of a record collection: ids by score
 *                                         (Redis: a sorted set; SQLite: rows of record_index)
 *   <prefix>:meta:indexes:<namespace>     the index version a collection's records were built to
 *
 * Caller-supplied parts are URI-encoded so they never contain ':', which keeps the prefix
 * of one namespace (or one request's audit) from matching another's.
 */
export const DEFAULT_PREFIX = 'freebit-ops';

/** Letters, digits, '_', '.', '-': safe inside a Redis SCAN pattern and a SQL range. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function isValidName(name: string): boolean {
  return NAME.test(name);
}

const enc = encodeURIComponent;

export function storeKeys(prefix: string) {
  return {
    /** Every record key of a namespace starts with this (it ends with ':'). */
    recordPrefix: (namespace: string) => `${prefix}:records:${namespace}:`,
    record: (namespace: string, id: string) => `${prefix}:records:${namespace}:${enc(id)}`,
    claim: (key: string) => `${prefix}:claim:${enc(key)}`,
    claimPrefix: `${prefix}:claim:`,
    lease: (key: string) => `${prefix}:lease:${enc(key)}`,
    auditOfRequest: (requestId: string) => `${prefix}:audit:request:${enc(requestId)}`,
    auditOfLine: (phone: string) => `${prefix}:audit:line:${enc(phone)}`,
    accessOfLine: (phone: string) => `${prefix}:access:line:${enc(phone)}`,
    accessOfPerson: (userId: string) => `${prefix}:access:person:${enc(userId)}`,
    accessAll: `${prefix}:access:all`,
    accessWindow: (userId: string) => `${prefix}:access:window:${enc(userId)}`,
    /** SQLite only: the last audit sequence number handed out. */
    auditSequence: `${prefix}:audit:sequence`,
    authKey: `${prefix}:auth:authKey`,
    /** Every record key starts with this, whatever its namespace. */
    recordsRoot: `${prefix}:records:`,
    /** Every index key starts with this. */
    indexRoot: `${prefix}:index:`,
    /** One index of a collection (`name` already URI-encoded, as records carry it). */
    index: (namespace: string, encodedName: string) => `${prefix}:index:${namespace}:${encodedName}`,
    /** The version of a collection's indexes its records were (re)built to; absent: never built. */
    indexVersion: (namespace: string) => `${prefix}:meta:indexes:${namespace}`,
    /** Written at open: proves the store is writable and says what wrote it. */
    meta: `${prefix}:meta:store`,
  };
}

export type StoreKeys = ReturnType<typeof storeKeys>;
