import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { code, PATH, startRig, type Rig } from './helpers.js';

describe('sandbox fault injection', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(() => rig.close());

  const cancel = () => rig.call(PATH.cancel, { kind: 'MVNO', account: '09012345678' });
  const waitUntilReceived = async (path: string) => {
    while (!rig.sandbox.received.some((entry) => entry.path === path)) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('hang: never answers, and close ends the request instead of waiting for it', async () => {
    rig.sandbox.injectFault(PATH.lookup, { kind: 'hang' });
    rig.sandbox.clearReceived();
    const pending = rig.lookup('09012345678');
    await waitUntilReceived(PATH.lookup);
    await rig.close();
    await expect(pending).rejects.toThrow();
  });

  it('http-status: answers that status with a body that is not JSON, and applies nothing', async () => {
    rig.sandbox.injectFault(PATH.cancel, { kind: 'http-status', status: 503 });
    const reply = await cancel();
    expect(reply.status).toBe(503);
    expect(reply.body).toBeUndefined();
    expect(rig.sandbox.line('09012345678')?.pending).toBeUndefined();
  });

  it("result-code: answers 200 with that detail code in the operation's style, and applies nothing", async () => {
    rig.sandbox.injectFault(PATH.cancel, { kind: 'result-code', code: 900 });
    expect((await cancel()).body).toEqual({ resultCode: '900', status: { message: 'NG', statusCode: '500' } });
    expect(rig.sandbox.line('09012345678')?.pending).toBeUndefined();
  });

  it('reset: drops the connection and applies nothing', async () => {
    rig.sandbox.injectFault(PATH.cancel, { kind: 'reset' });
    await expect(cancel()).rejects.toThrow();
    expect(rig.sandbox.line('09012345678')?.pending).toBeUndefined();
  });

  it('apply-then-reset: drops the connection after really applying the operation', async () => {
    rig.sandbox.injectFault(PATH.cancel, { kind: 'apply-then-reset' });
    await expect(cancel()).rejects.toThrow();
    expect(rig.sandbox.line('09012345678')?.pending).toMatchObject({ func: 'cancel', date: '20261122' });
    // The lookup a client settles the unknown outcome with sees it too.
    expect((await rig.lookup('09012345678')).text).toContain('"async":{"func":"cancel","date":20261122}');
  });

  it('delay: answers normally after the delay', async () => {
    rig.sandbox.injectFault(PATH.lookup, { kind: 'delay', ms: 200 });
    const started = performance.now();
    expect(code(await rig.lookup('09012345678'))).toBe(100);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('answer: sends the given body as it is, and applies nothing unless asked to', async () => {
    const body = '{"resultCode":"100","responseDatas":{"kind":"MVNO","resultCode":"208"}}';
    rig.sandbox.injectFault(PATH.cancel, { kind: 'answer', body });
    const reply = await cancel();
    expect({ status: reply.status, text: reply.text }).toEqual({ status: 200, text: body });
    expect(rig.sandbox.line('09012345678')?.pending).toBeUndefined();
    rig.sandbox.injectFault(PATH.cancel, { kind: 'answer', body: 'not json', apply: true });
    expect((await cancel()).text).toBe('not json');
    expect(rig.sandbox.line('09012345678')?.pending).toMatchObject({ func: 'cancel' });
  });

  it('applies a fault the given number of times, then answers normally', async () => {
    rig.sandbox.injectFault(PATH.lookup, { kind: 'result-code', code: 900 }, 2);
    expect(code(await rig.lookup('09012345678'))).toBe(900);
    expect(code(await rig.lookup('09012345678'))).toBe(900);
    expect(code(await rig.lookup('09012345678'))).toBe(100);
  });

  it('replaces the faults still waiting on a path when injected again', async () => {
    rig.sandbox.injectFault(PATH.lookup, { kind: 'result-code', code: 900 }, 3);
    rig.sandbox.injectFault(PATH.lookup, { kind: 'result-code', code: 210 });
    expect(code(await rig.lookup('09012345678'))).toBe(210);
    expect(code(await rig.lookup('09012345678'))).toBe(100);
  });

  it('leaves other paths alone', async () => {
    rig.sandbox.injectFault(PATH.cancel, { kind: 'result-code', code: 900 });
    expect(code(await rig.lookup('09012345678'))).toBe(100);
  });

  it('still records the faulted request as received', async () => {
    rig.sandbox.injectFault(PATH.cancel, { kind: 'reset' });
    rig.sandbox.clearReceived();
    await cancel().catch(() => undefined);
    expect(rig.sandbox.received).toEqual([
      { path: PATH.cancel, json: { authKey: rig.authKey, kind: 'MVNO', account: '09012345678' }, at: expect.any(Number) },
    ]);
  });
});
