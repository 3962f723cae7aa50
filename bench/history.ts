/**
 * Issue 13's benchmark: "A year of history costs nothing". Each store is filled directly (past
 * the bot's write path, with the same records, audit entries and index entries the bot writes;
 * fill time reported apart) to each size, then the bot's own functions are timed over it:
 * medians of 3, beside the issue's targets, with the longest event-loop block
 * (perf_hooks.monitorEventLoopDelay) and the RSS growth while doing all of them.
 *
 *   BENCH_HISTORY_SIZES=100000,1000000 (default)   BENCH_HISTORY_STORES=sqlite,redis (default)
 *   BENCH_REDIS_URL: a Redis to fill (default: a private redis-server started for the run, nothing on disk)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClient } from '@keyv/redis';
import { FreebitClient } from '../src/freebit/index.js';
import { silentLogger } from '../src/logger.js';
import { startSandbox } from '../src/sandbox/index.js';
import { openStore } from '../src/store/index.js';
import { Approvals, FollowUps, prepareStore, requestCollections, type ApprovalMessenger, type ApprovalRequest } from '../src/workflow/index.js';
import { rawWriter, requestRecord, trailOf } from '../test/workflow/historyRecords.js';

const SIZES = (process.env.BENCH_HISTORY_SIZES ?? '100000,1000000').split(',').map(Number);
const STORES = (process.env.BENCH_HISTORY_STORES ?? 'sqlite,redis').split(',') as Array<'sqlite' | 'redis'>;
const DAY = 24 * 60 * 60 * 1000;
const REQUESTERS = 200;
const HEAVY = 'U0HEAVY';
const APPROVER = 'U0APPROVER';
const FILL_BATCH = 1_000;
const RUNS = 3;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const messenger: ApprovalMessenger = {
  postRequest: async (request) => ({ channelId: request.approvalChannelId, ts: '1700000000.000001' }),
  updateRequest: async () => {},
  postInThread: async () => {},
  findRequestMessage: async () => undefined,
  discardMessage: async () => {},
  repliesIn: async () => new Set(),
  tellRequester: async () => {},
};

/** The i-th stored request: mostly finished, 200 requesters (one with 2,000), a line for every 20. */
function historical(i: number, size: number, now: number): ApprovalRequest {
  const lines = Math.max(1, Math.floor(size / 20));
  return requestRecord(`FR-${i.toString(36).toUpperCase().padStart(6, '0')}`, {
    requesterId: i % Math.floor(size / 2_000) === 0 ? HEAVY : `U0R${i % REQUESTERS}`,
    phone: `090${String(i % lines).padStart(8, '0')}`,
    createdAt: now - 400 * DAY + Math.floor((i / size) * 399 * DAY),
    state: i % 10 === 0 ? 'failed' : 'completed',
  });
}

export async function benchHistory(): Promise<void> {
  const redis = STORES.includes('redis') ? await benchRedis() : undefined;
  const rows: Array<Record<string, string>> = [];
  try {
    for (const backend of STORES) {
      for (const size of SIZES) rows.push(...(await benchOne(backend, size, redis?.url)));
    }
  } finally {
    await redis?.stop();
  }
  console.log('\nHistory (issue 13): the bot’s own functions over a filled store, medians of 3');
  console.table(rows);
}

async function benchOne(backend: 'sqlite' | 'redis', size: number, redisUrl: string | undefined): Promise<Array<Record<string, string>>> {
  const dir = mkdtempSync(join(tmpdir(), 'freebit-ops-history-'));
  const url = backend === 'sqlite' ? `sqlite://${join(dir, 'history.sqlite')}` : redisUrl!;
  const prefix = `bench-history-${size}`;
  const now = Date.now();
  const clock = { now: () => Date.now() };
  if (backend === 'redis') await withRedis(url, (client) => client.flushDb());

  // The store's first open makes its tables and triggers; the fill then writes what the bot writes.
  await (await openStore(url, { prefix })).close();
  const fillStarted = performance.now();
  const writer = await rawWriter(url, prefix, { indexed: true });
  for (let i = 0; i < size; i += FILL_BATCH) {
    const batch = Array.from({ length: Math.min(FILL_BATCH, size - i) }, (_, j) => historical(i + j, size, now)).map((request) => ({ request, trail: trailOf(request) }));
    await writer.write(batch);
  }
  // What a store written by this build carries: its indexes are built (the fill wrote every entry).
  for (const namespace of ['requests', 'line-holds', 'follow-ups']) await writer.set(`${prefix}:meta:indexes:${namespace}`, '1');
  await writer.close();
  const fillMs = performance.now() - fillStarted;

  const store = await openStore(url, { prefix, clock });
  const startUp = performance.now();
  // Built at the fill (each record carries its entries): marks the version, checks nothing is left.
  await prepareStore(store);
  const prepareMs = performance.now() - startUp;
  const sandbox = await startSandbox();
  const freebit = new FreebitClient({ baseUrl: sandbox.url, credentials: { oemId: 'bench', oemKey: 'bench' }, authKeyCache: store.authKey });
  const followUps = new FollowUps({ store, freebit, messenger, clock, logger: silentLogger, requests: requestCollections(store).requests }, { pollIntervalMs: 60_000 });
  const approvals = new Approvals({
    store,
    freebit,
    messenger,
    directory: { membersOf: async () => new Set<string>() },
    people: { isGuest: async () => false },
    clock,
    logger: silentLogger,
    policy: { approverUserIds: [APPROVER], allowedChannelIds: [], approvalsRequired: {} },
    approvalTtlMs: DAY,
    approvalChannelId: 'C0APPROVALS',
    freebitTimeoutMs: 8_000,
    onAccepted: (request) => followUps.watch(request),
  });
  const { requests } = requestCollections(store);

  try {
    // Open work beside the history: 20 waiting for the approver, 10 accepted changes followed up (none due to poll now).
    for (let i = 0; i < 20; i++) {
      await requests.create(`FR-WAIT${i}`, requestRecord(`FR-WAIT${i}`, { state: 'pending', requesterId: `U0R${i}`, phone: `07000000${String(i).padStart(3, '0')}`, createdAt: now - i * 60_000, expiresAt: now + DAY }));
    }
    for (let i = 0; i < 10; i++) {
      const accepted = requestRecord(`FR-ACC${i}`, { state: 'accepted', phone: `07000001${String(i).padStart(3, '0')}`, createdAt: now - 3_600_000, execution: { result: 'accepted', at: now + DAY } });
      delete accepted.finishedAt;
      await requests.create(accepted.id, accepted);
      await followUps.watch(accepted);
    }
    const seedDue = async (run: number) => {
      for (let i = 0; i < 100; i++) {
        const id = `FR-DUE${run}-${i}`;
        await requests.create(id, requestRecord(id, { state: 'pending', phone: `0700${run}${String(i).padStart(6, '0')}`, createdAt: now - 2 * DAY, expiresAt: now - DAY }));
      }
    };

    gc();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const time = async (work: () => Promise<unknown>, before?: (run: number) => Promise<void>) => {
      const samples: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await before?.(run);
        const started = performance.now();
        await work();
        samples.push(performance.now() - started);
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
      return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
    };
    const figures: Array<[string, number, number]> = [
      ['App Home, approver with 20 waiting', await time(() => approvals.overviewFor(APPROVER)), 50],
      ['App Home, requester with 2,000 past', await time(() => approvals.overviewFor(HEAVY)), 50],
      ['expiry sweep, nothing due', await time(() => approvals.expireDue()), 5],
      ['expiry sweep, 100 due', await time(() => approvals.expireDue(), seedDue), 200],
      ['start-up recovery', await time(() => approvals.recoverInterrupted()), 200],
      ['follow-up poll round, 10 live jobs', await time(() => followUps.pollOnce()), 20],
      ['/metrics scrape (active jobs)', await time(() => followUps.jobsActive()), 20],
      ['whole sweep round (lease, expiry, reconcile, recovery, holds)', await time(() => approvals.sweep('bench')), Number.NaN],
    ];
    loop.disable();
    const blockMs = loop.max / 1e6;
    const rssGrowthMb = (rssPeak - rssBefore) / 2 ** 20;
    const check = (value: number, target: number) => (Number.isNaN(target) ? '' : value <= target ? 'met' : 'MISSED');
    const label = `${backend} ${size.toLocaleString('en')}`;
    return [
      { store: label, action: 'fill (apart)', value: `${(fillMs / 1000).toFixed(1)} s`, target: '', '': '' },
      { store: label, action: 'start-up index check (prepareStore)', value: `${prepareMs.toFixed(1)} ms`, target: '', '': '' },
      ...figures.map(([action, value, target]) => ({ store: label, action, value: `${value.toFixed(2)} ms`, target: Number.isNaN(target) ? '' : `≤ ${target} ms`, '': check(value, target) })),
      { store: label, action: 'longest event-loop block', value: `${blockMs.toFixed(1)} ms`, target: '≤ 20 ms', '': check(blockMs, 20) },
      { store: label, action: 'RSS growth', value: `${rssGrowthMb.toFixed(1)} MB`, target: '≤ 50 MB', '': check(rssGrowthMb, 50) },
    ];
  } finally {
    await followUps.stop();
    await freebit.close();
    await sandbox.close();
    await store.close();
    if (backend === 'redis') await withRedis(url, (client) => client.flushDb());
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withRedis<T>(url: string, work: (client: { flushDb(): Promise<unknown>; ping(): Promise<unknown> }) => Promise<T>): Promise<T> {
  const client = createClient({ url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/** BENCH_REDIS_URL, or a private redis-server (nothing on disk) so the fill never touches anybody's Redis. */
async function benchRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.BENCH_REDIS_URL) return { url: process.env.BENCH_REDIS_URL, stop: async () => {} };
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await withRedis(url, (client) => client.ping());
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    stop: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchHistory();
