/**
 * The history benchmark (README.md, "State, and running several replicas": history costs nothing). Each store is filled directly (past
 * the bot's write path, with the same records, audit entries and index entries the bot writes;
 * fill time reported apart) to each size, then the bot's own functions are timed over it:
 * medians of 3, beside their targets, with the longest event-loop block
 * (perf_hooks.monitorEventLoopDelay) and the RSS growth while doing all of them.
 *
 * The fill runs in a process of its own, and the actions in another, fresh one (a bot that
 * starts on a store it did not fill): the fill's garbage, a heap of a million records' worth,
 * would otherwise be collected while the actions run, and its pauses counted as theirs. The
 * actions' process starts, collects its garbage and settles before the clock starts; the
 * longest block is taken while each action runs (not while the benchmark seeds the next run),
 * and the action it happened in is named, with the longest GC pause beside it.
 *
 *   BENCH_HISTORY_SIZES=100000,1000000 (default)   BENCH_HISTORY_STORES=sqlite,redis (default)
 *   BENCH_HISTORY_MEASURES=3 (default): fresh processes measuring each filled store
 *   BENCH_REDIS_URL: a Redis to fill (default: a private redis-server started for the run, nothing on disk)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClient } from '@keyv/redis';
import { FreebitClient } from '../src/freebit/index.js';
import { silentLogger } from '../src/logger.js';
import { startSandbox } from '../src/sandbox/index.js';
import { openStore } from '../src/store/index.js';
import {
  Approvals,
  FollowUps,
  prepareStore,
  requestCollections,
  type ApprovalMessenger,
  type ApprovalRequest,
} from '../src/workflow/index.js';
import { rawWriter, requestRecord, trailOf } from '../test/workflow/historyRecords.js';

const SIZES = (process.env.BENCH_HISTORY_SIZES ?? '100000,1000000').split(',').map(Number);
const STORES = (process.env.BENCH_HISTORY_STORES ?? 'sqlite,redis').split(',') as Array<'sqlite' | 'redis'>;
const DAY = 24 * 60 * 60 * 1000;
const REQUESTERS = 200;
const HEAVY = 'U0HEAVY';
const APPROVER = 'U0APPROVER';
const FILL_BATCH = 1_000;
const RUNS = 3;
/** Fresh processes that measure each filled store (BENCH_HISTORY_MEASURES); the table shows the median of theirs. */
const MEASURES = Number(process.env.BENCH_HISTORY_MEASURES ?? 3);
/** Idle time after the set-up's garbage collection, before the first action. */
const SETTLE_MS = 1_000;

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
  console.log(
    `\nHistory: the bot’s own functions over a filled store: medians of ${RUNS} runs in each of ${MEASURES} fresh processes, then the median of those`,
  );
  console.table(rows);
}

/** One figure of a measuring process: a time (its median of RUNS), a block, a growth. */
interface Figure {
  action: string;
  value: number;
  unit: 'ms' | 'MB';
  /** None (null once through JSON): no target. */
  target?: number | null;
  /** The action it happened in (the longest block, the longest GC pause). */
  during?: string;
}

/** What the fill and the measuring process are told. */
interface Task {
  backend: 'sqlite' | 'redis';
  size: number;
  url: string;
  prefix: string;
  now: number;
  /** Which measuring process this is (its due requests are its own: the ones before it expired theirs). */
  measured?: number;
}

async function benchOne(backend: 'sqlite' | 'redis', size: number, redisUrl: string | undefined): Promise<Array<Record<string, string>>> {
  const dir = mkdtempSync(join(tmpdir(), 'freebit-ops-history-'));
  const task: Task = {
    backend,
    size,
    url: backend === 'sqlite' ? `sqlite://${join(dir, 'history.sqlite')}` : redisUrl!,
    prefix: `bench-history-${size}`,
    now: Date.now(),
  };
  try {
    if (backend === 'redis') await withRedis(task.url, (client) => client.flushDb());
    const { fillMs } = (await inChild('fill', task)) as { fillMs: number };
    const label = `${backend} ${size.toLocaleString('en')}`;
    // Several fresh processes on the same store: each figure is the median of theirs (a shared machine's noise is in single runs).
    const runs: Figure[][] = [];
    for (let measured = 0; measured < MEASURES; measured++) runs.push((await inChild('measure', { ...task, measured })) as Figure[]);
    const check = (value: number, target: number | null | undefined) => (target == null ? '' : value <= target ? 'met' : 'MISSED');
    const rows = runs[0]!.map((first, index) => {
      const sorted = runs.map((figures) => figures[index]!).sort((a, b) => a.value - b.value);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      const digits = median.unit === 'MB' || first.action.startsWith('longest') || first.action.startsWith('start-up index') ? 1 : 2;
      return {
        store: label,
        action: median.during !== undefined ? `${first.action} (in: ${median.during})` : first.action,
        value: `${median.value.toFixed(digits)} ${median.unit}`,
        'per process': sorted.map((figure) => figure.value.toFixed(digits)).join(' / '),
        target: first.target == null ? '' : `≤ ${first.target} ${first.unit}`,
        '': check(median.value, first.target),
      };
    });
    return [
      {
        store: label,
        action: 'fill (apart, in its own process)',
        value: `${(fillMs / 1000).toFixed(1)} s`,
        'per process': '',
        target: '',
        '': '',
      },
      ...rows,
    ];
  } finally {
    if (backend === 'redis') await withRedis(task.url, (client) => client.flushDb());
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one phase in a new Node process (this file, with tsx); resolves with what it printed last (JSON). */
async function inChild(phase: 'fill' | 'measure', task: Task): Promise<unknown> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), `--${phase}`, JSON.stringify(task)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`bench history: the ${phase} process for ${task.backend} ${task.size} exited with ${code}: ${out}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as unknown;
}

/** The fill: the store's first open makes its tables and triggers; then it writes what the bot writes. */
async function fill({ url, prefix, size, now }: Task): Promise<{ fillMs: number }> {
  await (await openStore(url, { prefix })).close();
  const fillStarted = performance.now();
  const writer = await rawWriter(url, prefix, { indexed: true });
  for (let i = 0; i < size; i += FILL_BATCH) {
    const batch = Array.from({ length: Math.min(FILL_BATCH, size - i) }, (_, j) => historical(i + j, size, now)).map((request) => ({
      request,
      trail: trailOf(request),
    }));
    await writer.write(batch);
  }
  // What a store written by this build carries: its indexes are built (the fill wrote every entry).
  for (const namespace of ['requests', 'line-holds', 'follow-ups']) await writer.set(`${prefix}:meta:indexes:${namespace}`, '1');
  await writer.close();
  return { fillMs: performance.now() - fillStarted };
}

/** The actions, timed in a process that did not fill the store (see the top of the file). */
async function measure({ url, prefix, now, measured = 0 }: Task): Promise<Figure[]> {
  const clock = { now: () => Date.now() };
  const store = await openStore(url, { prefix, clock });
  const startUp = performance.now();
  // Built at the fill (each record carries its entries): marks the version, checks nothing is left.
  await prepareStore(store);
  const prepareMs = performance.now() - startUp;
  const sandbox = await startSandbox();
  const freebit = new FreebitClient({
    baseUrl: sandbox.url,
    credentials: { oemId: 'bench', oemKey: 'bench' },
    authKeyCache: store.authKey,
  });
  const followUps = new FollowUps(
    { store, freebit, messenger, clock, logger: silentLogger, requests: requestCollections(store).requests },
    { pollIntervalMs: 60_000 },
  );
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
      await requests.create(
        `FR-WAIT${i}`,
        requestRecord(`FR-WAIT${i}`, {
          state: 'pending',
          requesterId: `U0R${i}`,
          phone: `07000000${String(i).padStart(3, '0')}`,
          createdAt: now - i * 60_000,
          expiresAt: now + DAY,
        }),
      );
    }
    for (let i = 0; i < 10; i++) {
      const accepted = requestRecord(`FR-ACC${i}`, {
        state: 'accepted',
        phone: `07000001${String(i).padStart(3, '0')}`,
        createdAt: now - 3_600_000,
        execution: { result: 'accepted', at: now + DAY },
      });
      delete accepted.finishedAt;
      await requests.create(accepted.id, accepted);
      await followUps.watch(accepted);
    }
    const seedDue = async (run: number) => {
      for (let i = 0; i < 100; i++) {
        const id = `FR-DUE${measured}${run}-${i}`;
        await requests.create(
          id,
          requestRecord(id, {
            state: 'pending',
            phone: `070${measured}${run}${String(i).padStart(6, '0')}`,
            createdAt: now - 2 * DAY,
            expiresAt: now - DAY,
          }),
        );
      }
    };

    // The set-up's garbage is collected, and the process left alone a moment, before the clock starts.
    gc();
    await sleep(SETTLE_MS);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    let longestBlock = { ms: 0, during: '' };
    let longestOwnBlock = { ms: 0, waited: 0, during: '' };
    const stalls = stallSampler();
    let longestGc = { ms: 0, during: '' };
    let current = '';
    const gcs = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (process.env.BENCH_HISTORY_DEBUG)
          console.error(
            `gc kind ${(entry as { detail?: { kind?: number } }).detail?.kind} ${entry.duration.toFixed(1)} ms during ${current || '(between)'}; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`,
          );
        if (current !== '' && entry.duration > longestGc.ms) longestGc = { ms: entry.duration, during: current };
      }
    });
    gcs.observe({ entryTypes: ['gc'] });
    const time = async (action: string, work: () => Promise<unknown>, before?: (run: number) => Promise<void>) => {
      const samples: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await before?.(run);
        // Only while the action runs: the benchmark's own seeding is not the bot's doing.
        current = action;
        loop.reset();
        loop.enable();
        stalls.reset();
        const started = performance.now();
        await work();
        samples.push(performance.now() - started);
        // A block at the very end of the action shows in the next sample: give the monitor that turn.
        await new Promise((resolve) => setImmediate(resolve));
        loop.disable();
        current = '';
        if (loop.max / 1e6 > longestBlock.ms) longestBlock = { ms: loop.max / 1e6, during: action };
        const stall = stalls.read();
        if (stall.ownMs > longestOwnBlock.ms) longestOwnBlock = { ms: stall.ownMs, waited: stall.waitedMs, during: action };
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
      return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
    };
    const figures: Array<[string, number, number]> = [];
    const timed = async (action: string, target: number, work: () => Promise<unknown>, before?: (run: number) => Promise<void>) => {
      figures.push([action, await time(action, work, before), target]);
    };
    await timed('App Home, approver with 20 waiting', 50, () => approvals.overviewFor(APPROVER));
    await timed('App Home, requester with 2,000 past', 50, () => approvals.overviewFor(HEAVY));
    await timed('expiry sweep, nothing due', 5, () => approvals.expireDue());
    await timed('expiry sweep, 100 due', 200, () => approvals.expireDue(), seedDue);
    await timed('start-up recovery', 200, () => approvals.recoverInterrupted());
    await timed('follow-up poll round, 10 live jobs', 20, () => followUps.pollOnce());
    await timed('/metrics scrape (active jobs)', 20, () => followUps.jobsActive());
    await timed('whole sweep round (lease, expiry, reconcile, recovery, holds)', Number.NaN, () => approvals.sweep('bench'));
    gcs.disconnect();
    stalls.stop();
    const blockMs = longestBlock.ms;
    const rssGrowthMb = (rssPeak - rssBefore) / 2 ** 20;
    return [
      { action: 'start-up index check (prepareStore)', value: prepareMs, unit: 'ms' },
      ...figures.map(([action, value, target]): Figure => ({ action, value, unit: 'ms', ...(Number.isNaN(target) ? {} : { target }) })),
      { action: 'longest event-loop block', value: blockMs, unit: 'ms', target: 20, during: longestBlock.during },
      ...(stalls.available
        ? [
            {
              action: 'longest block less its waits for a CPU',
              value: longestOwnBlock.ms,
              unit: 'ms',
              target: 20,
              during: longestOwnBlock.during,
            } satisfies Figure,
          ]
        : []),
      { action: 'longest GC pause', value: longestGc.ms, unit: 'ms', during: longestGc.during || 'none' },
      { action: 'RSS growth', value: rssGrowthMb, unit: 'MB', target: 50 },
    ];
  } finally {
    await followUps.stop();
    await freebit.close();
    await sandbox.close();
    await store.close();
  }
}

/**
 * The event loop's longest gap while an action runs, and how much of it the main thread spent
 * waiting in the kernel's run queue (/proc/thread-self/schedstat: runnable, but another
 * process had the CPU). On a machine shared with others a gap is often mostly that wait; less
 * the wait, it is what the process itself held the loop for (its code, its GC, a page fault).
 * A timer every millisecond; nothing on a system without schedstat (`available` false).
 */
function stallSampler(): { available: boolean; reset(): void; read(): { ownMs: number; waitedMs: number }; stop(): void } {
  const file = '/proc/thread-self/schedstat';
  const available = existsSync(file);
  const waitedNs = () => (available ? Number(readFileSync(file, 'utf8').split(' ')[1]) : 0);
  let last = performance.now();
  let lastWaited = waitedNs();
  let worst = { ownMs: 0, waitedMs: 0 };
  const timer = setInterval(() => {
    const now = performance.now();
    const waited = waitedNs();
    const waitedMs = (waited - lastWaited) / 1e6;
    const ownMs = Math.max(0, now - last - waitedMs);
    if (ownMs > worst.ownMs) worst = { ownMs, waitedMs };
    last = now;
    lastWaited = waited;
  }, 1);
  return {
    available,
    reset() {
      last = performance.now();
      lastWaited = waitedNs();
      worst = { ownMs: 0, waitedMs: 0 };
    },
    read: () => worst,
    stop: () => clearInterval(timer),
  };
}

async function withRedis<T>(
  url: string,
  work: (client: { flushDb(): Promise<unknown>; ping(): Promise<unknown> }) => Promise<T>,
): Promise<T> {
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
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const [phase, task] = process.argv.slice(2);
  if (phase === '--fill') console.log(JSON.stringify(await fill(JSON.parse(task!) as Task)));
  else if (phase === '--measure') console.log(JSON.stringify(await measure(JSON.parse(task!) as Task)));
  else await benchHistory();
}
