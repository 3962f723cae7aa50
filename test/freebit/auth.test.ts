import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FreebitClient, FreebitError, memoryAuthKeyCache } from '../../src/freebit/index.js';
import { phoneNumber } from '../../src/phone.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { PATHS, SEEDED, startFreebitRig, type FreebitRig } from '../support/freebit.js';

let rig: FreebitRig;
beforeEach(async () => {
  rig = await startFreebitRig();
});
afterEach(async () => {
  await rig.close();
});

const active = phoneNumber(SEEDED.active4g);

describe('OEM authentication (/authOem/)', () => {
  it('authenticates once for many operations, concurrent ones included', async () => {
    await Promise.all(Array.from({ length: 10 }, () => rig.client.lookupLine(active)));
    await rig.client.lookupLine(active);
    expect(rig.received(PATHS.auth)).toHaveLength(1);
    expect(rig.received(PATHS.lookup)).toHaveLength(11);
  });

  it('sends the OEM credentials only to /authOem/, and the authKey with every operation', async () => {
    await rig.client.lookupLine(active);
    expect(rig.received(PATHS.auth)).toEqual([{ oemId: 'OEM-TEST', oemKey: 'oem-key-secret' }]);
    const [lookup] = rig.received(PATHS.lookup) as Array<{ authKey: string }>;
    expect(lookup!.authKey).toBe(await rig.authKeyCache.get());
  });

  it('reuses the stored key after a restart instead of authenticating again', async () => {
    await rig.client.lookupLine(active);
    const restarted = rig.newClient();
    await restarted.lookupLine(active);
    expect(rig.received(PATHS.auth)).toHaveLength(1);
  });

  it('renews exactly once when many callers are refused with 205 at the same time, and each is retried', async () => {
    await rig.client.lookupLine(active);
    const oldKey = await rig.authKeyCache.get();
    rig.sandbox.revokeAuthKeys();
    const lines = await Promise.all(Array.from({ length: 8 }, () => rig.client.lookupLine(active)));
    expect(lines.every((line) => line.phone === SEEDED.active4g)).toBe(true);
    expect(rig.received(PATHS.auth)).toHaveLength(2);
    expect(await rig.authKeyCache.get()).not.toBe(oldKey);
  });

  it('renews a stale key that came from the store', async () => {
    await rig.authKeyCache.set('key-from-a-previous-life');
    expect((await rig.client.lookupLine(active)).state).toBe('active');
    expect(rig.received(PATHS.auth)).toHaveLength(1);
  });

  it('tells the operator to check the OEM credentials when Freebit refuses them', async () => {
    const strict = await startSandbox({ oemId: 'right-id', oemKey: 'right-key' });
    const client = new FreebitClient({
      baseUrl: strict.url,
      credentials: { oemId: 'wrong-id', oemKey: 'wrong-key' },
      authKeyCache: memoryAuthKeyCache(),
    });
    try {
      const error = await client.lookupLine(active).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FreebitError);
      expect(error).toMatchObject({ code: 'auth_rejected', isRetryable: false });
      expect((error as Error).message).toContain('FREEBIT_OEM_ID');
      expect((error as Error).message).not.toContain('wrong-key');
    } finally {
      await client.close();
      await strict.close();
    }
  });
});
