import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import { openStore, StoreError, type AuditEntry, type LineAccess, type Store } from '../../src/store/index.js';
import { storeKeys } from '../../src/store/keys.js';
import {
  captureLogger,
  deleteRedisKeys,
  describeRedis,
  describeStoreBackends,
  makeTempDir,
  randomPrefix,
  readRaw,
  REDIS_URL,
  withRedis,
  writeRaw,
} from './support.js';

const requestSchema = z.object({
  id: z.string(),
  state: z.enum(['pending', 'approved', 'rejected']),
  approvers: z.array(z.string()),
});
type Request = z.infer<typeof requestSchema>;
const pending = (id: string): Request => ({ id, state: 'pending', approvers: [] });

/** What differs between the backends as far as the behaviour suite is concerned. */
interface Harness {
  url: string;
  /** Lets `ms` pass for claims and leases: SQLite reads the injected clock, Redis expires keys itself. */
  pass(ms: number): Promise<void>;
  /** Claim and lease duration for the expiry tests: short on Redis, where time really passes. */
  ttl: number;
}

const sqliteTemp = await makeTempDir();
afterAll(() => sqliteTemp.remove());

describeStoreBackends('store on %s', (backend) => {
  let prefix: string;
  let clock: ManualClock;
  let harness: Harness;
  const opened: Store[] = [];

  const open = async (logger?: Logger): Promise<Store> => {
    const store = await openStore(harness.url, { prefix, clock, ...(logger ? { logger } : {}) });
    opened.push(store);
    return store;
  };
  const requests = (store: Store) => store.records('requests', requestSchema, 1);

  beforeAll(() => {
    harness =
      backend === 'sqlite'
        ? { url: `sqlite://${join(sqliteTemp.dir, 'store.sqlite')}`, pass: async (ms) => clock.advance(ms), ttl: 60_000 }
        : { url: REDIS_URL, pass: (ms) => sleep(ms), ttl: 300 };
  });
  beforeEach(() => {
    prefix = randomPrefix();
    clock = new ManualClock();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    if (backend === 'redis') await deleteRedisKeys(prefix);
  });

  it('reports which backend it is', async () => {
    expect((await open()).backend).toBe(backend);
  });

  it('keeps records, audit and the authKey across a close and reopen', async () => {
    const first = await open();
    await requests(first).create('r1', pending('r1'));
    await first.audit.append({ requestId: 'r1', phone: '09012345678', actor: 'U1', action: 'request', to: 'pending', at: 1 });
    await first.authKey.set('secret-auth-key');
    await first.close();
    opened.splice(opened.indexOf(first), 1);

    const second = await open();
    expect(await requests(second).get('r1')).toEqual(pending('r1'));
    expect(await second.audit.forRequest('r1')).toHaveLength(1);
    expect(await second.authKey.get()).toBe('secret-auth-key');
  });

  it('says so when used after close, and may be closed twice', async () => {
    const store = await open();
    const collection = requests(store);
    await store.close();
    await store.close();
    await expect(collection.get('r1')).rejects.toMatchObject({ name: 'StoreError', code: 'closed' });
    await expect(store.claim('k', 'a', 1_000)).rejects.toMatchObject({ code: 'closed' });
  });

  it('has no authKey until one is set, and keeps the last one set', async () => {
    const store = await open();
    expect(await store.authKey.get()).toBeUndefined();
    await store.authKey.set('a');
    await store.authKey.set('b');
    expect(await store.authKey.get()).toBe('b');
  });

  it('creates a record only once, gets, lists and deletes it', async () => {
    const collection = requests(await open());
    expect(await collection.get('r1')).toBeUndefined();
    expect(await collection.create('r1', pending('r1'))).toBe(true);
    expect(await collection.create('r1', { ...pending('r1'), state: 'approved' })).toBe(false);
    expect(await collection.get('r1')).toEqual(pending('r1'));
    expect(await collection.list()).toEqual([pending('r1')]);
    await collection.delete('r1');
    expect(await collection.get('r1')).toBeUndefined();
    await collection.delete('r1'); // deleting what is gone is fine
  });

  it('lets exactly one of 50 concurrent creates of one id win', async () => {
    const collection = requests(await open());
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => collection.create('r1', { ...pending('r1'), approvers: [`U${i}`] })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('keeps namespaces apart, and ids with any characters apart', async () => {
    const store = await open();
    const jobSchema = z.object({ requestId: z.string(), attempts: z.number() });
    const jobs = store.records('jobs', jobSchema, 1);
    await requests(store).create('a:b', pending('a:b'));
    await requests(store).create('a', pending('a'));
    await requests(store).create('携帯 / 1%', pending('携帯 / 1%'));
    await jobs.create('a', { requestId: 'a', attempts: 0 });
    expect(await requests(store).get('a:b')).toEqual(pending('a:b'));
    expect(await requests(store).get('携帯 / 1%')).toEqual(pending('携帯 / 1%'));
    expect((await requests(store).list()).map((r) => r.id).sort()).toEqual(['a', 'a:b', '携帯 / 1%']);
    expect(await jobs.list()).toEqual([{ requestId: 'a', attempts: 0 }]);
  });

  it('refuses to write a value that does not match the schema', async () => {
    const collection = requests(await open());
    await collection.create('r1', pending('r1'));
    const bad = { id: 'r1', state: 'lost', approvers: [] } as unknown as Request;
    await expect(collection.create('r2', bad)).rejects.toMatchObject({ code: 'invalid_record' });
    await expect(collection.update('r1', () => bad)).rejects.toMatchObject({ code: 'invalid_record' });
    expect(await collection.get('r1')).toEqual(pending('r1'));
    expect(await collection.get('r2')).toBeUndefined();
  });

  describe('claims', () => {
    it('let exactly one of 50 concurrent callers win', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.claim('approve:r1', `owner-${i}`, 10_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      // Every key is its own claim.
      expect(await store.claim('approve:r2', 'owner-0', 10_000)).toBe(true);
    });

    it('hold until they lapse, even against their own owner', async () => {
      const store = await open();
      expect(await store.claim('k', 'a', harness.ttl)).toBe(true);
      expect(await store.claim('k', 'a', harness.ttl)).toBe(false);
      await harness.pass(harness.ttl / 2);
      expect(await store.claim('k', 'b', harness.ttl)).toBe(false);
      await harness.pass(harness.ttl);
      expect(await store.claim('k', 'b', harness.ttl)).toBe(true);
    });

    it('refuse a duration that is not positive', async () => {
      const store = await open();
      await expect(store.claim('k', 'a', 0)).rejects.toThrow(RangeError);
      await expect(store.acquireLease('k', 'a', Number.NaN)).rejects.toThrow(RangeError);
    });
  });

  describe('compare-and-set (update)', () => {
    it('never loses one of 50 concurrent updates', async () => {
      const collection = requests(await open());
      await collection.create('r1', pending('r1'));
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, i) => collection.update('r1', (r) => ({ ...r, approvers: [...r.approvers, `U${i}`] }))),
      );
      expect(outcomes.every((o) => o.updated)).toBe(true);
      const stored = await collection.get('r1');
      expect(stored?.approvers).toHaveLength(50);
      expect(new Set(stored?.approvers)).toEqual(new Set(Array.from({ length: 50 }, (_, i) => `U${i}`)));
    });

    it('moves pending → approved for exactly one of 20 concurrent callers', async () => {
      const collection = requests(await open());
      await collection.create('r1', pending('r1'));
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          collection.update('r1', (r) => (r.state === 'pending' ? { ...r, state: 'approved', approvers: [`U${i}`] } : undefined)),
        ),
      );
      const winners = outcomes.filter((o) => o.updated);
      expect(winners).toHaveLength(1);
      const winner = winners[0];
      expect(winner?.updated && winner.value.state).toBe('approved');
      for (const loser of outcomes.filter((o) => !o.updated)) {
        expect(loser).toEqual({ updated: false, current: await collection.get('r1') });
      }
      expect((await collection.get('r1'))?.approvers).toHaveLength(1);
    });

    it('reports a missing record, and a change that declines, without writing', async () => {
      const collection = requests(await open());
      expect(await collection.update('nope', (r) => r)).toEqual({ updated: false, current: undefined });
      await collection.create('r1', pending('r1'));
      expect(await collection.update('r1', () => undefined)).toEqual({ updated: false, current: pending('r1') });
    });

    it('hands change a copy it may mutate', async () => {
      const collection = requests(await open());
      await collection.create('r1', pending('r1'));
      const outcome = await collection.update('r1', (r) => {
        r.approvers.push('U1');
        return undefined;
      });
      expect(outcome).toEqual({ updated: false, current: pending('r1') });
      expect(await collection.get('r1')).toEqual(pending('r1'));
    });
  });

  // Once a bug: releasing a line hold read it and then deleted it, so a hold taken over in between was lost.
  describe('compare-and-delete (deleteIf)', () => {
    const heldBy = (holder: string) => (r: Request) => r.approvers[0] === holder;

    it('deletes only when the record is as asked, and says whether it did', async () => {
      const collection = requests(await open());
      expect(await collection.deleteIf('nope', () => true)).toBe(false);
      await collection.create('r1', { ...pending('r1'), approvers: ['B'] });
      expect(await collection.deleteIf('r1', heldBy('A'))).toBe(false);
      expect(await collection.get('r1')).toEqual({ ...pending('r1'), approvers: ['B'] });
      expect(await collection.deleteIf('r1', heldBy('B'))).toBe(true);
      expect(await collection.get('r1')).toBeUndefined();
      expect(await collection.deleteIf('r1', heldBy('B'))).toBe(false);
    });

    it('never deletes a record that does not parse', async () => {
      const store = await open();
      await writeRaw(harness.url, storeKeys(prefix).record('requests', 'r1'), '{"v":1,"data":{"id":"r1"}}');
      await expect(requests(store).deleteIf('r1', () => true)).rejects.toMatchObject({ code: 'corrupt_record' });
      expect(await readRaw(harness.url, storeKeys(prefix).record('requests', 'r1'))).toBe('{"v":1,"data":{"id":"r1"}}');
    });

    it('never deletes what a concurrent takeover wrote: either the delete or the takeover wins, never both', async () => {
      const store = await open();
      const [mine, theirs] = backend === 'redis' ? [requests(store), requests(await open())] : [requests(store), requests(store)];
      const outcomes = { deleted: 0, takenOver: 0 };
      for (let round = 0; round < 40; round++) {
        const id = `r${round}`;
        await mine.create(id, { ...pending(id), approvers: ['A'] });
        const [deleted, takeover] = await Promise.all([
          mine.deleteIf(id, heldBy('A')),
          theirs.update(id, (r) => (heldBy('A')(r) ? { ...r, approvers: ['B'] } : undefined)),
        ]);
        const stored = await mine.get(id);
        expect({ deleted, takenOver: takeover.updated, stored: stored?.approvers }).toEqual(
          deleted ? { deleted: true, takenOver: false, stored: undefined } : { deleted: false, takenOver: true, stored: ['B'] },
        );
        outcomes[deleted ? 'deleted' : 'takenOver'] += 1;
      }
      expect(outcomes.deleted + outcomes.takenOver).toBe(40);
    });
  });

  describe('leases', () => {
    it('are taken over after they lapse, and not before', async () => {
      const store = await open();
      expect(await store.acquireLease('job:r1', 'replica-a', harness.ttl)).toBe(true);
      expect(await store.acquireLease('job:r1', 'replica-b', harness.ttl)).toBe(false);
      await harness.pass(harness.ttl * 0.6);
      expect(await store.acquireLease('job:r1', 'replica-b', harness.ttl)).toBe(false);
      await harness.pass(harness.ttl * 0.7);
      expect(await store.acquireLease('job:r1', 'replica-b', harness.ttl)).toBe(true);
      expect(await store.acquireLease('job:r1', 'replica-a', harness.ttl)).toBe(false);
    });

    it('are renewed by their holder', async () => {
      const store = await open();
      expect(await store.acquireLease('job:r1', 'replica-a', harness.ttl)).toBe(true);
      await harness.pass(harness.ttl * 0.6);
      expect(await store.acquireLease('job:r1', 'replica-a', harness.ttl)).toBe(true); // renewal
      await harness.pass(harness.ttl * 0.6); // past the first term, within the renewed one
      expect(await store.acquireLease('job:r1', 'replica-b', harness.ttl)).toBe(false);
      await harness.pass(harness.ttl * 0.7);
      expect(await store.acquireLease('job:r1', 'replica-b', harness.ttl)).toBe(true);
    });

    it('are released only by their holder', async () => {
      const store = await open();
      expect(await store.acquireLease('job:r1', 'replica-a', 60_000)).toBe(true);
      await store.releaseLease('job:r1', 'replica-b');
      expect(await store.acquireLease('job:r1', 'replica-b', 60_000)).toBe(false);
      await store.releaseLease('job:r1', 'replica-a');
      expect(await store.acquireLease('job:r1', 'replica-b', 60_000)).toBe(true);
    });

    it('go to exactly one of 20 concurrent replicas', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.acquireLease('job:r1', `replica-${i}`, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('a record that does not parse', () => {
    const junkCases = [
      ['junk that is not JSON', '{{{ not json'],
      ['a record of an unknown schema version', JSON.stringify({ v: 2, data: { id: 'r1', state: 'pending', approvers: [] } })],
      ['a record of the wrong shape', JSON.stringify({ v: 1, data: { id: 'r1', state: 'lost' } })],
      ['a value without a version', JSON.stringify({ id: 'r1', state: 'pending', approvers: [] })],
    ] as const;

    it.each(junkCases)('(%s) is reported and skipped by list, refused by get, update and create, and left as it is', async (_, junk) => {
      const { logger, lines } = captureLogger();
      const store = await open(logger);
      const collection = requests(store);
      await collection.create('good', pending('good'));
      const key = storeKeys(prefix).record('requests', 'r1');
      await writeRaw(harness.url, key, junk);

      expect(await collection.list()).toEqual([pending('good')]);
      expect(lines()).toContainEqual(expect.objectContaining({ level: 40, namespace: 'requests', id: 'r1' }));

      const error = await collection.get('r1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'corrupt_record', isRetryable: false });
      expect((error as Error).message).toContain('r1');
      expect((error as Error).message).not.toContain(junk);

      await expect(collection.update('r1', (r) => ({ ...r, state: 'approved' }))).rejects.toMatchObject({ code: 'corrupt_record' });
      expect(await collection.create('r1', pending('r1'))).toBe(false);
      expect(await readRaw(harness.url, key)).toBe(junk);
    });

    it('in the audit trail is reported and skipped, the others kept', async () => {
      const { logger, lines } = captureLogger();
      const store = await open(logger);
      await store.audit.append({ requestId: 'r1', phone: '09012345678', actor: 'U1', action: 'request', at: 1 });
      // Damage: a foreign entry pushed onto the list (Redis) or written as a row (SQLite).
      const listKey = storeKeys(prefix).auditOfRequest('r1');
      if (backend === 'redis') {
        await withRedis((client) => client.rPush(listKey, 'garbage'));
      } else {
        await writeRaw(harness.url, `${listKey}:999999999999`, 'garbage');
      }
      await store.audit.append({ requestId: 'r1', phone: '09012345678', actor: 'U2', action: 'approve', at: 2 });
      const entries = await store.audit.forRequest('r1');
      expect(entries.map((e) => e.actor)).toEqual(['U1', 'U2']);
      expect(lines()).toContainEqual(expect.objectContaining({ level: 40, requestId: 'r1' }));
    });
  });

  describe('access log', () => {
    let next = 0;
    const lookup = (at: number, userId: string, phone: string): LineAccess => ({
      id: `a${next++}`,
      at,
      userId,
      phone,
      surface: 'command',
      channelId: 'C0SUPPORT1',
    });

    it('reads the last lookups of a line and of a person, newest first, as many as asked', async () => {
      const store = await open();
      await store.access.append([
        lookup(1, 'U1', '09012345678'),
        lookup(2, 'U2', '09012345678'),
        lookup(3, 'U1', '07011112222'),
        lookup(4, 'U1', '09012345678'),
      ]);
      expect((await store.access.forLine('09012345678', 2)).map((entry) => entry.at)).toEqual([4, 2]);
      expect((await store.access.forPerson('U1', 50)).map((entry) => entry.at)).toEqual([4, 3, 1]);
      expect(await store.access.forPerson('U3', 50)).toEqual([]);
      expect(await store.access.forLine('09012345678', 0)).toEqual([]);
    });

    it('prunes what is older than the cut, from every list, and keeps the rest', async () => {
      const store = await open();
      await store.access.append([
        lookup(1, 'U1', '09012345678'),
        lookup(2, 'U2', '09012345678'),
        lookup(3, 'U1', '07011112222'),
        lookup(10, 'U1', '09012345678'),
      ]);
      expect(await store.access.pruneBefore(3, 500)).toBe(2);
      expect((await store.access.forLine('09012345678', 50)).map((entry) => entry.at)).toEqual([10]);
      expect((await store.access.forPerson('U1', 50)).map((entry) => entry.at)).toEqual([10, 3]);
      expect(await store.access.forPerson('U2', 50)).toEqual([]);
      expect(await store.access.pruneBefore(3, 500)).toBe(0);
    });

    it('prunes in batches', async () => {
      const store = await open();
      await store.access.append(Array.from({ length: 7 }, (_, i) => lookup(i + 1, 'U1', '09012345678')));
      expect(await store.access.pruneBefore(100, 3)).toBe(3);
      expect(await store.access.pruneBefore(100, 3)).toBe(3);
      expect(await store.access.pruneBefore(100, 3)).toBe(1);
      expect(await store.access.pruneBefore(100, 3)).toBe(0);
      expect(await store.access.forPerson('U1', 50)).toEqual([]);
      expect(await store.access.forLine('09012345678', 50)).toEqual([]);
    });

    it('reads a batch written twice once, and in the order of time', async () => {
      const store = await open();
      const batch = [lookup(2, 'U1', '09012345678'), lookup(1, 'U1', '09012345678')];
      await store.access.append(batch);
      await store.access.append(batch);
      expect((await store.access.forPerson('U1', 50)).map((entry) => entry.at)).toEqual([2, 1]);
    });

    it('refuses an entry of the wrong shape', async () => {
      const store = await open();
      await expect(
        store.access.append([{ ...lookup(1, '', '0901'), surface: 'telepathy' } as unknown as LineAccess]),
      ).rejects.toMatchObject({ code: 'invalid_record' });
    });
  });

  describe('audit trail', () => {
    const entry = (requestId: string, phone: string, action: string, at: number): AuditEntry => ({
      requestId,
      phone,
      actor: 'U1',
      action,
      at,
    });

    it('reads per request and per line in order of appending', async () => {
      const store = await open();
      await store.audit.append({ ...entry('r1', '09011112222', 'request', 3), to: 'pending', detail: 'cancel at month end' });
      await store.audit.append({ ...entry('r2', '09011112222', 'request', 1), to: 'pending' });
      await store.audit.append({ ...entry('r1', '09011112222', 'approve', 2), from: 'pending', to: 'approved' });
      await store.audit.append(entry('r3', '08033334444', 'request', 4));

      expect((await store.audit.forRequest('r1')).map((e) => e.action)).toEqual(['request', 'approve']);
      expect(await store.audit.forRequest('r1')).toEqual([
        { requestId: 'r1', phone: '09011112222', actor: 'U1', action: 'request', to: 'pending', at: 3, detail: 'cancel at month end' },
        { requestId: 'r1', phone: '09011112222', actor: 'U1', action: 'approve', from: 'pending', to: 'approved', at: 2 },
      ]);
      expect((await store.audit.forLine('09011112222')).map((e) => `${e.requestId}:${e.action}`)).toEqual([
        'r1:request',
        'r2:request',
        'r1:approve',
      ]);
      expect((await store.audit.forLine('08033334444')).map((e) => e.requestId)).toEqual(['r3']);
      expect(await store.audit.forRequest('nothing')).toEqual([]);
    });

    // An append the store took but answered with an error is retried by the workflow.
    it('reads an entry appended twice (a retried append that had landed) once, per request and per line', async () => {
      const store = await open();
      const approved = { ...entry('r1', '09011112222', 'approve', 2), from: 'pending', to: 'approved' };
      await store.audit.append(entry('r1', '09011112222', 'request', 1));
      await store.audit.append(approved);
      await store.audit.append(approved);
      expect((await store.audit.forRequest('r1')).map((e) => e.action)).toEqual(['request', 'approve']);
      expect((await store.audit.forLine('09011112222')).map((e) => e.action)).toEqual(['request', 'approve']);
    });

    it('keeps every one of 30 concurrent appends, and keeps order across a reopen', async () => {
      const first = await open();
      await Promise.all(Array.from({ length: 30 }, (_, i) => first.audit.append(entry('r1', '09011112222', `a${i}`, i))));
      await first.close();
      opened.splice(opened.indexOf(first), 1);
      const second = await open();
      await second.audit.append(entry('r1', '09011112222', 'last', 99));
      const actions = (await second.audit.forRequest('r1')).map((e) => e.action);
      expect(actions).toHaveLength(31);
      expect(actions.at(-1)).toBe('last');
      expect(await second.audit.forLine('09011112222')).toHaveLength(31);
    });

    it('refuses an entry that is missing what it must say', async () => {
      const store = await open();
      await expect(store.audit.append({ ...entry('r1', '', 'request', 1) })).rejects.toMatchObject({ code: 'invalid_record' });
    });
  });

  it('lists 10,000 records', async () => {
    const collection = requests(await open());
    const ids = Array.from({ length: 10_000 }, (_, i) => `r${i}`);
    // Seeded in batches so SQLite's single connection is not handed 10,000 statements at once.
    for (let i = 0; i < ids.length; i += 1_000) {
      await Promise.all(ids.slice(i, i + 1_000).map((id) => collection.create(id, pending(id))));
    }
    const started = performance.now();
    const all = await collection.list();
    const elapsed = performance.now() - started;
    expect(all).toHaveLength(10_000);
    expect(new Set(all.map((r) => r.id)).size).toBe(10_000);
    console.info(`${backend}: list() of 10,000 records took ${Math.round(elapsed)} ms`);
  }, 30_000);
});

describeRedis('store on redis, two instances (as two replicas would have)', () => {
  let prefix: string;
  beforeEach(() => {
    prefix = randomPrefix();
  });
  afterEach(() => deleteRedisKeys(prefix));

  it('never lose one another’s concurrent updates (the compare-and-set itself, not the in-process queue)', async () => {
    const [a, b] = await Promise.all([openStore(REDIS_URL, { prefix }), openStore(REDIS_URL, { prefix })]);
    try {
      const onA = a.records('requests', requestSchema, 1);
      const onB = b.records('requests', requestSchema, 1);
      await onA.create('r1', pending('r1'));
      const append = (collection: typeof onA, name: string) =>
        collection.update('r1', (r) => ({ ...r, approvers: [...r.approvers, name] }));
      await Promise.all(Array.from({ length: 25 }, (_, i) => [append(onA, `A${i}`), append(onB, `B${i}`)]).flat());
      expect((await onA.get('r1'))?.approvers).toHaveLength(50);

      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? onA : onB).update('r1', (r) => (r.state === 'pending' ? { ...r, state: 'approved' } : undefined)),
        ),
      );
      expect(outcomes.filter((o) => o.updated)).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
