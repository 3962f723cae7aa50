import { beforeAll, describe, expect, test } from 'vitest';
import { ACTIONS, BLOCKS } from '../../../src/slack/kit/ids.js';
import type { SlackCall } from '../../../tools/slackDouble/double.js';
import { visibleText } from '../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../support/slackBot.js';
import { AGENT, appHomeOpened, blockActions, triggerId } from '../../../tools/slackDouble/requests.js';
import {
  APPROVAL_ENV,
  APPROVER,
  SECOND_APPROVER,
  approvalMessageFor,
  click,
  currentBlocks,
  freshLine,
  requestCancellation,
  shown,
} from '../../../tools/slackDouble/approvals.js';
import { changeCalls } from '../../support/approvals.js';
import {
  actionIds,
  blockIds,
  isDecidedDrawing,
  storedRequest,
  waitForAcceptance,
  waitForRedraw,
  waitForReply,
} from '../../support/requestState.js';

/** App Home: the caller's recent requests, and for approvers the pending ones with their buttons. */
describe('App Home with approvals', () => {
  const rig = useSlackRig({ env: APPROVAL_ENV });
  beforeAll(async () => {
    await requestCancellation(rig, '09012345678', { reason: 'customer moved abroad' });
  });

  /** Opens App Home for a person; returns the view published after `after` calls. */
  async function home(userId: string): Promise<{ blocks: unknown; text: string }> {
    const before = rig.double.callsTo('views.publish').length;
    await rig.send(appHomeOpened(userId));
    const publish = await rig.double.waitForCall(
      'views.publish',
      (call) => call.body.user_id === userId && rig.double.callsTo('views.publish').indexOf(call) >= before,
    );
    return viewOf(publish);
  }
  const viewOf = (call: SlackCall) => {
    const blocks = (call.body.view as { blocks: unknown }).blocks;
    return { blocks, text: visibleText(blocks) };
  };

  test('the requester sees their request and its state, with Withdraw, and keeps the lookup button', async () => {
    const { text, blocks } = await home(AGENT.id);
    const requestId = /FR-[0-9A-Z]{5}/.exec(text)?.[0];
    expect(requestId).toBeDefined();
    expect(text).toContain('090-1234-5678');
    expect((await storedRequest(rig, requestId!)).state).toBe('pending');
    // Their own request can be withdrawn, not approved; the lookup stays.
    expect(actionIds(blocks)).toEqual([ACTIONS.homeLookUp, ACTIONS.withdrawRequest]);
  });

  test('an approver sees what waits for them, with Approve and Reject', async () => {
    const { text, blocks } = await home(APPROVER);
    expect(text).toContain('090-1234-5678');
    expect(text).toContain('customer moved abroad');
    // Nothing of their own to withdraw.
    expect(actionIds(blocks)).toEqual([ACTIONS.homeLookUp, ACTIONS.approveRequest, ACTIONS.rejectRequest]);
  });

  test('Approve on App Home makes one call, and the tab is drawn again without the request', async () => {
    const { blocks } = await home(SECOND_APPROVER);
    const requestId = /"value":"(FR-[0-9A-Z]{5})"/.exec(JSON.stringify(blocks))![1]!;
    const before = rig.double.callsTo('views.publish').length;
    await rig.send(
      blockActions({
        actionId: ACTIONS.approveRequest,
        value: requestId,
        userId: SECOND_APPROVER,
        triggerId: triggerId(),
        blockId: `approval_actions_${requestId}`,
        container: { type: 'view', viewId: 'V0HOME0002', callbackId: '' },
      }),
    );
    const message = await approvalMessageFor(rig.double, { requestId });
    const { request } = await waitForAcceptance(rig, message);
    expect(request.decidedBy).toBe(SECOND_APPROVER);
    const redrawn = await rig.double.waitForCall(
      'views.publish',
      (call) => call.body.user_id === SECOND_APPROVER && rig.double.callsTo('views.publish').indexOf(call) >= before,
    );
    const { text, blocks: after } = viewOf(redrawn);
    expect(text).not.toContain(requestId);
    expect(actionIds(after)).toEqual([ACTIONS.homeLookUp]);
    expect(changeCalls(rig)).toHaveLength(1);
  });

  test('the requester may withdraw a pending request from App Home; the tab then shows it withdrawn', async () => {
    await requestCancellation(rig, '07011112222');
    const message = await approvalMessageFor(rig.double, { phone: '070-1111-2222' });
    const before = rig.double.callsTo('views.publish').length;
    await rig.send(
      blockActions({
        actionId: ACTIONS.withdrawRequest,
        value: message.requestId,
        userId: AGENT.id,
        blockId: `approval_actions_${message.requestId}`,
        container: { type: 'view', viewId: 'V0HOME0003', callbackId: '' },
      }),
    );
    const redrawn = await rig.double.waitForCall(
      'views.publish',
      (call) => call.body.user_id === AGENT.id && rig.double.callsTo('views.publish').indexOf(call) >= before,
    );
    expect(await storedRequest(rig, message.requestId)).toMatchObject({ state: 'withdrawn', decidedBy: AGENT.id });
    // Still listed, without its buttons.
    expect(viewOf(redrawn).text).toContain(message.requestId);
    expect(blockIds(viewOf(redrawn).blocks)).not.toContain(`${BLOCKS.approvalActions}_${message.requestId}`);
    await waitForRedraw(rig.double, message, isDecidedDrawing);
    expect(visibleText(currentBlocks(rig.double, message))).toContain(`<@${AGENT.id}>`);
  });
});

describe('App Home for an approver with more waiting than it shows', () => {
  const rig = useSlackRig({ env: { ...APPROVAL_ENV, APPROVALS_REQUIRED: 'cancel=2' } });

  test('requests the approver already approved are left out before the list is cut to ten, and the rest are counted', async () => {
    const requestIds: string[] = [];
    for (let index = 0; index < 14; index++) {
      const phone = `0905556${String(index).padStart(4, '0')}`;
      freshLine(rig, phone);
      await requestCancellation(rig, phone);
      requestIds.push((await approvalMessageFor(rig.double, { phone: shown(phone) })).requestId);
      rig.clock.advance(1_000);
    }
    // The three newest have this approver's approval already (one of two): they wait for someone else.
    const approved = requestIds.slice(-3);
    for (const requestId of approved) {
      const message = await approvalMessageFor(rig.double, { requestId });
      await click(rig, message, 'approve', APPROVER);
      await waitForReply(rig.double, message, `approval_counted:${APPROVER}`);
    }

    const before = rig.double.callsTo('views.publish').length;
    await rig.send(appHomeOpened(APPROVER));
    const publish = await rig.double.waitForCall(
      'views.publish',
      (call) => call.body.user_id === APPROVER && rig.double.callsTo('views.publish').indexOf(call) >= before,
    );
    const blocks = (publish.body.view as { blocks: unknown }).blocks;
    const text = visibleText(blocks);
    expect(actionIds(blocks).filter((id) => id === ACTIONS.approveRequest)).toHaveLength(10);
    for (const requestId of approved) expect(text).not.toContain(requestId);
    expect(text).toContain('…and 1 more waiting');
    expect(changeCalls(rig)).toHaveLength(0);
    // Fourteen approval messages in a row go at Slack's pace for a channel (one a second).
  }, 60_000);
});
