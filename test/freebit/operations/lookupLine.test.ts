import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FreebitError } from '../../../src/freebit/index.js';
import { phoneNumber } from '../../../src/phone.js';
import { PATHS, SEEDED, startFreebitRig, type FreebitRig } from '../../support/freebit.js';

let rig: FreebitRig;
beforeEach(async () => {
  rig = await startFreebitRig();
});
afterEach(async () => {
  await rig.close();
});

describe('lookupLine (PA03-02) against the sandbox', () => {
  it('reads an active 4G line with voice and SMS', async () => {
    const line = await rig.client.lookupLine(phoneNumber(SEEDED.active4g));
    expect(line).toMatchObject({
      phone: '09012345678',
      state: 'active',
      contractLine: '4G',
      planCode: 'LTE3G_P01',
      voice: true,
      sms: true,
    });
    expect(line.pendingChange).toBeUndefined();
  });

  it('keeps the 19-digit ICCID exactly as the sandbox wrote it', async () => {
    const line = await rig.client.lookupLine(phoneNumber(SEEDED.active4g));
    const written = (rig.sandbox.line(SEEDED.active4g) as { iccid: string }).iccid;
    expect(written).toMatch(/^\d{19}$/);
    expect(Number.isSafeInteger(Number(written))).toBe(false);
    expect(line.iccid).toBe(written);
  });

  it('shows a pending asynchronous change', async () => {
    const line = await rig.client.lookupLine(phoneNumber(SEEDED.pendingAsync));
    expect(line.phone).toBe('08038433843');
    expect(line.pendingChange?.func).toMatch(/^[a-z]+$/);
  });

  it('reads suspended and cancelled lines', async () => {
    expect((await rig.client.lookupLine(phoneNumber(SEEDED.suspended))).state).toBe('suspended');
    expect((await rig.client.lookupLine(phoneNumber(SEEDED.obsolete))).state).toBe('obsolete');
  });

  it('answers "not found" (210) for a well-formed unknown number', async () => {
    const error = await rig.client.lookupLine(phoneNumber(SEEDED.unknown)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FreebitError);
    expect(error).toMatchObject({ code: 'refused', detailCode: 210, operation: 'lookupLine', isRetryable: false });
    expect((error as Error).message).toBe('Freebit refused lookupLine (detail code 210)');
  });

  it('sends the account as a string of digits, in the documented request shape', async () => {
    await rig.client.lookupLine(phoneNumber('090-1234-5678'));
    const [sent] = rig.received(PATHS.lookup) as Array<Record<string, unknown>>;
    expect(sent).toEqual({ authKey: expect.any(String), requestDatas: [{ kind: 'MVNO', account: '09012345678' }] });
  });
});
