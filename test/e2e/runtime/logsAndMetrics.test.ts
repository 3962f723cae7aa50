/**
 * Operations end to end: what an operator reads. One story is played against the real bot over
 * HTTP (the Slack double as Slack, an external sandbox as Freebit with real OEM credentials,
 * the bot's own logger at debug level writing to a buffer as `npm start` writes to stdout),
 * including its error paths: a request with a bad signature, Freebit answering HTTP 500,
 * Freebit not answering at all, Freebit expiring the authKey, Slack refusing a call, a click
 * by somebody who may not approve. Then: no secret is anywhere in the logs, the request id
 * runs from the click to the Freebit call and the follow-up, and `/metrics` moved as expected.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import {
  APPROVAL_ENV,
  APPROVER,
  approvalMessageFor,
  click,
  requestCancellation,
  type ApprovalMessage,
} from '../../../tools/slackDouble/approvals.js';
import { waitForReply } from '../../support/requestState.js';
import { sample, total } from '../../support/metrics.js';
import { NOW, SIGNING_SECRET, startSlackRig, visibleText, type SlackRig } from '../../../tools/slackDouble/rig.js';
import { DOUBLE_BOT_TOKEN, type SlackCall } from '../../../tools/slackDouble/double.js';
import { AGENT, appHomeOpened, slashCommand } from '../../../tools/slackDouble/requests.js';

const OEM = { id: 'OEM-OPS-E2E', key: 'oem-key-e2e-7f3a9c21d4b8' };
const MINUTE = 60_000;
const LOOKUP = '/master/getAcnt/';

interface Story {
  logs: string;
  lines: Array<Record<string, unknown>>;
  /** Every authKey Freebit issued and the bot sent. */
  authKeys: string[];
  message: ApprovalMessage;
  /** /metrics while the follow-up was still watching, and at the end. */
  metricsMidway: string;
  metricsAtEnd: string;
  badSignatureStatus: number;
  answers: Record<string, string>;
  /** Every call the Slack double received: Web API methods and response_url posts. */
  slackCalls: SlackCall[];
}

let sandbox: RunningSandbox | undefined;
let rig: SlackRig | undefined;
let story: Story;

beforeAll(async () => {
  const clock = new ManualClock(NOW);
  sandbox = await startSandbox({ clock, timeScale: 5, oemId: OEM.id, oemKey: OEM.key });
  const chunks: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  rig = await startSlackRig({
    clock,
    logStream,
    env: {
      ...APPROVAL_ENV,
      LOG_LEVEL: 'debug',
      FREEBIT_BASE_URL: sandbox.url,
      FREEBIT_OEM_ID: OEM.id,
      FREEBIT_OEM_KEY: OEM.key,
      FREEBIT_TIMEOUT_MS: '1000',
      POLL_INTERVAL_MS: '100',
    },
  });
  const current = rig;
  const freebit = sandbox;
  const answers: Record<string, string> = {};
  const lookUp = async (name: string) => {
    const { responseUrl } = await current.command('090-1234-5678');
    answers[name] = visibleText((await current.double.waitForResponse(responseUrl, { timeoutMs: 10_000 })).body.blocks);
  };

  await lookUp('lookup');
  const forged = await current.slack.send(slashCommand({ text: '090-1234-5678', response_url: current.double.responseUrl() }), {
    signature: 'v0=' + '0'.repeat(64),
  });
  freebit.injectFault(LOOKUP, { kind: 'http-status', status: 500 }, 3);
  await lookUp('http500');
  freebit.injectFault(LOOKUP, { kind: 'hang' });
  await lookUp('timeout');
  freebit.revokeAuthKeys();
  await lookUp('renewedAuth');
  current.double.failNext('views.open', 'expired_trigger_id');
  const { responseUrl: expiredForm } = await current.command('cancel 090-1234-5678');
  const refusedForm = (await current.double.waitForResponse(expiredForm)).body;
  answers.slackRefused = visibleText(refusedForm.blocks) || String(refusedForm.text);

  await requestCancellation(current, '090-1234-5678');
  const message = await approvalMessageFor(current.double, { phone: '090-1234-5678' });
  const refused = await click(current, message, 'approve', AGENT.id); // the requester is no approver
  answers.refusedClick = String((await current.double.waitForResponse(refused.responseUrl)).body.text ?? '');
  await current.send(appHomeOpened(APPROVER));
  await current.double.waitForCall('views.publish', (call) => call.body.user_id === APPROVER);
  await click(current, message, 'approve', APPROVER);
  await waitForReply(current.double, message, 'executed');

  // The thread hears of the acceptance first; the follow-up job is recorded right after.
  const scrape = async () => (await fetch(`${current.bot.url}/metrics`)).text();
  for (let tries = 0; sample(await scrape(), 'freebit_ops_follow_up_jobs_active', { operation: 'cancel' }) === 0; tries++) {
    if (tries > 100) throw new Error('the follow-up job never showed in /metrics');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  clock.advance(30_000);
  const metricsMidway = await scrape();
  clock.advance(2 * MINUTE);
  await waitForReply(current.double, message, 'completed', { timeoutMs: 10_000 });
  const metricsAtEnd = await scrape();

  const slackCalls = [...current.double.calls];
  await current.close();
  rig = undefined;
  const logs = chunks.join('');
  const authKeys = [
    ...new Set(
      freebit.received
        .map((entry) => (entry.json as { authKey?: unknown } | undefined)?.authKey)
        .filter((key): key is string => typeof key === 'string'),
    ),
  ];
  story = {
    logs,
    lines: logs
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>),
    authKeys,
    message,
    metricsMidway,
    metricsAtEnd,
    badSignatureStatus: forged.status,
    answers,
    slackCalls,
  };
}, 60_000);

afterAll(async () => {
  await rig?.close();
  await sandbox?.close();
});

describe('a full run, error paths included', () => {
  test('took the paths it was meant to take', () => {
    expect(story.answers.lookup).toContain('Active');
    // The HTTP 500 and the hang were met as such (the log says how each call failed), and each
    // answer was an explanation, not a card.
    const failures = story.lines
      .filter((line) => line.event === 'freebit.call_failed')
      .map((line) => line.failure as { kind?: string; status?: number });
    expect(failures).toContainEqual(expect.objectContaining({ kind: 'http_status', status: 500 }));
    expect(failures).toContainEqual(expect.objectContaining({ kind: 'deadline' }));
    for (const answer of [story.answers.http500, story.answers.timeout]) expect(answer).not.toContain(':large_green_circle:');
    expect(story.answers.timeout).toContain('1 s');
    expect(story.answers.renewedAuth).toContain('Active');
    expect(story.answers.slackRefused).toContain('Slack took too long to open the form');
    expect(story.badSignatureStatus).toBe(401);
    expect(story.authKeys.length).toBeGreaterThanOrEqual(2); // the first, and the one after the 205
  });

  test('no secret appears in the logs: Slack tokens, the signing secret, the OEM key, any authKey', () => {
    expect(story.lines.length).toBeGreaterThan(50);
    const secrets = {
      botToken: DOUBLE_BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      oemKey: OEM.key,
      ...Object.fromEntries(story.authKeys.map((key, index) => [`authKey#${index + 1}`, key])),
    };
    const found = Object.entries(secrets).filter(
      ([, secret]) => story.logs.includes(secret) || story.logs.includes(encodeURIComponent(secret)),
    );
    expect(found.map(([name]) => name)).toEqual([]);
    // The error paths were logged (and so were looked at by this test).
    const events = new Set(story.lines.map((line) => line.event));
    for (const event of ['freebit.call', 'freebit.call_failed', 'freebit.authenticated', 'freebit.error', 'bot.ready', 'bot.stopped'])
      expect(events).toContain(event);
    expect(story.logs).toMatch(/signature/i);
  });

  test('no secret appears in anything sent to Slack: messages, updates, ephemerals, views, response_url posts', () => {
    const secrets = {
      botToken: DOUBLE_BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      oemKey: OEM.key,
      ...Object.fromEntries(story.authKeys.map((key, index) => [`authKey#${index + 1}`, key])),
    };
    // What a call carries to Slack, but not how it authenticates: the token argument (Web API
    // calls may send it as a form field, as the Authorization header does) is the bot's own.
    const sent = (call: SlackCall) => JSON.stringify({ ...call.body, token: undefined });
    const found = story.slackCalls.flatMap((call) => {
      const text = sent(call);
      return Object.entries(secrets)
        .filter(
          ([, secret]) =>
            text.includes(secret) || text.includes(encodeURIComponent(secret)) || text.includes(JSON.stringify(secret).slice(1, -1)),
        )
        .map(([name]) => `${name} in ${call.method}`);
    });
    expect(found).toEqual([]);
    // Every surface was in the run, error answers included, so the scan looked at each.
    const methods = new Set(story.slackCalls.map((call) => call.method));
    for (const method of ['chat.postMessage', 'chat.update', 'response_url', 'views.open', 'views.publish'])
      expect(methods).toContain(method);
    const responses = story.slackCalls.filter((call) => call.method === 'response_url').map((call) => JSON.stringify(call.body));
    expect(responses.some((body) => body.includes('Freebit did not answer'))).toBe(true);
    expect(responses.some((body) => body.includes('could not read'))).toBe(true);
  });

  test('one request id runs through the log: the click, the Freebit call, the follow-up', () => {
    const requestId = story.message.requestId;
    const ofRequest = story.lines.filter((line) => line.requestId === requestId);
    const cancelCall = ofRequest.find((line) => line.event === 'freebit.call' && line.operation === 'cancelLine');
    expect(cancelCall).toBeDefined();
    // The Freebit call carries the Slack request (the approver's click) it was made for.
    expect(cancelCall!.slackRequestId).toEqual(expect.any(String));
    expect(cancelCall!.slackUserId).toBe(APPROVER);
    const followUpPolls = ofRequest.filter(
      (line) => line.event === 'freebit.call' && line.operation === 'lookupLine' && line.slackRequestId === undefined,
    );
    expect(followUpPolls.length).toBeGreaterThan(0);
    expect(ofRequest.some((line) => line.event === 'follow_up.completed')).toBe(true);
  });

  test('/metrics moved as expected', () => {
    const end = story.metricsAtEnd;
    const calls = (labels: Record<string, string>) => sample(end, 'freebit_ops_freebit_calls_total', labels);
    expect(calls({ operation: 'authenticate', result: 'answered', detail_code: '100' })).toBe(2);
    expect(calls({ operation: 'lookupLine', result: 'bad_answer', detail_code: 'none' })).toBe(1);
    expect(calls({ operation: 'lookupLine', result: 'timeout', detail_code: 'none' })).toBe(1);
    expect(calls({ operation: 'lookupLine', result: 'answered', detail_code: '100' })).toBeGreaterThanOrEqual(4);
    expect(calls({ operation: 'cancelLine', result: 'answered', detail_code: '100' })).toBe(1);
    expect(sample(end, 'freebit_ops_freebit_call_duration_seconds_count', { operation: 'cancelLine', result: 'answered' })).toBe(1);

    expect(sample(end, 'freebit_ops_approvals_total', { outcome: 'requested' })).toBe(1);
    expect(sample(end, 'freebit_ops_approvals_total', { outcome: 'approved' })).toBe(1);
    expect(sample(end, 'freebit_ops_approvals_total', { outcome: 'rejected' })).toBe(0);
    expect(sample(end, 'freebit_ops_request_transitions_total', { from: 'executing', to: 'accepted' })).toBe(1);
    expect(sample(end, 'freebit_ops_request_transitions_total', { from: 'accepted', to: 'completed' })).toBe(1);

    expect(sample(end, 'freebit_ops_slack_api_errors_total', { method: 'views.open', error: 'expired_trigger_id' })).toBe(1);
    expect(total(end, 'freebit_ops_slack_api_errors_total')).toBe(1);

    // While Freebit worked on it, one cancellation was being followed up, accepted 30 s before.
    expect(sample(story.metricsMidway, 'freebit_ops_follow_up_jobs_active', { operation: 'cancel' })).toBe(1);
    expect(sample(story.metricsMidway, 'freebit_ops_follow_up_oldest_job_age_seconds')).toBe(30);
    expect(sample(end, 'freebit_ops_follow_up_jobs_active', { operation: 'cancel' })).toBe(0);
    expect(end).toContain('freebit_ops_process_resident_memory_bytes');
  });
});
