import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import { auditAppend } from './audit.js';
import type { Backend, IndexChange, WriteGroup } from './backend.js';
import { StoreError, describeIssues } from './errors.js';
import type { StoreKeys } from './keys.js';
import type { KeyedMutex } from './mutex.js';
import type { BatchedUpdate, RecordCollection, RecordOptions, UpdateOutcome } from './types.js';

/**
 * How often update() re-reads and tries again when another writer got in between. Writers in
 * this process queue behind one another (KeyedMutex), so only other replicas can make a
 * compare-and-set miss; a handful of misses in a row already means heavy contention.
 */
const MAX_UPDATE_ATTEMPTS = 25;

/**
 * What is stored: the value with the schema version it was written under, and (collections with
 * indexes) the index entries it was written with: `[URI-encoded index name, score]`. Those say
 * which index entries the stored value has, so the next write knows what to take out (Redis),
 * and SQLite's triggers build the index rows from them in the write's own statement.
 */
interface Envelope {
  v: number;
  data: unknown;
  ix?: IndexEntries;
}
type IndexEntries = Array<[string, number]>;

/** Updates updateMany writes in one write of the store (one SQLite transaction, one Redis script). */
export const UPDATE_MANY_GROUP = 100;

/** updateMany gives the event loop a turn after parsing this many records. */
const YIELD_EVERY = 10;

/** Records a migration reads and rewrites per page. */
const BUILD_PAGE = 500;
/** The index build's lease: renewed every page, so a builder that died is taken over soon. */
const BUILD_LEASE_MS = 30_000;
/** How often a replica waiting for another's build looks again. */
const BUILD_WAIT_MS = 250;

/** The id a key was made from; a key not made by us is shown as it is. */
function idOf(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface CollectionContext {
  backend: Backend;
  keys: StoreKeys;
  /** Shared by all collections of a store: update() calls on one key in this process queue here. */
  locks: KeyedMutex;
  logger: Logger;
}

export function createRecordCollection<T>(
  { backend, keys, locks, logger }: CollectionContext,
  namespace: string,
  schema: z.ZodType<T>,
  schemaVersion: number,
  options: RecordOptions<T> = {},
): RecordCollection<T> {
  const keyOf = (id: string) => keys.record(namespace, id);
  const keyPrefix = keys.recordPrefix(namespace);
  const indexes = options.indexes;

  /** The entries `value` belongs in, names encoded the way keys are (one entry per index). */
  const entriesOf = (id: string, value: T): IndexEntries | undefined => {
    if (!indexes) return undefined;
    const byName = new Map<string, number>();
    for (const { index, score } of indexes(value)) {
      if (!Number.isFinite(score))
        throw new StoreError('invalid_record', `Refused to write ${namespace} record ${id}: its score in index ${index} is ${score}.`);
      byName.set(encodeURIComponent(index), score);
    }
    return [...byName];
  };
  /** The index entries a stored value was written with (none for a value from before the indexes, or not JSON). */
  const storedEntries = (raw: string): IndexEntries => {
    try {
      const ix = (JSON.parse(raw) as Partial<Envelope>).ix;
      return Array.isArray(ix)
        ? ix.filter(
            (entry): entry is [string, number] => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number',
          )
        : [];
    } catch {
      return [];
    }
  };
  const indexChange = (id: string, before: IndexEntries, after: IndexEntries): IndexChange | undefined => {
    if (!indexes) return undefined;
    const staying = new Set(after.map(([name]) => name));
    return {
      member: encodeURIComponent(id),
      remove: before.filter(([name]) => !staying.has(name)).map(([name]) => keys.index(namespace, name)),
      add: after.map(([name, score]) => [keys.index(namespace, name), score] as const),
    };
  };
  const parse = (raw: string): Parsed<T> => {
    let envelope: Partial<Envelope>;
    try {
      envelope = JSON.parse(raw) as Partial<Envelope>;
    } catch {
      return { ok: false, reason: 'not JSON' };
    }
    if (typeof envelope !== 'object' || envelope === null || typeof envelope.v !== 'number' || !('data' in envelope)) {
      return { ok: false, reason: 'not a versioned record' };
    }
    let data = envelope.data;
    if (envelope.v !== schemaVersion) {
      // A record of an older version is read through the collection's reader of older versions, when it has one.
      const upgraded = envelope.v < schemaVersion ? options.readOlder?.(envelope.data, envelope.v) : undefined;
      if (upgraded === undefined)
        return { ok: false, reason: `stored with schema version ${envelope.v}, this build reads version ${schemaVersion}` };
      data = upgraded;
    }
    const result = schema.safeParse(data);
    if (!result.success) {
      return { ok: false, reason: `does not match the schema: ${describeIssues(result.error)}` };
    }
    return { ok: true, value: result.data };
  };

  /** Reads and parses; a record that does not parse is logged and refused, never handed out. */
  const parseOrThrow = (id: string, raw: string): T => {
    const parsed = parse(raw);
    if (parsed.ok) return parsed.value;
    logger.warn({ namespace, id, reason: parsed.reason }, 'store: record does not parse');
    throw new StoreError('corrupt_record', `The stored ${namespace} record ${id} does not parse (${parsed.reason}); it was left as it is.`);
  };

  /** Validates a value before it is written (the store never writes what it could not read back), and wraps it with its version and index entries. */
  const serialize = (id: string, value: T): { raw: string; ix: IndexEntries } => {
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new StoreError('invalid_record', `Refused to write ${namespace} record ${id}: ${describeIssues(result.error)}.`);
    }
    const ix = entriesOf(id, result.data);
    return { raw: JSON.stringify({ v: schemaVersion, data: result.data, ...(ix ? { ix } : {}) } satisfies Envelope), ix: ix ?? [] };
  };
  /** Parses what an index read returned; corrupt ones are logged and skipped. */
  const parseListed = (rows: ReadonlyArray<[string, string]>, keyOfRow: (key: string) => string): T[] => {
    const values: T[] = [];
    for (const [key, raw] of rows) {
      const parsed = parse(raw);
      if (parsed.ok) values.push(parsed.value);
      else logger.warn({ namespace, id: keyOfRow(key), reason: parsed.reason }, 'store: record does not parse; skipped');
    }
    return values;
  };

  /** The stored data of a record of any collection, if it is a versioned record whose data is an object. */
  const dataOf = (raw: string): Record<string, unknown> | undefined => {
    try {
      const data = (JSON.parse(raw) as Partial<Envelope>).data;
      return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };

  /** The schema version a record was stored with (undefined: not a versioned record). */
  const versionOf = (raw: string): number | undefined => {
    try {
      const v = (JSON.parse(raw) as Partial<Envelope>).v;
      return typeof v === 'number' ? v : undefined;
    } catch {
      return undefined;
    }
  };

  /** updateMany for up to UPDATE_MANY_GROUP updates: each round writes what it can, and asks again about what another writer got to first. */
  const updateRound = async (updates: ReadonlyArray<BatchedUpdate<T>>): Promise<Array<UpdateOutcome<T>>> => {
    const outcomes = new Array<UpdateOutcome<T>>(updates.length);
    let waiting = updates.map((_, index) => index);
    for (let attempt = 1; waiting.length > 0; attempt++) {
      if (attempt > MAX_UPDATE_ATTEMPTS) {
        throw new StoreError(
          'conflict',
          `Gave up updating ${waiting.length} ${namespace} record(s) after ${MAX_UPDATE_ATTEMPTS} conflicting writes; try again.`,
        );
      }
      if (attempt > 1) await sleep(Math.random() * 5 * attempt);
      const raws = await backend.getMany(waiting.map((index) => keyOf(updates[index]!.id)));
      const planned: Array<{
        index: number;
        written: string;
        group: WriteGroup;
        deletes: ReadonlyArray<{ key: string; namespace: string; id: string; has: Readonly<Record<string, unknown>> }>;
      }> = [];
      for (const [position, index] of waiting.entries()) {
        // Parsing and validating a record is tens of microseconds: a hundred at once would hold the event loop for milliseconds.
        if (position > 0 && position % YIELD_EVERY === 0) await yieldToEventLoop();
        const { id, change, alongside } = updates[index]!;
        const raw = raws[position];
        if (raw === undefined) {
          outcomes[index] = { updated: false, current: undefined };
          continue;
        }
        const next = change(parseOrThrow(id, raw));
        if (next === undefined) {
          outcomes[index] = { updated: false, current: parseOrThrow(id, raw) };
          continue;
        }
        const { raw: written, ix } = serialize(id, next);
        const extra = alongside?.(parseOrThrow(id, written), parseOrThrow(id, raw)) ?? {};
        planned.push({
          index,
          written,
          group: {
            replace: { key: keyOf(id), expected: raw, next: written, ...withIndex(indexChange(id, storedEntries(raw), ix)) },
            append: (extra.audit ?? []).map((entry) => auditAppend(keys, entry)),
          },
          deletes: (extra.deleteWhere ?? []).map((target) => ({ ...target, key: keys.record(target.namespace, target.id) })),
        });
      }
      // The records to delete alongside, read now: each is deleted only if it still holds what was read (and it matched).
      const targets = planned.flatMap(({ deletes }) => deletes);
      const targetKeys = [...new Set(targets.map(({ key }) => key))];
      const targetValues = targetKeys.length === 0 ? [] : await backend.getMany(targetKeys);
      const targetRaws = new Map(targetKeys.map((key, position) => [key, targetValues[position]]));
      for (const entry of planned) {
        const removals = entry.deletes.flatMap(({ key, id: targetId, has, namespace: targetNamespace }) => {
          const raw = targetRaws.get(key);
          const data = raw === undefined ? undefined : dataOf(raw);
          if (raw === undefined || !data || !Object.entries(has).every(([field, value]) => data[field] === value)) return [];
          const leaving = storedEntries(raw).map(([name]) => keys.index(targetNamespace, name));
          return [{ key, expected: raw, index: { member: encodeURIComponent(targetId), remove: leaving, add: [] } }];
        });
        if (removals.length > 0) entry.group = { ...entry.group, removeIfEqual: removals };
      }
      const written = planned.length === 0 ? [] : await backend.commitGroups(planned.map(({ group }) => group));
      const lost: number[] = [];
      for (const [position, { index, written: value }] of planned.entries()) {
        if (position > 0 && position % YIELD_EVERY === 0) await yieldToEventLoop();
        if (written[position]) outcomes[index] = { updated: true, value: parseOrThrow(updates[index]!.id, value) };
        else lost.push(index);
      }
      waiting = lost;
    }
    return outcomes;
  };
  const withIndex = (index: IndexChange | undefined) => (index ? { index } : {});

  const collection: RecordCollection<T> = {
    async get(id) {
      const raw = await backend.get(keyOf(id));
      return raw === undefined ? undefined : parseOrThrow(id, raw);
    },

    async create(id, value) {
      const { raw, ix } = serialize(id, value);
      return backend.insert(keyOf(id), raw, indexChange(id, [], ix));
    },

    update(id, change) {
      const key = keyOf(id);
      return locks.run(key, async (): Promise<UpdateOutcome<T>> => {
        for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
          const raw = await backend.get(key);
          if (raw === undefined) return { updated: false, current: undefined };
          // Parsed afresh on each attempt, so `change` may mutate what it is given.
          const next = change(parseOrThrow(id, raw));
          if (next === undefined) return { updated: false, current: parseOrThrow(id, raw) };
          const { raw: written, ix } = serialize(id, next);
          if (await backend.replace(key, raw, written, indexChange(id, storedEntries(raw), ix)))
            return { updated: true, value: parseOrThrow(id, written) };
          // Another replica wrote in between: back off a little (with jitter, so two replicas do not collide in step) and re-read.
          await sleep(Math.random() * 5 * attempt);
        }
        throw new StoreError(
          'conflict',
          `Gave up updating ${namespace} record ${id} after ${MAX_UPDATE_ATTEMPTS} conflicting writes; try again.`,
        );
      });
    },

    async updateMany(updates) {
      if (new Set(updates.map(({ id }) => id)).size !== updates.length)
        throw new TypeError(`updateMany of ${namespace} records was given the same id twice.`);
      const outcomes: Array<UpdateOutcome<T>> = [];
      for (let start = 0; start < updates.length; start += UPDATE_MANY_GROUP) {
        outcomes.push(...(await updateRound(updates.slice(start, start + UPDATE_MANY_GROUP))));
      }
      return outcomes;
    },

    async list() {
      return parseListed(await backend.scan(keyPrefix), (key) => idOf(key.slice(keyPrefix.length)));
    },

    delete(id) {
      const key = keyOf(id);
      if (!indexes) return backend.remove(key);
      // Its index entries go with it: a compare-and-delete of what was read, with those entries.
      return locks.run(key, async () => {
        for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
          const raw = await backend.get(key);
          if (raw === undefined) return;
          if (await backend.removeIfEqual(key, raw, indexChange(id, storedEntries(raw), []))) return;
          await sleep(Math.random() * 5 * attempt);
        }
        throw new StoreError(
          'conflict',
          `Gave up deleting ${namespace} record ${id} after ${MAX_UPDATE_ATTEMPTS} conflicting writes; try again.`,
        );
      });
    },

    async inIndex(index, query = {}) {
      const rows = await backend.indexRange(keys.index(namespace, encodeURIComponent(index)), keyPrefix, query);
      return parseListed(rows, idOf);
    },

    countIndex(index, query = {}) {
      return backend.indexCount(keys.index(namespace, encodeURIComponent(index)), query.min ?? -Infinity, query.max ?? Infinity);
    },

    async buildIndexes() {
      if (!indexes) return 0;
      const version = options.indexVersion ?? 1;
      const versionKey = keys.indexVersion(namespace);
      const built = async () => Number((await backend.get(versionKey)) ?? '0') >= version;
      const lease = keys.lease(`index-build:${namespace}`);
      const owner = `index-build-${randomUUID()}`;
      for (;;) {
        if (await built()) return 0;
        if (await backend.acquireLease(lease, owner, BUILD_LEASE_MS)) break;
        // Another replica is building them: wait for it (its lease lapses if it dies, and this one takes over).
        await sleep(BUILD_WAIT_MS);
      }
      let rewritten = 0;
      try {
        logger.debug(
          { event: 'store.index_build_started', namespace, version },
          'store: building the indexes of records stored before them',
        );
        let cursor: string | undefined;
        do {
          const page = await backend.scanPage(keyPrefix, cursor, BUILD_PAGE);
          cursor = page.cursor;
          for (const [key, raw] of page.entries) {
            const parsed = parse(raw);
            // A corrupt record is left as it is (and is in no index): it was unreadable before too.
            if (!parsed.ok) continue;
            const id = idOf(key.slice(keyPrefix.length));
            // Also rewritten: a record holding what the schema no longer keeps (a field dropped, such as a
            // subscriber's identifiers): read through the schema, it is written back without it.
            if (
              versionOf(raw) === schemaVersion &&
              JSON.stringify(storedEntries(raw)) === JSON.stringify(entriesOf(id, parsed.value)) &&
              JSON.stringify(dataOf(raw)) === JSON.stringify(parsed.value)
            )
              continue;
            // Rewritten through update(): its compare-and-set writes the entries with it (and only what the schema keeps), and a write in between is simply read again.
            if ((await collection.update(id, (current) => current)).updated) rewritten += 1;
          }
          if (!(await backend.acquireLease(lease, owner, BUILD_LEASE_MS))) {
            throw new StoreError(
              'conflict',
              `Lost the lease on building the ${namespace} indexes (a page took longer than ${BUILD_LEASE_MS} ms); the next start builds them again.`,
            );
          }
          await yieldToEventLoop();
        } while (cursor !== undefined);
        await backend.set(versionKey, String(version));
        // Said only when there was something to build: a new store has nothing to say.
        if (rewritten > 0)
          logger.info(
            { event: 'store.index_build_finished', namespace, version, rewritten },
            'store: built the indexes of records stored before them',
          );
      } finally {
        await backend.releaseLease(lease, owner).catch(() => undefined);
      }
      return rewritten;
    },

    deleteIf(id, holds) {
      const key = keyOf(id);
      return locks.run(key, async () => {
        for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
          const raw = await backend.get(key);
          if (raw === undefined || !holds(parseOrThrow(id, raw))) return false;
          if (await backend.removeIfEqual(key, raw, indexChange(id, storedEntries(raw), []))) return true;
          // Another replica wrote in between: ask again about what it wrote.
          await sleep(Math.random() * 5 * attempt);
        }
        throw new StoreError(
          'conflict',
          `Gave up deleting ${namespace} record ${id} after ${MAX_UPDATE_ATTEMPTS} conflicting writes; try again.`,
        );
      });
    },
  };
  return collection;
}
