import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOfFreebitDay, type FreebitDate } from '../../../src/dates.js';
import { code, PATH, startRig, type Rig } from '../helpers.js';

// timeScale 60: the 10-minute registration takes 10 s of clock time.
const SCALED_REGIST_MS = 10_000;
const NEW = '09011110000';

describe('sandbox PA02-01 registration', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig({ timeScale: 60 });
  });
  afterEach(() => rig.close());

  const register = (entry: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    rig.call(PATH.register, {
      createType: 'new',
      requestDatas: [{ kind: 'MVNO', account: NEW, planCode: 'LTE3G_P01', ...entry }],
      ...extra,
    });

  it('accepts a new line and answers with its per-line result', async () => {
    expect((await register({})).body).toEqual({
      resultCode: '100',
      status: { message: 'OK', statusCode: '200' },
      responseDatas: [{ kind: 'MVNO', account: NEW, ipv4: '', ipv6: '', resultCode: '100' }],
    });
  });

  it('holds the line as waiting with a regist request at once', async () => {
    await register({});
    const reply = await rig.lookup(NEW);
    expect(reply.body.responseDatas).toMatchObject({ state: 'waiting', planCode: 'LTE3G_P01', startDate: 20261122 });
    expect(reply.text).toContain('"async":{"func":"regist","date":20261122}');
  });

  it('makes the line active 10 scaled minutes later, not before', async () => {
    await register({});
    rig.clock.advance(SCALED_REGIST_MS - 1);
    expect(rig.sandbox.line(NEW)?.state).toBe('waiting');
    rig.clock.advance(1);
    expect((await rig.lookup(NEW)).body.responseDatas).toMatchObject({ state: 'active', async: {} });
  });

  it('starts a line with a future start date 10 scaled minutes after that day begins in Japan', async () => {
    expect(code(await register({}, { startDate: '20261201' }))).toBe(100);
    const start = startOfFreebitDay('20261201' as FreebitDate);
    rig.clock.set(start + SCALED_REGIST_MS - 1);
    expect(rig.sandbox.line(NEW)?.state).toBe('waiting');
    rig.clock.set(start + SCALED_REGIST_MS);
    expect(rig.sandbox.line(NEW)?.state).toBe('active');
  });

  it('answers 208 to a number it already holds', async () => {
    expect((await register({ account: '09012345678' })).body).toEqual({ resultCode: '208', status: { message: 'NG', statusCode: '500' } });
    expect(code(await register({ account: '08099998888' }))).toBe(208);
  });

  it('answers 208 to the same registration sent twice', async () => {
    await register({});
    expect(code(await register({}))).toBe(208);
  });

  it('answers 220 to a plan that does not exist', async () => {
    expect((await register({ planCode: 'NOPE_P99' })).body).toEqual({
      resultCode: '220',
      status: { message: 'Bad Request', statusCode: '400' },
    });
  });

  it('knows the plans it is given', async () => {
    await rig.close();
    rig = await startRig({ planCodes: ['MINE_P01'] });
    expect(code(await register({ planCode: 'MINE_P01' }))).toBe(100);
    expect(code(await register({ account: '09011110001', planCode: 'LTE3G_P01' }))).toBe(220);
  });

  it('answers 201 to a malformed account', async () => {
    expect(code(await register({ account: '9011110000' }))).toBe(201);
  });

  it('answers 233 to createType add (no User Management Service) and 204 to any other type', async () => {
    expect(code(await register({}, { createType: 'add' }))).toBe(233);
    expect(code(await register({}, { createType: 'renew' }))).toBe(204);
  });

  it('answers 200 to a kind other than MVNO', async () => {
    expect(code(await register({ kind: 'MASTER' }))).toBe(200);
  });

  it('answers 202 to a password on an MVNO entry', async () => {
    expect(code(await register({ password: 'secret' }))).toBe(202);
  });

  it('answers 204 to a start date in the past or in another format', async () => {
    expect(code(await register({}, { startDate: '20261121' }))).toBe(204);
    expect(code(await register({}, { startDate: '2026-12-01' }))).toBe(204);
  });
});
