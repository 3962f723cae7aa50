import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Backend, Hold } from './backend.js';
import { StoreError, describe } from './errors.js';
import type { StoreKeys } from './keys.js';
import { KeyedMutex } from './mutex.js';
import { memoryPace } from './pace.js';

/** The table of every collection's index entries (beside keyv's table, in the same file). */
const INDEX_TABLE = 'record_index';
/** Stand-ins for ±Infinity as SQL parameters (bound as plain numbers). */
const LOWEST = -Number.MAX_VALUE;
const HIGHEST = Number.MAX_VALUE;

/**
 * Indexes go past keyv on purpose: keyv's table is `key, value` with nothing to order or filter
 * by. Each collection's index entries are rows of `record_index` (index name, score, member,
 * the record's key), kept by triggers on keyv's table: the statement that writes a record (keyv's
 * upsert, a delete) rewrites its index rows from the `ix` the value carries, inside that one
 * statement. So a record and its index entries are one atomic step, with no BEGIN/COMMIT on the
 * shared connection, and whatever writes a record (keyv, a migration, an operator's sqlite3)
 * keeps its index right.
 */
function indexSchema(table: string): string[] {
  // One set of triggers for every prefix in the file (a prefix never contains ':'): keyv's adapter
  // prepares each statement afresh, and every trigger on the table is compiled into it.
  const parts = (row: 'NEW' | 'OLD') => {
    const afterPrefix = `substr(${row}.key, instr(${row}.key, ':') + 9)`; // '<namespace>:<member>'
    return {
      prefix: `substr(${row}.key, 1, instr(${row}.key, ':') - 1)`,
      namespace: `substr(${afterPrefix}, 1, instr(${afterPrefix}, ':') - 1)`,
      member: `substr(${afterPrefix}, instr(${afterPrefix}, ':') + 1)`,
      isRecord: `substr(${row}.key, instr(${row}.key, ':'), 9) = ':records:'`,
    };
  };
  const row = parts('NEW');
  const insertRows = `INSERT OR REPLACE INTO ${INDEX_TABLE} (name, score, member, record)
    SELECT ${row.prefix} || ':index:' || ${row.namespace} || ':' || json_extract(entry.value, '$[0]'), json_extract(entry.value, '$[1]'), ${row.member}, NEW.key
    FROM json_each(CASE WHEN json_valid(NEW.value) THEN NEW.value ELSE '{}' END, '$.ix') AS entry
    WHERE json_type(entry.value, '$[0]') = 'text' AND json_type(entry.value, '$[1]') IN ('integer', 'real');`;
  return [
    `CREATE TABLE IF NOT EXISTS ${INDEX_TABLE} (name TEXT NOT NULL, score REAL NOT NULL, member TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (name, member)) WITHOUT ROWID`,
    `CREATE INDEX IF NOT EXISTS ${INDEX_TABLE}_by_score ON ${INDEX_TABLE} (name, score, member)`,
    `CREATE INDEX IF NOT EXISTS ${INDEX_TABLE}_by_record ON ${INDEX_TABLE} (record)`,
    `CREATE TRIGGER IF NOT EXISTS ${INDEX_TABLE}_insert AFTER INSERT ON ${table} WHEN ${row.isRecord} BEGIN
      ${insertRows}
    END`,
    `CREATE TRIGGER IF NOT EXISTS ${INDEX_TABLE}_update AFTER UPDATE OF value ON ${table} WHEN ${row.isRecord} BEGIN
      DELETE FROM ${INDEX_TABLE} WHERE record = OLD.key;
      ${insertRows}
    END`,
    `CREATE TRIGGER IF NOT EXISTS ${INDEX_TABLE}_delete AFTER DELETE ON ${table} WHEN ${parts('OLD').isRecord} BEGIN
      DELETE FROM ${INDEX_TABLE} WHERE record = OLD.key;
    END`,
  ];
}

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
    // Idempotent (IF NOT EXISTS): a store written before the indexes gets the table and its
    // triggers here, and its records' entries when they are rewritten (RecordCollection.buildIndexes).
    for (const statement of indexSchema(table)) await adapter.query(statement);
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

  /**
   * Each entry gets the next sequence number, and its rows' keys end in it, zero-padded, so key
   * order is append order. One statement, so the entries land in every list or in none
   * (callers keep a batch to a few hundred rows: SQLite caps a statement's parameters).
   */
  const appendAll = (items: ReadonlyArray<{ listKeys: readonly string[]; entry: string }>) =>
    locks.run(keys.auditSequence, async () => {
      if (items.length === 0) return;
      if (auditSequence === undefined) {
        const stored = Number((await get(keys.auditSequence)) ?? '0');
        if (!Number.isSafeInteger(stored) || stored < 0) {
          throw new StoreError('corrupt_record', `The audit sequence number in the SQLite store at ${file} does not parse.`);
        }
        auditSequence = stored;
      }
      const first = auditSequence;
      const rows: Array<[string, string]> = [];
      for (const { listKeys, entry } of items) {
        const sequence = String(++auditSequence).padStart(12, '0');
        for (const listKey of listKeys) rows.push([`${listKey}:${sequence}`, entry]);
      }
      rows.push([keys.auditSequence, String(auditSequence)]);
      try {
        await query(`INSERT INTO ${table} (key, value) VALUES ${rows.map(() => '(?, ?)').join(', ')} ON CONFLICT(key) DO UPDATE SET value = excluded.value`, ...rows.flat());
      } catch (error) {
        auditSequence = first;
        throw error;
      }
    });

  const clampScore = (score: number) => Math.min(HIGHEST, Math.max(LOWEST, score));
  const rowsOf = (rows: Row[], first: string, second: string): Array<[string, string]> =>
    rows.flatMap((row): Array<[string, string]> => (typeof row[first] === 'string' && typeof row[second] === 'string' ? [[row[first], row[second]]] : []));

  return {
    kind: 'sqlite',
    get,
    async getMany(wanted) {
      if (wanted.length === 0) return [];
      const found = new Map(rowsOf(await query(`SELECT key, value FROM ${table} WHERE key IN (SELECT value FROM json_each(?))`, JSON.stringify(wanted)), 'key', 'value'));
      return wanted.map((key) => found.get(key));
    },
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
    removeIfEqual: (key, expected) =>
      locks.run(key, async () => {
        if ((await get(key)) !== expected) return false;
        await remove(key);
        return true;
      }),
    async scanPage(prefix, cursor, count) {
      const [from, to] = range(prefix);
      const rows = await query(`SELECT key, value FROM ${table} WHERE key ${cursor === undefined ? '>=' : '>'} ? AND key < ? ORDER BY key LIMIT ?`, cursor ?? from, to, count);
      const entries = rowsOf(rows, 'key', 'value');
      return { entries, cursor: rows.length < count ? undefined : (rows.at(-1)?.key as string) };
    },
    async indexRange(indexKey, _recordPrefix, { min = -Infinity, max = Infinity, limit, descending = false }) {
      const order = descending ? 'DESC' : 'ASC';
      const rows = await query(
        `SELECT i.member AS member, k.value AS value FROM ${INDEX_TABLE} i JOIN ${table} k ON k.key = i.record
         WHERE i.name = ? AND i.score >= ? AND i.score <= ? ORDER BY i.score ${order}, i.member ${order} LIMIT ?`,
        indexKey,
        clampScore(min),
        clampScore(max),
        limit ?? -1,
      );
      return rowsOf(rows, 'member', 'value');
    },
    async indexCount(indexKey, min, max) {
      const rows = await query(`SELECT count(*) AS n FROM ${INDEX_TABLE} WHERE name = ? AND score >= ? AND score <= ?`, indexKey, clampScore(min), clampScore(max));
      return Number(rows[0]?.n ?? 0);
    },
    async removeListEntries(listKey, entries) {
      if (entries.length === 0) return;
      await query(`DELETE FROM ${table} WHERE key >= ? AND key < ? AND value IN (SELECT value FROM json_each(?))`, ...range(`${listKey}:`), JSON.stringify(entries));
    },
    async removeList(listKey) {
      await query(`DELETE FROM ${table} WHERE key >= ? AND key < ?`, ...range(`${listKey}:`));
    },
    pace: (_key, perSecond) => memoryPace(perSecond),
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
    appendToLists: (listKeys, entry) => appendAll([{ listKeys, entry }]),
    appendAllToLists: (items) => appendAll(items),
    async readList(listKey) {
      const rows = await query(`SELECT value FROM ${table} WHERE key >= ? AND key < ? ORDER BY key`, ...range(`${listKey}:`));
      return rows.flatMap((row) => (typeof row.value === 'string' ? [row.value] : []));
    },
    async readListTail(listKey, count) {
      const rows = await query(`SELECT value FROM ${table} WHERE key >= ? AND key < ? ORDER BY key DESC LIMIT ?`, ...range(`${listKey}:`), count);
      return rows.flatMap((row) => (typeof row.value === 'string' ? [row.value] : [])).reverse();
    },
    async readListHead(listKey, count) {
      const rows = await query(`SELECT value FROM ${table} WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`, ...range(`${listKey}:`), count);
      return rows.flatMap((row) => (typeof row.value === 'string' ? [row.value] : []));
    },
    async dropListHead(listKey, count) {
      if (count <= 0) return;
      await query(`DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE key >= ? AND key < ? ORDER BY key LIMIT ?)`, ...range(`${listKey}:`), count);
    },
    async close() {
      if (closed) return;
      closed = true;
      await adapter.disconnect();
    },
  };
}
