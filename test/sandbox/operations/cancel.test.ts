import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOfFreebitDay, type FreebitDate } from '../../../src/dates.js';
import { code, PATH, startRig, type Rig } from '../helpers.js';

// timeScale 60: the 10-minute cancellation takes 10 s of clock time.
const SCALED_CANCEL_MS = 10_000;

describe('sandbox PA02-04 cancellation', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig({ timeScale: 60 });
  });
  afterEach(() => rig.close());

  const cancel = (account: string, extra: Record<string, unknown> = {}) => rig.call(PATH.cancel, { kind: 'MVNO', account, ...extra });

  it('accepts an immediate cancellation and shows it pending, dated today', async () => {
    expect((await cancel('09012345678')).body).toEqual({ resultCode: '100', status: { message: 'OK', statusCode: '200' } });
    expect((await rig.lookup('09012345678')).text).toContain('"async":{"func":"cancel","date":20261122}');
    expect(rig.sandbox.line('09012345678')?.state).toBe('active');
  });

  it('makes the line obsolete 10 scaled minutes after an immediate request, not before', async () => {
    await cancel('09012345678');
    rig.clock.advance(SCALED_CANCEL_MS - 1);
    expect(rig.sandbox.line('09012345678')?.state).toBe('active');
    rig.clock.advance(1);
    expect((await rig.lookup('09012345678')).body.responseDatas).toMatchObject({ state: 'obsolete', async: {} });
  });

  it('holds a scheduled cancellation until its run date begins in Japan, then 10 scaled minutes more', async () => {
    expect(code(await cancel('09012345678', { runDate: '20261125' }))).toBe(100);
    expect(rig.sandbox.line('09012345678')?.pending).toMatchObject({ func: 'cancel', date: '20261125' });
    const runDayStart = startOfFreebitDay('20261125' as FreebitDate);
    rig.clock.set(runDayStart + SCALED_CANCEL_MS - 1);
    expect(rig.sandbox.line('09012345678')?.state).toBe('active');
    rig.clock.set(runDayStart + SCALED_CANCEL_MS);
    expect(rig.sandbox.line('09012345678')?.state).toBe('obsolete');
    expect(rig.sandbox.line('09012345678')?.pending).toBeUndefined();
  });

  it.each(['20261130', '2026/11/30', '2026-11-30'])('reads the run date %s as 20261130', async (runDate) => {
    expect(code(await cancel('09012345678', { runDate }))).toBe(100);
    expect(rig.sandbox.line('09012345678')?.pending?.date).toBe('20261130');
  });

  it('treats a run date of today as immediate', async () => {
    await cancel('09012345678', { runDate: '2026-11-22' });
    rig.clock.advance(SCALED_CANCEL_MS);
    expect(rig.sandbox.line('09012345678')?.state).toBe('obsolete');
  });

  it.each(['2026.11.30', '20261131', '261130', '２０２６１１３０', null])('answers 204 to the run date %s', async (runDate) => {
    expect(code(await cancel('09012345678', { runDate }))).toBe(204);
  });

  it('answers 204 to a run date before today in Japan', async () => {
    expect(code(await cancel('09012345678', { runDate: '20261121' }))).toBe(204);
  });

  it('answers 101 OK to a line already cancelled', async () => {
    expect((await cancel('08099998888')).body).toEqual({ resultCode: '101', status: { message: 'OK', statusCode: '200' } });
  });

  it('answers 230 to a line with another async request pending', async () => {
    expect((await cancel('08038433843')).body).toEqual({ resultCode: '230', status: { message: 'NG', statusCode: '500' } });
  });

  it('answers 230 to a second cancellation while the first is pending', async () => {
    await cancel('09012345678', { runDate: '20261130' });
    expect(code(await cancel('09012345678'))).toBe(230);
  });

  it('cancels a suspended line', async () => {
    expect(code(await cancel('07011112222'))).toBe(100);
  });

  it('answers 210 to an unknown number', async () => {
    expect(code(await cancel('09000000000'))).toBe(210);
  });

  it('answers 200 to kind MASTER (a master account cannot be cancelled) and to a missing kind', async () => {
    expect(code(await rig.call(PATH.cancel, { kind: 'MASTER', account: 'm@example.jp' }))).toBe(200);
    expect(code(await rig.call(PATH.cancel, { account: '09012345678' }))).toBe(200);
  });

  it('answers 201 to a malformed account', async () => {
    expect(code(await cancel('090-1234-5678'))).toBe(201);
  });
});
