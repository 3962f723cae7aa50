import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Backend, Hold } from './backend.js';
import { StoreError, describe } from './errors.js';
import type { StoreKeys } from './keys.js';
import { KeyedMutex } from './mutex.js';

/** Expired claims are swept at open and after this many claims, so the table does not grow without end. */
const SWEEP_EVERY_CLAIMS = 500;

type Row = Record<string, unknown>;

/**
 * SQLite through keyv's adapter, which opens the file and owns the `key, value` table; plain
 * reads and writes go through it, range reads and multi-row writes are SQL on its table.
 * One process by contract: every read-modify-write runs under an in-process per-key lock, and
 * that makes it atomic because nothing else writes the file. Time comes from the injected clock.
 */
export async function openSqliteBackend(file: string, keys: StoreKeys, clock: Clock, logger: Logger): Promise<Backend> {
  const unwritable = (cause: unknown) =>
    new StoreError('unwritable', `Cannot open the SQLite store at ${file} for writing: ${describe(cause)}. Check that the path is a file in a folder this process can write.`, {
      cause,
    });

  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (error) {
    throw unwritable(error);
  }

  // `uri` is keyv's spelling; the adapter strips the scheme and hands sqlite3 the path.
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5_000 });
  // A failed open is reported as an 'error' event as well as by the next query (handled below).
  adapter.on('error', (error: unknown) => logger.debug({ err: error }, 'store: sqlite adapter error'));
  const table = adapter.opts.table ?? 'keyv';

  try {
    // Prove the file is writable now rather than at the first approval: open errors and read-only files both surface here.
    await adapter.set(keys.meta, JSON.stringify({ format: 1, openedAt: clock.now() }));
    // WAL: a commit appends to one log instead of going through a rollback journal, several
    // times faster on disk, and readers never wait for a writer.
    await adapter.query('PRAGMA journal_mode = WAL');
  } catch (error) {
    await adapter.disconnect().catch(() => undefined);
    throw unwritable(error);
  }

  let closed = false;
  /** Every call goes through here: use after close says so, and driver errors become StoreErrors. */
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreError('closed', `The SQLite store at ${file} was used after it was closed.`);
    try {
      return await work();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError('backend_failed', `The SQLite store at ${file} failed: ${describe(error)}.`, { cause: error });
    }
  };
  const query = (sql: string, ...params: unknown[]) => guard(async () => (await adapter.query(sql, ...params)) as Row[]);
  const get = (key: string) => guard(() => adapter.get<string>(key));
  const set = (key: string, value: string) =>
    guard(async () => {
      await adapter.set(key, value);
    });
  const remove = (key: string) =>
    guard(async () => {
      await adapter.delete(key);
    });
  /** Keys starting with `prefix` (which ends in ':') are exactly those in [prefix, prefix with ':' → ';'): an index range. */
  const range = (prefix: string): [string, string] => [prefix, `${prefix.slice(0, -1)};`];

  const locks = new KeyedMutex();
  const readHold = (key: string, raw: string | undefined): Hold | undefined => {
    if (raw === undefined) return undefined;
    try {
      const hold = JSON.parse(raw) as Partial<Hold>;
      if (typeof hold.owner === 'string' && typeof hold.expiresAt === 'number') return { owner: hold.owner, expiresAt: hold.expiresAt };
    } catch {
      // fall through
    }
    // A claim or lease is only a time-limited marker: an unreadable one is treated as lapsed.
    logger.warn({ key }, 'store: unreadable claim or lease, treated as lapsed');
    return undefined;
  };
  /** Takes the key if nobody holds it (or the holder may renew), for ttlMs from now. */
  const hold = (key: string, owner: string, ttlMs: number, mayRenew: boolean) =>
    locks.run(key, async () => {
      const now = clock.now();
      const held = readHold(key, await get(key));
      if (held && held.expiresAt > now && !(mayRenew && held.owner === owner)) return false;
      await set(key, JSON.stringify({ owner, expiresAt: now + ttlMs } satisfies Hold));
      return true;
    });
  const sweepExpiredClaims = async (): Promise<void> => {
    try {
      await query(
        `DELETE FROM ${table} WHERE key >= ? AND key < ? AND (CASE WHEN json_valid(value) THEN json_extract(value, '$.expiresAt') END) <= ?`,
        ...range(keys.claimPrefix),
        clock.now(),
      );
    } catch (error) {
      logger.warn({ err: error }, 'store: sweeping expired claims failed');
    }
  };
  await sweepExpiredClaims();
  let claimsSinceSweep = 0;
  /** The last audit sequence number handed out; read from the file once, then kept here (one process). */
  let auditSequence: number | undefined;

  return {
    kind: 'sqlite',
    get,
    set,
    insert: (key, value) =>
      locks.run(key, async () => {
        if ((await get(key)) !== undefined) return false;
        await set(key, value);
        return true;
      }),
    replace: (key, expected, next) =>
      locks.run(key, async () => {
        if ((await get(key)) !== expected) return false;
        await set(key, next);
        return true;
      }),
    remove: (key) => locks.run(key, () => remove(key)),
    async scan(prefix) {
      const rows = await query(`SELECT key, value FROM ${table} WHERE key >= ? AND key < ?`, ...range(prefix));
      return rows.flatMap((row): Array<[string, string]> => (typeof row.key === 'string' && typeof row.value === 'string' ? [[row.key, row.value]] : []));
    },
    async claim(key, owner, ttlMs) {
      if (++claimsSinceSweep >= SWEEP_EVERY_CLAIMS) {
        claimsSinceSweep = 0;
        await sweepExpiredClaims();
      }
      return hold(key, owner, ttlMs, false);
    },
    acquireLease: (key, owner, ttlMs) => hold(key, owner, ttlMs, true),
    releaseLease: (key, owner) =>
      locks.run(key, async () => {
        if (readHold(key, await get(key))?.owner === owner) await remove(key);
      }),
    appendToLists: (listKeys, entry) =>
      // Each entry gets the next sequence number, and its rows' keys end in it, zero-padded, so key order is append order.
      locks.run(keys.auditSequence, async () => {
        if (auditSequence === undefined) {
          const stored = Number((await get(keys.auditSequence)) ?? '0');
          if (!Number.isSafeInteger(stored) || stored < 0) {
            throw new StoreError('corrupt_record', `The audit sequence number in the SQLite store at ${file} does not parse.`);
          }
          auditSequence = stored;
        }
        const sequence = String(++auditSequence).padStart(12, '0');
        const rows: Array<[string, string]> = [...listKeys.map((listKey): [string, string] => [`${listKey}:${sequence}`, entry]), [keys.auditSequence, String(auditSequence)]];
        // One statement, so the entry lands in every list or in none.
        await query(
          `INSERT INTO ${table} (key, value) VALUES ${rows.map(() => '(?, ?)').join(', ')} ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
          ...rows.flat(),
        );
      }),
    async readList(listKey) {
      const rows = await query(`SELECT value FROM ${table} WHERE key >= ? AND key < ? ORDER BY key`, ...range(`${listKey}:`));
      return rows.flatMap((row) => (typeof row.value === 'string' ? [row.value] : []));
    },
    async close() {
      if (closed) return;
      closed = true;
      await adapter.disconnect();
    },
  };
}
