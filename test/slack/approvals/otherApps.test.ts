import { afterEach, describe, expect, test } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import type { ApprovalRequest } from '../../../src/workflow/approvalRequest.js';
import { requestCollections } from '../../../src/workflow/context.js';
import { executionGraceOf } from '../../../src/workflow/index.js';
import { OTHER_APP, type SlackDouble } from '../../../tools/slackDouble/double.js';
import {
  APPROVAL_ENV,
  APPROVER,
  approvalMessageFor,
  click,
  requestCancellation,
  type ApprovalMessage,
} from '../../../tools/slackDouble/approvals.js';
import { changeCalls } from '../../support/approvals.js';
import { storedRequest, waitForAcceptance } from '../../support/requestState.js';
import { startSlackRig, type RestartableSlackRig } from '../../../tools/slackDouble/rig.js';
import { AGENT } from '../../../tools/slackDouble/requests.js';
import { eventually, sleep, until } from '../../support/waiting.js';

/** FREEBIT_TIMEOUT_MS is 2 s in the rig: what a stopped process owed is settled a grace later. */
const PAST_THE_GRACE_MS = executionGraceOf(2_000) + 1;

/** Another app in the workspace posts, with its own token, a message carrying the bot's metadata. */
async function postAsOtherApp(double: SlackDouble, message: Record<string, unknown>): Promise<{ ts: string; channel: string }> {
  const response = await fetch(`${double.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OTHER_APP.token}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(message),
  });
  const answer = (await response.json()) as { ok: boolean; ts: string; channel: string };
  expect(answer.ok).toBe(true);
  return answer;
}

/**
 * Messages found by their metadata, and messages adopted from a click, count only when the bot
 * posted them: another app can post anything, with any metadata, in any channel it is in.
 */
describe('another app’s message with the bot’s metadata', () => {
  let rig: RestartableSlackRig;
  afterEach(async () => {
    await rig?.close();
  });

  const start = async () => (rig = await startSlackRig({ env: APPROVAL_ENV, overrides: { sweepMs: 50 } }));

  /** Restarts the bot with the request changed in the store as a process that died would leave it. */
  const restartLeaving = (requestId: string, change: (request: ApprovalRequest) => ApprovalRequest) =>
    rig.restart(async () => {
      const store = await openStore(`sqlite://${rig.storeFile}`, { clock: rig.clock });
      await requestCollections(store).requests.update(requestId, change);
      await store.close();
    });

  const topLevel = (channel: string) => rig.double.messagesIn(channel).filter((each) => !each.thread_ts || each.thread_ts === each.ts);
  const threadOf = (message: ApprovalMessage) => rig.double.messagesIn(message.channel).filter((each) => each.thread_ts === message.ts);
  const copyOf = (message: ApprovalMessage, requestId: string) => ({
    channel: message.channel,
    text: 'a copy',
    blocks: message.call.body.blocks,
    metadata: { event_type: 'freebit_ops_request', event_payload: { request_id: requestId } },
  });

  test('does not suppress a thread reply the bot owes', async () => {
    await start();
    await requestCancellation(rig, '09012345678');
    const message = await approvalMessageFor(rig.double, { phone: '090-1234-5678' });
    // The approval's reply is refused; another app then posts in the thread as if it were that reply.
    rig.double.failNext('chat.postMessage', 'internal_error');
    await click(rig, message, 'approve', APPROVER);
    await rig.double.waitForCall('chat.postMessage', (call) => call.body.thread_ts === message.ts && call.token !== OTHER_APP.token);
    // Freebit accepted it; the thread's replies wait behind the refused one, in order.
    await until(
      'Freebit’s acceptance',
      async () => ['accepted', 'completed'].includes((await storedRequest(rig, message.requestId)).state) || undefined,
    );
    await postAsOtherApp(rig.double, {
      channel: message.channel,
      thread_ts: message.ts,
      text: 'approved (not really)',
      metadata: { event_type: 'freebit_ops_reply', event_payload: { request_id: message.requestId, reply: 'approved' } },
    });
    const approvedReplies = (poster: string | undefined) =>
      threadOf(message).filter((each) => each.bot_id === poster && JSON.stringify(each.metadata ?? {}).includes('"reply":"approved"'));
    expect(approvedReplies(OTHER_APP.botId)).toHaveLength(1);

    rig.clock.advance(PAST_THE_GRACE_MS);
    await eventually(() => approvedReplies(undefined).length === 1, 'the bot’s own approval reply, posted by the sweep');
    rig.clock.advance(PAST_THE_GRACE_MS);
    await sleep(300);
    expect(approvedReplies(undefined)).toHaveLength(1);
  });

  test('is not found as a request’s approval message: the bot posts its own', async () => {
    await start();
    // Slack never heard of the bot's post: the process died before it went out, after the record.
    rig.double.hold('chat.postMessage', {
      lands: false,
      predicate: (call) => call.body.thread_ts === undefined && call.body.channel !== AGENT.id,
    });
    const asked = requestCancellation(rig, '09012345678');
    asked.catch(() => {});
    const lost = await rig.double.waitForCall('chat.postMessage', (call) => call.body.thread_ts === undefined);
    const requestId = (lost.body.metadata as { event_payload: { request_id: string } }).event_payload.request_id;
    const foreign = await postAsOtherApp(rig.double, {
      ...copyOf({ channel: String(lost.body.channel), call: lost } as ApprovalMessage, requestId),
    });

    rig.clock.advance(PAST_THE_GRACE_MS);
    await rig.restart();
    const posted = await rig.double.waitForCall(
      'chat.postMessage',
      (call) =>
        call !== lost && call.token !== OTHER_APP.token && call.body.thread_ts === undefined && call.body.channel === lost.body.channel,
      {
        timeoutMs: 10_000,
      },
    );
    const own = { ts: String(posted.answer?.ts), channel: String(posted.body.channel) };
    expect(own.ts).not.toBe(foreign.ts);
    await until('the request to know its message', async () => (await storedRequest(rig, requestId)).approvalMessageTs);
    expect((await storedRequest(rig, requestId)).approvalMessageTs).toBe(own.ts);
    expect(topLevel(own.channel).map((each) => each.bot_id)).toEqual([OTHER_APP.botId, undefined]);
  });

  test('is not adopted from a click: the update and the replies go to the bot’s own message', async () => {
    await start();
    await requestCancellation(rig, '09012345678');
    const message = await approvalMessageFor(rig.double, { phone: '090-1234-5678' });
    // The process died after Slack posted the message and before it recorded where it is.
    await restartLeaving(message.requestId, ({ approvalMessageTs: _, ...request }) => request);
    const foreign = await postAsOtherApp(rig.double, copyOf(message, message.requestId));
    const foreignCall = rig.double.callsTo('chat.postMessage').find((call) => call.answer?.ts === foreign.ts)!;

    // The approver clicks Approve on the other app's copy: a decision, but not a message to adopt.
    await click(rig, { requestId: message.requestId, channel: foreign.channel, ts: foreign.ts, call: foreignCall }, 'approve', APPROVER);
    await until('the request to be approved', async () =>
      (await storedRequest(rig, message.requestId)).state !== 'pending' ? true : undefined,
    );
    expect((await storedRequest(rig, message.requestId)).approvalMessageTs).toBeUndefined();

    rig.clock.advance(PAST_THE_GRACE_MS);
    await until('the request to find its own message', async () => (await storedRequest(rig, message.requestId)).approvalMessageTs);
    expect((await storedRequest(rig, message.requestId)).approvalMessageTs).toBe(message.ts);
    // Each reply it owes is posted in the bot's own thread once its grace has passed.
    rig.clock.advance(PAST_THE_GRACE_MS);
    await waitForAcceptance(rig, message, { timeoutMs: 10_000 });
    expect(rig.double.callsTo('chat.update').filter((call) => call.body.ts === foreign.ts)).toEqual([]);
    expect(
      rig.double.messagesIn(foreign.channel).filter((each) => each.thread_ts === foreign.ts && each.bot_id !== OTHER_APP.botId),
    ).toEqual([]);
    expect(changeCalls(rig)).toHaveLength(1);
  });
});
