/**
 * A request for several lines, end to end: the real bot over signed HTTP, the Slack double as
 * Slack, the embedded sandbox as Freebit (sped up: a cancellation completes in seconds of the
 * test's clock). Forty numbers, three of them hopeless: one form and one approval message;
 * after the click exactly one Freebit call per requestable line and none for the others; the
 * progress drawn in place; the completion told once in the thread when the sandbox is done.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  approvalMessageFor,
  approvalMessages,
  click,
  currentBlocks,
  freshLine,
  shown,
  type ApprovalMessage,
  APPROVER,
} from '../../../tools/slackDouble/approvals.js';
import { submitCancellation, submitSummary, summaryIn } from '../../../tools/slackDouble/bulk.js';
import { CHANGE_PATHS, PATHS } from '../../support/freebit.js';
import { FOLLOW_UP_ENV, MINUTE } from '../../support/followUpWorld.js';
import { replyKeys, updatesOf, waitForReply, waitForState } from '../../support/requestState.js';
import { NOW, startSlackRig, visibleText, type RestartableSlackRig } from '../../../tools/slackDouble/rig.js';

const REQUESTABLE = 37;

describe('forty numbers, three of them hopeless, in one request', () => {
  let rig: RestartableSlackRig;
  const requestable: string[] = [];
  const hopeless: string[] = [];
  let message: ApprovalMessage;
  let formsOpened = 0;
  let messagesBefore = 0;
  let checkedAt = 0;

  beforeAll(async () => {
    rig = await startSlackRig({ env: FOLLOW_UP_ENV });
    for (let i = 0; i < REQUESTABLE; i++) {
      const phone = `0803300${String(i).padStart(4, '0')}`;
      freshLine(rig, phone);
      requestable.push(phone);
    }
    const cancelled = '08033009001';
    freshLine(rig, cancelled, { state: 'obsolete' });
    const busy = '08033009002';
    freshLine(rig, busy);
    hopeless.push(cancelled, busy, '08033009003' /* unknown to Freebit */);
    // The busy line has a change pending at Freebit already.
    const line = rig.sandbox.line(busy)!;
    rig.sandbox.putLine({
      ...line,
      pending: {
        func: 'cancel',
        date: '20261130',
        requestedAt: NOW,
        dueAt: NOW + 60 * MINUTE,
        completesAt: Number.MAX_SAFE_INTEGER,
        outcome: { state: 'obsolete' },
      },
    });

    messagesBefore = approvalMessages(rig.double).length;
    // As pasted from a customer's spreadsheet: mixed formats, one per line, with the hopeless ones in between.
    const typed = [
      ...requestable.slice(0, 20).map(shown),
      ...hopeless,
      ...requestable.slice(20).map((phone) => `+81 ${phone.slice(1)}`),
    ].join('\n');
    const { viewId } = await submitCancellation(rig, typed, { reason: 'corporate customer leaves' });
    formsOpened = rig.double.callsTo('views.open').length;
    const summary = await summaryIn(rig, viewId, { timeoutMs: 20_000 });
    checkedAt = rig.sandbox.received.length;
    expect(visibleText(summary.blocks)).toContain(`${REQUESTABLE} can be requested, 3 cannot`);
    await submitSummary(rig, summary, viewId);
    message = await approvalMessageFor(rig.double, { text: 'corporate customer leaves' });
  }, 60_000);

  afterAll(async () => {
    if (!rig) return;
    expect(rig.limitViolations()).toEqual([]);
    await rig.close();
  });

  const changeCallsFor = (phone: string) =>
    rig.sandbox.received.filter((entry) => CHANGE_PATHS.includes(entry.path) && JSON.stringify(entry.json).includes(phone)).length;

  test('is one form and one approval message, for the 37 lines that can be requested', async () => {
    expect(formsOpened).toBe(1);
    expect(approvalMessages(rig.double)).toHaveLength(messagesBefore + 1);
    const text = visibleText(message.call.body.blocks);
    expect(text).toContain('37 lines');
    expect(text).toContain('and 17 more');
    // The lines were looked up once each before the request; nothing was changed.
    expect(rig.sandbox.received.slice(0, checkedAt).filter((entry) => entry.path === PATHS.lookup)).toHaveLength(40);
    expect(
      requestable
        .concat(hopeless)
        .map(changeCallsFor)
        .every((calls) => calls === 0),
    ).toBe(true);
  });

  test('after the click, Freebit gets exactly one call per requestable line and none for the others, and the message shows the progress in place', async () => {
    const updatesBefore = updatesOf(rig.double, message).length;
    await click(rig, message, 'approve', APPROVER);
    await waitForState(rig, message.requestId, 'accepted', 20_000);
    // The message is drawn before the execution's reply is posted.
    await waitForReply(rig.double, message, 'executed');

    expect(requestable.map(changeCallsFor)).toEqual(requestable.map(() => 1));
    expect(hopeless.map(changeCallsFor)).toEqual([0, 0, 0]);
    const redraws = updatesOf(rig.double, message).length - updatesBefore;
    expect(redraws).toBeGreaterThan(0);
    expect(redraws).toBeLessThan(REQUESTABLE);
    expect(visibleText(currentBlocks(rig.double, message))).toContain('37 accepted');
    // One reply for the execution, not 37; the full list went in the thread when the request was made.
    expect(replyKeys(rig.double, message)).toEqual(['line_list', 'approved', 'executed']);
  }, 60_000);

  test('the thread tells once, mentioning the requester, when the sandbox has completed every line', async () => {
    rig.clock.advance(30 * MINUTE);
    const reply = await waitForReply(rig.double, message, 'completed', { timeoutMs: 20_000 });
    expect(visibleText(reply.body.blocks)).toContain('37');
    const request = await waitForState(rig, message.requestId, 'completed');
    expect(new Set(request.lines!.map((line) => line.state))).toEqual(new Set(['completed']));
    expect(replyKeys(rig.double, message)).toEqual(['line_list', 'approved', 'executed', 'completed']);
    for (const phone of requestable) expect(rig.sandbox.line(phone)!.state).toBe('obsolete');
  }, 60_000);
});
