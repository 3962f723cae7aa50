import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { code, PATH, startRig, type Rig } from '../helpers.js';

// timeScale 60: the 30-minute change takes 30 s of clock time.
const SCALED_CHANGE_MS = 30_000;

describe('sandbox PA05-38 contract line change', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig({ timeScale: 60 });
  });
  afterEach(() => rig.close());

  const change = (account: string, contractLine: unknown, extra: Record<string, unknown> = {}) =>
    rig.call(PATH.contract, { account, contractLine, ...extra });

  it('accepts a change and shows it pending as chgctract dated today', async () => {
    expect((await change('09012345678', '5G')).body).toEqual({ resultCode: '100', status: { message: 'OK', statusCode: '200' } });
    const reply = await rig.lookup('09012345678');
    expect(reply.text).toContain('"async":{"func":"chgctract","date":20261122}');
    expect(reply.body.responseDatas.contractLine).toBe('4G');
  });

  it('locks the line at once: a second request answers 362', async () => {
    await change('09012345678', '5G');
    expect((await change('09012345678', '5G')).body).toEqual({ resultCode: '362', status: { message: 'NG', statusCode: '500' } });
    expect(code(await change('09012345678', '4G'))).toBe(362);
  });

  it('flips contractLine and clears async 30 scaled minutes later, not before', async () => {
    await change('09012345678', '5G');
    rig.clock.advance(SCALED_CHANGE_MS - 1);
    expect(rig.sandbox.line('09012345678')?.contractLine).toBe('4G');
    rig.clock.advance(1);
    expect((await rig.lookup('09012345678')).body.responseDatas).toMatchObject({ contractLine: '5G', async: {} });
  });

  it('answers 361 when the line already has the target type', async () => {
    expect((await change('09012345678', '4G')).body).toEqual({ resultCode: '361', status: { message: 'NG', statusCode: '500' } });
    expect(code(await change('09087654321', '5G'))).toBe(361);
  });

  it.each(['3G', '5g', undefined])('answers 360 to the contract line %s', async (contractLine) => {
    expect((await change('09012345678', contractLine)).body).toEqual({
      resultCode: '360',
      status: { message: 'Bad Request', statusCode: '400' },
    });
  });

  it.each(['ax1234567890123', 'AX123456789012', 'AX12345678901234', 'A11234567890123'])(
    'answers 266 to the product number %s',
    async (productNumber) => {
      expect(code(await change('09012345678', '5G', { productNumber }))).toBe(266);
    },
  );

  it('accepts a well-formed product number', async () => {
    expect(code(await change('09012345678', '5G', { productNumber: 'AX1234567890123' }))).toBe(100);
  });

  it('answers 210 to an unknown number and to a cancelled line', async () => {
    expect(code(await change('09000000000', '5G'))).toBe(210);
    expect(code(await change('08099998888', '5G'))).toBe(210);
  });

  it('answers 900 to a line with another kind of async request pending', async () => {
    expect(code(await change('08038433843', '5G'))).toBe(900);
  });

  it('answers 201 to a malformed account', async () => {
    expect(code(await change('0901234567', '5G'))).toBe(201);
  });
});
