import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Durability } from './durability.js';

export interface OpenStoreOptions {
  /** Time of claims and leases on SQLite (Redis uses its own expiry). Default: the system clock. */
  clock?: Clock;
  logger?: Logger;
  /** Namespaces every key, so several stores (or parallel test files) can share one database. Default 'freebit-ops'. */
  prefix?: string;
}

export interface Store {
  readonly backend: 'sqlite' | 'redis';
  /** Versioned records of one kind (e.g. 'requests', 'jobs'), parsed with zod on every read; `options.indexes` keeps indexes of them. */
  records<T>(namespace: string, schema: z.ZodType<T>, schemaVersion: number, options?: RecordOptions<NoInfer<T>>): RecordCollection<T>;
  /**
   * A rate limit shared by every replica on this store (Redis: one counter in Redis; SQLite:
   * one process, in memory): `turn()` resolves when the caller may go, at most `rate` across
   * all callers. For background work (toward Freebit, toward Slack), never a person's lookup.
   */
  pace(name: string, rate: PaceRate): SharedPace;
  /** Exactly one caller wins per key while the claim lives (Redis: across processes; SQLite: within the process). A second claim by the same owner loses too. */
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** A follow-up job's lease: granted when free, lapsed, or already held by `owner` (then it is renewed for ttlMs). */
  acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` still holds it; otherwise does nothing. */
  releaseLease(key: string, owner: string): Promise<void>;
  readonly audit: AuditTrail;
  /** Who looked at which line: the access log, beside the audit trail of changes. */
  readonly access: AccessTrail;
  /** The Freebit authKey survives a restart (the Freebit layer reads it at start). */
  readonly authKey: { get(): Promise<string | undefined>; set(key: string): Promise<void> };
  /** Whether what is written survives a restart of the store and is never evicted (Redis: read from INFO; durability.ts). */
  durability(): Promise<Durability>;
  close(): Promise<void>;
}

export interface SharedPace {
  turn(): Promise<void>;
}

/** How fast a pace goes: turns a second, or `turns` in each window of `seconds` (whole numbers). */
export type PaceRate = number | { turns: number; seconds: number };

/** One entry of a record in one index: the index's name (any string) and the record's score there. */
export interface IndexEntry {
  index: string;
  score: number;
}

export interface RecordOptions<T> {
  /**
   * The indexes a record is in, computed from the record alone. Kept in the same atomic write as
   * the record (Redis: one Lua script; SQLite: triggers on the record's row), so a reader never
   * sees one without the other.
   */
  indexes?: (value: T) => readonly IndexEntry[];
  /**
   * Bump when `indexes` changes what it computes, or when the schema stops keeping a field:
   * `buildIndexes` then rewrites once every record whose entries or stored fields differ (default 1).
   */
  indexVersion?: number;
  /**
   * Reads a record stored under an older schema version (`version` < the collection's) as the
   * current shape, or undefined when it cannot. Such a record is rewritten in the current version
   * by `buildIndexes` (bump `indexVersion` with the schema version), and by any update of it.
   */
  readOlder?: (data: unknown, version: number) => T | undefined;
}

/** Scores in [min, max] (both inclusive, default: all), lowest first unless `descending`, at most `limit`. */
export interface IndexQuery {
  min?: number;
  max?: number;
  limit?: number;
  descending?: boolean;
}

/** One update of updateMany. */
export interface BatchedUpdate<T> {
  id: string;
  /** As update's: the next value, or undefined to leave it; may run more than once. */
  change: (current: T) => T | undefined;
  /** What is written with the update, only if it is written (may run more than once too). */
  alongside?: (after: T, before: T) => Alongside;
}

/** Writes that go with one update of updateMany, in its atomic step. */
export interface Alongside {
  /** Appended as AuditTrail.append appends them. */
  audit?: readonly AuditEntry[];
  /**
   * Records of other collections deleted with the update if their stored data then has these
   * field values (a compare-and-delete; a record that changed meanwhile, or does not have them, is
   * left as it is). Their index entries go with them.
   */
  deleteWhere?: ReadonlyArray<{ namespace: string; id: string; has: Readonly<Record<string, string | number | boolean>> }>;
}

export type UpdateOutcome<T> = { updated: true; value: T } | { updated: false; current: T | undefined };

export interface RecordCollection<T> {
  /** A record that does not parse throws StoreError 'corrupt_record' (and is logged); never returns garbage. */
  get(id: string): Promise<T | undefined>;
  /** False if the id exists (even if that record is corrupt: it is never overwritten). */
  create(id: string, value: T): Promise<boolean>;
  /**
   * Atomic read-modify-write (compare-and-set on the stored value). `change` returns the next
   * value, or undefined to leave it as is; it may run more than once, so it must not have side
   * effects. Concurrent updates never lose one another. A missing record: `{ updated: false, current: undefined }`.
   */
  update(id: string, change: (current: T) => T | undefined): Promise<UpdateOutcome<T>>;
  /** All records, in no particular order; corrupt ones are logged (namespace and id) and skipped. */
  list(): Promise<T[]>;
  delete(id: string): Promise<void>;
  /**
   * Atomic compare-and-delete: deletes the record only if `holds` is true of it as stored when it
   * is deleted (a write in between makes it read and ask again, like `update`); `holds` may run
   * more than once, so it must not have side effects. True if this call deleted it; false when
   * `holds` declined or the record is missing.
   */
  deleteIf(id: string, holds: (current: T) => boolean): Promise<boolean>;
  /**
   * Many updates at once, each as `update` (a compare-and-set of its record, `change` asked again
   * when another writer got in between), each written in one atomic step with what its
   * `alongside` says goes with it: audit entries, and compare-and-deletes of records of other
   * collections. In as few writes of the store as the backend allows (SQLite: one transaction, one
   * commit, per round of up to UPDATE_MANY_GROUP updates; Redis: one script), for work that
   * touches many records at once (the expiry sweep). Ids must be distinct. Outcomes in the order
   * of `updates`. Throws when the store fails: then some rounds may have been written, and each
   * caller's next read says which.
   */
  updateMany(updates: ReadonlyArray<BatchedUpdate<T>>): Promise<Array<UpdateOutcome<T>>>;
  /**
   * The records in an index, in order of score (ties by id), read through the index: what it
   * costs depends on what is asked for, never on the collection's size. Corrupt ones are logged and skipped.
   */
  inIndex(index: string, query?: IndexQuery): Promise<T[]>;
  /** How many records an index holds with a score in [min, max]. */
  countIndex(index: string, query?: Pick<IndexQuery, 'min' | 'max'>): Promise<number>;
  /**
   * Migration: gives every stored record the index entries this build computes, and drops the
   * fields its schema no longer keeps, once per index version (a store written before the
   * indexes existed, or by an older `indexes` or schema). Idempotent
   * and safe with several replicas starting together: one builds under a lease, the others wait
   * for it (and take over if it dies). Returns how many records were rewritten.
   */
  buildIndexes(): Promise<number>;
}

export interface AuditEntry {
  requestId: string;
  phone: string;
  actor: string;
  action: string;
  from?: string;
  to?: string;
  /** Epoch milliseconds. */
  at: number;
  detail?: string;
}

/** Entries one AccessTrail.append takes at most (one write of the store). */
export const ACCESS_APPEND_MAX = 100;

export const LOOKUP_SURFACES = [
  'command',
  'refresh',
  'share',
  'shortcut',
  'message_shortcut',
  'modal',
  'home',
  'history',
  /** A form of several numbers: each line's verdict, shown to the requester. */
  'form_check',
  /** A request for one line: its state and plan, in the approval message. */
  'request_check',
  /** The look-up right before the Freebit call, on behalf of the approver whose click caused it. */
  'recheck',
] as const;
export type LookupSurface = (typeof LOOKUP_SURFACES)[number];

/**
 * Why a look was refused: a stranger (LOOKUP_*), a guest, Slack could not say who may look, the
 * person's LOOKUP_MAX_PER_HOUR reached, or the store could not record it (nothing shown unrecorded).
 */
export const ACCESS_REFUSALS = [
  'lookup_not_allowed',
  'guest_not_allowed',
  'access_unknown',
  'lookup_ceiling',
  'store_unavailable',
] as const;
export type AccessRefusal = (typeof ACCESS_REFUSALS)[number];

/** One time a line was shown to someone, or one time someone was refused a look. */
export interface LineAccess {
  /** Unique per lookup: a batch written twice (its write answered an error, but landed) is read once. */
  id: string;
  /** Epoch milliseconds. */
  at: number;
  userId: string;
  /** The number looked at (absent: a refusal that named none). */
  phone?: string;
  surface: LookupSurface;
  /** The channel it was shown in (or asked from), when there was one. */
  channelId?: string;
  /** Set when the look was refused: nothing was shown. */
  refused?: AccessRefusal;
}

/** What AccessTrail.admit counts against: LOOKUP_MAX_PER_HOUR distinct lines per person. */
export interface AccessCeiling {
  /** Distinct lines a person may look at within `windowMs`. */
  max: number;
  windowMs: number;
  now: number;
}

/**
 * One look asking to be recorded: its entries (one per line) are written if the person stays
 * within the ceiling with them, else written as refused (`lookup_ceiling`). `enforce: false`
 * (the re-check before an approved call) counts toward the ceiling but is never refused.
 */
export interface AccessAsk {
  entries: readonly LineAccess[];
  enforce: boolean;
}

export interface AccessTrail {
  /** Appends each entry to its line's, its person's and the global list, in order, all or none (at most `ACCESS_APPEND_MAX` at once). */
  append(entries: readonly LineAccess[]): Promise<void>;
  /**
   * One person's looks, checked against their ceiling and appended in one write of the store
   * (with the person's window of lines looked at, a compare-and-set shared by every replica).
   * Returns, per ask, whether it was admitted (false: written as refused, `lookup_ceiling`),
   * and how many distinct lines the person has looked at within the window since.
   */
  admit(userId: string, asks: readonly AccessAsk[], ceiling: AccessCeiling): Promise<{ admitted: boolean[]; distinct: number }>;
  /** The last `limit` lookups of a line, newest first. */
  forLine(phone: string, limit: number): Promise<LineAccess[]>;
  /** The last `limit` lookups by a person, newest first. */
  forPerson(userId: string, limit: number): Promise<LineAccess[]>;
  /** Deletes up to `batch` entries older than `before`, oldest first; returns how many. */
  pruneBefore(before: number, batch: number): Promise<number>;
}

export interface AuditTrail {
  append(entry: AuditEntry): Promise<void>;
  /** In order of appending. */
  forRequest(requestId: string): Promise<AuditEntry[]>;
  /** In order of appending. */
  forLine(phone: string): Promise<AuditEntry[]>;
  /** Retention: deletes every entry of the request, from its own list and from its line's. */
  forgetRequest(requestId: string): Promise<void>;
}
