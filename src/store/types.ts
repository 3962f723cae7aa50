import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

export interface OpenStoreOptions {
  /** Time of claims and leases on SQLite (Redis uses its own expiry). Default: the system clock. */
  clock?: Clock;
  logger?: Logger;
  /** Namespaces every key, so several stores (or parallel test files) can share one database. Default 'freebit-ops'. */
  prefix?: string;
}

export interface Store {
  readonly backend: 'sqlite' | 'redis';
  /** Versioned records of one kind (e.g. 'requests', 'jobs'), parsed with zod on every read. */
  records<T>(namespace: string, schema: z.ZodType<T>, schemaVersion: number): RecordCollection<T>;
  /** Exactly one caller wins per key while the claim lives (Redis: across processes; SQLite: within the process). A second claim by the same owner loses too. */
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** A follow-up job's lease: granted when free, lapsed, or already held by `owner` (then it is renewed for ttlMs). */
  acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` still holds it; otherwise does nothing. */
  releaseLease(key: string, owner: string): Promise<void>;
  readonly audit: AuditTrail;
  /** The Freebit authKey survives a restart (the Freebit layer reads it at start). */
  readonly authKey: { get(): Promise<string | undefined>; set(key: string): Promise<void> };
  close(): Promise<void>;
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

export interface AuditTrail {
  append(entry: AuditEntry): Promise<void>;
  /** In order of appending. */
  forRequest(requestId: string): Promise<AuditEntry[]>;
  /** In order of appending. */
  forLine(phone: string): Promise<AuditEntry[]>;
}
