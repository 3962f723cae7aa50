import { describe, expect, test } from 'vitest';
import { ACTIONS, FIELDS, SHORTCUTS, VIEWS } from '../../../../src/slack/kit/ids.js';
import { en } from '../../../../src/slack/i18n/index.js';
import { actionIds } from '../../../support/requestState.js';
import { visibleText } from '../../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../../support/slackBot.js';
import {
  AGENT,
  appHomeOpened,
  blockActions,
  globalShortcut,
  messageShortcut,
  state,
  triggerId,
  viewSubmission,
} from '../../../../tools/slackDouble/requests.js';

describe('shortcuts and App Home', () => {
  const rig = useSlackRig();

  const lookUpInMessage = async (text: string) => {
    const responseUrl = rig.double.responseUrl();
    const ack = await rig.send(messageShortcut({ callbackId: SHORTCUTS.lookUpNumbersInMessage, text, responseUrl }));
    return { ack, responseUrl };
  };

  test('"Look up a line" opens a form asking for the number', async () => {
    const trigger = triggerId();
    await rig.send(globalShortcut({ callbackId: SHORTCUTS.lookUpLine, triggerId: trigger }));
    const { view } = await rig.openedView({ triggerId: trigger });
    expect(view.callback_id).toBe(VIEWS.lineLookup);
    expect(view.title.text).toBe('Look up a line');
    expect(JSON.stringify(view.blocks)).toContain(`"block_id":"${FIELDS.phone.block}"`);
  });

  test('submitting "Look up a line" shows the card in the same modal, without Share', async () => {
    const ack = await rig.send(
      viewSubmission({
        callbackId: VIEWS.lineLookup,
        privateMetadata: '{"l":"en"}',
        viewId: 'V0LOOKUP01',
        values: { phone: { phone_value: state.text('0701111 2222') } },
      }),
    );
    expect(ack.body).toMatchObject({ response_action: 'update', view: { callback_id: VIEWS.lineCard } });
    const { view } = await rig.openedView({ viewId: 'V0LOOKUP01' });
    // The suspended line's card (its state's red circle), without Share.
    expect(visibleText(view.blocks)).toContain('070-1111-2222');
    expect(visibleText(view.blocks)).toContain(':red_circle:');
    expect(actionIds(view.blocks)).toEqual([ACTIONS.refreshCard, ACTIONS.requestCancellation, ACTIONS.requestContractChange]);
  });

  test('"Look up a line" whose form Slack will not open tells the person why in their DM', async () => {
    rig.double.failNext('views.open', 'expired_trigger_id');
    await rig.send(globalShortcut({ callbackId: SHORTCUTS.lookUpLine }));
    const dm = await rig.double.waitForCall(
      'chat.postMessage',
      (call) => call.body.channel === AGENT.id && visibleText(call.body.blocks).includes(en.formExpired),
    );
    expect(dm.body.text).toContain(en.formExpired);
  });

  test('a looked-up card whose modal was closed meanwhile comes by DM instead', async () => {
    rig.double.failNext('views.update', 'not_found');
    await rig.send(
      viewSubmission({
        callbackId: VIEWS.lineLookup,
        privateMetadata: '{"l":"en"}',
        viewId: 'V0LOOKUP02',
        values: { phone: { phone_value: state.text('070-1111-2222') } },
      }),
    );
    const dm = await rig.double.waitForCall(
      'chat.postMessage',
      (call) => call.body.channel === AGENT.id && visibleText(call.body.blocks).includes('070-1111-2222'),
    );
    expect(visibleText(dm.body.blocks)).toContain(':red_circle:');
    expect(actionIds(dm.body.blocks)).toContain(ACTIONS.refreshCard);
  });

  test('"Look up a line" with a malformed number shows the error on the field', async () => {
    const ack = await rig.send(
      viewSubmission({ callbackId: VIEWS.lineLookup, privateMetadata: '{"l":"en"}', values: { phone: { phone_value: state.text('12') } } }),
    );
    expect(ack.body).toMatchObject({ response_action: 'errors', errors: { phone: expect.stringContaining('not a phone number') } });
  });

  test('"Look up numbers in this message" shows a card for each number, in the message’s order', async () => {
    const { responseUrl } = await lookUpInMessage('Customer has 090-1234-5678 and the old line ０７０－１１１１－２２２２.');
    const first = await rig.double.waitForResponse(responseUrl, { count: 1 });
    const second = await rig.double.waitForResponse(responseUrl, { count: 2 });
    expect(first.body.response_type).toBe('ephemeral');
    expect(visibleText(first.body.blocks)).toContain('090-1234-5678');
    expect(visibleText(second.body.blocks)).toContain('070-1111-2222');
  });

  test('"Look up numbers in this message" shows at most five cards and says there were more', async () => {
    const numbers = ['09012345678', '08038433843', '07011112222', '08099998888', '09087654321', '09011110000'].join(' / ');
    const { responseUrl } = await lookUpInMessage(numbers);
    const fifth = await rig.double.waitForResponse(responseUrl, { count: 5 });
    expect(visibleText(fifth.body.blocks)).toContain('That message has more than 5 phone numbers; here are the first 5.');
    expect(rig.double.responsesTo(responseUrl)).toHaveLength(5);
  });

  test('"Look up numbers in this message" says so when a number is unknown, and still shows the others', async () => {
    const { responseUrl } = await lookUpInMessage('090-9999-0000, 090-1234-5678');
    const first = await rig.double.waitForResponse(responseUrl, { count: 1 });
    const second = await rig.double.waitForResponse(responseUrl, { count: 2 });
    expect(visibleText(first.body.blocks)).toContain('Freebit has no line with the number 090-9999-0000');
    expect(actionIds(first.body.blocks)).toEqual([]);
    expect(visibleText(second.body.blocks)).toContain('090-1234-5678');
    expect(actionIds(second.body.blocks)).toContain(ACTIONS.refreshCard);
  });

  test('"Look up numbers in this message" on a message without a number says so', async () => {
    const { responseUrl } = await lookUpInMessage('Please call the customer back tomorrow.');
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain('There is no phone number in that message');
  });

  // Once a bug: "order #9012345678" was read as 090-1234-5678 and that line's card shown.
  test('"Look up numbers in this message" does not read an order number as a phone number', async () => {
    rig.sandbox.clearReceived();
    const { responseUrl } = await lookUpInMessage('Refund for order #9012345678 is done.');
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain('There is no phone number in that message');
    expect(rig.sandbox.received).toEqual([]);
  });

  test('opening App Home shows what the bot does and a way to look a line up', async () => {
    const ack = await rig.send(appHomeOpened(AGENT.id));
    expect(ack.status).toBe(200);
    const publish = await rig.double.waitForCall('views.publish', (call) => call.body.user_id === AGENT.id);
    const view = publish.body.view as { type: string; blocks: unknown };
    expect(view.type).toBe('home');
    expect(visibleText(view.blocks)).toContain('/freebit 090-1234-5678');
    expect(actionIds(view.blocks)).toEqual([ACTIONS.homeLookUp]);
  });

  test('App Home’s "Look up a line" opens the lookup form', async () => {
    const trigger = triggerId();
    await rig.send(
      blockActions({
        actionId: ACTIONS.homeLookUp,
        triggerId: trigger,
        blockId: 'home_actions',
        container: { type: 'view', viewId: 'V0HOME0001', callbackId: '' },
      }),
    );
    const { view } = await rig.openedView({ triggerId: trigger });
    expect(view.callback_id).toBe(VIEWS.lineLookup);
  });

  test('App Home’s "Look up a line", when Slack will not open the form, tells the person why in their DM', async () => {
    rig.double.failNext('views.open', 'expired_trigger_id');
    await rig.send(
      blockActions({
        actionId: ACTIONS.homeLookUp,
        blockId: 'home_actions',
        userId: 'U0HOMEUSER',
        container: { type: 'view', viewId: 'V0HOME0002', callbackId: '' },
      }),
    );
    const dm = await rig.double.waitForCall('chat.postMessage', (call) => call.body.channel === 'U0HOMEUSER');
    expect(visibleText(dm.body.blocks)).toContain(en.formExpired);
  });
});
