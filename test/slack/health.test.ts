/**
 * docs/runtime-contract.md, "Ready, and the HTTP endpoints": `/livez` (the process answers), `/readyz` = `/healthz` (the bot takes requests:
 * started and its store answers; Freebit's reachability is reported, never fatal) and
 * `/metrics`, on the bot's one HTTP server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startBot } from '../../src/main.js';
import { SIGNING_SECRET, startSlackRig } from '../../tools/slackDouble/rig.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble } from '../../tools/slackDouble/double.js';
import { HAS_REDIS, REDIS_ADDRESS } from '../store/support.js';

describe('alive, ready and metrics', () => {
  test('while the bot starts it is alive but not ready, and /metrics already answers', async () => {
    const double = await startSlackDouble();
    double.delay('auth.test', 600);
    const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-live-'));
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const port = (probe.address() as { port: number }).port;
    await new Promise((done) => probe.close(done));
    const loaded = loadConfig({
      SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: double.apiUrl,
      PORT: String(port),
      STORE_URL: `sqlite://${join(folder, 'store.sqlite')}`,
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const starting = startBot(loaded.config, { logger: silentLogger, host: '127.0.0.1' });
    try {
      await double.waitForCall('auth.test');
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      const live = await fetch(`${base}/livez`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'alive', phase: 'starting' });
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await metrics.text()).toContain('# TYPE freebit_ops_freebit_calls_total counter');
      const bot = await starting;
      expect(await (await fetch(`${bot.url}/livez`)).json()).toEqual({ status: 'alive', phase: 'ready' });
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
    } finally {
      await (await starting).stop();
      await double.close();
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('/readyz and /healthz say the same, with the store and Freebit reported separately', async () => {
    const rig = await startSlackRig();
    try {
      const ready = await (await fetch(`${rig.bot.url}/readyz`)).json();
      expect(ready).toEqual(await (await fetch(`${rig.bot.url}/healthz`)).json());
      expect(ready).toMatchObject({ status: 'ready', store: { ok: true }, freebit: { reachable: true } });
    } finally {
      await rig.close();
    }
  });

  test.skipIf(!HAS_REDIS)(
    'when the store stops answering the bot is not ready (503) but still alive; Freebit is still reported',
    async () => {
      // A TCP relay to the real Redis, cut to play an outage.
      const sockets = new Set<Socket>();
      const relay: Server = createServer((client) => {
        const upstream = connect(REDIS_ADDRESS.port, REDIS_ADDRESS.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((done) => relay.listen(0, '127.0.0.1', done));
      const relayPort = (relay.address() as { port: number }).port;
      const rig = await startSlackRig({ env: { STORE_URL: `redis://127.0.0.1:${relayPort}/13` } });
      try {
        expect((await fetch(`${rig.bot.url}/readyz`)).status).toBe(200);
        const closed = new Promise((done) => relay.close(done));
        for (const socket of sockets) socket.destroy();
        await closed;
        const answer = await fetch(`${rig.bot.url}/readyz`);
        expect(answer.status).toBe(503);
        expect(await answer.json()).toMatchObject({ status: 'ready', store: { ok: false }, freebit: { reachable: true } });
        expect((await fetch(`${rig.bot.url}/livez`)).status).toBe(200);
      } finally {
        await rig.close();
      }
    },
    20_000,
  );
});
