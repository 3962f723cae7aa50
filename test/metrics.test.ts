import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { register as globalRegistry } from 'prom-client';
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../src/clock.js';
import { FreebitClient, memoryAuthKeyCache } from '../src/freebit/index.js';
import { Metrics, observeTransitions } from '../src/metrics.js';
import { STORE_PROBE_MS } from '../src/store/index.js';
import { phoneNumber } from '../src/phone.js';
import { startSandbox } from '../src/sandbox/index.js';
import { observingFetch } from '../src/slack/apiErrors.js';
import { openStore } from '../src/store/index.js';
import { sample, total } from './support/metrics.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble } from '../tools/slackDouble/double.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function text(metrics: Metrics): Promise<string> {
  return (await metrics.render()).body;
}

describe('Metrics', () => {
  test('each instance has its own registry; nothing lands on the global default registry', async () => {
    const clock = new ManualClock();
    const one = new Metrics({ clock });
    const two = new Metrics({ clock });
    one.observeSlackApiError('chat.postMessage', 'channel_not_found');
    expect(sample(await text(one), 'freebit_ops_slack_api_errors_total', { method: 'chat.postMessage', error: 'channel_not_found' })).toBe(
      1,
    );
    expect(sample(await text(two), 'freebit_ops_slack_api_errors_total', { method: 'chat.postMessage', error: 'channel_not_found' })).toBe(
      0,
    );
    expect(await globalRegistry.metrics()).not.toContain('freebit_ops_');
    expect((await one.render()).contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  test('counts Freebit calls by operation, result and detail code, with durations (the real client against the sandbox)', async () => {
    const sandbox = await startSandbox({ oemId: 'OEM-M', oemKey: 'oem-key-metrics' });
    const metrics = new Metrics({ clock: new ManualClock(), processMetrics: false });
    const client = new FreebitClient({
      baseUrl: sandbox.url,
      credentials: { oemId: 'OEM-M', oemKey: 'oem-key-metrics' },
      authKeyCache: memoryAuthKeyCache(),
      timeoutMs: 1_000,
      observe: metrics.observeFreebitCall,
    });
    cleanups.push(
      () => sandbox.close(),
      () => client.close(),
    );

    await client.lookupLine(phoneNumber('09012345678'));
    await client.lookupLine(phoneNumber('09099990000')).catch(() => undefined); // 210
    sandbox.injectFault('/master/getAcnt/', { kind: 'http-status', status: 500 }, 3);
    await client.lookupLine(phoneNumber('09012345678')).catch(() => undefined); // three 500s: bad answer
    sandbox.injectFault('/master/getAcnt/', { kind: 'hang' });
    await client.lookupLine(phoneNumber('09012345678')).catch(() => undefined); // the deadline
    sandbox.injectFault('/master/cnclAcnt/', { kind: 'reset' });
    await client.cancelLine({ phone: phoneNumber('09087654321') }); // unknown outcome, settled by a lookup

    const body = await text(metrics);
    const calls = (labels: Record<string, string>) => sample(body, 'freebit_ops_freebit_calls_total', labels);
    expect(calls({ operation: 'authenticate', result: 'answered', detail_code: '100' })).toBe(1);
    expect(calls({ operation: 'lookupLine', result: 'answered', detail_code: '100' })).toBe(3); // the first, and the settling lookup's two looks (no change seen at the first)
    expect(calls({ operation: 'lookupLine', result: 'answered', detail_code: '210' })).toBe(1);
    expect(calls({ operation: 'lookupLine', result: 'bad_answer', detail_code: 'none' })).toBe(1);
    expect(calls({ operation: 'lookupLine', result: 'timeout', detail_code: 'none' })).toBe(1);
    expect(calls({ operation: 'cancelLine', result: 'outcome_unknown', detail_code: 'none' })).toBe(1);
    expect(sample(body, 'freebit_ops_freebit_call_duration_seconds_count', { operation: 'lookupLine', result: 'timeout' })).toBe(1);
    expect(
      sample(body, 'freebit_ops_freebit_call_duration_seconds_sum', { operation: 'lookupLine', result: 'timeout' }),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      sample(body, 'freebit_ops_freebit_call_duration_seconds_bucket', { operation: 'lookupLine', result: 'timeout', le: '0.5' }),
    ).toBe(0);
  });

  test('an observer that throws never breaks a Freebit call', async () => {
    const sandbox = await startSandbox();
    const client = new FreebitClient({
      baseUrl: sandbox.url,
      credentials: { oemId: 'a', oemKey: 'b' },
      authKeyCache: memoryAuthKeyCache(),
      observe: () => {
        throw new Error('metrics are broken');
      },
    });
    cleanups.push(
      () => sandbox.close(),
      () => client.close(),
    );
    expect((await client.lookupLine(phoneNumber('09012345678'))).state).toBe('active');
  });

  test('counts every transition a request takes, from the audit trail, and approvals by outcome', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-metrics-'));
    const metrics = new Metrics({ clock: new ManualClock(), processMetrics: false });
    const store = observeTransitions(await openStore(`sqlite://${join(folder, 'store.sqlite')}`), metrics.observeTransition);
    cleanups.push(
      () => rm(folder, { recursive: true, force: true }),
      () => store.close(),
    );
    const transition = (requestId: string, action: string, from: string | undefined, to: string) =>
      store.audit.append({ requestId, phone: '09012345678', actor: 'U1', action, ...(from ? { from } : {}), to, at: 1 });
    await transition('FR-00001', 'requested', undefined, 'pending');
    await transition('FR-00001', 'approval_counted', 'pending', 'pending');
    // A reminder (workflow/remind.ts) is in the trail, but it is no transition and no decision.
    await transition('FR-00001', 'reminded', 'pending', 'pending');
    await transition('FR-00001', 'approved', 'pending', 'approved');
    await transition('FR-00001', 'executing', 'approved', 'executing');
    await transition('FR-00001', 'accepted', 'executing', 'accepted');
    await transition('FR-00002', 'requested', undefined, 'pending');
    await transition('FR-00002', 'rejected', 'pending', 'rejected');
    await transition('FR-00003', 'requested', undefined, 'pending');
    await transition('FR-00003', 'expired', 'pending', 'expired');

    const body = await text(metrics);
    expect(sample(body, 'freebit_ops_approvals_total', { outcome: 'requested' })).toBe(3);
    expect(sample(body, 'freebit_ops_approvals_total', { outcome: 'counted' })).toBe(1);
    expect(sample(body, 'freebit_ops_approvals_total', { outcome: 'approved' })).toBe(1);
    expect(sample(body, 'freebit_ops_approvals_total', { outcome: 'rejected' })).toBe(1);
    expect(sample(body, 'freebit_ops_approvals_total', { outcome: 'expired' })).toBe(1);
    expect(sample(body, 'freebit_ops_request_transitions_total', { from: 'executing', to: 'accepted' })).toBe(1);
    expect(total(body, 'freebit_ops_request_transitions_total')).toBe(8);
    // The store is the store: the entries were written.
    expect((await store.audit.forRequest('FR-00001')).map((entry) => entry.action)).toEqual([
      'requested',
      'approval_counted',
      'reminded',
      'approved',
      'executing',
      'accepted',
    ]);
  });

  test('follow-up gauges are read at scrape time: how many, by operation, the oldest age, how many overdue', async () => {
    const clock = new ManualClock(1_000_000);
    const metrics = new Metrics({ clock, processMetrics: false });
    let jobs = [
      { operation: 'cancel', acceptedAt: 1_000_000 - 90_000, dueAt: 1_000_000 - 30_000 },
      { operation: 'cancel', acceptedAt: 1_000_000 - 10_000, dueAt: 1_000_000 + 60_000 },
      { operation: 'contract', acceptedAt: 1_000_000 - 5_000, dueAt: 1_000_000 + 60_000 },
    ];
    metrics.watchFollowUps(async () => jobs);
    let body = await text(metrics);
    expect(sample(body, 'freebit_ops_follow_up_jobs_active', { operation: 'cancel' })).toBe(2);
    expect(sample(body, 'freebit_ops_follow_up_jobs_active', { operation: 'contract' })).toBe(1);
    expect(sample(body, 'freebit_ops_follow_up_oldest_job_age_seconds')).toBe(90);
    expect(sample(body, 'freebit_ops_follow_up_jobs_overdue')).toBe(1);

    jobs = [];
    clock.advance(60_000);
    body = await text(metrics);
    expect(sample(body, 'freebit_ops_follow_up_jobs_active', { operation: 'cancel' })).toBe(0);
    expect(body).toContain('freebit_ops_follow_up_jobs_active{operation="cancel"} 0');
    expect(sample(body, 'freebit_ops_follow_up_oldest_job_age_seconds')).toBe(0);

    // A store that cannot be read does not break the scrape.
    metrics.watchFollowUps(async () => {
      throw new Error('redis is down');
    });
    expect((await text(metrics)).length).toBeGreaterThan(0);
  });

  test('one scrape reads the follow-up jobs once, however many there are', async () => {
    const clock = new ManualClock(1_000_000);
    const metrics = new Metrics({ clock, processMetrics: false });
    let reads = 0;
    // More jobs than a spread into Math.min can take as arguments.
    const jobs = Array.from({ length: 300_000 }, (_, i) => ({
      operation: 'contract',
      acceptedAt: 1_000_000 - i,
      dueAt: 1_000_000 + 60_000,
    }));
    metrics.watchFollowUps(async () => {
      reads += 1;
      return jobs;
    });
    const body = await text(metrics);
    expect(reads).toBe(1);
    expect(sample(body, 'freebit_ops_follow_up_jobs_active', { operation: 'contract' })).toBe(300_000);
    expect(sample(body, 'freebit_ops_follow_up_oldest_job_age_seconds')).toBeCloseTo(300, 0);
    await text(metrics);
    expect(reads).toBe(2);
  });

  test('Slack Web API failures are counted by method and error, through the client’s fetch', async () => {
    const double = await startSlackDouble();
    cleanups.push(() => double.close());
    const metrics = new Metrics({ clock: new ManualClock(), processMetrics: false });
    const client = new webApi.WebClient(DOUBLE_BOT_TOKEN, {
      slackApiUrl: double.apiUrl,
      fetch: observingFetch(metrics.observeSlackApiError, double.apiUrl),
      retryConfig: { retries: 0 },
    });
    double.failNext('chat.postMessage', 'channel_not_found');
    await expect(client.chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toThrow(/channel_not_found/);
    await client.chat.postMessage({ channel: 'C1', text: 'hi' });
    const stranger = new webApi.WebClient('xoxb-not-known', {
      slackApiUrl: double.apiUrl,
      fetch: observingFetch(metrics.observeSlackApiError, double.apiUrl),
      retryConfig: { retries: 0 },
    });
    await expect(stranger.auth.test()).rejects.toThrow(/invalid_auth/);
    const body = await text(metrics);
    expect(sample(body, 'freebit_ops_slack_api_errors_total', { method: 'chat.postMessage', error: 'channel_not_found' })).toBe(1);
    expect(sample(body, 'freebit_ops_slack_api_errors_total', { method: 'auth.test', error: 'invalid_auth' })).toBe(1);
    expect(total(body, 'freebit_ops_slack_api_errors_total')).toBe(2);
  });

  test('a respond() to a response_url is not a Web API method: it passes through uncounted', async () => {
    const metrics = new Metrics({ clock: new ManualClock(), processMetrics: false });
    const refusing = async () => Response.json({ ok: false, error: 'expired_url' });
    const observed = observingFetch(metrics.observeSlackApiError, 'http://127.0.0.1:9/api/', refusing);
    await observed('https://hooks.slack.com/commands/T0/1/abc', { method: 'POST' });
    expect(total(await text(metrics), 'freebit_ops_slack_api_errors_total')).toBe(0);
    await observed('http://127.0.0.1:9/api/chat.update', { method: 'POST' });
    expect(sample(await text(metrics), 'freebit_ops_slack_api_errors_total', { method: 'chat.update', error: 'expired_url' })).toBe(1);
  });
  test('transitions taken together (updateMany) are counted once written, and only those written', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-metrics-'));
    const metrics = new Metrics({ clock: new ManualClock(), processMetrics: false });
    const store = observeTransitions(await openStore(`sqlite://${join(folder, 'store.sqlite')}`), metrics.observeTransition);
    cleanups.push(
      () => rm(folder, { recursive: true, force: true }),
      () => store.close(),
    );
    const things = store.records('things', z.object({ state: z.string() }), 1);
    for (const id of ['FR-00001', 'FR-00002', 'FR-00003']) await things.create(id, { state: id === 'FR-00003' ? 'rejected' : 'pending' });
    const outcomes = await things.updateMany(
      ['FR-00001', 'FR-00002', 'FR-00003'].map((id) => ({
        id,
        change: (current: { state: string }) => (current.state === 'pending' ? { state: 'expired' } : undefined),
        alongside: (after: { state: string }, before: { state: string }) => ({
          audit: [{ requestId: id, phone: '09012345678', actor: 'bot', action: after.state, from: before.state, to: after.state, at: 1 }],
        }),
      })),
    );
    expect(outcomes.map((outcome) => outcome.updated)).toEqual([true, true, false]);
    const body = await text(metrics);
    expect(sample(body, 'freebit_ops_approvals_total', { outcome: 'expired' })).toBe(2);
    expect(sample(body, 'freebit_ops_request_transitions_total', { from: 'pending', to: 'expired' })).toBe(2);
    expect(total(body, 'freebit_ops_request_transitions_total')).toBe(2);
  });

  test('freebit_ops_store_up follows the store: 0 before it is open, 1 while it answers, 0 once it fails or does not answer in time', async () => {
    const metrics = new Metrics({ clock: new ManualClock(), processMetrics: false });
    expect(sample(await text(metrics), 'freebit_ops_store_up')).toBe(0);

    const folder = await mkdtemp(join(tmpdir(), 'freebit-metrics-store-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const store = await openStore(`sqlite://${join(folder, 'store.sqlite')}`);
    metrics.watchStore(store);
    expect(sample(await text(metrics), 'freebit_ops_store_up')).toBe(1);
    // A store that fails every call (here: closed under the bot).
    await store.close();
    expect(sample(await text(metrics), 'freebit_ops_store_up')).toBe(0);

    // One that does not answer at all: the scrape does not wait for it past STORE_PROBE_MS.
    metrics.watchStore({ authKey: { get: () => new Promise<undefined>(() => undefined), set: async () => undefined } });
    const started = performance.now();
    expect(sample(await text(metrics), 'freebit_ops_store_up')).toBe(0);
    expect(performance.now() - started).toBeLessThan(STORE_PROBE_MS + 1_000);
  });
});
