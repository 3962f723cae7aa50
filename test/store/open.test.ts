import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore, parseStoreUrl, StoreError } from '../../src/store/index.js';
import { captureLogger, HAS_REDIS, makeTempDir, randomPrefix, REDIS_URL } from './support.js';

const temp = await makeTempDir();
afterAll(() => temp.remove());

/** Runs `open` and returns the StoreError it must throw, with how long it took. */
async function failure(open: () => Promise<unknown>): Promise<{ error: StoreError; ms: number }> {
  const started = performance.now();
  const error = await open().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return { error: error as StoreError, ms: performance.now() - started };
}

describe('parseStoreUrl', () => {
  it('reads relative and absolute SQLite paths and Redis URLs', () => {
    expect(parseStoreUrl('sqlite://data/freebit-ops.sqlite', '/srv/bot')).toMatchObject({
      backend: 'sqlite',
      file: '/srv/bot/data/freebit-ops.sqlite',
    });
    expect(parseStoreUrl('sqlite:///var/lib/bot/store.sqlite', '/srv/bot')).toMatchObject({
      backend: 'sqlite',
      file: '/var/lib/bot/store.sqlite',
    });
    expect(parseStoreUrl('redis://127.0.0.1:6379')).toMatchObject({ backend: 'redis', url: 'redis://127.0.0.1:6379' });
    expect(parseStoreUrl('redis://cache.internal:6380/2')).toMatchObject({ backend: 'redis' });
    expect(parseStoreUrl('rediss://user:pw@cache.internal:6380')).toMatchObject({
      backend: 'redis',
      shown: 'rediss://***@cache.internal:6380',
    });
  });

  // STORE_URL schemes are case-insensitive, and rediss:// is Redis over TLS.
  it('reads the scheme in any case, rediss:// included', () => {
    expect(parseStoreUrl('REDISS://user:pw@cache.internal:6380/1')).toMatchObject({
      backend: 'redis',
      url: 'REDISS://user:pw@cache.internal:6380/1',
    });
    expect(parseStoreUrl('Redis://127.0.0.1:6379')).toMatchObject({ backend: 'redis' });
    expect(parseStoreUrl('SQLite://data/bot.sqlite', '/srv/bot')).toMatchObject({ backend: 'sqlite', file: '/srv/bot/data/bot.sqlite' });
  });

  it.each([
    ['', 'is not a store URL'],
    ['data/store.sqlite', 'is not a store URL'],
    ['postgres://db/bot', 'is not a store URL'],
    ['sqlite://', 'names no file'],
    ['sqlite://data/', 'names no file'],
    ['sqlite://:memory:', 'in memory'],
    ['redis://', 'names no host'],
    ['redis://127.0.0.1:6379/zero', 'not a number'],
    ['redis://127.0.0.1:notaport', 'does not parse'],
    ['redis://127.0.0.1:6379?db=1', 'query'],
  ])('refuses %j: it %s', (url, why) => {
    const error = (() => {
      try {
        parseStoreUrl(url);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'bad_url', isRetryable: false });
    expect((error as Error).message).toContain(why);
    expect((error as Error).message).toContain(`"${url}"`);
    expect((error as Error).message).toContain('redis://<host>:<port>');
  });

  it('never shows a password, even in a URL it cannot read', () => {
    for (const url of ['redis://admin:hunter2@127.0.0.1:abc', 'mysql://admin:hunter2@db', 'redis://:hunter2@/0']) {
      let message = '';
      try {
        parseStoreUrl(url);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain('***@');
      expect(message).not.toContain('hunter2');
    }
  });
});

describe('openStore fails fast and clearly', () => {
  it('on a bad URL', async () => {
    const { error } = await failure(() => openStore('memcached://localhost'));
    expect(error.code).toBe('bad_url');
  });

  it('when Redis does not answer, within a few seconds, naming the URL but not its password', async () => {
    const { error, ms } = await failure(() => openStore('redis://ops:hunter2@127.0.0.1:1/0', { prefix: randomPrefix() }));
    expect(error).toMatchObject({ code: 'unreachable', isRetryable: true });
    expect(error.message).toContain('redis://***@127.0.0.1:1/0');
    expect(error.message).not.toContain('hunter2');
    expect(ms).toBeLessThan(4_000);
  });

  it('when something at the Redis address accepts the connection but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const { port } = silent.address() as { port: number };
    try {
      const { error, ms } = await failure(() => openStore(`redis://127.0.0.1:${port}`, { prefix: randomPrefix() }));
      expect(error.code).toBe('unreachable');
      expect(error.message).toContain(`redis://127.0.0.1:${port}`);
      expect(ms).toBeLessThan(4_500);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => silent.close(done));
    }
  });

  it('when the SQLite folder cannot be made (a file is in the way)', async () => {
    const blocker = join(temp.dir, 'a-file');
    await writeFile(blocker, 'not a folder');
    const file = join(blocker, 'data', 'store.sqlite');
    const { error } = await failure(() => openStore(`sqlite://${file}`));
    expect(error).toMatchObject({ code: 'unwritable', isRetryable: false });
    expect(error.message).toContain(file);
  });

  it('when the SQLite path is a folder', async () => {
    const folder = join(temp.dir, 'a-folder');
    await mkdir(folder);
    const { error } = await failure(() => openStore(`sqlite://${folder}`));
    expect(error.code).toBe('unwritable');
    expect(error.message).toContain(folder);
  });

  it.skipIf(process.getuid?.() === 0)('when the SQLite file is read-only', async () => {
    const folder = join(temp.dir, 'read-only');
    await mkdir(folder);
    const file = join(folder, 'store.sqlite');
    const store = await openStore(`sqlite://${file}`);
    await store.close();
    await chmod(file, 0o444);
    const { error } = await failure(() => openStore(`sqlite://${file}`));
    expect(error.code).toBe('unwritable');
  });
});

describe('openStore on Redis, whatever the case of the scheme', () => {
  it.skipIf(!HAS_REDIS)('opens REDIS:// like redis://', async () => {
    const store = await openStore(REDIS_URL.replace(/^redis:/, 'REDIS:'), { prefix: randomPrefix() });
    try {
      expect(store.backend).toBe('redis');
    } finally {
      await store.close();
    }
  });

  it('speaks TLS for rediss:// (the first byte sent is a TLS handshake record), and plain Redis for redis://', async () => {
    const firstBytes: number[] = [];
    const listener = createServer((socket) => {
      socket.once('data', (data: Buffer) => {
        firstBytes.push(data[0] ?? -1);
        socket.destroy();
      });
    });
    await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
    const { port } = listener.address() as { port: number };
    try {
      expect((await failure(() => openStore(`REDISS://127.0.0.1:${port}`, { prefix: randomPrefix() }))).error.code).toBe('unreachable');
      expect((await failure(() => openStore(`redis://127.0.0.1:${port}`, { prefix: randomPrefix() }))).error.code).toBe('unreachable');
      // 0x16: a TLS handshake record (the ClientHello); '*': a RESP command array.
      expect(firstBytes).toEqual([0x16, '*'.charCodeAt(0)]);
    } finally {
      await new Promise((done) => listener.close(done));
    }
  });
});

describe('openStore on SQLite', () => {
  it('creates the folder on first start, relative to the working directory', async () => {
    const relative = `test-store-${randomPrefix()}/nested/store.sqlite`;
    const folder = resolve(relative.split('/')[0] ?? '');
    try {
      const { logger, lines } = captureLogger();
      const store = await openStore(`sqlite://${relative}`, { logger });
      expect(store.backend).toBe('sqlite');
      await store.close();
      expect((await stat(resolve(relative))).isFile()).toBe(true);
      expect(lines()).toContainEqual(expect.objectContaining({ msg: 'store: opened', backend: 'sqlite' }));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses a prefix or namespace that could collide with another', async () => {
    await expect(openStore(`sqlite://${join(temp.dir, 'p.sqlite')}`, { prefix: 'a:b' })).rejects.toThrow(TypeError);
    const store = await openStore(`sqlite://${join(temp.dir, 'p.sqlite')}`);
    try {
      expect(() => store.records('a:b', z.string(), 1)).toThrow(TypeError);
    } finally {
      await store.close();
    }
  });
});
