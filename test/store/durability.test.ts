/**
 * A store that keeps what it is given: on Redis, INFO is read at start. An eviction policy
 * stops start-up with the fix; no persistence starts with a loud warning, said in /readyz and
 * in `freebit_ops_store_persistent`. Each case runs on a redis-server of its own (the shared
 * Redis's configuration is never changed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { redisDurability } from '../../src/store/index.js';
import { onPath, startRedisServer, stopChild } from '../setup/redis.js';
import { startSlackRig, type RestartableSlackRig, SIGNING_SECRET } from '../../tools/slackDouble/rig.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../../tools/slackDouble/double.js';
import { makeTempDir } from './support.js';

const REDIS_SERVER = onPath('redis-server');
const ROOT = resolve(import.meta.dirname, '../..');

/** INFO as Redis 7 writes it: the persistence and memory sections, with `fields` set. */
function info(fields: Record<string, string | number>): string {
  const persistence = {
    loading: 0,
    rdb_changes_since_last_save: 12,
    rdb_bgsave_in_progress: 0,
    rdb_last_save_time: 1796673507,
    rdb_last_bgsave_status: 'ok',
    rdb_last_bgsave_time_sec: -1,
    rdb_saves: 0,
    aof_enabled: 0,
  };
  const memory = { used_memory: 1_000_000, maxmemory: 0, maxmemory_human: '0B', maxmemory_policy: 'noeviction' };
  const section = (name: string, values: Record<string, string | number>) =>
    [`# ${name}`, ...Object.entries(values).map(([key, value]) => `${key}:${fields[key] ?? value}`)].join('\r\n');
  return `${section('Persistence', persistence)}\r\n\r\n${section('Memory', memory)}\r\n`;
}

describe('reading INFO', () => {
  test('AOF on is persistent, told at once', () => {
    expect(redisDurability(info({ aof_enabled: 1 }))).toEqual({ persistent: true, persistence: 'aof', evictionPolicy: 'noeviction' });
  });

  test('no AOF and no snapshot since Redis started is not persistent (INFO does not list save points)', () => {
    expect(redisDurability(info({}))).toEqual({ persistent: false, persistence: 'none', evictionPolicy: 'noeviction' });
  });

  test('no AOF but a snapshot taken (rdb_saves on Redis 7, rdb_last_bgsave_time_sec before) counts as RDB persistence', () => {
    expect(redisDurability(info({ rdb_saves: 3 }))).toMatchObject({ persistent: true, persistence: 'rdb' });
    const older = info({ rdb_last_bgsave_time_sec: 0 }).replace(/rdb_saves:0\r\n/, '');
    expect(redisDurability(older)).toMatchObject({ persistent: true, persistence: 'rdb' });
  });

  test('the eviction policy is read as it is', () => {
    expect(redisDurability(info({ maxmemory_policy: 'allkeys-lru' })).evictionPolicy).toBe('allkeys-lru');
  });
});

describe.skipIf(!REDIS_SERVER)(
  REDIS_SERVER ? 'a Redis of its own' : 'a Redis of its own: SKIPPED, no redis-server on PATH to start one configured for these checks',
  () => {
    let folder: { dir: string; remove: () => Promise<void> };
    const servers: ChildProcess[] = [];

    beforeAll(async () => {
      folder = await makeTempDir();
    });
    afterAll(async () => {
      await Promise.all(servers.splice(0).map(stopChild));
      await folder.remove();
    });

    async function redisWith(name: string, settings: string[]): Promise<string> {
      const { url, child } = await startRedisServer(REDIS_SERVER!, join(folder.dir, name), settings);
      servers.push(child);
      return url;
    }

    describe('with maxmemory-policy allkeys-lru', () => {
      let double: SlackDouble;
      beforeAll(async () => {
        double = await startSlackDouble();
      });
      afterAll(async () => {
        await double.close();
      });

      test('`npm start` stops at start-up with status 2, naming the fix, and writes nothing there', async () => {
        const url = await redisWith('lru', [
          '--save',
          '',
          '--appendonly',
          'no',
          '--maxmemory',
          '64mb',
          '--maxmemory-policy',
          'allkeys-lru',
        ]);
        // `npm start` runs the compiled bot (dist/, built from src/ by the test run's global setup).
        const child = spawn(process.execPath, [join(ROOT, 'dist/main.js')], {
          cwd: folder.dir,
          env: {
            PATH: process.env.PATH ?? '',
            SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            SLACK_API_URL: double.apiUrl,
            PORT: '0',
            STORE_URL: url,
            LOG_LEVEL: 'warn',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout!.resume();
        const code = await new Promise<number | null>((done) => child.once('exit', done));
        expect(code).toBe(2);
        expect(stderr).toContain('maxmemory-policy allkeys-lru');
        expect(stderr).toContain('Set maxmemory-policy noeviction');
        expect(stderr).not.toMatch(/\n\s+at /);
        // Refused before the migration or anything else wrote to it.
        const { createClient } = await import('@keyv/redis');
        const client = createClient({ url });
        await client.connect();
        try {
          expect(await client.keys('freebit-ops:records:*')).toEqual([]);
        } finally {
          await client.close();
        }
      });
    });

    describe('without persistence (no AOF, no save points)', () => {
      let rig: RestartableSlackRig;
      const log = new PassThrough();
      let logged = '';
      log.on('data', (chunk: Buffer) => (logged += chunk.toString()));

      beforeAll(async () => {
        const url = await redisWith('volatile', ['--save', '', '--appendonly', 'no']);
        rig = await startSlackRig({ env: { STORE_URL: url, LOG_LEVEL: 'info' }, logStream: log });
      });
      afterAll(async () => {
        await rig?.close();
      });

      test('starts, with a loud warning naming the fix', () => {
        const warning = logged
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((line) => line.event === 'store.not_persistent');
        expect(warning).toMatchObject({ level: 40 });
        expect(String(warning?.msg)).toContain('STORE NOT PERSISTENT');
        expect(String(warning?.msg)).toContain('appendonly yes');
      });

      test('/readyz says so (and stays ready: the bot works until Redis restarts)', async () => {
        const response = await fetch(`${rig.bot.url}/readyz`);
        expect(response.status).toBe(200);
        const body = (await response.json()) as { store: Record<string, unknown> };
        expect(body.store).toMatchObject({ ok: true, persistent: false });
        expect(String(body.store.warning)).toContain('appendonly yes');
      });

      test('freebit_ops_store_persistent is 0', async () => {
        const metrics = await (await fetch(`${rig.bot.url}/metrics`)).text();
        expect(metrics).toMatch(/^freebit_ops_store_persistent\{store="redis"\} 0$/m);
      });
    });

    describe('with appendonly yes', () => {
      let rig: RestartableSlackRig;
      beforeAll(async () => {
        const url = await redisWith('aof', ['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec']);
        rig = await startSlackRig({ env: { STORE_URL: url } });
      });
      afterAll(async () => {
        await rig?.close();
      });

      test('/readyz and freebit_ops_store_persistent say it keeps what it is given', async () => {
        const body = (await (await fetch(`${rig.bot.url}/readyz`)).json()) as { store: Record<string, unknown> };
        expect(body.store).toEqual({ ok: true, persistent: true });
        const metrics = await (await fetch(`${rig.bot.url}/metrics`)).text();
        expect(metrics).toMatch(/^freebit_ops_store_persistent\{store="redis"\} 1$/m);
      });
    });
  },
);
