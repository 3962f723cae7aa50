import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { code, PATH, post, startRig, START, type Reply, type Rig } from './helpers.js';

describe('sandbox wire format', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(() => rig.close());

  const rawPost = (path: string, body: string, contentType: string) =>
    fetch(`${rig.sandbox.url}${path}`, { method: 'POST', body, headers: { 'content-type': contentType } }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Reply['body'],
    }));

  it('serves under /emptool/api on loopback', () => {
    expect(rig.sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/emptool\/api$/);
  });

  it('reads the json field from an urlencoded body', async () => {
    expect(code(await rig.call(PATH.lookup, { requestDatas: [{ kind: 'MVNO', account: '09012345678' }] }, 'urlencoded'))).toBe(100);
  });

  it('reads the json field from a multipart body', async () => {
    expect(code(await rig.call(PATH.lookup, { requestDatas: [{ kind: 'MVNO', account: '09012345678' }] }, 'multipart'))).toBe(100);
  });

  it('answers 204 Bad Request to a bare JSON body', async () => {
    const reply = await rawPost(
      PATH.lookup,
      JSON.stringify({ authKey: rig.authKey, requestDatas: [{ kind: 'MVNO', account: '09012345678' }] }),
      'application/json',
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ resultCode: 204, status: { message: 'Bad Request', statusCode: 400 } });
  });

  it('answers 204 to a form without a json field', async () => {
    const reply = await rawPost(PATH.cancel, 'request=%7B%7D', 'application/x-www-form-urlencoded');
    expect(reply.body).toEqual({ resultCode: '204', status: { message: 'Bad Request', statusCode: '400' } });
  });

  it('answers 204 to a json field that does not parse', async () => {
    const reply = await rawPost(PATH.auth, 'json=%7Bnot-json', 'application/x-www-form-urlencoded');
    expect(reply.body.resultCode).toBe('204');
  });

  it("writes PA03-02 codes as numbers and the other operations' codes as strings, as the spec examples do", async () => {
    const lookup = await rig.lookup('09012345678');
    expect(lookup.body.resultCode).toBe(100);
    expect(lookup.body.status).toEqual({ message: 'OK', statusCode: 200 });
    const change = await rig.call(PATH.contract, { account: '09012345678', contractLine: '4G' });
    expect(change.body).toEqual({ resultCode: '361', status: { message: 'NG', statusCode: '500' } });
  });

  it('answers HTTP 404 to an unknown path, and to a known one without its trailing slash', async () => {
    expect((await post(rig.sandbox.url, '/master/unknown/', {})).status).toBe(404);
    expect((await post(rig.sandbox.url, '/master/getAcnt', {})).status).toBe(404);
  });

  it('answers HTTP 405 to a GET', async () => {
    expect((await fetch(`${rig.sandbox.url}${PATH.lookup}`)).status).toBe(405);
  });

  it('records every request received, in order, with its JSON and clock time', async () => {
    rig.sandbox.clearReceived();
    await rig.lookup('09012345678');
    await rig.call(PATH.cancel, { kind: 'MVNO', account: '07011112222' });
    expect(rig.sandbox.received).toEqual([
      { path: PATH.lookup, json: { authKey: rig.authKey, requestDatas: [{ kind: 'MVNO', account: '09012345678' }] }, at: START },
      { path: PATH.cancel, json: { authKey: rig.authKey, kind: 'MVNO', account: '07011112222' }, at: START },
    ]);
  });
});
