/**
 * The Slack double says no as Slack does: each method limited by its tier, chat.postMessage per
 * channel, HTTP 429 with Retry-After and `ratelimited`; a test may force 429s for a while.
 * The double's time is driven by hand here, so the windows are exact and nothing waits.
 */
import { afterEach, describe, expect, test } from 'vitest';
import {
  DOUBLE_BOT_TOKEN,
  RESPONSE_URL_USES,
  SLACK_LIMITS,
  startSlackDouble,
  type SlackDouble,
} from '../../../tools/slackDouble/double.js';

let now = 0;
let double: SlackDouble;
afterEach(async () => {
  await double?.close();
});

async function start(options: { limits?: 'enforced' | 'off' } = {}) {
  now = 1_000_000;
  double = await startSlackDouble({ now: () => now, ...options });
  return double;
}

/** One Web API call as the Web API client sends it (form-encoded, bearer token). */
async function call(method: string, args: Record<string, string> = {}) {
  const response = await fetch(`${double.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DOUBLE_BOT_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(args).toString(),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as { ok: boolean; error?: string },
  };
}

async function callTimes(times: number, method: string, args: Record<string, string> = {}) {
  const answers = [];
  for (let i = 0; i < times; i++) answers.push(await call(method, args));
  return answers;
}

describe('Slack double: tier limits', () => {
  test('chat.update (Tier 3) takes 50 calls in a minute at once, then answers 429 ratelimited with Retry-After until the window frees', async () => {
    await start();
    const message = await call('chat.postMessage', { channel: 'C1', text: 'hi' });
    expect(message.status).toBe(200);
    const burst = await callTimes(50, 'chat.update', { channel: 'C1', ts: '1.000001', text: 'x' });
    expect(burst.every((answer) => answer.status === 200 && answer.body.ok)).toBe(true);

    now += 20_000;
    const over = await call('chat.update', { channel: 'C1', ts: '1.000001', text: 'x' });
    expect(over).toEqual({ status: 429, retryAfter: '40', body: { ok: false, error: 'ratelimited' } });
    expect(double.refusedCount('chat.update')).toBe(1);
    expect(double.refused[0]).toMatchObject({ method: 'chat.update', retryAfterS: 40, forced: false });
    // A refused call did nothing: it is not among the calls Slack took.
    expect(double.callsTo('chat.update')).toHaveLength(50);

    now += 39_500;
    expect((await call('chat.update', { channel: 'C1', ts: '1.000001' })).retryAfter).toBe('1');
    now += 600;
    expect((await call('chat.update', { channel: 'C1', ts: '1.000001' })).status).toBe(200);
  });

  test('each tier has its figure: usergroups.users.list 20, users.info 100 a minute', async () => {
    await start();
    expect(SLACK_LIMITS['usergroups.users.list']).toEqual({ kind: 'window', calls: 20, windowMs: 60_000 });
    const groups = await callTimes(21, 'usergroups.users.list', { usergroup: 'S1' });
    expect(groups.map((answer) => answer.status).filter((status) => status === 429)).toHaveLength(1);
    const users = await callTimes(101, 'users.info', { user: 'U1' });
    expect(users.slice(0, 100).every((answer) => answer.status === 200)).toBe(true);
    expect(users[100]!.status).toBe(429);
  });

  test('one method over its limit does not limit another', async () => {
    await start();
    await callTimes(20, 'usergroups.users.list', { usergroup: 'S1' });
    expect((await call('usergroups.users.list', { usergroup: 'S1' })).status).toBe(429);
    expect((await call('users.info', { user: 'U1' })).status).toBe(200);
    expect((await call('views.publish', { user_id: 'U1', view: '{}' })).status).toBe(200);
  });

  test('chat.postMessage is limited per channel: a burst of 5, then one a second; another channel is not held', async () => {
    await start();
    const burst = await callTimes(5, 'chat.postMessage', { channel: 'C1', text: 'x' });
    expect(burst.every((answer) => answer.status === 200)).toBe(true);
    const over = await call('chat.postMessage', { channel: 'C1', text: 'x' });
    expect(over).toMatchObject({ status: 429, retryAfter: '1', body: { ok: false, error: 'ratelimited' } });
    expect((await call('chat.postMessage', { channel: 'C2', text: 'x' })).status).toBe(200);
    // A refused post is not in the channel.
    expect(double.messagesIn('C1')).toHaveLength(5);

    now += 1_000;
    expect((await call('chat.postMessage', { channel: 'C1', text: 'x' })).status).toBe(200);
    expect((await call('chat.postMessage', { channel: 'C1', text: 'x' })).status).toBe(429);
    // Sixty a minute, sustained: one a second keeps being taken.
    for (let second = 0; second < 60; second++) {
      now += 1_000;
      expect((await call('chat.postMessage', { channel: 'C1', text: 'x' })).status).toBe(200);
    }
  });

  test('a response_url takes five posts; the sixth is refused as spent', async () => {
    await start();
    const url = double.responseUrl();
    const statuses = [];
    for (let i = 0; i <= RESPONSE_URL_USES; i++)
      statuses.push(
        (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `#${i}` }) }))
          .status,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(double.responsesTo(url)).toHaveLength(5);
    expect(double.refused).toMatchObject([{ method: 'response_url', responseUrl: url, answer: { ok: false, error: 'used_url' } }]);
  });

  test('limits off (tests unrelated to Slack’s pace only): no 429 however many calls', async () => {
    await start({ limits: 'off' });
    const answers = await callTimes(25, 'usergroups.users.list', { usergroup: 'S1' });
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(double.refusedCount()).toBe(0);
  });
});

describe('Slack double: forced 429s', () => {
  test('a method forced for a while answers 429 with the given Retry-After, then takes calls again', async () => {
    await start();
    double.rateLimit('chat.update', { forMs: 30_000, retryAfterS: 20 });
    const refused = await call('chat.update', { channel: 'C1', ts: '1.000001' });
    expect(refused).toEqual({ status: 429, retryAfter: '20', body: { ok: false, error: 'ratelimited' } });
    expect((await call('chat.postMessage', { channel: 'C1', text: 'x' })).status).toBe(200);
    now += 29_999;
    expect((await call('chat.update', { channel: 'C1', ts: '1.000001' })).status).toBe(429);
    now += 2;
    expect((await call('chat.update', { channel: 'C1', ts: '1.000001' })).status).toBe(200);
    expect(double.refusedCount('chat.update', { forced: true })).toBe(2);
    expect(double.refusedCount('chat.update', { forced: false })).toBe(0);
  });

  test('forced for one channel only: another channel is answered; without a Retry-After, the seconds left are', async () => {
    await start();
    double.rateLimit('chat.postMessage', { channel: 'C0APPROVALS', forMs: 8_000 });
    now += 2_500;
    expect(await call('chat.postMessage', { channel: 'C0APPROVALS', text: 'x' })).toMatchObject({ status: 429, retryAfter: '6' });
    expect((await call('chat.postMessage', { channel: 'C0OTHER', text: 'x' })).status).toBe(200);
    const waited = double.waitForRefusal('chat.postMessage', (each) => each.body.channel === 'C0APPROVALS');
    await expect(waited).resolves.toMatchObject({ forced: true, retryAfterS: 6 });
  });

  test('forcing works with the limits off too', async () => {
    await start({ limits: 'off' });
    double.rateLimit('views.update', { forMs: 1_000, retryAfterS: 1 });
    expect((await call('views.update', { view_id: 'V1', view: '{}' })).status).toBe(429);
  });
});
