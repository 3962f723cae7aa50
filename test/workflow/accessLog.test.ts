import { afterEach, expect, test } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { openStore, type AccessTrail, type Store } from '../../src/store/index.js';
import { AccessLog, WorkflowError } from '../../src/workflow/index.js';
import { captureLogger, describeStoreBackends, freshStoreLocation } from '../store/support.js';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const PHONE = '09012345678';

/** The code of what `work` threw (undefined: it did not throw). */
const refusalOf = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: unknown) => (error instanceof WorkflowError ? error.code : String(error)),
  );

describeStoreBackends('the access log', (backend) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const world = async (
    options: { maxPerHour?: number; writeTimeoutMs?: number; logger?: Logger; trail?: (trail: AccessTrail) => AccessTrail } = {},
  ) => {
    const clock = new ManualClock();
    const location = await freshStoreLocation(backend);
    const store: Store = await openStore(location.url, { clock, prefix: location.prefix });
    cleanups.push(location.cleanup, () => store.close());
    const log = new AccessLog(options.trail ? options.trail(store.access) : store.access, clock, options.logger ?? silentLogger, {
      retentionDays: 400,
      maxPerHour: options.maxPerHour ?? 1_000,
      ...(options.writeTimeoutMs ? { writeTimeoutMs: options.writeTimeoutMs } : {}),
      claim: (key, owner, ttlMs) => store.claim(key, owner, ttlMs),
    });
    cleanups.push(() => log.stop());
    return { clock, store, log };
  };

  test('a look is in the store once admit returns, before anything is shown', async () => {
    const { store, log } = await world();
    await log.admit({ userId: 'U1', phones: [PHONE], surface: 'command', channelId: 'C1' });
    expect(await store.access.forPerson('U1', 50)).toEqual([
      expect.objectContaining({ userId: 'U1', phone: PHONE, surface: 'command', channelId: 'C1' }),
    ]);
  });

  test('a form’s lines are one entry each, written together', async () => {
    const { store, log } = await world();
    const phones = Array.from({ length: 150 }, (_, index) => `090${String(10_000_000 + index)}`);
    await log.admit({ userId: 'U1', phones, surface: 'form_check' });
    const entries = await store.access.forPerson('U1', 200);
    expect(entries).toHaveLength(150);
    expect(new Set(entries.map((entry) => entry.phone))).toEqual(new Set(phones));
  });

  test('the look that would cross LOOKUP_MAX_PER_HOUR distinct lines is refused and recorded as refused; lines already seen stay open', async () => {
    const { store, log } = await world({ maxPerHour: 3 });
    for (const phone of ['09000000001', '09000000002', '09000000003'])
      await log.admit({ userId: 'U1', phones: [phone], surface: 'command' });
    expect(await refusalOf(log.admit({ userId: 'U1', phones: ['09000000004'], surface: 'refresh' }))).toBe('lookup_ceiling');
    expect(await refusalOf(log.admit({ userId: 'U1', phones: ['09000000002'], surface: 'refresh' }))).toBeUndefined();
    // Another person has a ceiling of their own.
    expect(await refusalOf(log.admit({ userId: 'U2', phones: ['09000000004'], surface: 'command' }))).toBeUndefined();
    const refused = (await store.access.forLine('09000000004', 10)).filter((entry) => entry.userId === 'U1');
    expect(refused).toEqual([expect.objectContaining({ refused: 'lookup_ceiling', surface: 'refresh' })]);
  });

  test('the hour rolls: a line looked at more than an hour ago no longer counts', async () => {
    const { clock, log } = await world({ maxPerHour: 2 });
    await log.admit({ userId: 'U1', phones: ['09000000001'], surface: 'command' });
    clock.advance(30 * MINUTE);
    await log.admit({ userId: 'U1', phones: ['09000000002'], surface: 'command' });
    expect(await refusalOf(log.admit({ userId: 'U1', phones: ['09000000003'], surface: 'command' }))).toBe('lookup_ceiling');
    clock.advance(31 * MINUTE);
    expect(await refusalOf(log.admit({ userId: 'U1', phones: ['09000000003'], surface: 'command' }))).toBeUndefined();
  });

  test('a form that would cross the ceiling is refused whole; the re-check before an approved call is counted but never refused', async () => {
    const { store, log } = await world({ maxPerHour: 2 });
    expect(await refusalOf(log.admit({ userId: 'U1', phones: ['09000000001', '09000000002', '09000000003'], surface: 'form_check' }))).toBe(
      'lookup_ceiling',
    );
    await log.admit({ userId: 'U1', phones: ['09000000001', '09000000002', '09000000003'], surface: 'recheck' }, { enforce: false });
    expect(await refusalOf(log.admit({ userId: 'U1', phones: ['09000000001'], surface: 'command' }))).toBeUndefined();
    expect(await refusalOf(log.admit({ userId: 'U1', phones: ['09000000009'], surface: 'command' }))).toBe('lookup_ceiling');
    expect((await store.access.forPerson('U1', 50)).filter((entry) => entry.surface === 'recheck' && !entry.refused)).toHaveLength(3);
  });

  test('looks by one person at once are written together and each answered (no compare-and-set lost to itself)', async () => {
    const { store, log } = await world({ maxPerHour: 10 });
    const phones = Array.from({ length: 12 }, (_, index) => `0900000${String(index).padStart(4, '0')}`);
    const outcomes = await Promise.all(
      phones.map((phone) => refusalOf(log.admit({ userId: 'U1', phones: [phone], surface: 'message_shortcut' }))),
    );
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(10);
    expect(outcomes.filter((outcome) => outcome === 'lookup_ceiling')).toHaveLength(2);
    expect(await store.access.forPerson('U1', 50)).toHaveLength(12);
  });

  test('two replicas share one person’s ceiling through the store', async () => {
    const { store, clock } = await world();
    const replica = () => new AccessLog(store.access, clock, silentLogger, { retentionDays: 400, maxPerHour: 5, claim: async () => true });
    const [a, b] = [replica(), replica()];
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        refusalOf((index % 2 === 0 ? a : b).admit({ userId: 'U1', phones: [`0900000000${index}`], surface: 'command' })),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(5);
  });

  test('a look the store cannot take is refused, and logged in full (who, which number, where)', async () => {
    const captured = captureLogger();
    const { store, log } = await world({
      logger: captured.logger,
      trail: (trail) => ({ ...trail, admit: () => Promise.reject(new Error('store down')) }),
    });
    expect(await refusalOf(log.admit({ userId: 'U7', phones: [PHONE], surface: 'share', channelId: 'C9' }))).toBe('access_unrecorded');
    const failed = captured.lines().find((line) => line.event === 'access_log.write_failed')!;
    expect(failed.entries).toEqual([expect.objectContaining({ userId: 'U7', phone: PHONE, surface: 'share', channelId: 'C9' })]);
    expect(captured.lines()).toContainEqual(
      expect.objectContaining({ event: 'access.refused', userId: 'U7', phone: PHONE, surface: 'share', refused: 'store_unavailable' }),
    );
    expect(await store.access.forPerson('U7', 50)).toEqual([]);
  });

  test('a store that does not answer holds a look up for the bounded wait only', async () => {
    const { log } = await world({ writeTimeoutMs: 50, trail: (trail) => ({ ...trail, admit: () => new Promise<never>(() => undefined) }) });
    const started = Date.now();
    expect(await refusalOf(log.admit({ userId: 'U1', phones: [PHONE], surface: 'command' }))).toBe('access_unrecorded');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  test('every entry is one JSON log line: access.lookup, access.refused', async () => {
    const captured = captureLogger();
    const { log } = await world({ logger: captured.logger });
    await log.admit({ userId: 'U1', phones: [PHONE], surface: 'command' });
    await log.refuse({ userId: 'U2', phones: [PHONE], surface: 'history', reason: 'lookup_not_allowed' });
    expect(captured.lines()).toContainEqual(
      expect.objectContaining({ event: 'access.lookup', userId: 'U1', phone: PHONE, surface: 'command' }),
    );
    expect(captured.lines()).toContainEqual(
      expect.objectContaining({ event: 'access.refused', userId: 'U2', phone: PHONE, surface: 'history', refused: 'lookup_not_allowed' }),
    );
  });

  test('entries older than the retention are deleted by a prune, newer ones kept', async () => {
    const { clock, log } = await world();
    await log.admit({ userId: 'U1', phones: [PHONE], surface: 'command' });
    clock.advance(300 * DAY);
    await log.admit({ userId: 'U1', phones: [PHONE], surface: 'refresh' });
    clock.advance(101 * DAY);
    expect(await log.prune('replica-a')).toBe(1);
    expect((await log.forLine(PHONE)).map((entry) => entry.surface)).toEqual(['refresh']);
  });

  // A claim's expiry on Redis is Redis's own clock (PX), not the test's.
  test.skipIf(backend === 'redis')('one replica prunes at a time', async () => {
    const { clock, store, log } = await world();
    await log.admit({ userId: 'U1', phones: [PHONE], surface: 'command' });
    clock.advance(401 * DAY);
    // Replica a is pruning (its claim stands for the hour): replica b leaves it alone.
    expect(await store.claim('access-log-prune', 'replica-a', 60 * 60 * 1000)).toBe(true);
    expect(await log.prune('replica-b')).toBe(0);
    clock.advance(61 * 60 * 1000);
    expect(await log.prune('replica-b')).toBe(1);
  });
});
