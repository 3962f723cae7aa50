/**
 * The follow-up benchmark: 10,000 follow-up jobs against the sandbox. Prints the time one
 * polling round takes, the memory each job costs, and the concurrency used.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreebitClient } from '../src/freebit/index.js';
import { silentLogger } from '../src/logger.js';
import { startSandbox } from '../src/sandbox/index.js';
import { openStore } from '../src/store/index.js';
import { FollowUps, type ApprovalMessenger, type FollowUpJob } from '../src/workflow/index.js';
import { requestCollections } from '../src/workflow/context.js';
import { FOLLOW_UP_SCHEMA_VERSION, followUpJobSchema } from '../src/workflow/followUpJob.js';

const JOBS = Number(process.env.BENCH_FOLLOW_UP_JOBS ?? 10_000);
const CONCURRENCY = 16;

export async function benchFollowUps(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'freebit-ops-bench-'));
  const sandbox = await startSandbox();
  const store = await openStore(`sqlite://${join(dir, 'bench.sqlite')}`);
  const freebit = new FreebitClient({
    baseUrl: sandbox.url,
    credentials: { oemId: 'bench', oemKey: 'bench' },
    authKeyCache: store.authKey,
  });
  let announcements = 0;
  const messenger: ApprovalMessenger = {
    postRequest: async () => ({ channelId: 'C', ts: '1' }),
    updateRequest: async () => {},
    postInThread: async () => {
      announcements += 1;
    },
    findRequestMessage: async () => undefined,
    discardMessage: async () => {},
    repliesIn: async () => new Set(),
    tellRequester: async () => {},
  };
  try {
    const template = sandbox.line('09012345678')!;
    const jobs = store.records('follow-ups', followUpJobSchema, FOLLOW_UP_SCHEMA_VERSION);
    const now = Date.now();
    for (let i = 0; i < JOBS; i++) {
      const phone = `070${String(10_000_000 + i).slice(1)}`;
      sandbox.putLine({ ...template, account: phone, iccid: `8981100000${String(i).padStart(9, '0')}` });
      const job: FollowUpJob = {
        requestId: `FR-B${i}`,
        phone,
        operation: 'contract',
        targetContractLine: '5G',
        requesterId: 'U0BENCH',
        dueAt: now,
        deadlineAt: now + 3_600_000,
        acceptedAt: now,
        state: 'watching',
        // What a poll of the template line sees: a round of jobs still under way, none moved.
        lastSeen: { state: 'active', contractLine: '4G', planCode: template.planCode },
        before: { state: 'active', contractLine: '4G', planCode: template.planCode },
        nextPollAt: now,
        polls: 1,
        failures: 0,
      };
      await jobs.create(job.requestId, job);
    }
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const followUps = new FollowUps(
      { store, freebit, messenger, clock: { now: () => Date.now() }, logger: silentLogger, requests: requestCollections(store).requests },
      { pollIntervalMs: 60_000, concurrency: CONCURRENCY, lookupsPerSecond: 100_000 },
    );
    const listStarted = performance.now();
    const active = await followUps.jobsActive();
    const listMs = performance.now() - listStarted;
    const heapWithJobs = process.memoryUsage().heapUsed;
    const started = performance.now();
    const polled = await followUps.pollOnce();
    const roundMs = performance.now() - started;
    console.log(`\nFollow-ups: ${JOBS} jobs (SQLite store, sandbox in-process), concurrency ${CONCURRENCY}, no rate limit`);
    console.table({
      'one polling round': {
        value: `${(roundMs / 1000).toFixed(2)} s`,
        note: `${polled} jobs polled, ${(polled / (roundMs / 1000)).toFixed(0)} jobs/s, ${announcements} announcements`,
      },
      'listing active jobs': { value: `${listMs.toFixed(0)} ms`, note: `${active.length} jobs` },
      'memory per job (listed)': {
        value: `${((heapWithJobs - heapBefore) / active.length).toFixed(0)} B`,
        note: 'heap held by one listed job record',
      },
    });
    console.log(
      `At the default pace of 20 lookups/s, one round of ${JOBS} jobs takes ${(JOBS / 20 / 60).toFixed(1)} min: raise the pace or the interval accordingly.`,
    );
  } finally {
    await freebit.close();
    await store.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFollowUps();
