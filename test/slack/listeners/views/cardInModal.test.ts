/**
 * The line card shown in a modal ("Look up a line", or Look up in `/freebit`'s picker). A click
 * in a modal carries no response_url: whatever the bot has to tell the person is shown where
 * they are looking, under the card's buttons, or else privately (response_url of the command
 * the modal came from, ephemeral, DM).
 */
import { describe, expect, test } from 'vitest';
import { ACTIONS, FIELDS, SHORTCUTS, VIEWS } from '../../../../src/slack/kit/ids.js';
import { en } from '../../../../src/slack/i18n/index.js';
import { APPROVAL_CHANNEL } from '../../../../tools/slackDouble/approvals.js';
import { actionIds } from '../../../support/requestState.js';
import { findButton, visibleText, type SlackRig, type ViewJson } from '../../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../../support/slackBot.js';
import {
  AGENT,
  blockActions,
  globalShortcut,
  state,
  SUPPORT_CHANNEL,
  triggerId,
  viewSubmission,
} from '../../../../tools/slackDouble/requests.js';

interface CardModal {
  viewId: string;
  view: ViewJson;
}

let views = 0;
const nextViewId = () => `V0MODAL${String(++views).padStart(3, '0')}`;

/** "Look up a line" (the global shortcut), the number typed and submitted: the card, as the modal shows it. */
async function lookUpInModal(rig: SlackRig, phone: string): Promise<CardModal> {
  const trigger = triggerId();
  await rig.send(globalShortcut({ callbackId: SHORTCUTS.lookUpLine, triggerId: trigger }));
  const { view: form } = await rig.openedView({ triggerId: trigger });
  const viewId = nextViewId();
  await rig.send(
    viewSubmission({
      callbackId: form.callback_id,
      privateMetadata: form.private_metadata,
      viewId,
      values: { [FIELDS.phone.block]: { [FIELDS.phone.action]: state.text(phone) } },
    }),
  );
  const { view } = await rig.openedView({ viewId });
  return { viewId, view };
}

/** `/freebit` alone in the support channel, Look up chosen with the number: the card, in the picker's modal. */
async function lookUpFromPicker(rig: SlackRig, phone: string): Promise<CardModal & { responseUrl: string }> {
  const { triggerId: trigger, responseUrl } = await rig.command('');
  const { view: picker } = await rig.openedView({ triggerId: trigger });
  const viewId = nextViewId();
  await rig.send(
    viewSubmission({
      callbackId: picker.callback_id,
      privateMetadata: picker.private_metadata,
      viewId,
      values: {
        [FIELDS.operation.block]: { [FIELDS.operation.action]: state.radio('lookup') },
        [FIELDS.phone.block]: { [FIELDS.phone.action]: state.text(phone) },
      },
    }),
  );
  const { view } = await rig.openedView({ viewId });
  return { viewId, view, responseUrl };
}

/** A click on one of the card's buttons, sent as Slack sends it from a modal (the modal's blocks, no response_url). */
async function clickInModal(rig: SlackRig, card: CardModal, actionId: string): Promise<{ triggerId: string }> {
  const trigger = triggerId();
  const ack = await rig.send(
    blockActions({
      actionId,
      value: findButton(card.view.blocks, actionId).value,
      triggerId: trigger,
      container: { type: 'view', viewId: card.viewId, privateMetadata: card.view.private_metadata, blocks: card.view.blocks },
    }),
  );
  expect(ack.status).toBe(200);
  return { triggerId: trigger };
}

/** The modal as the person sees it after the `count`-th views.update since it was opened (the first shows the card). */
async function modalAfterUpdate(rig: SlackRig, card: CardModal, count: number): Promise<ViewJson> {
  const updates = await rig.double.waitForCalls('views.update', count, (call) => call.body.view_id === card.viewId);
  return updates[count - 1]!.body.view as ViewJson;
}

const formsPushed = (rig: SlackRig, trigger: string) => rig.double.callsTo('views.push').filter((call) => call.body.trigger_id === trigger);

describe('the card in a modal, with an approval channel', () => {
  const rig = useSlackRig({ env: { APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL } });

  test('Request cancellation… pushes the form on top of the card, with the number filled in', async () => {
    const card = await lookUpInModal(rig, '090-1234-5678');
    const { triggerId: trigger } = await clickInModal(rig, card, ACTIONS.requestCancellation);
    const { view } = await rig.openedView({ triggerId: trigger, method: 'views.push' });
    expect(view.callback_id).toBe(VIEWS.cancellation);
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"090-1234-5678"');
  });

  test('when Slack will not open the form, the person reads why under the card’s buttons, and the card stays', async () => {
    const card = await lookUpInModal(rig, '090-1234-5678');
    rig.double.failNext('views.push', 'expired_trigger_id');
    await clickInModal(rig, card, ACTIONS.requestContractChange);
    const view = await modalAfterUpdate(rig, card, 2);
    const text = visibleText(view.blocks);
    expect(text).toContain(en.formExpired);
    expect(text.indexOf(en.formExpired)).toBeGreaterThan(text.indexOf('Request 4G/5G change…'));
    expect(actionIds(view.blocks)).toEqual([ACTIONS.refreshCard, ACTIONS.requestCancellation, ACTIONS.requestContractChange]);
    expect(text).toContain('090-1234-5678');
    // The SANDBOX banner is drawn again, not twice.
    expect(text.split(en.sandboxBanner)).toHaveLength(2);
    expect(view.callback_id).toBe(VIEWS.lineCard);
  });

  test('when neither the form nor the modal can be shown (closed), the person is told in their DM', async () => {
    const card = await lookUpInModal(rig, '090-1234-5678');
    rig.double.failNext('views.push', 'expired_trigger_id');
    rig.double.failNext('views.update', 'not_found');
    await clickInModal(rig, card, ACTIONS.requestCancellation);
    const dm = await rig.double.waitForCall(
      'chat.postMessage',
      (call) => call.body.channel === AGENT.id && visibleText(call.body.blocks).includes(en.formExpired),
    );
    expect(dm.body.blocks).toBeDefined();
  });

  test('Refresh when Freebit fails keeps the card in the modal and says why under its buttons', async () => {
    const card = await lookUpInModal(rig, '090-1234-5678');
    rig.sandbox.injectFault('/master/getAcnt/', { kind: 'result-code', code: 210 });
    await clickInModal(rig, card, ACTIONS.refreshCard);
    const view = await modalAfterUpdate(rig, card, 2);
    expect(visibleText(view.blocks)).toContain('Freebit has no line with the number 090-1234-5678');
    expect(actionIds(view.blocks)).toEqual([ACTIONS.refreshCard, ACTIONS.requestCancellation, ACTIONS.requestContractChange]);
  });
});

describe('the card in a modal, without an approval channel (APPROVAL_CHANNEL_ID unset)', () => {
  const rig = useSlackRig();

  test('looked up outside any channel, Request cancellation… is refused before the form opens, under the card’s buttons', async () => {
    const card = await lookUpInModal(rig, '090-1234-5678');
    const { triggerId: trigger } = await clickInModal(rig, card, ACTIONS.requestCancellation);
    const view = await modalAfterUpdate(rig, card, 2);
    expect(visibleText(view.blocks)).toContain(en.approval.refusal('channel_not_allowed'));
    expect(actionIds(view.blocks)).toContain(ACTIONS.requestCancellation);
    expect(formsPushed(rig, trigger)).toHaveLength(0);
  });

  test('looked up from /freebit in a channel, the form opens and will answer in that channel', async () => {
    const card = await lookUpFromPicker(rig, '090-1234-5678');
    const { triggerId: trigger } = await clickInModal(rig, card, ACTIONS.requestContractChange);
    const { view } = await rig.openedView({ triggerId: trigger, method: 'views.push' });
    expect(view.callback_id).toBe(VIEWS.contractChange);
    expect(JSON.parse(view.private_metadata ?? '{}')).toMatchObject({ c: SUPPORT_CHANNEL.id, r: card.responseUrl });
  });
});

describe('the card in a modal, without approvers', () => {
  const rig = useSlackRig({ env: { APPROVER_USER_IDS: '' } });

  test('Request cancellation… says "no approvers configured" under the card’s buttons instead of opening the form', async () => {
    const card = await lookUpInModal(rig, '090-1234-5678');
    const { triggerId: trigger } = await clickInModal(rig, card, ACTIONS.requestCancellation);
    const view = await modalAfterUpdate(rig, card, 2);
    expect(visibleText(view.blocks)).toContain('No approvers are configured');
    expect(actionIds(view.blocks)).toEqual([ACTIONS.refreshCard, ACTIONS.requestCancellation, ACTIONS.requestContractChange]);
    expect(formsPushed(rig, trigger)).toHaveLength(0);
    expect(rig.double.callsTo('views.open').filter((call) => call.body.trigger_id === trigger)).toHaveLength(0);
  });

  test('a second refusal replaces the first rather than adding to it', async () => {
    const card = await lookUpInModal(rig, '070-1111-2222');
    await clickInModal(rig, card, ACTIONS.requestCancellation);
    const once = await modalAfterUpdate(rig, card, 2);
    await clickInModal(rig, { viewId: card.viewId, view: once }, ACTIONS.requestContractChange);
    const twice = await modalAfterUpdate(rig, card, 3);
    expect(visibleText(twice.blocks).split('No approvers are configured')).toHaveLength(2);
  });
});
