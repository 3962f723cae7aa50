import { isAbsolute, resolve } from 'node:path';
import { systemClock } from '../clock.js';
import { silentLogger } from '../logger.js';
import { createAccessTrail } from './accessTrail.js';
import { createAuditTrail } from './audit.js';
import type { Backend } from './backend.js';
import { StoreError } from './errors.js';
import { DEFAULT_PREFIX, isValidName, storeKeys } from './keys.js';
import { KeyedMutex } from './mutex.js';
import { createRecordCollection } from './records.js';
import type { z } from 'zod';
import type { OpenStoreOptions, RecordOptions, Store } from './types.js';

export type StoreLocation = { backend: 'sqlite'; file: string; shown: string } | { backend: 'redis'; url: string; shown: string };

const USAGE = 'use sqlite://<relative/file>, sqlite:///<absolute/file> (one process) or redis://<host>:<port>[/<db>] (several replicas)';

/** The URL as it may appear in a log or an error: whatever precedes '@' (user, password) is masked. */
export function maskUrl(url: string): string {
  const at = url.lastIndexOf('@');
  if (at === -1) return url;
  const schemeEnd = url.indexOf('://');
  const start = schemeEnd === -1 || schemeEnd > at ? 0 : schemeEnd + 3;
  return `${url.slice(0, start)}***${url.slice(at)}`;
}

/** Reads a STORE_URL. Relative SQLite paths are taken from `cwd`. Throws StoreError 'bad_url'. */
export function parseStoreUrl(url: string, cwd: string = process.cwd()): StoreLocation {
  const shown = maskUrl(url);
  const bad = (why: string) => new StoreError('bad_url', `The store URL "${shown}" ${why}: ${USAGE}.`);

  const sqlite = /^sqlite:\/\/(.*)$/i.exec(url);
  if (sqlite) {
    const path = sqlite[1] ?? '';
    if (path === '' || path.endsWith('/')) throw bad('names no file');
    if (path === ':memory:') throw bad('is in memory, which would lose everything at a restart');
    return { backend: 'sqlite', file: isAbsolute(path) ? path : resolve(cwd, path), shown };
  }

  if (/^rediss?:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw bad('does not parse');
    }
    if (parsed.hostname === '') throw bad('names no host');
    if (!/^\/?(\d+)?$/.test(parsed.pathname)) throw bad('has a database that is not a number');
    if (parsed.search !== '' || parsed.hash !== '') throw bad('has a query or fragment the store does not understand');
    return { backend: 'redis', url, shown };
  }

  throw bad('is not a store URL');
}

// Loaded only when used: the Redis client costs ~160 ms of start-up a SQLite bot never needs.
const loadSqlite = () => import('./sqlite.js');
const loadRedis = () => import('./redis.js');

/**
 * Loads the code of the backend `url` names (sqlite3 and its native addon, or the Redis client)
 * without opening anything: a start asks for it before loading the parts that need Bolt, so that
 * opening the store waits behind none of them (ARCHITECTURE.md "Start and stop"). A URL that
 * does not parse loads nothing (openStore says what is wrong with it).
 */
export function loadStoreBackend(url: string): Promise<unknown> {
  let location: StoreLocation;
  try {
    location = parseStoreUrl(url);
  } catch {
    return Promise.resolve();
  }
  return location.backend === 'sqlite' ? loadSqlite() : loadRedis();
}

/**
 * Opens the store named by `url` (see parseStoreUrl), ready to use: the SQLite folder is created
 * and the file proven writable; Redis has answered. Otherwise throws a StoreError whose message
 * names the URL (never its password) and what to check.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (!isValidName(prefix)) throw new TypeError(`Store prefix "${prefix}" must be letters, digits, '_', '.' or '-'.`);

  const location = parseStoreUrl(url);
  const keys = storeKeys(prefix);
  const backend: Backend =
    location.backend === 'sqlite'
      ? await (await loadSqlite()).openSqliteBackend(location.file, keys, clock, logger)
      : await (await loadRedis()).openRedisBackend(location.url, location.shown, logger);
  logger.info({ backend: backend.kind, url: location.shown }, 'store: opened');

  const context = { backend, keys, locks: new KeyedMutex(), logger };

  return {
    backend: backend.kind,
    records(namespace, schema, schemaVersion, recordOptions) {
      if (!isValidName(namespace)) throw new TypeError(`Record namespace "${namespace}" must be letters, digits, '_', '.' or '-'.`);
      if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1)
        throw new TypeError(`Schema version of ${namespace} must be a positive integer.`);
      return createRecordCollection(
        context,
        namespace,
        schema,
        schemaVersion,
        recordOptions ?? (declaredIndexes.get(namespace) as RecordOptions<z.infer<typeof schema>> | undefined),
      );
    },
    claim: async (key, owner, ttlMs) => backend.claim(keys.claim(key), owner, positive(ttlMs)),
    acquireLease: async (key, owner, ttlMs) => backend.acquireLease(keys.lease(key), owner, positive(ttlMs)),
    releaseLease: (key, owner) => backend.releaseLease(keys.lease(key), owner),
    pace: (name, rate) => {
      if (!isValidName(name)) throw new TypeError(`Pace name "${name}" must be letters, digits, '_', '.' or '-'.`);
      return backend.pace(`${prefix}:rate:${name}`, rate);
    },
    audit: createAuditTrail(backend, keys, logger),
    access: createAccessTrail(backend, keys, logger),
    authKey: {
      get: () => backend.get(keys.authKey),
      set: (authKey) => backend.set(keys.authKey, authKey),
    },
    durability: () => backend.durability(),
    close: () => backend.close(),
  };
}

/**
 * A namespace's indexes, declared once by the module that owns its records (at import): every
 * records() of that namespace without options (a tool, a test, a benchmark reading or writing the
 * records) writes through the same indexes, whatever was opened first, so no write ever drops a
 * record out of them.
 */
const declaredIndexes = new Map<string, RecordOptions<unknown>>();

export function declareIndexes<T>(namespace: string, options: RecordOptions<T>): RecordOptions<T> {
  declaredIndexes.set(namespace, options as RecordOptions<unknown>);
  return options;
}

function positive(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`A claim or lease needs a positive duration, not ${ttlMs} ms.`);
  return ttlMs;
}
