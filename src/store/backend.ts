import type { Durability } from './durability.js';
import type { IndexQuery, PaceRate, SharedPace } from './types.js';

/**
 * The few primitives each backend must give atomically; records, audit and the Store facade
 * are written once on top of them. Values are opaque strings here (JSON made by the caller);
 * compare-and-set compares the stored string exactly.
 */
export interface Backend {
  readonly kind: 'sqlite' | 'redis';
  get(key: string): Promise<string | undefined>;
  /** Values of several keys in one round trip (undefined where absent). */
  getMany(keys: readonly string[]): Promise<Array<string | undefined>>;
  set(key: string, value: string): Promise<void>;
  /**
   * Writes only if the key is absent; true if written. `index`: the record's index entries,
   * changed in the same atomic step (Redis: in the script; SQLite: its triggers derive them from
   * the value's `ix`, so `index` is not needed there).
   */
  insert(key: string, value: string, index?: IndexChange): Promise<boolean>;
  /** Writes `next` only if the key currently holds exactly `expected`; true if written. `index` as for insert. */
  replace(key: string, expected: string, next: string, index?: IndexChange): Promise<boolean>;
  remove(key: string): Promise<void>;
  /** Removes the key only if it currently holds exactly `expected`; true if removed. `index` as for insert. */
  removeIfEqual(key: string, expected: string, index?: IndexChange): Promise<boolean>;
  /** Every [key, value] whose key starts with `prefix` (which ends with ':'), in no particular order. */
  scan(prefix: string): Promise<Array<[string, string]>>;
  /**
   * One page of scan(): up to about `count` entries, and the cursor to pass for the next page
   * (undefined: done). For migrations: a page at a time, so memory stays flat.
   */
  scanPage(
    prefix: string,
    cursor: string | undefined,
    count: number,
  ): Promise<{ entries: Array<[string, string]>; cursor: string | undefined }>;
  /** Members of an index (URI-encoded ids) with their records' values (`recordPrefix` + member), by score; members whose record is gone are left out. */
  indexRange(indexKey: string, recordPrefix: string, query: IndexQuery): Promise<Array<[string, string]>>;
  indexCount(indexKey: string, min: number, max: number): Promise<number>;
  /** Removes these entries (exact values) from a list, wherever they are in it. */
  removeListEntries(listKey: string, entries: readonly string[]): Promise<void>;
  /** Removes a whole list. */
  removeList(listKey: string): Promise<void>;
  /** A rate limit every user of this store shares (see Store.pace). */
  pace(key: string, rate: PaceRate): SharedPace;
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(key: string, owner: string): Promise<void>;
  /** Appends one entry to each of the lists at once (both or neither). */
  appendToLists(listKeys: readonly string[], entry: string): Promise<void>;
  /** Appends several entries (a few hundred rows at most), each to its lists, in order, in one write (all or none). */
  appendAllToLists(items: ReadonlyArray<{ listKeys: readonly string[]; entry: string }>): Promise<void>;
  /** A list's entries in the order they were appended. */
  readList(listKey: string): Promise<string[]>;
  /** The last `count` entries of a list, oldest first (a list of thousands costs what is asked for). */
  readListTail(listKey: string, count: number): Promise<string[]>;
  /** The first `count` entries of a list, oldest first. */
  readListHead(listKey: string, count: number): Promise<string[]>;
  /** Removes the first `count` entries of a list (the oldest). */
  dropListHead(listKey: string, count: number): Promise<void>;
  /**
   * Several groups of writes in one write of the store (SQLite: one transaction, one commit;
   * Redis: one script). Each group stands or falls by its compare-and-set (`replace`, as
   * replace()); only when it is written are its `removeIfEqual` (each a compare-and-delete, left
   * out when the key no longer holds `expected`) and its `append` written, in the same atomic
   * step. A group that lost its compare-and-set writes nothing. Returns, per group, whether it
   * was written; throws (nothing written) when the store fails.
   */
  commitGroups(groups: readonly WriteGroup[]): Promise<boolean[]>;
  /** Whether what is written survives a restart of the store and is never evicted (durability.ts). */
  durability(): Promise<Durability>;
  close(): Promise<void>;
}

/** One group of commitGroups: a compare-and-set and the writes that go with it, all or none. */
export interface WriteGroup {
  replace: { key: string; expected: string; next: string; index?: IndexChange };
  removeIfEqual?: ReadonlyArray<{ key: string; expected: string; index?: IndexChange }>;
  append?: ReadonlyArray<{ listKeys: readonly string[]; entry: string }>;
}

/** Stored under a claim or lease key on SQLite (Redis keeps just the owner, with PX expiry). */
export interface Hold {
  owner: string;
  expiresAt: number;
}

/**
 * How a write moves a record in its indexes (Redis; SQLite's triggers work it out from the
 * value): `member` (the URI-encoded id) leaves `remove` and is put in `add` with its score.
 */
export interface IndexChange {
  member: string;
  remove: readonly string[];
  add: ReadonlyArray<readonly [indexKey: string, score: number]>;
}
