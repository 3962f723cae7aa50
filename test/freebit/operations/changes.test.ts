import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FreebitDate } from '../../../src/dates.js';
import { parseProductNumber, type ChangeResult } from '../../../src/freebit/index.js';
import { phoneNumber } from '../../../src/phone.js';
import { PATHS, SEEDED, startFreebitRig, type FreebitRig } from '../../support/freebit.js';

let rig: FreebitRig;
beforeEach(async () => {
  rig = await startFreebitRig();
});
afterEach(async () => {
  await rig.close();
});

function refusal(result: ChangeResult) {
  if (result.outcome !== 'refused') throw new Error(`expected a refusal, got ${result.outcome}`);
  return { detailCode: result.error.detailCode, message: result.error.message };
}

describe('cancelLine (PA02-04)', () => {
  it('is accepted, and the line shows a pending cancellation', async () => {
    expect(await rig.client.cancelLine({ phone: phoneNumber(SEEDED.active4g) })).toEqual({ outcome: 'accepted' });
    expect((await rig.client.lookupLine(phoneNumber(SEEDED.active4g))).pendingChange?.func).toBe('cancel');
  });

  it('sends a run date as YYYYMMDD and leaves it out when immediate', async () => {
    await rig.client.cancelLine({ phone: phoneNumber(SEEDED.active4g), runDate: '20261130' as FreebitDate });
    await rig.client.cancelLine({ phone: phoneNumber(SEEDED.suspended) });
    const [scheduled, immediate] = rig.received(PATHS.cancel);
    expect(scheduled).toEqual({ authKey: expect.any(String), kind: 'MVNO', account: '09012345678', runDate: '20261130' });
    expect(immediate).toEqual({ authKey: expect.any(String), kind: 'MVNO', account: '07011112222' });
  });

  it('treats 101 (already cancelled) as success', async () => {
    expect(await rig.client.cancelLine({ phone: phoneNumber(SEEDED.obsolete) })).toEqual({ outcome: 'already_satisfied' });
  });

  it('is refused with 230 while another change waits at Freebit', async () => {
    const result = await rig.client.cancelLine({ phone: phoneNumber(SEEDED.pendingAsync) });
    expect(refusal(result)).toEqual({ detailCode: 230, message: 'Freebit refused cancelLine (detail code 230)' });
  });

  it('is refused with 210 for an unknown number', async () => {
    expect(refusal(await rig.client.cancelLine({ phone: phoneNumber(SEEDED.unknown) })).detailCode).toBe(210);
  });
});

describe('changeContractLine (PA05-38)', () => {
  it('is accepted, then locks the line: a second request gets 362', async () => {
    const phone = phoneNumber(SEEDED.active4g);
    expect(await rig.client.changeContractLine({ phone, contractLine: '5G' })).toEqual({ outcome: 'accepted' });
    expect(refusal(await rig.client.changeContractLine({ phone, contractLine: '5G' })).detailCode).toBe(362);
  });

  it('is refused with 361 when the line already has that type', async () => {
    const result = await rig.client.changeContractLine({ phone: phoneNumber(SEEDED.active4g), contractLine: '4G' });
    expect(refusal(result)).toEqual({ detailCode: 361, message: 'Freebit refused changeContractLine (detail code 361)' });
  });

  it('sends the product number only when given', async () => {
    const productNumber = parseProductNumber('AX1234567890123')!;
    await rig.client.changeContractLine({ phone: phoneNumber(SEEDED.active4g), contractLine: '5G', productNumber });
    expect(rig.received(PATHS.contract)).toEqual([
      { authKey: expect.any(String), account: '09012345678', productNumber: 'AX1234567890123', contractLine: '5G' },
    ]);
  });
});

describe('registerLine (PA02-01)', () => {
  it('is accepted, and the new line appears waiting for registration', async () => {
    const phone = phoneNumber('090-5555-0001');
    expect(await rig.client.registerLine({ phone, planCode: 'LTE3G_P01' })).toEqual({ outcome: 'accepted' });
    const line = await rig.client.lookupLine(phone);
    expect(line.state).toBe('waiting');
    expect(line.pendingChange?.func).toBe('regist');
  });

  it('sends createType "new" with one MVNO entry and no password', async () => {
    await rig.client.registerLine({ phone: phoneNumber('09055550002'), planCode: 'LTE3G_P01', startDate: '20261201' as FreebitDate });
    expect(rig.received(PATHS.register)).toEqual([
      {
        authKey: expect.any(String),
        startDate: '20261201',
        createType: 'new',
        requestDatas: [{ kind: 'MVNO', account: '09055550002', planCode: 'LTE3G_P01' }],
      },
    ]);
  });

  it('is refused with 208 for a number that already exists', async () => {
    const result = await rig.client.registerLine({ phone: phoneNumber(SEEDED.active4g), planCode: 'LTE3G_P01' });
    expect(refusal(result)).toEqual({ detailCode: 208, message: 'Freebit refused registerLine (detail code 208)' });
  });

  it('is refused with 220 for a plan that does not exist', async () => {
    expect(refusal(await rig.client.registerLine({ phone: phoneNumber('09055550003'), planCode: 'NO_SUCH_PLAN' })).detailCode).toBe(220);
  });

  // docs/freebit.md, "Loose types": `responseDatas` is an array in some answers and a single object in others.
  it('is refused when the one per-line result comes back as an object with a refusal', async () => {
    const body =
      '{"resultCode":"100","status":{"message":"OK","statusCode":"200"},"responseDatas":{"kind":"MVNO","account":"09055550004","resultCode":"208"}}';
    rig.sandbox.injectFault(PATHS.register, { kind: 'answer', body });
    const result = await rig.client.registerLine({ phone: phoneNumber('09055550004'), planCode: 'LTE3G_P01' });
    expect(refusal(result)).toEqual({ detailCode: 208, message: 'Freebit refused registerLine (detail code 208)' });
  });

  it('is accepted when the one per-line result comes back as an object with 100', async () => {
    const body = '{"resultCode":100,"responseDatas":{"kind":"MVNO","account":9055550005,"resultCode":100}}';
    rig.sandbox.injectFault(PATHS.register, { kind: 'answer', body, apply: true });
    expect(await rig.client.registerLine({ phone: phoneNumber('09055550005'), planCode: 'LTE3G_P01' })).toEqual({ outcome: 'accepted' });
  });

  it('is refused when one line of a per-line array is refused', async () => {
    const body =
      '{"resultCode":"100","responseDatas":[{"kind":"MVNO","account":"09055550006","resultCode":"100"},{"kind":"MVNO","resultCode":"212"}]}';
    rig.sandbox.injectFault(PATHS.register, { kind: 'answer', body });
    expect(refusal(await rig.client.registerLine({ phone: phoneNumber('09055550006'), planCode: 'LTE3G_P01' })).detailCode).toBe(212);
  });

  // A 100 whose per-line results cannot be read says nothing certain: never success, settled by a lookup.
  it.each([
    ['a per-line result code that is not a number', '{"resultCode":"100","responseDatas":[{"kind":"MVNO","resultCode":"OK"}]}'],
    ['per-line results that are neither an array nor an object', '{"resultCode":"100","responseDatas":"208"}'],
  ])('settles %s by a lookup: not accepted when the line is not there', async (_, body) => {
    const phone = phoneNumber('09055550007');
    rig.sandbox.injectFault(PATHS.register, { kind: 'answer', body });
    const result = await rig.client.registerLine({ phone, planCode: 'LTE3G_P01' });
    expect(result).toMatchObject({
      outcome: 'unknown',
      settlement: 'not_accepted',
      cause: { code: 'bad_answer', operation: 'registerLine' },
    });
    expect(rig.received(PATHS.register)).toHaveLength(1);
    expect(rig.received(PATHS.lookup)).toHaveLength(2); // "not there" only once a second look agrees (settle.ts)
  });

  it('settles an unreadable per-line result by a lookup: accepted when the line is there', async () => {
    const phone = phoneNumber('09055550008');
    rig.sandbox.injectFault(PATHS.register, {
      kind: 'answer',
      body: '{"resultCode":"100","responseDatas":[{"kind":"MVNO","resultCode":null}]}',
      apply: true,
    });
    const result = await rig.client.registerLine({ phone, planCode: 'LTE3G_P01' });
    expect(result).toMatchObject({ outcome: 'unknown', settlement: 'accepted', line: { phone: '09055550008', state: 'waiting' } });
    expect(rig.received(PATHS.register)).toHaveLength(1);
  });
});
