import { afterEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { openStore, type AccessTrail, type Store } from '../../src/store/index.js';
import { AccessLog } from '../../src/workflow/index.js';
import { makeTempDir } from '../store/support.js';

const DAY = 24 * 60 * 60 * 1000;

describe('the access log', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const world = async (trailOverride?: (trail: AccessTrail) => AccessTrail) => {
    const clock = new ManualClock();
    const temp = await makeTempDir();
    const store: Store = await openStore(`sqlite://${temp.dir}/store.sqlite`, { clock });
    cleanups.push(temp.remove, () => store.close());
    const log = new AccessLog(trailOverride ? trailOverride(store.access) : store.access, clock, silentLogger, {
      retentionDays: 400,
      flushMs: 20,
      claim: (key, owner, ttlMs) => store.claim(key, owner, ttlMs),
    });
    cleanups.push(() => log.stop());
    return { clock, store, log };
  };

  test('an entry recorded is readable within a second, without anyone waiting on the write', async () => {
    const { store, log } = await world();
    log.record({ userId: 'U1', phone: '09012345678', surface: 'command', channelId: 'C1' });
    expect(await store.access.forPerson('U1', 50)).toEqual([]); // not written while the reply goes out
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store.access.forPerson('U1', 50)).toHaveLength(1);
  });

  test('entries older than the retention are deleted by a prune, newer ones kept', async () => {
    const { clock, log } = await world();
    log.record({ userId: 'U1', phone: '09012345678', surface: 'command' });
    clock.advance(300 * DAY);
    log.record({ userId: 'U1', phone: '09012345678', surface: 'refresh' });
    await log.flush();
    clock.advance(101 * DAY);
    expect(await log.prune('replica-a')).toBe(1);
    expect((await log.forLine('09012345678')).map((entry) => entry.surface)).toEqual(['refresh']);
  });

  test('one replica prunes at a time, at most once an hour', async () => {
    const { clock, store, log } = await world();
    log.record({ userId: 'U1', phone: '09012345678', surface: 'command' });
    await log.flush();
    clock.advance(401 * DAY);
    // Replica a is pruning (its claim stands for the hour): replica b leaves it alone.
    expect(await store.claim('access-log-prune', 'replica-a', 60 * 60 * 1000)).toBe(true);
    expect(await log.prune('replica-b')).toBe(0);
    clock.advance(61 * 60 * 1000);
    expect(await log.prune('replica-b')).toBe(1);
  });

  test('a write the store refused is kept and written later, in order', async () => {
    let failures = 1;
    const { store, log } = await world((trail) => ({
      ...trail,
      append: async (entries) => {
        if (failures-- > 0) throw new Error('store down');
        await trail.append(entries);
      },
    }));
    log.record({ userId: 'U1', phone: '09012345678', surface: 'command' });
    await log.flush();
    log.record({ userId: 'U1', phone: '09012345678', surface: 'share' });
    await log.flush();
    expect((await store.access.forPerson('U1', 50)).map((entry) => entry.surface)).toEqual(['share', 'command']);
  });

  test('stop writes what was recorded', async () => {
    const { store, log } = await world();
    log.record({ userId: 'U9', phone: '09012345678', surface: 'home' });
    await log.stop();
    expect(await store.access.forPerson('U9', 50)).toHaveLength(1);
  });
});
