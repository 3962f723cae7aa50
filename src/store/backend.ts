/**
 * The few primitives each backend must give atomically; records, audit and the Store facade
 * are written once on top of them. Values are opaque strings here (JSON made by the caller);
 * compare-and-set compares the stored string exactly.
 */
export interface Backend {
  readonly kind: 'sqlite' | 'redis';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Writes only if the key is absent; true if written. */
  insert(key: string, value: string): Promise<boolean>;
  /** Writes `next` only if the key currently holds exactly `expected`; true if written. */
  replace(key: string, expected: string, next: string): Promise<boolean>;
  remove(key: string): Promise<void>;
  /** Every [key, value] whose key starts with `prefix` (which ends with ':'), in no particular order. */
  scan(prefix: string): Promise<Array<[string, string]>>;
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(key: string, owner: string): Promise<void>;
  /** Appends one entry to each of the lists at once (both or neither). */
  appendToLists(listKeys: readonly string[], entry: string): Promise<void>;
  /** A list's entries in the order they were appended. */
  readList(listKey: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Stored under a claim or lease key on SQLite (Redis keeps just the owner, with PX expiry). */
export interface Hold {
  owner: string;
  expiresAt: number;
}
