/**
 * The migration at start strips what records no longer keep: a store written by the code before
 * (requests, form checks and follow-up jobs keeping the line's whole look-up, ICCID and IMSI
 * included; their indexes built at version 1) comes out with the line's facts only, in the
 * records as read and in the raw bytes of the store.
 */
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createClient } from '@keyv/redis';
import { z } from 'zod';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { followUpJobs, prepareStore, requestCollections, requestIndexes, type ApprovalRequest } from '../../src/workflow/index.js';
import { lineChecks } from '../../src/workflow/preflight.js';
import { describeStoreBackends, freshStoreLocation, REDIS_URL } from '../store/support.js';
import { normaliseStoredRequest, storedRequestOfAnyVersionSchema } from '../../src/workflow/requestLines.js';
import { olderRequestRecord } from './historyRecords.js';

const ICCID = '8981100005550123456';
const IMSI = '440105550987654';
const NOW = 1_800_000_000_000;

/** A line as the code before kept it: everything the look-up gave. */
const wholeLine = (phone: string) => ({
  phone,
  state: 'active',
  planCode: 'LTE3G_P01',
  contractLine: '4G',
  simSize: 'nano',
  iccid: ICCID,
  imsi: IMSI,
  sms: true,
  voice: true,
  ipv4: '',
  ipv6: '',
  quota: '1024',
  startDate: '20240401',
  masterAccount: '',
});
const FACTS = { state: 'active', contractLine: '4G', planCode: 'LTE3G_P01' };

/**
 * Writes through the store exactly what the code before wrote: its records (any shape: the
 * schema here keeps everything given), with the index entries and index versions it had.
 */
async function writeAsBefore(store: Store): Promise<void> {
  const anything = z.any();
  const requests = store.records<ApprovalRequest>('requests', anything, 1, {
    // The entries it had: the same indexes, of the request as it reads now.
    indexes: (request) => requestIndexes(normaliseStoredRequest(storedRequestOfAnyVersionSchema.parse(request)).record),
    indexVersion: 1,
  });
  const one = {
    ...olderRequestRecord('FR-ONE1', { createdAt: NOW }),
    lineAtRequest: wholeLine('09012345678'),
  } as unknown as ApprovalRequest;
  const several = {
    ...olderRequestRecord('FR-MANY', { createdAt: NOW, phone: '09012345678', state: 'accepted' }),
    lineAtRequest: undefined,
    lines: [
      { phone: '09012345678', lineAtRequest: wholeLine('09012345678'), state: 'accepted' },
      { phone: '09012345679', lineAtRequest: wholeLine('09012345679'), state: 'completed', finishedAt: NOW },
    ],
  } as unknown as ApprovalRequest;
  await requests.create(one.id, one);
  await requests.create(several.id, several);
  await requests.buildIndexes();

  const checks = store.records<{ checkedAt: number }>('line-checks', anything, 1, {
    indexes: (check) => [{ index: 'all', score: check.checkedAt }],
    indexVersion: 1,
  });
  await checks.create('check-1', {
    id: 'check-1',
    requesterId: 'U0AGENT',
    reason: 'branch closing',
    change: { operation: 'cancel' },
    verdicts: [
      { phone: '09012345678', line: wholeLine('09012345678') },
      { phone: '09012345679', line: { ...wholeLine('09012345679'), state: 'obsolete' }, refusal: 'line_cancelled' },
    ],
    checkedAt: NOW,
    tookMs: 40,
  } as never);
  await checks.buildIndexes();

  const jobs = store.records<{ state: string; nextPollAt: number }>('follow-ups', anything, 1, {
    indexes: (job) => (job.state === 'watching' ? [{ index: 'watching', score: job.nextPollAt }] : [{ index: 'finished', score: 0 }]),
    indexVersion: 1,
  });
  await jobs.create('FR-MANY/09012345678', {
    requestId: 'FR-MANY',
    ofLines: true,
    phone: '09012345678',
    operation: 'cancel',
    requesterId: 'U0AGENT',
    dueAt: NOW,
    deadlineAt: NOW + 1,
    acceptedAt: NOW,
    state: 'watching',
    lastSeen: wholeLine('09012345678'),
    before: wholeLine('09012345678'),
    nextPollAt: NOW,
    polls: 1,
    failures: 0,
  } as never);
  await jobs.buildIndexes();
}

describeStoreBackends('a store written before the records kept facts only, on %s', (backend) => {
  let url: string;
  let prefix: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ prefix, url, cleanup } = await freshStoreLocation(backend));
  });
  afterEach(async () => {
    await cleanup();
  });

  it('is stripped of every ICCID and IMSI by the migration at start, once, and reads the same otherwise', async () => {
    const before = await openStore(url, { prefix });
    await writeAsBefore(before);
    await before.close();
    expect(await rawStore(backend, url, prefix)).toContain(ICCID);

    const store = await openStore(url, { prefix });
    try {
      expect(await prepareStore(store)).toBe(4);
      expect(await prepareStore(store)).toBe(0);

      const { requests } = requestCollections(store);
      expect((await requests.get('FR-ONE1'))!.lines[0]!.lineAtRequest).toEqual(FACTS);
      expect((await requests.get('FR-MANY'))!.lines.map(({ requestId: _, position: __, ...line }) => line)).toEqual([
        { phone: '09012345678', lineAtRequest: FACTS, state: 'accepted' },
        { phone: '09012345679', lineAtRequest: FACTS, state: 'completed', finishedAt: NOW },
      ]);
      const check = await lineChecks(store).get('check-1');
      expect(check!.verdicts.map((verdict) => verdict.line)).toEqual([FACTS, { ...FACTS, state: 'obsolete' }]);
      expect(check!.verdicts[1]!.refusal).toBe('line_cancelled');
      const job = await followUpJobs(store).get('FR-MANY/09012345678');
      expect(job!.before).toEqual(FACTS);
      expect(job!.lastSeen).toEqual(FACTS);
      // Still found through their indexes.
      expect((await followUpJobs(store).inIndex('watching')).map((each) => each.requestId)).toEqual(['FR-MANY']);
      expect((await lineChecks(store).inIndex('all')).map((each) => each.id)).toEqual(['check-1']);
    } finally {
      await store.close();
    }

    const raw = await rawStore(backend, url, prefix);
    expect(raw).toContain('09012345678');
    expect(raw).not.toContain(ICCID);
    expect(raw).not.toContain(IMSI);
  });
});

/** What the store holds, raw: the SQLite files' bytes (the database, with whatever its free pages still hold), or every Redis value under the prefix. */
async function rawStore(backend: 'sqlite' | 'redis', url: string, prefix: string): Promise<string> {
  if (backend === 'sqlite') {
    const file = url.slice('sqlite://'.length);
    const folder = dirname(file);
    const names = await readdir(folder);
    return Buffer.concat(await Promise.all(names.map((name) => readFile(join(folder, name))))).toString('latin1');
  }
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const parts: string[] = [];
    for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 })) {
      for (const key of keys) {
        const type = await client.type(key);
        if (type === 'string') parts.push((await client.get(key)) ?? '');
        else if (type === 'list') parts.push(...(await client.lRange(key, 0, -1)));
        else if (type === 'zset') parts.push(...(await client.zRange(key, 0, -1)));
        else parts.push(key);
      }
    }
    return parts.join('\n');
  } finally {
    await client.close();
  }
}
