/**
 * Dates that cross midnight, as people read them: a cancellation dated today, approved after midnight in
 * Japan, is not sent (Freebit would refuse the past date); the approval message and its thread
 * say what happened and what to do, in the requester's language.
 */
import { afterEach, expect, test } from 'vitest';
import {
  APPROVAL_ENV,
  APPROVER,
  approvalMessageFor,
  click,
  currentBlocks,
  freshLine,
  requestCancellation,
  waitForThreadReply,
  waitForUpdate,
} from '../../../tools/slackDouble/approvals.js';
import { changeCalls } from '../../support/approvals.js';
import { actionIds, isDecidedDrawing, storedRequest, waitForRedraw, waitForReply, waitForState } from '../../support/requestState.js';
import { startSlackRig, visibleText, type RestartableSlackRig } from '../../../tools/slackDouble/rig.js';
import { AGENT } from '../../../tools/slackDouble/requests.js';
import { sleep } from '../../support/waiting.js';

/** The rig's "now" is 2026-11-22 12:00 in Japan: this is 00:10 on the 23rd there. */
const PAST_MIDNIGHT_MS = 12 * 60 * 60 * 1000 + 10 * 60_000;

let rig: RestartableSlackRig;
afterEach(async () => {
  await rig?.close();
});

test('approved after midnight: nothing sent; the message and the thread say the date passed and how to ask again', async () => {
  rig = await startSlackRig({ env: APPROVAL_ENV });
  freshLine(rig, '07011112222');
  await requestCancellation(rig, '07011112222', { runDate: '2026-11-22' });
  const message = await approvalMessageFor(rig.double, { phone: '070-1111-2222' });
  rig.clock.advance(PAST_MIDNIGHT_MS);
  const { responseUrl } = await click(rig, message, 'approve', APPROVER);

  const status = await waitForRedraw(rig.double, message, isDecidedDrawing);
  expect(visibleText(status.body.blocks)).toContain('2026-11-22');
  expect(actionIds(currentBlocks(rig.double, message))).toEqual([]);
  const reply = visibleText((await waitForReply(rig.double, message, 'executed')).body.blocks);
  expect(await storedRequest(rig, message.requestId)).toMatchObject({ state: 'failed', execution: { result: 'date_passed' } });
  expect(reply).toContain(`<@${AGENT.id}>`);
  expect(reply).toContain('2026-11-22');
  expect(reply).toContain('as soon as possible');
  expect(reply).toContain('new date');
  await sleep(200);
  expect(changeCalls(rig)).toHaveLength(0);
  // How to ask again: without a date (as soon as possible), or with a new one.
  // The approver reads the outcome on the message; no error is said to them.
  expect(rig.double.responsesTo(responseUrl)).toHaveLength(0);
  expect(rig.limitViolations()).toEqual([]);
});

test('in Japanese for a Japanese-speaking requester', async () => {
  rig = await startSlackRig({ env: APPROVAL_ENV });
  rig.double.setUser({ id: AGENT.id, locale: 'ja-JP' });
  freshLine(rig, '07011113333');
  await requestCancellation(rig, '07011113333', { runDate: '2026-11-22' });
  const message = await approvalMessageFor(rig.double, { phone: '070-1111-3333' });
  rig.clock.advance(PAST_MIDNIGHT_MS);
  await click(rig, message, 'approve', APPROVER);
  await waitForUpdate(rig.double, message, '日付（2026-11-22、日本時間）が過ぎていた');
  const reply = await waitForThreadReply(rig.double, message, 'Freebit には何も送信していません');
  expect(reply).toContain('日付を空欄にして');
  expect(changeCalls(rig)).toHaveLength(0);
});

test('left pending past midnight: the sweep ends it, and says so', async () => {
  rig = await startSlackRig({ env: APPROVAL_ENV, overrides: { sweepMs: 50 } });
  freshLine(rig, '07011114444');
  await requestCancellation(rig, '07011114444', { runDate: '2026-11-22' });
  const message = await approvalMessageFor(rig.double, { phone: '070-1111-4444' });
  rig.clock.advance(PAST_MIDNIGHT_MS);
  expect(await waitForState(rig, message.requestId, 'failed')).toMatchObject({ execution: { result: 'date_passed' } });
  await waitForRedraw(rig.double, message, isDecidedDrawing);
  await waitForReply(rig.double, message, 'executed');
  expect(changeCalls(rig)).toHaveLength(0);
});
