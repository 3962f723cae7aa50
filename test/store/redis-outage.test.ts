import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../src/clock.js';
import { Metrics } from '../../src/metrics.js';
import { openStore, type Store } from '../../src/store/index.js';
import { captureLogger, deleteRedisKeys, describeRedis, randomPrefix, REDIS_ADDRESS } from './support.js';

/** A TCP relay to the real Redis that the test can cut and restore, to play an outage. */
function relay() {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  return {
    get port() {
      return port;
    },
    async start() {
      server = createServer((client) => {
        const upstream = connect(REDIS_ADDRESS.port, REDIS_ADDRESS.host);
        track(client);
        track(upstream);
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((done) => server?.listen(port, '127.0.0.1', done));
      port = (server.address() as { port: number }).port;
    },
    async cut() {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => server?.close(done));
    },
  };
}

describeRedis('store on redis during an outage', () => {
  const prefix = randomPrefix();
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    await deleteRedisKeys(prefix);
  });

  it('fails each call at once with a retryable StoreError, then works again once Redis is back', async () => {
    const link = relay();
    await link.start();
    const { logger, lines } = captureLogger();
    store = await openStore(`redis://127.0.0.1:${link.port}`, { prefix, logger });
    const things = store.records('things', z.object({ n: z.number() }), 1);
    await things.create('a', { n: 1 });

    await link.cut();
    await sleep(50);
    const started = performance.now();
    await expect(things.get('a')).rejects.toMatchObject({ name: 'StoreError', code: 'unreachable', isRetryable: true });
    await expect(store.claim('k', 'me', 1_000)).rejects.toMatchObject({ code: 'unreachable' });
    expect(performance.now() - started).toBeLessThan(500);
    expect(lines()).toContainEqual(expect.objectContaining({ level: 40, msg: 'store: lost the connection to Redis; reconnecting' }));

    await link.start();
    let value: { n: number } | undefined;
    for (let attempt = 0; attempt < 40 && value === undefined; attempt++) {
      value = await things.get('a').catch(() => undefined);
      if (value === undefined) await sleep(100);
    }
    expect(value).toEqual({ n: 1 });
  });
  it('freebit_ops_store_up goes to 0 while Redis is away, and back to 1 once it answers again', async () => {
    const link = relay();
    await link.start();
    store = await openStore(`redis://127.0.0.1:${link.port}`, { prefix });
    const metrics = new Metrics({ clock: new ManualClock(), processMetrics: false });
    metrics.watchStore(store);
    const up = async () => Number(/^freebit_ops_store_up (\S+)$/m.exec((await metrics.render()).body)?.[1]);
    expect(await up()).toBe(1);

    await link.cut();
    await sleep(50);
    expect(await up()).toBe(0);

    await link.start();
    let value = 0;
    for (let attempt = 0; attempt < 40 && value !== 1; attempt++) {
      value = await up();
      if (value !== 1) await sleep(100);
    }
    expect(value).toBe(1);
  });
});
