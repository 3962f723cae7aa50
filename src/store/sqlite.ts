import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import sqlite3 from 'sqlite3';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Backend, Hold, WriteGroup } from './backend.js';
import { StoreError, describe } from './errors.js';
import type { StoreKeys } from './keys.js';
import { Gate, KeyedMutex } from './mutex.js';
import { memoryPace } from './pace.js';

/**
 * Content a write replaces or deletes is overwritten with zeros instead of lingering in the
 * file's free pages: a field the records stop keeping (a subscriber's ICCID, stripped by the
 * migration at start) is then gone from the file, not only from the record.
 */
const SECURE_DELETE = 'PRAGMA secure_delete = ON';

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

/** How long a statement waits for another connection's (or process's) write lock before it fails as 'timeout'. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** Rows of list entries per INSERT in commitGroups (two parameters each, well below SQLite's cap). */
const APPEND_ROWS_PER_STATEMENT = 400;

/**
 * One gate per file for every store open on it in this process. While a commitGroups
 * transaction holds SQLite's write lock between its statements, a write on another connection
 * would wait in SQLite's busy handler on one of libuv's few threads; enough of them, and the
 * transaction's own next statement finds no thread to run on until their busy timeouts fail
 * them. So nothing else in the process runs a statement on the file meanwhile: it waits here,
 * in JavaScript, instead.
 */
const gates = new Map<string, { gate: Gate; users: number }>();
function gateOf(file: string): Gate {
  const entry = gates.get(file) ?? { gate: new Gate(), users: 0 };
  entry.users += 1;
  gates.set(file, entry);
  return entry.gate;
}
function releaseGate(file: string): void {
  const entry = gates.get(file);
  if (entry && --entry.users === 0) gates.delete(file);
}

/** The connection commitGroups writes its transactions on (opened at the first). */
interface BatchConnection {
  /**
   * Runs `work` inside BEGIN IMMEDIATE … COMMIT, one at a time; rolls back when it throws or
   * the commit fails (and if the rollback fails too, closes the connection: the next
   * transaction opens a new one). Each connection has SQLite's default synchronous setting, as
   * keyv's has: a commit is as durable here as there.
   */
  transaction<T>(
    work: (
      run: (sql: string, ...params: unknown[]) => Promise<number>,
      all: (sql: string, ...params: unknown[]) => Promise<Row[]>,
    ) => Promise<{ result: T; committed: () => void }>,
  ): Promise<T>;
  close(): Promise<void>;
}

function batchConnection(file: string): BatchConnection {
  let opened: Promise<sqlite3.Database> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const open = () =>
    (opened ??= new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (error) => {
        if (error) {
          opened = undefined;
          reject(error);
          return;
        }
        db.configure('busyTimeout', SQLITE_BUSY_TIMEOUT_MS);
        // As on keyv's connection (openSqliteStore): what a write replaces is zeroed, not left in free space.
        db.run(SECURE_DELETE, () => resolve(db));
      });
    }));
  const run = (db: sqlite3.Database, sql: string, params: unknown[]) =>
    new Promise<number>((resolve, reject) => {
      db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve(this.changes);
      });
    });
  const all = (db: sqlite3.Database, sql: string, params: unknown[]) =>
    new Promise<Row[]>((resolve, reject) => {
      db.all(sql, params, (error: Error | null, rows: Row[]) => (error ? reject(error) : resolve(rows)));
    });
  const closeDb = (db: sqlite3.Database) => new Promise<void>((resolve) => db.close(() => resolve()));
  const drop = async () => {
    const pending = opened;
    opened = undefined;
    const db = await pending?.catch(() => undefined);
    if (db) await closeDb(db);
  };
  return {
    transaction(work) {
      const turn = queue.then(async () => {
        const db = await open();
        await run(db, 'BEGIN IMMEDIATE', []);
        let outcome;
        try {
          outcome = await work(
            (sql, ...params) => run(db, sql, params),
            (sql, ...params) => all(db, sql, params),
          );
          await run(db, 'COMMIT', []);
        } catch (error) {
          // A failed COMMIT may have rolled back already; a connection whose ROLLBACK fails too is not trusted again.
          await run(db, 'ROLLBACK', []).catch(drop);
          throw error;
        }
        outcome.committed();
        return outcome.result;
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    async close() {
      await queue;
      await drop();
    },
  };
}

/** Expired claims are swept at open and after this many claims, so the table does not grow without end. */
const SWEEP_EVERY_CLAIMS = 500;

type Row = Record<string, unknown>;

/**
 * SQLite through keyv's adapter, which opens the file and owns the `key, value` table; plain
 * reads and writes go through it, range reads and multi-row writes are SQL on its table.
 * One process by contract: every read-modify-write runs under an in-process per-key lock, and
 * that makes it atomic because nothing else writes the file (compare-and-sets are besides single
 * statements, atomic in SQLite itself). Time comes from the injected clock.
 */
export async function openSqliteBackend(file: string, keys: StoreKeys, clock: Clock, logger: Logger): Promise<Backend> {
  const unwritable = (cause: unknown) =>
    new StoreError(
      'unwritable',
      `Cannot open the SQLite store at ${file} for writing: ${describe(cause)}. Check that the path is a file in a folder this process can write.`,
      {
        cause,
      },
    );

  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (error) {
    throw unwritable(error);
  }

  // `uri` is keyv's spelling; the adapter strips the scheme and hands sqlite3 the path.
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: SQLITE_BUSY_TIMEOUT_MS });
  // A failed open is reported as an 'error' event as well as by the next query (handled below).
  adapter.on('error', (error: unknown) => logger.debug({ err: error }, 'store: sqlite adapter error'));
  const table = adapter.opts.table ?? 'keyv';

  // Every statement on keyv's connection passes the file's gate (shared); commitGroups' transaction holds it alone.
  const gate = gateOf(file);
  try {
    await gate.shared(async () => {
      // Prove the file is writable now rather than at the first approval: open errors and read-only files both surface here.
      await adapter.set(keys.meta, JSON.stringify({ format: 1, openedAt: clock.now() }));
      // WAL: a commit appends to one log instead of going through a rollback journal, several
      // times faster on disk, and readers never wait for a writer.
      await adapter.query('PRAGMA journal_mode = WAL');
      await adapter.query(SECURE_DELETE);
      // Idempotent (IF NOT EXISTS): a store written before the indexes gets the table and its
      // triggers here, and its records' entries when they are rewritten (RecordCollection.buildIndexes).
      for (const statement of indexSchema(table)) await adapter.query(statement);
    });
  } catch (error) {
    await adapter.disconnect().catch(() => undefined);
    releaseGate(file);
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
      // Past the busy timeout: another process holds the file's write lock (nothing was written).
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
        throw new StoreError('timeout', `The SQLite store at ${file} stayed locked for ${SQLITE_BUSY_TIMEOUT_MS} ms: ${describe(error)}.`, {
          cause: error,
        });
      }
      throw new StoreError('backend_failed', `The SQLite store at ${file} failed: ${describe(error)}.`, { cause: error });
    }
  };
  const query = (sql: string, ...params: unknown[]) => guard(() => gate.shared(async () => (await adapter.query(sql, ...params)) as Row[]));
  const get = (key: string) => guard(() => gate.shared(() => adapter.get<string>(key)));
  const set = (key: string, value: string) =>
    guard(() =>
      gate.shared(async () => {
        await adapter.set(key, value);
      }),
    );
  const remove = (key: string) =>
    guard(() =>
      gate.shared(async () => {
        await adapter.delete(key);
      }),
    );
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
        await query(
          `INSERT INTO ${table} (key, value) VALUES ${rows.map(() => '(?, ?)').join(', ')} ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
          ...rows.flat(),
        );
      } catch (error) {
        auditSequence = first;
        throw error;
      }
    });

  /**
   * commitGroups: one transaction, one commit (one fsync) for many groups of writes. It runs on
   * a connection of its own: keyv's connection is shared by every caller in the process, and a
   * BEGIN there would take in whatever other statements ran until the COMMIT (and a ROLLBACK
   * would undo them). Here nothing else runs on the connection, and SQLite's write lock keeps
   * keyv's connection out until the commit (its busy timeout waits). The audit sequence is taken
   * as appendAll takes it (its lock, the number kept in memory), so list keys stay in append order.
   */
  const batches = batchConnection(file);
  const commitGroups = (groups: readonly WriteGroup[]) =>
    locks.run(keys.auditSequence, async (): Promise<boolean[]> => {
      if (groups.length === 0) return [];
      return gate.exclusive(() =>
        batches.transaction(async (run, all) => {
          // Read inside the transaction, which holds the write lock: nothing can hand out a number meanwhile.
          const stored = Number((await all(`SELECT value FROM ${table} WHERE key = ?`, keys.auditSequence))[0]?.value ?? '0');
          if (!Number.isSafeInteger(stored) || stored < 0) {
            throw new StoreError('corrupt_record', `The audit sequence number in the SQLite store at ${file} does not parse.`);
          }
          let sequence = Math.max(stored, auditSequence ?? 0);
          const written: boolean[] = [];
          const rows: Array<[string, string]> = [];
          const distinct = new Set(groups.map(({ replace }) => replace.key)).size === groups.length;
          // Distinct keys (as updateMany writes them): every compare-and-set in one statement, and every removal of the winners in another.
          const won = distinct
            ? new Set(
                (
                  await all(
                    `UPDATE ${table} SET value = j.next FROM (SELECT json_extract(value, '$[0]') AS key, json_extract(value, '$[1]') AS expected, json_extract(value, '$[2]') AS next FROM json_each(?)) AS j
                   WHERE ${table}.key = j.key AND ${table}.value = j.expected RETURNING ${table}.key AS key`,
                    JSON.stringify(groups.map(({ replace }) => [replace.key, replace.expected, replace.next])),
                  )
                ).map((row) => row.key),
              )
            : undefined;
          if (won) {
            const removals = groups.flatMap((group) =>
              won.has(group.replace.key) ? (group.removeIfEqual ?? []).map((removal) => [removal.key, removal.expected]) : [],
            );
            if (removals.length > 0) {
              await run(
                `DELETE FROM ${table} WHERE key IN (SELECT json_extract(value, '$[0]') FROM json_each(?1)) AND (key, value) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))`,
                JSON.stringify(removals),
              );
            }
          }
          for (const group of groups) {
            const { key, expected, next } = group.replace;
            const wrote = won
              ? won.has(key)
              : (await run(`UPDATE ${table} SET value = ? WHERE key = ? AND value = ?`, next, key, expected)) === 1;
            written.push(wrote);
            if (!wrote) continue;
            if (!won)
              for (const removal of group.removeIfEqual ?? [])
                await run(`DELETE FROM ${table} WHERE key = ? AND value = ?`, removal.key, removal.expected);
            for (const { listKeys, entry } of group.append ?? []) {
              const suffix = String(++sequence).padStart(12, '0');
              for (const listKey of listKeys) rows.push([`${listKey}:${suffix}`, entry]);
            }
          }
          if (rows.length > 0) {
            rows.push([keys.auditSequence, String(sequence)]);
            for (let i = 0; i < rows.length; i += APPEND_ROWS_PER_STATEMENT) {
              const chunk = rows.slice(i, i + APPEND_ROWS_PER_STATEMENT);
              await run(
                `INSERT INTO ${table} (key, value) VALUES ${chunk.map(() => '(?, ?)').join(', ')} ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
                ...chunk.flat(),
              );
            }
          }
          return {
            result: written,
            // Only once the commit went through: a transaction rolled back handed out no numbers.
            committed: () => {
              auditSequence = sequence;
            },
          };
        }),
      );
    });

  const clampScore = (score: number) => Math.min(HIGHEST, Math.max(LOWEST, score));
  const rowsOf = (rows: Row[], first: string, second: string): Array<[string, string]> =>
    rows.flatMap((row): Array<[string, string]> =>
      typeof row[first] === 'string' && typeof row[second] === 'string' ? [[row[first], row[second]]] : [],
    );

  return {
    kind: 'sqlite',
    get,
    // A file on disk, written before each commit returns; nothing is ever evicted.
    durability: async () => ({ persistent: true, persistence: 'file' }),
    async getMany(wanted) {
      if (wanted.length === 0) return [];
      const found = new Map(
        rowsOf(
          await query(`SELECT key, value FROM ${table} WHERE key IN (SELECT value FROM json_each(?))`, JSON.stringify(wanted)),
          'key',
          'value',
        ),
      );
      return wanted.map((key) => found.get(key));
    },
    set,
    // Each compare-and-set is one statement: atomic in SQLite itself, whatever else writes the
    // file (commitGroups' own connection, an operator's sqlite3), not only under the lock.
    insert: (key, value) =>
      locks.run(
        key,
        async () =>
          (await query(`INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING RETURNING key`, key, value)).length ===
          1,
      ),
    replace: (key, expected, next) =>
      locks.run(
        key,
        async () =>
          (await query(`UPDATE ${table} SET value = ? WHERE key = ? AND value = ? RETURNING key`, next, key, expected)).length === 1,
      ),
    remove: (key) => locks.run(key, () => remove(key)),
    removeIfEqual: (key, expected) =>
      locks.run(
        key,
        async () => (await query(`DELETE FROM ${table} WHERE key = ? AND value = ? RETURNING key`, key, expected)).length === 1,
      ),
    async scanPage(prefix, cursor, count) {
      const [from, to] = range(prefix);
      const rows = await query(
        `SELECT key, value FROM ${table} WHERE key ${cursor === undefined ? '>=' : '>'} ? AND key < ? ORDER BY key LIMIT ?`,
        cursor ?? from,
        to,
        count,
      );
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
      const rows = await query(
        `SELECT count(*) AS n FROM ${INDEX_TABLE} WHERE name = ? AND score >= ? AND score <= ?`,
        indexKey,
        clampScore(min),
        clampScore(max),
      );
      return Number(rows[0]?.n ?? 0);
    },
    async removeListEntries(listKey, entries) {
      if (entries.length === 0) return;
      await query(
        `DELETE FROM ${table} WHERE key >= ? AND key < ? AND value IN (SELECT value FROM json_each(?))`,
        ...range(`${listKey}:`),
        JSON.stringify(entries),
      );
    },
    async removeList(listKey) {
      await query(`DELETE FROM ${table} WHERE key >= ? AND key < ?`, ...range(`${listKey}:`));
    },
    pace: (_key, rate) => memoryPace(rate),
    async scan(prefix) {
      const rows = await query(`SELECT key, value FROM ${table} WHERE key >= ? AND key < ?`, ...range(prefix));
      return rows.flatMap((row): Array<[string, string]> =>
        typeof row.key === 'string' && typeof row.value === 'string' ? [[row.key, row.value]] : [],
      );
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
      const rows = await query(
        `SELECT value FROM ${table} WHERE key >= ? AND key < ? ORDER BY key DESC LIMIT ?`,
        ...range(`${listKey}:`),
        count,
      );
      return rows.flatMap((row) => (typeof row.value === 'string' ? [row.value] : [])).reverse();
    },
    async readListHead(listKey, count) {
      const rows = await query(
        `SELECT value FROM ${table} WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`,
        ...range(`${listKey}:`),
        count,
      );
      return rows.flatMap((row) => (typeof row.value === 'string' ? [row.value] : []));
    },
    async dropListHead(listKey, count) {
      if (count <= 0) return;
      await query(
        `DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE key >= ? AND key < ? ORDER BY key LIMIT ?)`,
        ...range(`${listKey}:`),
        count,
      );
    },
    commitGroups: (groups) => guard(() => commitGroups(groups)),
    async close() {
      if (closed) return;
      closed = true;
      await batches.close();
      await adapter.disconnect();
      releaseGate(file);
    },
  };
}
