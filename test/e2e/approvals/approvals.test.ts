import { beforeAll, describe, expect, test } from 'vitest';
import { ACTIONS, BLOCKS, FIELDS } from '../../../src/slack/kit/ids.js';
import { visibleText } from '../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../support/slackBot.js';
import { AGENT, blockActions, state, viewSubmission } from '../../../tools/slackDouble/requests.js';
import {
  APPROVAL_CHANNEL,
  APPROVAL_ENV,
  APPROVER,
  OUTSIDER,
  SECOND_APPROVER,
  approvalClick,
  approvalMessageFor,
  approvalMessages,
  click,
  currentBlocks,
  freshLine,
  rejectSubmission,
  requestCancellation,
  requestContractChange,
  requestRegistration,
  shown,
  waitForThreadReply,
} from '../../../tools/slackDouble/approvals.js';
import { changeCalls } from '../../support/approvals.js';
import {
  actionIds,
  blockIds,
  isDecidedDrawing,
  replyKeys,
  storedRequest,
  updatesOf,
  waitForAcceptance,
  waitForRedraw,
  waitForReply,
  waitForState,
} from '../../support/requestState.js';
import { eventually, until } from '../../support/waiting.js';

/**
 * Approvals end to end: the real bot over signed HTTP, the Slack double as Slack, the embedded
 * sandbox as Freebit, SQLite on disk. Each test asks about its own line (one open request per
 * line) and asserts what a person sees or what Freebit received.
 */
describe('approving a change in Slack', () => {
  const rig = useSlackRig({ env: APPROVAL_ENV });
  let next = 10;
  /** A fresh active 4G line for one test, as the bot shows its number. */
  const line = () => {
    const phone = `0905555${String(next++).padStart(4, '0')}`;
    freshLine(rig, phone);
    return { phone, shown: shown(phone) };
  };
  const cancelCallsFor = (phone: string) => changeCalls(rig).filter((call) => JSON.stringify(call.json).includes(phone));

  test('a request is posted in the approval channel with the line as it was, the reason, the requester and the expiry', async () => {
    const { phone, shown: number } = line();
    const { answer } = await requestCancellation(rig, phone, { reason: 'customer moved abroad' });
    const message = await approvalMessageFor(rig.double, { phone: number });
    expect(answer).toContain(message.requestId);
    expect(message.channel).toBe(APPROVAL_CHANNEL);
    const request = await storedRequest(rig, message.requestId);
    expect(request).toMatchObject({
      state: 'pending',
      phones: [phone],
      change: { operation: 'cancel' },
      requesterId: AGENT.id,
      reason: 'customer moved abroad',
      requiredApprovals: 1,
      approvals: [],
    });
    expect(request.lines[0]!.lineAtRequest).toMatchObject({ state: 'active', contractLine: '4G', planCode: 'LTE3G_P01' });
    expect(request.lines[0]!.lineAtRequest?.pendingChange).toBeUndefined();
    expect(request.approvalMessageTs).toBe(message.ts);
    const text = visibleText(message.call.body.blocks);
    expect(text).toContain(number);
    expect(text).toContain(message.requestId);
    expect(text).toContain('customer moved abroad');
    expect(text).toContain(`<@${AGENT.id}>`);
    expect(text).toContain('LTE3G_P01');
    expect(text).toContain('2026-11-23 12:00 JST');
    expect(blockIds(message.call.body.blocks)).toContain(BLOCKS.sandboxBanner);
    expect(actionIds(message.call.body.blocks)).toEqual([ACTIONS.approveRequest, ACTIONS.rejectRequest, ACTIONS.withdrawRequest]);
    expect(changeCalls(rig)).toHaveLength(0);
  });

  test('Approve asks for confirmation in a dialog that names the number and the operation', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    const approve = JSON.stringify(message.call.body.blocks);
    const confirm = (message.call.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; confirm?: unknown }> }>)
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === ACTIONS.approveRequest)?.confirm;
    expect(approve).toContain(ACTIONS.approveRequest);
    expect(confirm).toBeDefined();
    expect(visibleText(confirm)).toContain(number);
  });

  test('an approval makes exactly one Freebit call, shows who approved and when, and the thread says what happens next', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    const { ack } = await click(rig, message, 'approve', APPROVER);
    expect(ack.status).toBe(200);
    const { reply, request } = await waitForAcceptance(rig, message);
    // The requester is told, in the thread.
    expect(visibleText(reply.body.blocks)).toContain(`<@${AGENT.id}>`);
    expect(request).toMatchObject({ decidedBy: APPROVER, approvals: [{ userId: APPROVER }] });
    expect(cancelCallsFor(phone)).toHaveLength(1);
    expect(cancelCallsFor(phone)[0]!.path).toBe('/master/cnclAcnt/');
    // The message itself is redrawn in place: decided, so no buttons and no expiry to watch.
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
    const shownNow = visibleText(currentBlocks(rig.double, message));
    expect(shownNow).toContain(`<@${APPROVER}>`);
    expect(shownNow).toContain('2026-11-22 12:00 JST');
    expect(shownNow).toContain(number);
    expect(shownNow).not.toContain('2026-11-23 12:00 JST');
    expect(actionIds(currentBlocks(rig.double, message))).toEqual([]);
  });

  test('a rejection asks for the reason, sends nothing to Freebit, and tells the requester why', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    const trigger = `reject-${phone}`;
    await rig.send(approvalClick(message, 'reject', APPROVER, { triggerId: trigger, responseUrl: rig.double.responseUrl() }));
    const { view } = await rig.openedView({ triggerId: trigger });
    expect(visibleText(view.blocks)).toContain(message.requestId);
    const ack = await rig.send(rejectSubmission(view, 'the customer changed their mind', APPROVER));
    expect(ack.body).toBe('');
    expect(await waitForState(rig, message.requestId, 'rejected')).toMatchObject({
      decidedBy: APPROVER,
      rejectionReason: 'the customer changed their mind',
    });
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
    expect(visibleText(currentBlocks(rig.double, message))).toContain('the customer changed their mind');
    const reply = visibleText((await waitForReply(rig.double, message, 'rejected')).body.blocks);
    // The requester is told who rejected it and why.
    expect(reply).toContain(`<@${AGENT.id}>`);
    expect(reply).toContain(`<@${APPROVER}>`);
    expect(reply).toContain('the customer changed their mind');
    expect(cancelCallsFor(phone)).toHaveLength(0);
  });

  test('a rejection without a reason is sent back to its field', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    const trigger = `reject-blank-${phone}`;
    await rig.send(approvalClick(message, 'reject', APPROVER, { triggerId: trigger }));
    const { view } = await rig.openedView({ triggerId: trigger });
    const ack = await rig.send(rejectSubmission(view, '   ', APPROVER));
    expect(ack.body).toEqual({
      response_action: 'errors',
      errors: { rejection_reason: 'Write why it is rejected; the requester reads it.' },
    });
  });

  test('a requester cannot approve their own request, even as an approver: told so, nothing sent', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone, { userId: APPROVER });
    const message = await approvalMessageFor(rig.double, { phone: number });
    const { responseUrl } = await click(rig, message, 'approve', APPROVER);
    const answer = await rig.double.waitForResponse(responseUrl);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(visibleText(answer.body.blocks)).toContain('You cannot approve or reject your own request; another approver must decide.');
    expect(await storedRequest(rig, message.requestId)).toMatchObject({ state: 'pending', approvals: [] });
    expect(cancelCallsFor(phone)).toHaveLength(0);
  });

  test('someone who is not an approver is told so, and nothing is sent', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    const { responseUrl } = await click(rig, message, 'approve', OUTSIDER);
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain(
      'Only approvers can approve or reject requests.',
    );
    expect(cancelCallsFor(phone)).toHaveLength(0);
    expect(await storedRequest(rig, message.requestId)).toMatchObject({ state: 'pending', approvals: [] });
    expect(updatesOf(rig.double, message)).toEqual([]);
    expect(actionIds(currentBlocks(rig.double, message))).toContain(ACTIONS.approveRequest);
  });

  test('a non-approver’s Reject is refused at once, without a form', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    const { responseUrl } = await click(rig, message, 'reject', OUTSIDER);
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain(
      'Only approvers can approve or reject requests.',
    );
    expect(
      rig.double.callsTo('views.open').filter((call) => call.body.view && JSON.stringify(call.body.view).includes(message.requestId)),
    ).toEqual([]);
    expect((await storedRequest(rig, message.requestId)).state).toBe('pending');
  });

  test('a second request for a line with one open is refused with a link to the first', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const first = await approvalMessageFor(rig.double, { phone: number });
    const { answer } = await requestContractChange(rig, phone, '5G', { userId: OUTSIDER });
    // The refusal links to the open request.
    expect(answer).toContain(`<https://double.slack.test/archives/${APPROVAL_CHANNEL}/p${first.ts.replace('.', '')}|${first.requestId}>`);
    expect((await storedRequest(rig, first.requestId)).state).toBe('pending');
    expect(approvalMessages(rig.double).filter((each) => visibleText(each.call.body.blocks).includes(number))).toHaveLength(1);
  });

  test.each([
    ['an unknown number', () => requestCancellation(rig, '09099990000'), 'Freebit has no line with that number'],
    ['a cancelled line', () => requestCancellation(rig, '08099998888'), 'That line is already cancelled'],
    ['the contract line it already has', () => requestContractChange(rig, '09087654321', '5G'), 'already on that contract line type'],
    [
      'a line with a change pending at Freebit',
      () => requestCancellation(rig, '08038433843'),
      'The line already has a change in progress at Freebit',
    ],
    ['registering a number that is already a line', () => requestRegistration(rig, '07011112222'), 'already a line at Freebit'],
  ])('a request for %s is refused when asked, with the reason, and no approver is bothered', async (_, ask, sentence) => {
    const before = approvalMessages(rig.double).length;
    const { answer } = await ask();
    expect(answer).toContain(sentence);
    expect(approvalMessages(rig.double)).toHaveLength(before);
  });

  test('when the approval message cannot be posted, the requester is told why and the line is not held', async () => {
    const { phone, shown: number } = line();
    rig.double.failNext('chat.postMessage', 'not_in_channel');
    const { answer } = await requestCancellation(rig, phone);
    expect(answer).toContain('The bot could not post your request in the approval channel');
    const again = await requestCancellation(rig, phone);
    // The one that landed (the refused post is in the double's log too, without a ts).
    const message = await until('the approval message posted', () =>
      approvalMessages(rig.double).find((each) => each.ts !== '' && visibleText(each.call.body.blocks).includes(number)),
    );
    expect(again.answer).toContain(message.requestId);
    expect((await storedRequest(rig, message.requestId)).state).toBe('pending');
  });

  test('when the line changed between request and approval, nothing is sent and the thread says what changed', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    freshLine(rig, phone, { state: 'suspended' });
    await click(rig, message, 'approve', APPROVER);
    await waitForReply(rig.double, message, 'executed');
    const request = await storedRequest(rig, message.requestId);
    expect(request.state).toBe('failed');
    expect(request.execution).toMatchObject({
      result: 'line_changed',
      lineChanges: [{ fact: 'state', before: 'active', after: 'suspended' }],
    });
    expect(cancelCallsFor(phone)).toHaveLength(0);
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
  });

  test('the requester may withdraw a pending request; nobody else may', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    const { responseUrl } = await click(rig, message, 'withdraw', APPROVER);
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain(
      'Only the person who asked can withdraw a request.',
    );
    expect((await storedRequest(rig, message.requestId)).state).toBe('pending');
    await click(rig, message, 'withdraw', AGENT.id);
    expect(await waitForState(rig, message.requestId, 'withdrawn')).toMatchObject({ decidedBy: AGENT.id });
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
    const late = await click(rig, message, 'approve', APPROVER);
    expect((await rig.double.waitForResponse(late.responseUrl)).body.response_type).toBe('ephemeral');
    expect(await storedRequest(rig, message.requestId)).toMatchObject({ state: 'withdrawn', approvals: [] });
    expect(cancelCallsFor(phone)).toHaveLength(0);
  });

  test('twenty concurrent Approve clicks and a Slack retry make one approval and one Freebit call', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    const responseUrls = Array.from({ length: 20 }, () => rig.double.responseUrl());
    const clicks = responseUrls.map((responseUrl, index) =>
      approvalClick(message, 'approve', index % 2 === 0 ? APPROVER : SECOND_APPROVER, { responseUrl }),
    );
    const acks = await Promise.all([...clicks.map((each) => rig.send(each)), rig.send(clicks[0]!, { retryNum: 1 })]);
    expect(acks.every((ack) => ack.status === 200)).toBe(true);
    const { request } = await waitForAcceptance(rig, message);
    expect(request.approvals).toHaveLength(1);
    // Every click but the one that won is refused to its clicker ("already decided"); the retry is not answered.
    await eventually(
      () => responseUrls.reduce((sum, url) => sum + rig.double.responsesTo(url).length, 0) === 19,
      'an answer to each of the 19 clicks',
    );
    expect(cancelCallsFor(phone)).toHaveLength(1);
    expect(replyKeys(rig.double, message).filter((key) => key === 'executed')).toHaveLength(1);
    expect(replyKeys(rig.double, message).filter((key) => key === 'approved')).toHaveLength(1);
  });

  test('a Slack retry of a click already handled sends nothing again and says nothing to the clicker', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    const responseUrl = rig.double.responseUrl();
    const request = approvalClick(message, 'approve', APPROVER, { responseUrl });
    await rig.send(request);
    await waitForAcceptance(rig, message);
    await rig.send(request, { retryNum: 1 });
    // The retry is acknowledged before it is handled; give its handler time to (not) act.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(cancelCallsFor(phone)).toHaveLength(1);
    expect(rig.double.responsesTo(responseUrl)).toHaveLength(0);
  });

  test('a click on a stale copy of a decided request is refused, and nothing more is sent', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    await click(rig, message, 'approve', APPROVER);
    await waitForAcceptance(rig, message);
    const stale = await click(rig, message, 'approve', SECOND_APPROVER);
    expect((await rig.double.waitForResponse(stale.responseUrl)).body.response_type).toBe('ephemeral');
    expect((await storedRequest(rig, message.requestId)).approvals.map((each) => each.userId)).toEqual([APPROVER]);
    expect(cancelCallsFor(phone)).toHaveLength(1);
  });

  test('a contract change is refused by Freebit with its reason in the thread, in words', async () => {
    // The sandbox answers 900 to a contract change while another change is pending (its README).
    const phone = '09055559001';
    freshLine(rig, phone);
    await requestContractChange(rig, phone, '5G');
    const message = await approvalMessageFor(rig.double, { phone: shown(phone) });
    rig.sandbox.injectFault('/mvno/contractline/change/', { kind: 'result-code', code: 362 }, 1);
    await click(rig, message, 'approve', APPROVER);
    const reply = visibleText((await waitForReply(rig.double, message, 'executed')).body.blocks);
    expect(reply).toContain('362');
    expect(await storedRequest(rig, message.requestId)).toMatchObject({
      state: 'failed',
      execution: { result: 'refused', detailCode: 362 },
    });
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
  });

  test('when Freebit’s answer is lost, a lookup settles it and the thread says the change was taken', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    rig.sandbox.injectFault('/master/cnclAcnt/', { kind: 'apply-then-reset' }, 3);
    await click(rig, message, 'approve', APPROVER);
    await waitForReply(rig.double, message, 'executed');
    expect(await storedRequest(rig, message.requestId)).toMatchObject({
      state: 'accepted',
      execution: { result: 'unknown', settlement: 'accepted' },
    });
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
  });

  test('Freebit saying it is already done (101) is reported as such', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    rig.sandbox.injectFault('/master/cnclAcnt/', { kind: 'result-code', code: 101 }, 1);
    await click(rig, message, 'approve', APPROVER);
    expect(visibleText((await waitForReply(rig.double, message, 'executed')).body.blocks)).toContain('101');
    expect(await storedRequest(rig, message.requestId)).toMatchObject({ state: 'accepted', execution: { result: 'already_satisfied' } });
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
  });

  test('a Japanese-speaking requester’s request is posted and answered in Japanese', async () => {
    const { phone, shown: number } = line();
    rig.double.setUser({ id: 'U0JAPAN09', locale: 'ja-JP' });
    await requestCancellation(rig, phone, { userId: 'U0JAPAN09' });
    const message = await approvalMessageFor(rig.double, { phone: number });
    expect(visibleText(message.call.body.blocks)).toContain(`承認依頼：回線を解約 · ${number}`);
    await click(rig, message, 'approve', APPROVER);
    expect(await waitForThreadReply(rig.double, message, 'Freebit が')).toContain('<@U0JAPAN09> Freebit が');
  });

  test('a Japanese-speaking requester reads what changed on the line in Japanese, in the thread and in /freebit history', async () => {
    const { phone, shown: number } = line();
    rig.double.setUser({ id: 'U0JAPAN10', locale: 'ja-JP' });
    await requestCancellation(rig, phone, { userId: 'U0JAPAN10' });
    const message = await approvalMessageFor(rig.double, { phone: number });
    freshLine(rig, phone, { state: 'suspended', contractLine: '5G' });
    await click(rig, message, 'approve', APPROVER);
    const reply = await waitForThreadReply(rig.double, message, '何も送信していません');
    expect(reply).toContain('申請後に回線が変わったため、Freebit には何も送信していません（状態：利用中 → 利用停止中; 契約回線：4G → 5G）');
    expect(reply).not.toMatch(/state|active|suspended|contract line/i);
    expect(cancelCallsFor(phone)).toHaveLength(0);

    const { responseUrl } = await rig.command(`history ${phone}`, { user_id: 'U0JAPAN10' });
    const history = visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    expect(history).toContain('状態：利用中 → 利用停止中; 契約回線：4G → 5G');
    expect(history).not.toMatch(/state:|active →/i);
  });

  test('when the line cannot be looked up right before the call, a Japanese requester is told why in Japanese', async () => {
    const { phone, shown: number } = line();
    rig.double.setUser({ id: 'U0JAPAN11', locale: 'ja-JP' });
    await requestCancellation(rig, phone, { userId: 'U0JAPAN11' });
    const message = await approvalMessageFor(rig.double, { phone: number });
    rig.sandbox.injectFault('/master/getAcnt/', { kind: 'result-code', code: 211 }, 1);
    await click(rig, message, 'approve', APPROVER);
    const reply = await waitForThreadReply(rig.double, message, '何も送信していません');
    expect(reply).toContain(
      '依頼直前に回線を確認できなかったため、Freebit には何も送信していません（Freebit が照会を拒否しました（詳細コード 211））',
    );
    expect(reply).not.toMatch(/[A-Za-z]{4,} (the|a|not|does) /); // no English sentence from the Freebit layer
    expect(cancelCallsFor(phone)).toHaveLength(0);
  });

  test('a click from anywhere else carrying a request id is judged on the server by who clicked, not by the button', async () => {
    const { phone, shown: number } = line();
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: number });
    const responseUrl = rig.double.responseUrl();
    await rig.send(blockActions({ actionId: ACTIONS.approveRequest, value: message.requestId, userId: OUTSIDER, responseUrl }));
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain(
      'Only approvers can approve or reject requests.',
    );
    expect(await storedRequest(rig, message.requestId)).toMatchObject({ state: 'pending', approvals: [] });
    expect(cancelCallsFor(phone)).toHaveLength(0);
  });
});

describe('two approvals required (APPROVALS_REQUIRED=cancel=2)', () => {
  const rig = useSlackRig({ env: { ...APPROVAL_ENV, APPROVALS_REQUIRED: 'cancel=2' } });

  test('the first approval calls nothing and shows "1 of 2"; the same approver twice counts once; a second approver makes one call', async () => {
    const phone = '09012345678';
    await requestCancellation(rig, phone);
    const message = await approvalMessageFor(rig.double, { phone: shown(phone) });
    expect(await storedRequest(rig, message.requestId)).toMatchObject({ requiredApprovals: 2, approvals: [] });

    await click(rig, message, 'approve', APPROVER);
    // Counted, shown on the message (still with its buttons), said in the thread; nothing sent.
    await waitForRedraw(rig.double, message, (call) => visibleText(call.body.blocks).includes(`<@${APPROVER}>`));
    expect(actionIds(currentBlocks(rig.double, message))).toContain(ACTIONS.approveRequest);
    await waitForReply(rig.double, message, `approval_counted:${APPROVER}`);
    expect(await storedRequest(rig, message.requestId)).toMatchObject({ state: 'pending', approvals: [{ userId: APPROVER }] });
    expect(changeCalls(rig)).toHaveLength(0);

    const again = await click(rig, message, 'approve', APPROVER);
    expect(visibleText((await rig.double.waitForResponse(again.responseUrl)).body.blocks)).toContain(
      'You have already approved this request; it needs another approver.',
    );
    expect(changeCalls(rig)).toHaveLength(0);

    await click(rig, message, 'approve', SECOND_APPROVER);
    const { request } = await waitForAcceptance(rig, message);
    expect(request.approvals.map((each) => each.userId)).toEqual([APPROVER, SECOND_APPROVER]);
    expect(changeCalls(rig)).toHaveLength(1);
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
    expect(visibleText(currentBlocks(rig.double, message))).toContain(`<@${APPROVER}>`);
    expect(visibleText(currentBlocks(rig.double, message))).toContain(`<@${SECOND_APPROVER}>`);
  });
});

describe('expiry', () => {
  const rig = useSlackRig({ checkLimits: false, env: APPROVAL_ENV, overrides: { sweepMs: 50 } });

  test('an expired request is marked expired on its message, and a later click is refused', async () => {
    await requestCancellation(rig, '09012345678');
    const message = await approvalMessageFor(rig.double, { phone: '090-1234-5678' });
    rig.clock.advance(24 * 60 * 60 * 1000);
    await waitForRedraw(
      rig.double,
      message,
      (call) => isDecidedDrawing(call) && visibleText(call.body.blocks).includes('2026-11-23 12:00 JST'),
    );
    expect((await storedRequest(rig, message.requestId)).state).toBe('expired');
    expect(visibleText((await waitForReply(rig.double, message, 'expired')).body.blocks)).toContain(`<@${AGENT.id}>`);
    const late = await click(rig, message, 'approve', APPROVER);
    expect((await rig.double.waitForResponse(late.responseUrl)).body.response_type).toBe('ephemeral');
    expect(await storedRequest(rig, message.requestId)).toMatchObject({ state: 'expired', approvals: [] });
    expect(changeCalls(rig)).toHaveLength(0);
  });
});

describe('without approvers configured', () => {
  const rig = useSlackRig({ checkLimits: false, env: { APPROVER_USER_IDS: '' } });

  test('the bot starts, and /freebit cancel says "no approvers configured" instead of opening a form nobody could approve', async () => {
    const formsBefore = rig.double.callsTo('views.open').length;
    const { responseUrl } = await rig.command('cancel 090-1234-5678');
    const answer = visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    expect(answer).toContain('No approvers are configured (APPROVER_USER_IDS or APPROVER_USERGROUP_ID)');
    expect(rig.double.callsTo('views.open')).toHaveLength(formsBefore);
    expect(approvalMessages(rig.double)).toHaveLength(0);
    expect(changeCalls(rig)).toHaveLength(0);
  });

  test('Request cancellation… on a line card answers the same refusal instead of opening the form', async () => {
    const formsBefore = rig.double.callsTo('views.open').length;
    const responseUrl = rig.double.responseUrl();
    await rig.send(
      blockActions({
        actionId: ACTIONS.requestCancellation,
        value: '09012345678',
        responseUrl,
        container: { type: 'message', ephemeral: true },
      }),
    );
    const answer = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(answer.body.blocks)).toContain('No approvers are configured');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(rig.double.callsTo('views.open')).toHaveLength(formsBefore);
  });

  test('the operation picker shows the same refusal on its operation field, and still looks lines up', async () => {
    const { triggerId } = await rig.command('');
    const { view } = await rig.openedView({ triggerId });
    const pick = (operation: string) =>
      rig.send(
        viewSubmission({
          callbackId: view.callback_id,
          privateMetadata: view.private_metadata,
          values: {
            [FIELDS.operation.block]: { [FIELDS.operation.action]: state.radio(operation) },
            [FIELDS.phone.block]: { [FIELDS.phone.action]: state.text('090-1234-5678') },
          },
        }),
      );
    const refused = await pick('cancel');
    expect(refused.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(refused.body)).toContain('No approvers are configured');
    expect((await pick('lookup')).body).toMatchObject({ response_action: 'update' });
  });
});

describe('approvers from a user group (APPROVER_USERGROUP_ID)', () => {
  const rig = useSlackRig({ checkLimits: false, env: { APPROVER_USERGROUP_ID: 'S0APPROVERS', APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL } });
  beforeAll(() => {
    rig.double.setUsergroup('S0APPROVERS', [SECOND_APPROVER]);
  });

  test('a member of the group may approve; the membership comes from usergroups.users.list', async () => {
    await requestCancellation(rig, '09012345678');
    const message = await approvalMessageFor(rig.double, { phone: '090-1234-5678' });
    await click(rig, message, 'approve', SECOND_APPROVER);
    await waitForAcceptance(rig, message);
    expect(changeCalls(rig)).toHaveLength(1);
    expect(rig.double.callsTo('usergroups.users.list').map((call) => call.body.usergroup)).toContain('S0APPROVERS');
  });
});
