import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import KeyvSqlite from '@keyv/sqlite';
import { createClient } from '@keyv/redis';
import { describe } from 'vitest';
import { createLogger, type Logger } from '../../src/logger.js';

/**
 * The Redis every Redis test runs on: the one the test run's global setup found or started
 * (test/setup/redis.ts), handed over as TEST_REDIS_URL; '' when there is none, and then the
 * Redis suites are skipped (`describeRedis`, `describeStoreBackends`). Outside a test run
 * (a script importing this), the usual local address.
 */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const HAS_REDIS = REDIS_URL !== '';
/** Host and port of REDIS_URL, for a test that puts a relay in front of it. */
export const REDIS_ADDRESS = HAS_REDIS
  ? { host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) }
  : { host: '127.0.0.1', port: 6379 };

/** A suite that needs Redis: skipped when the run has none (the global setup said so in one line). */
export function describeRedis(name: string, body: () => void): void {
  describe.skipIf(!HAS_REDIS)(name, body);
}

/** One suite per store backend (`%s` in the name is the backend); the Redis one is skipped when the run has no Redis. */
export function describeStoreBackends(name: string, body: (backend: 'sqlite' | 'redis') => void): void {
  for (const backend of ['sqlite', 'redis'] as const)
    describe.skipIf(backend === 'redis' && !HAS_REDIS)(name.replace('%s', backend), () => body(backend));
}

/** A fresh key prefix, so test files running in parallel never touch each other's keys. */
export function randomPrefix(): string {
  return `test-${randomUUID().slice(0, 12)}`;
}

/** Where one test's store lives for `backend`: a fresh prefix, its URL, and how to remove what the test wrote. */
export async function freshStoreLocation(
  backend: 'sqlite' | 'redis',
): Promise<{ prefix: string; url: string; cleanup: () => Promise<void> }> {
  const prefix = randomPrefix();
  if (backend === 'redis') return { prefix, url: REDIS_URL, cleanup: () => deleteRedisKeys(prefix) };
  const temp = await makeTempDir();
  return { prefix, url: `sqlite://${temp.dir}/store.sqlite`, cleanup: temp.remove };
}

export async function makeTempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'freebit-store-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A logger whose lines the test can read back. */
export function captureLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('debug', stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Writes straight under a key, past the store, the way a damaged or foreign value would arrive. */
export async function writeRaw(url: string, key: string, value: string): Promise<void> {
  if (url.startsWith('sqlite://')) {
    const adapter = new KeyvSqlite({ uri: url });
    await adapter.set(key, value);
    await adapter.disconnect();
  } else {
    await withRedis(async (client) => {
      await client.set(key, value);
    });
  }
}

export async function readRaw(url: string, key: string): Promise<string | undefined> {
  if (url.startsWith('sqlite://')) {
    const adapter = new KeyvSqlite({ uri: url });
    const value = await adapter.get<string>(key);
    await adapter.disconnect();
    return value;
  }
  return withRedis(async (client) => (await client.get(key)) ?? undefined);
}

/** Removes every Redis key of a prefix (tests clean up after themselves). */
export async function deleteRedisKeys(prefix: string, url: string = REDIS_URL): Promise<void> {
  await withRedis(async (client) => {
    let cursor = '0';
    do {
      const step = await client.scan(cursor, { MATCH: `${prefix}:*`, COUNT: 1000 });
      cursor = String(step.cursor);
      if (step.keys.length > 0) await client.del(step.keys);
    } while (cursor !== '0');
  }, url);
}

const newRedisClient = (url: string = REDIS_URL) => createClient({ url });

/** A plain client on the test Redis (or the one at `url`), past the store, closed after `work`. */
export async function withRedis<T>(work: (client: ReturnType<typeof newRedisClient>) => Promise<T>, url: string = REDIS_URL): Promise<T> {
  const client = newRedisClient(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}
