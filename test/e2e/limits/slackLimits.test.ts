/**
 * Slack's limits are part of the contract, end to end: the real bot over signed HTTP, the Slack
 * double enforcing Slack's limits (its default), the embedded sandbox as Freebit. A busy batch
 * stays within the limits and never makes a person wait; when Slack says "not now" anyway, the
 * Freebit calls go out at once, the replies land once each and in order, and nobody waits.
 */
import { describe, expect, test } from 'vitest';
import {
  APPROVAL_CHANNEL,
  APPROVAL_ENV,
  APPROVER,
  approvalMessageFor,
  click,
  currentBlocks,
  freshLine,
  requestCancellation,
  shown,
  type ApprovalMessage,
} from '../../../tools/slackDouble/approvals.js';
import { submitCancellation, submitSummary, summaryIn } from '../../../tools/slackDouble/bulk.js';
import { CHANGE_PATHS } from '../../support/freebit.js';
import { replyKeys, updatesOf, waitForReply, waitForState } from '../../support/requestState.js';
import { useSlackRig } from '../../support/slackBot.js';
import { visibleText, type SlackRig } from '../../../tools/slackDouble/rig.js';
import { sleep, until } from '../../support/waiting.js';

const ENV = { ...APPROVAL_ENV, BULK_MAX_LINES: '150' };

/** `count` fresh lines whose numbers start 080 and `prefix` (four digits: apart from every other batch's). */
function freshLines(rig: Pick<SlackRig, 'sandbox'>, prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const phone = `080${prefix}${String(index).padStart(4, '0')}`;
    freshLine(rig, phone);
    return phone;
  });
}

/** A request for all these lines, made through the form and its summary as a person does; its approval message. */
async function requestLines(rig: SlackRig, phones: readonly string[], reason: string): Promise<ApprovalMessage> {
  const { viewId } = await submitCancellation(rig, phones.map(shown).join('\n'), { reason });
  const summary = await summaryIn(rig, viewId, { timeoutMs: 40_000 });
  await submitSummary(rig, summary, viewId);
  return approvalMessageFor(rig.double, { text: reason }, { timeoutMs: 10_000 });
}

/**
 * A person new to the bot (never seen: the bot asks Slack who they are) looks a line up;
 * resolves with how long the answer took from the command.
 */
async function lookUpAsNewPerson(rig: SlackRig, userId: string, phone: string): Promise<number> {
  const started = performance.now();
  const { responseUrl } = await rig.command(shown(phone), { user_id: userId });
  const answer = await rig.double.waitForResponse(responseUrl, { timeoutMs: 30_000 });
  expect(visibleText(answer.body.blocks)).toContain(shown(phone));
  return performance.now() - started;
}

/** `count` new people, one every `everyMs`, each looking `phone` up; how long each waited. */
async function lookUpsMeanwhile(rig: SlackRig, label: string, count: number, everyMs: number, phone: string): Promise<number[]> {
  const waits: Array<Promise<number>> = [];
  for (let i = 0; i < count; i++) {
    waits.push(lookUpAsNewPerson(rig, `U0NEW${label}${String(i).padStart(3, '0')}`, phone));
    await sleep(everyMs);
  }
  return Promise.all(waits);
}

const changeCallsFor = (rig: SlackRig, phone: string) =>
  rig.sandbox.received.filter((entry) => CHANGE_PATHS.includes(entry.path) && JSON.stringify(entry.json).includes(phone)).length;

describe('within the limits: two batches of 150 lines approved at once while 20 new people look lines up', () => {
  const rig = useSlackRig({ env: ENV });

  test('every lookup is answered within 3 s, Slack never says no, each message ends on its final state and each reply is posted once', async () => {
    const first = freshLines(rig, '4101', 150);
    const second = freshLines(rig, '4102', 150);
    const looked = freshLines(rig, '4109', 1)[0]!;
    const [one, two] = await Promise.all([
      requestLines(rig, first, 'first batch of the day'),
      requestLines(rig, second, 'second batch of the day'),
    ]);

    await Promise.all([click(rig, one, 'approve', APPROVER), click(rig, two, 'approve', APPROVER)]);
    const waits = await lookUpsMeanwhile(rig, 'A', 20, 400, looked);
    await Promise.all([one, two].map((message) => waitForReply(rig.double, message, 'executed', { timeoutMs: 90_000 })));

    expect(Math.max(...waits)).toBeLessThan(3_000);
    for (const message of [one, two]) {
      expect(visibleText(currentBlocks(rig.double, message))).toContain('150 accepted');
      expect((await waitForState(rig, message.requestId, 'accepted')).state).toBe('accepted');
      expect(replyKeys(rig.double, message)).toEqual(['line_list', 'approved', 'executed']);
    }
    expect([...first, ...second].every((phone) => changeCallsFor(rig, phone) === 1)).toBe(true);
    // The bot kept within every limit: Slack answered no call 429 (nor refused a response_url).
    expect(rig.double.refused).toEqual([]);
  }, 180_000);
});

describe('short 429s: Retry-After 1 in the approval channel for 8 s from the Approve click', () => {
  const rig = useSlackRig({ env: ENV });

  test('the Freebit call goes out at once, and the thread then holds the approval and the acceptance, once each, in that order', async () => {
    const phone = '08043000001';
    freshLine(rig, phone);
    await requestCancellation(rig, phone, { reason: 'customer moved abroad' });
    const message = await approvalMessageFor(rig.double, { phone: shown(phone) });

    for (const method of ['chat.update', 'chat.postMessage'])
      rig.double.rateLimit(method, { channel: APPROVAL_CHANNEL, forMs: 8_000, retryAfterS: 1 });
    const clicked = performance.now();
    const windowEnds = clicked + 8_000;
    await click(rig, message, 'approve', APPROVER);
    await until('the Freebit call', () => changeCallsFor(rig, phone) === 1 || undefined, 5_000);
    expect(performance.now() - clicked).toBeLessThan(3_000);

    await waitForReply(rig.double, message, 'executed', { timeoutMs: 8_000 + 20_000 });
    expect(performance.now() - windowEnds).toBeLessThan(20_000);
    // Slack did say no meanwhile (the message's drawing first, which the replies wait behind).
    expect(rig.double.refusedCount('chat.update', { forced: true })).toBeGreaterThan(0);
    expect(replyKeys(rig.double, message)).toEqual(['approved', 'executed']);
    expect(changeCallsFor(rig, phone)).toBe(1);
    // Slack's own limits were never hit: only the forced window said no.
    expect(rig.double.refusedCount(undefined, { forced: false })).toBe(0);
  }, 60_000);
});

describe('forced 429s: Retry-After 20 to chat.update and chat.postMessage in the approval channel for 30 s during a batch', () => {
  const rig = useSlackRig({ env: ENV });

  test('new people are answered within 3 s, and after the window every reply lands once and the message shows the end, with no restart', async () => {
    const lines = freshLines(rig, '4404', 40);
    const looked = freshLines(rig, '4408', 1)[0]!;
    const message = await requestLines(rig, lines, 'branch closes in the rain');
    await waitForReply(rig.double, message, 'line_list');

    for (const method of ['chat.update', 'chat.postMessage'])
      rig.double.rateLimit(method, { channel: APPROVAL_CHANNEL, forMs: 30_000, retryAfterS: 20 });
    const windowEnds = performance.now() + 30_000;
    await click(rig, message, 'approve', APPROVER);
    const waits = await lookUpsMeanwhile(rig, 'B', 10, 500, looked);
    expect(Math.max(...waits)).toBeLessThan(3_000);
    // Every line had its call while Slack said no to the approval channel.
    await waitForState(rig, message.requestId, 'accepted', 20_000);
    expect(replyKeys(rig.double, message)).toEqual(['line_list']);

    await waitForReply(rig.double, message, 'executed', { timeoutMs: 60_000 });
    expect(performance.now()).toBeGreaterThan(windowEnds);
    // The message is drawn before the reply that follows it; give the last drawing a moment to land.
    await until(
      'the final drawing',
      () => (visibleText(currentBlocks(rig.double, message)).includes('40 accepted') ? true : undefined),
      10_000,
    );
    expect(replyKeys(rig.double, message)).toEqual(['line_list', 'approved', 'executed']);
    expect(updatesOf(rig.double, message).length).toBeGreaterThan(0);
    expect(lines.map((phone) => changeCallsFor(rig, phone))).toEqual(lines.map(() => 1));
    expect(rig.double.refusedCount(undefined, { forced: false })).toBe(0);
  }, 120_000);
});
