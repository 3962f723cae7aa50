import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { code, PATH, post, startRig } from './helpers.js';

describe('sandbox OEM authentication', () => {
  let sandbox: RunningSandbox | undefined;
  afterEach(() => sandbox?.close());

  it('issues an authKey for any non-empty pair when no credentials are configured', async () => {
    sandbox = await startSandbox();
    const reply = await post(sandbox.url, PATH.auth, { oemId: 'anyone', oemKey: 'anything' });
    expect(reply.body).toEqual({
      resultCode: '100',
      status: { message: 'OK', statusCode: '200' },
      authKey: expect.stringMatching(/^\w{16,}$/),
    });
  });

  it('issues a different key each time', async () => {
    sandbox = await startSandbox();
    const first = await post(sandbox.url, PATH.auth, { oemId: 'a', oemKey: 'b' });
    const second = await post(sandbox.url, PATH.auth, { oemId: 'a', oemKey: 'b' });
    expect(first.body.authKey).not.toBe(second.body.authKey);
  });

  it('refuses an empty or missing credential with 205 Auth Error', async () => {
    sandbox = await startSandbox();
    for (const request of [{ oemId: '', oemKey: 'x' }, { oemId: 'x' }]) {
      const reply = await post(sandbox.url, PATH.auth, request);
      expect(reply.body).toEqual({ resultCode: '205', status: { message: 'Auth Error', statusCode: '403' } });
    }
  });

  it('accepts only the configured credentials when they are set', async () => {
    sandbox = await startSandbox({ oemId: 'OEM-1', oemKey: 'right' });
    expect(code(await post(sandbox.url, PATH.auth, { oemId: 'OEM-1', oemKey: 'wrong' }))).toBe(205);
    expect(code(await post(sandbox.url, PATH.auth, { oemId: 'OEM-1', oemKey: 'right' }))).toBe(100);
  });

  it('answers 228 to an operation without authKey where the spec lists 228', async () => {
    sandbox = await startSandbox();
    expect(code(await post(sandbox.url, PATH.lookup, { requestDatas: [{ kind: 'MVNO', account: '09012345678' }] }))).toBe(228);
    expect(code(await post(sandbox.url, PATH.cancel, { kind: 'MVNO', account: '09012345678' }))).toBe(228);
    expect(code(await post(sandbox.url, PATH.contract, { account: '09012345678', contractLine: '5G' }))).toBe(228);
  });

  it('answers 205 to a registration without authKey (PA02-01 has no 228)', async () => {
    sandbox = await startSandbox();
    const reply = await post(sandbox.url, PATH.register, {
      createType: 'new',
      requestDatas: [{ kind: 'MVNO', account: '09000000001', planCode: 'LTE3G_P01' }],
    });
    expect(reply.body).toEqual({ resultCode: '205', status: { message: 'Auth Error', statusCode: '403' } });
  });

  it('answers 205 to a key it never issued', async () => {
    sandbox = await startSandbox();
    const reply = await post(sandbox.url, PATH.lookup, { authKey: 'made-up', requestDatas: [{ kind: 'MVNO', account: '09012345678' }] });
    expect(reply.body).toEqual({ resultCode: 205, status: { message: 'Auth Error', statusCode: 403 } });
  });

  it('answers 205 to revoked keys, and honours a key fetched afterwards', async () => {
    const rig = await startRig();
    sandbox = rig.sandbox;
    rig.sandbox.revokeAuthKeys();
    expect(code(await rig.lookup('09012345678'))).toBe(205);
    const fresh = await post(rig.sandbox.url, PATH.auth, { oemId: 'a', oemKey: 'b' });
    const reply = await post(rig.sandbox.url, PATH.lookup, {
      authKey: fresh.body.authKey,
      requestDatas: [{ kind: 'MVNO', account: '09012345678' }],
    });
    expect(code(reply)).toBe(100);
  });
});
