/**
 * Follow-ups end to end: an approved change is followed up in its approval message's thread until
 * Freebit is done. The real bot over HTTP, the Slack double as Slack, the sandbox as Freebit
 * (its time scale: a cancellation or registration takes 2 min of the clock, a contract change
 * 6 min), the ManualClock moved by the test, POLL_INTERVAL_MS=100. What is asserted is what a
 * person sees in the thread and on the message, or what Freebit received.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { startOfFreebitDay, type FreebitDate } from '../../../src/dates.js';
import { A_FEW_ROUNDS_MS, DAY, FOLLOW_UP_ENV, MINUTE, acceptedChange, pollsOf } from '../../support/followUpWorld.js';
import {
  currentBlocks,
  requestCancellation,
  requestContractChange,
  requestRegistration,
  type ApprovalMessage,
} from '../../../tools/slackDouble/approvals.js';
import { eventually, sleep } from '../../support/waiting.js';
import { visibleText, type SlackRig, NOW, startSlackRig, type RestartableSlackRig } from '../../../tools/slackDouble/rig.js';
import type { SlackDouble } from '../../../tools/slackDouble/double.js';
import { replyKeys, updatesOf, waitForRedraw, waitForReply, waitForState } from '../../support/requestState.js';
import { AGENT } from '../../../tools/slackDouble/requests.js';

let rig: RestartableSlackRig | undefined;
afterEach(async () => {
  if (!rig) return;
  expect(rig.limitViolations()).toEqual([]);
  await rig.close();
  rig = undefined;
});

/** The thread in order, one word per reply: what kind of thing each reply told (the key in its metadata; Freebit's acceptance is the execution's reply). */
function threadStory(double: SlackDouble, message: ApprovalMessage): string[] {
  return replyKeys(double, message).map((key) => (key === 'executed' ? 'accepted' : key));
}

/** The follow-up's end as recorded: the state, and when (finishedAt) as minutes after the rig's NOW. */
async function finished(current: RestartableSlackRig, message: ApprovalMessage, state: 'completed' | 'stuck') {
  const request = await waitForState(current, message.requestId, state);
  return { state: request.state, minutesAfterNow: ((request.finishedAt ?? Number.NaN) - NOW) / MINUTE };
}

/** The status line of the approval message as it reads now. */
const statusLine = (double: SlackDouble, message: ApprovalMessage) => visibleText(currentBlocks(double, message));

/** Lets several polling rounds pass with the clock moved on, so that anything still to come would come. */
async function quietRounds(current: SlackRig): Promise<void> {
  current.clock.advance(10 * MINUTE);
  await sleep(A_FEW_ROUNDS_MS);
}

describe('an approved change is followed up in its thread', () => {
  test('a cancellation: one completion reply mentioning the requester, and the message says completed', async () => {
    rig = await startSlackRig({ env: FOLLOW_UP_ENV });
    const current = rig;
    const message = await acceptedChange(current, '090-1234-5678', () => requestCancellation(current, '090-1234-5678'));
    await eventually(() => pollsOf(current.sandbox, '09012345678') >= 1, 'the first follow-up poll');

    current.clock.advance(2 * MINUTE);
    const done = visibleText((await waitForReply(current.double, message, 'completed')).body.blocks);
    expect(done).toContain(`<@${AGENT.id}>`);
    expect(done).toContain('090-1234-5678');
    expect(await finished(current, message, 'completed')).toEqual({ state: 'completed', minutesAfterNow: 2 });
    expect(current.sandbox.line('09012345678')?.state).toBe('obsolete');
    await waitForRedraw(current.double, message, (call) => visibleText(call.body.blocks).includes('2026-11-22 12:02 JST'));

    await quietRounds(current);
    expect(threadStory(current.double, message)).toEqual(['approved', 'accepted', 'completed']);
    expect(statusLine(current.double, message)).toContain('2026-11-22 12:02 JST');
  });

  test('a contract change: the completion says 4G → 5G and how long it took', async () => {
    rig = await startSlackRig({ env: FOLLOW_UP_ENV });
    const current = rig;
    const message = await acceptedChange(current, '090-1234-5678', () => requestContractChange(current, '090-1234-5678', '5G'));
    await eventually(() => pollsOf(current.sandbox, '09012345678') >= 1, 'the first follow-up poll');

    current.clock.advance(3 * MINUTE); // half way: the line is still 4G, locked, nothing to tell
    await sleep(A_FEW_ROUNDS_MS);
    expect(threadStory(current.double, message)).toEqual(['approved', 'accepted']);

    current.clock.advance(3 * MINUTE);
    const done = visibleText((await waitForReply(current.double, message, 'completed')).body.blocks);
    expect(done).toContain(`<@${AGENT.id}>`);
    expect(done).toContain('4G → 5G');
    expect(await finished(current, message, 'completed')).toEqual({ state: 'completed', minutesAfterNow: 6 });
    expect(current.sandbox.line('09012345678')?.contractLine).toBe('5G');
    await waitForRedraw(current.double, message, (call) => visibleText(call.body.blocks).includes('2026-11-22 12:06 JST'));

    await quietRounds(current);
    expect(threadStory(current.double, message)).toEqual(['approved', 'accepted', 'completed']);
  });

  test('a registration: the completion says the new number is active', async () => {
    rig = await startSlackRig({ env: FOLLOW_UP_ENV });
    const current = rig;
    const message = await acceptedChange(current, '080-1111-3333', () => requestRegistration(current, '080-1111-3333'));
    await eventually(() => pollsOf(current.sandbox, '08011113333') >= 1, 'the first follow-up poll');

    current.clock.advance(2 * MINUTE);
    const done = visibleText((await waitForReply(current.double, message, 'completed')).body.blocks);
    expect(done).toContain(`<@${AGENT.id}>`);
    expect(done).toContain('LTE3G_P01');
    expect(await finished(current, message, 'completed')).toEqual({ state: 'completed', minutesAfterNow: 2 });
    expect(current.sandbox.line('08011113333')?.state).toBe('active');
    await waitForRedraw(current.double, message, (call) => visibleText(call.body.blocks).includes('2026-11-22 12:02 JST'));

    await quietRounds(current);
    expect(threadStory(current.double, message)).toEqual(['approved', 'accepted', 'completed']);
  });

  test('the line moving while the change is under way gets its own reply, before → after, once', async () => {
    rig = await startSlackRig({ env: FOLLOW_UP_ENV });
    const current = rig;
    const message = await acceptedChange(current, '090-1234-5678', () => requestContractChange(current, '090-1234-5678', '5G'));
    await eventually(() => pollsOf(current.sandbox, '09012345678') >= 1, 'the first follow-up poll');

    // Someone suspends the line at Freebit while the contract change is pending.
    current.sandbox.putLine({ ...current.sandbox.line('09012345678')!, state: 'suspended' });
    current.clock.advance(MINUTE);
    const moved = visibleText((await waitForReply(current.double, message, 'progress')).body.blocks);
    expect(moved).toContain('Active → Suspended');
    current.clock.advance(MINUTE);
    await sleep(A_FEW_ROUNDS_MS);
    expect(replyKeys(current.double, message).filter((key) => key === 'progress')).toHaveLength(1);

    current.clock.advance(4 * MINUTE);
    const done = visibleText((await waitForReply(current.double, message, 'completed')).body.blocks);
    expect(done).toContain('4G → 5G');
    expect((await finished(current, message, 'completed')).state).toBe('completed');
    await quietRounds(current);
    expect(threadStory(current.double, message)).toEqual(['approved', 'accepted', 'progress', 'completed']);
  });

  test('a cancellation dated three days ahead: no lookup of the number before its day, then the completion', async () => {
    rig = await startSlackRig({ env: { ...FOLLOW_UP_ENV, FOLLOW_UP_DEADLINE_MS: String(10 * DAY) } });
    const current = rig;
    // A witness: a contract change Freebit holds pending on another line, polled at every step of
    // the clock, so "no lookup" below means the poller ran and left the dated cancellation alone.
    await acceptedChange(current, '090-8765-4321', () => requestContractChange(current, '090-8765-4321', '4G'));
    const held = current.sandbox.line('09087654321')!;
    current.sandbox.putLine({ ...held, pending: { ...held.pending!, completesAt: Number.MAX_SAFE_INTEGER } });
    const message = await acceptedChange(current, '090-1234-5678', () =>
      requestCancellation(current, '090-1234-5678', { runDate: '2026-11-25' }),
    );
    const runDayStarts = startOfFreebitDay('20261125' as FreebitDate);

    for (const at of [Date.UTC(2026, 10, 23, 3), Date.UTC(2026, 10, 24, 3), runDayStarts - 1_000]) {
      const witnessPolls = pollsOf(current.sandbox, '09087654321');
      current.clock.set(at);
      await eventually(() => pollsOf(current.sandbox, '09087654321') > witnessPolls, 'a polling round');
      await sleep(200);
      expect(pollsOf(current.sandbox, '09012345678')).toBe(0);
    }
    expect(threadStory(current.double, message)).toEqual(['approved', 'accepted']);

    current.clock.set(runDayStarts + 2 * MINUTE);
    const done = visibleText((await waitForReply(current.double, message, 'completed')).body.blocks);
    expect(done).toContain('090-1234-5678');
    expect(done).toContain('2026-11-25');
    expect(current.sandbox.line('09012345678')?.state).toBe('obsolete');
    // Counted from the run date, when Freebit started on it, not from the approval three days before.
    expect(done).toContain('It took 2 min.');
    expect((await finished(current, message, 'completed')).state).toBe('completed');
    await waitForRedraw(current.double, message, (call) => visibleText(call.body.blocks).includes('2026-11-25 00:02 JST'));
  });

  test('a change Freebit never completes: one deadline reply saying what to check, then the follow-up stops', async () => {
    rig = await startSlackRig({ env: { ...FOLLOW_UP_ENV, FOLLOW_UP_DEADLINE_MS: String(20 * MINUTE) } });
    const current = rig;
    const message = await acceptedChange(current, '090-1234-5678', () => requestContractChange(current, '090-1234-5678', '5G'));
    // Freebit holds the change: the line stays 4G with the change pending, however long it is watched.
    const line = current.sandbox.line('09012345678')!;
    current.sandbox.putLine({ ...line, pending: { ...line.pending!, completesAt: Number.MAX_SAFE_INTEGER } });
    await eventually(() => pollsOf(current.sandbox, '09012345678') >= 1, 'the first follow-up poll');

    current.clock.advance(10 * MINUTE);
    await sleep(A_FEW_ROUNDS_MS);
    expect(threadStory(current.double, message)).toEqual(['approved', 'accepted']);

    const redrawsBefore = updatesOf(current.double, message).length;
    current.clock.advance(10 * MINUTE);
    const stuck = visibleText((await waitForReply(current.double, message, 'stuck')).body.blocks);
    expect(stuck).toContain(`<@${AGENT.id}>`);
    expect(stuck).toContain('090-1234-5678');
    expect(stuck).toContain('2026-11-22 12:20 JST');
    // It says what to do next.
    expect(stuck).toContain('contact Freebit support');
    expect(await finished(current, message, 'stuck')).toEqual({ state: 'stuck', minutesAfterNow: 20 });
    await eventually(() => updatesOf(current.double, message).length > redrawsBefore, 'the message redrawn as stuck');

    const polls = pollsOf(current.sandbox, '09012345678');
    await quietRounds(current);
    await quietRounds(current);
    expect(pollsOf(current.sandbox, '09012345678')).toBe(polls);
    expect(threadStory(current.double, message)).toEqual(['approved', 'accepted', 'stuck']);
  });
});
