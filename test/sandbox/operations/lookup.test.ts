import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { code, startRig, PATH, type Rig } from '../helpers.js';

describe('sandbox PA03-02 lookup', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(() => rig.close());

  it('describes the active 4G line like the spec example: one object, bare-number account, string per-line code', async () => {
    const reply = await rig.lookup('09012345678');
    expect(reply.body).toMatchObject({
      resultCode: 100,
      status: { message: 'OK', statusCode: 200 },
      masterAccount: 'sandbox-master@example.jp',
      responseDatas: {
        kind: 'MVNO',
        account: 9012345678,
        state: 'active',
        planCode: 'LTE3G_P01',
        startDate: 20240401,
        contractLine: '4G',
        size: 'nano',
        sms: 10,
        talk: 10,
        ipv4: '',
        ipv6: '',
        quota: 3161.31,
        async: {},
        resultCode: '100',
      },
    });
    expect(Array.isArray(reply.body.responseDatas)).toBe(false);
    expect(reply.body.responseDatas.voice).toMatchObject({ state: 'active', voiceMail: 10 });
  });

  it('writes the 19-digit ICCID and the IMSI as bare numbers with every digit exact', async () => {
    const reply = await rig.lookup('09012345678');
    expect(reply.text).toContain('"account":9012345678,');
    expect(reply.text).toContain('"iccid":8981100005012345671,');
    expect(reply.text).toContain('"imsi":440103123456789,');
    // What an ordinary JSON.parse makes of it: the reason a client must read it losslessly.
    expect(String(reply.body.responseDatas.iccid)).not.toBe('8981100005012345671');
  });

  it('shows the pending plan change of 08038433843 as async with a bare-number date', async () => {
    const reply = await rig.lookup('08038433843');
    expect(reply.text).toContain('"account":8038433843,');
    expect(reply.text).toContain('"async":{"func":"plnset","date":20261125}');
    expect(reply.body.responseDatas.state).toBe('active');
  });

  it('shows 07011112222 suspended', async () => {
    expect((await rig.lookup('07011112222')).body.responseDatas).toMatchObject({ state: 'suspended', account: 7011112222 });
  });

  it('shows 08099998888 obsolete', async () => {
    expect((await rig.lookup('08099998888')).body.responseDatas).toMatchObject({ state: 'obsolete', async: {} });
  });

  it('answers 210 NG to a number it does not hold', async () => {
    expect((await rig.lookup('09000000000')).body).toEqual({ resultCode: 210, status: { message: 'NG', statusCode: 500 } });
  });

  it('answers 201 to an account that is not 0 and ten digits, or is sent as a number', async () => {
    expect(code(await rig.lookup('9012345678'))).toBe(201);
    expect(code(await rig.call(PATH.lookup, { requestDatas: [{ kind: 'MVNO', account: 9012345678 }] }))).toBe(201);
  });

  it('answers 227 without requestDatas and 200 to an unknown kind', async () => {
    expect(code(await rig.call(PATH.lookup, {}))).toBe(227);
    expect(code(await rig.call(PATH.lookup, { requestDatas: [{ kind: 'FTTH', account: '09012345678' }] }))).toBe(200);
  });

  it('reads only the first requestDatas entry', async () => {
    const reply = await rig.call(PATH.lookup, {
      requestDatas: [
        { kind: 'MVNO', account: '07011112222' },
        { kind: 'MVNO', account: '09012345678' },
      ],
    });
    expect(reply.body.responseDatas.account).toBe(7011112222);
  });
});
