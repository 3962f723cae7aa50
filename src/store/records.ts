import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Backend } from './backend.js';
import { StoreError, describeIssues } from './errors.js';
import type { StoreKeys } from './keys.js';
import type { KeyedMutex } from './mutex.js';
import type { RecordCollection, UpdateOutcome } from './types.js';

/**
 * How often update() re-reads and tries again when another writer got in between. Writers in
 * this process queue behind one another (KeyedMutex), so only other replicas can make a
 * compare-and-set miss; a handful of misses in a row already means heavy contention.
 */
const MAX_UPDATE_ATTEMPTS = 25;

/** What is stored: the value with the schema version it was written under. */
interface Envelope {
  v: number;
  data: unknown;
}

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
): RecordCollection<T> {
  const keyOf = (id: string) => keys.record(namespace, id);
  const keyPrefix = keys.recordPrefix(namespace);
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
    if (envelope.v !== schemaVersion) {
      return { ok: false, reason: `stored with schema version ${envelope.v}, this build reads version ${schemaVersion}` };
    }
    const result = schema.safeParse(envelope.data);
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

  /** Validates a value before it is written (the store never writes what it could not read back), and wraps it with its version. */
  const serialize = (id: string, value: T): string => {
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new StoreError('invalid_record', `Refused to write ${namespace} record ${id}: ${describeIssues(result.error)}.`);
    }
    return JSON.stringify({ v: schemaVersion, data: result.data } satisfies Envelope);
  };

  return {
    async get(id) {
      const raw = await backend.get(keyOf(id));
      return raw === undefined ? undefined : parseOrThrow(id, raw);
    },

    async create(id, value) {
      return backend.insert(keyOf(id), serialize(id, value));
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
          const written = serialize(id, next);
          if (await backend.replace(key, raw, written)) return { updated: true, value: parseOrThrow(id, written) };
          // Another replica wrote in between: back off a little (with jitter, so two replicas do not collide in step) and re-read.
          await sleep(Math.random() * 5 * attempt);
        }
        throw new StoreError('conflict', `Gave up updating ${namespace} record ${id} after ${MAX_UPDATE_ATTEMPTS} conflicting writes; try again.`);
      });
    },

    async list() {
      const values: T[] = [];
      for (const [key, raw] of await backend.scan(keyPrefix)) {
        const parsed = parse(raw);
        if (parsed.ok) {
          values.push(parsed.value);
        } else {
          logger.warn({ namespace, id: idOf(key.slice(keyPrefix.length)), reason: parsed.reason }, 'store: record does not parse; skipped');
        }
      }
      return values;
    },

    async delete(id) {
      await backend.remove(keyOf(id));
    },
  };
}
