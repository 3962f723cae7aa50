import { describe, expect, test } from 'vitest';
import { ACTIONS, VIEWS } from '../../../../src/slack/kit/ids.js';
import { actionIds } from '../../../support/requestState.js';
import { findButton, visibleText } from '../../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../../support/slackBot.js';
import { DOUBLE_BOT_TOKEN } from '../../../../tools/slackDouble/double.js';
import { AGENT, blockActions, SUPPORT_CHANNEL, triggerId } from '../../../../tools/slackDouble/requests.js';

describe('the line card’s buttons', () => {
  const rig = useSlackRig();

  /** `/freebit <phone>` and the card it showed. */
  async function cardFor(phone: string) {
    const { responseUrl } = await rig.command(phone);
    const reply = await rig.double.waitForResponse(responseUrl);
    return reply.body.blocks;
  }

  async function click(actionId: string, blocks: unknown, options: { ephemeral?: boolean } = {}) {
    const responseUrl = rig.double.responseUrl();
    const trigger = triggerId();
    const button = findButton(blocks, actionId);
    const ack = await rig.send(
      blockActions({
        actionId,
        value: button.value,
        responseUrl,
        triggerId: trigger,
        container: { type: 'message', ephemeral: options.ephemeral ?? true },
      }),
    );
    return { ack, responseUrl, triggerId: trigger };
  }

  test('Share in channel posts the card for everyone, saying who shared it', async () => {
    const card = await cardFor('09012345678');
    expect(visibleText(card)).not.toContain(`<@${AGENT.id}>`);
    await click(ACTIONS.shareCard, card);
    const post = await rig.double.waitForCall('chat.postMessage', (call) => call.body.channel === SUPPORT_CHANNEL.id);
    expect(post.token).toBe(DOUBLE_BOT_TOKEN);
    expect(visibleText(post.body.blocks)).toContain('090-1234-5678');
    // Who shared it is on it; sharing again is not offered.
    expect(visibleText(post.body.blocks)).toContain(`<@${AGENT.id}>`);
    expect(actionIds(post.body.blocks)).toEqual([ACTIONS.refreshCard, ACTIONS.requestCancellation, ACTIONS.requestContractChange]);
  });

  test('Share in channel, where the bot is not a member, tells the person how to invite it', async () => {
    rig.double.failNext('chat.postMessage', 'not_in_channel');
    const { responseUrl } = await click(ACTIONS.shareCard, await cardFor('09012345678'));
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(reply.body.blocks)).toContain('Invite it with `/invite @freebit-ops`');
  });

  test('Refresh reads the line again and replaces the card with the new reading', async () => {
    const blocks = await cardFor('09012345678');
    rig.clock.advance(5 * 60_000);
    rig.sandbox.clearReceived();
    const { responseUrl } = await click(ACTIONS.refreshCard, blocks);
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(reply.body.replace_original).toBe(true);
    expect(rig.sandbox.received.map((entry) => entry.path)).toEqual(['/master/getAcnt/']);
    // Read at the new time.
    expect(visibleText(reply.body.blocks)).toContain('2026-11-22 12:05 JST');
  });

  test('Refresh on a shared card keeps it shared, with who shared it', async () => {
    await click(ACTIONS.shareCard, await cardFor('07011112222'));
    const shared = await rig.double.waitForCall('chat.postMessage', (call) => visibleText(call.body.blocks).includes('070-1111-2222'));
    const { responseUrl } = await click(ACTIONS.refreshCard, shared.body.blocks, { ephemeral: false });
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(reply.body.replace_original).toBe(true);
    expect(visibleText(reply.body.blocks)).toContain(`<@${AGENT.id}>`);
    expect(actionIds(reply.body.blocks)).toEqual([ACTIONS.refreshCard, ACTIONS.requestCancellation, ACTIONS.requestContractChange]);
  });

  test('Refresh when Freebit fails keeps the card and tells only the person why', async () => {
    const blocks = await cardFor('09012345678');
    rig.sandbox.injectFault('/master/getAcnt/', { kind: 'result-code', code: 210 });
    const { responseUrl } = await click(ACTIONS.refreshCard, blocks);
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(reply.body.blocks)).toContain('Freebit has no line with the number 090-1234-5678');
  });

  test('Request cancellation… opens the cancellation form with the card’s number filled in', async () => {
    const { triggerId: trigger } = await click(ACTIONS.requestCancellation, await cardFor('09012345678'));
    const { view } = await rig.openedView({ triggerId: trigger });
    expect(view.callback_id).toBe(VIEWS.cancellation);
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"090-1234-5678"');
  });

  test('Request 4G/5G change… opens the contract change form with the card’s number filled in', async () => {
    const { triggerId: trigger } = await click(ACTIONS.requestContractChange, await cardFor('09012345678'));
    const { view } = await rig.openedView({ triggerId: trigger });
    expect(view.callback_id).toBe(VIEWS.contractChange);
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"090-1234-5678"');
  });

  test('a button whose value is not a phone number does nothing', async () => {
    rig.sandbox.clearReceived();
    const ack = await rig.send(
      blockActions({ actionId: ACTIONS.refreshCard, value: 'not-a-number', responseUrl: rig.double.responseUrl() }),
    );
    expect(ack.status).toBe(200);
    expect(rig.sandbox.received).toHaveLength(0);
  });

  test('a click on a button the bot does not know (an old message) is acknowledged at once', async () => {
    const ack = await rig.send(blockActions({ actionId: 'retired_button', value: '09012345678', responseUrl: rig.double.responseUrl() }));
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(1_000);
  });

  test('Refresh on a card inside a modal updates that modal', async () => {
    const ack = await rig.send(
      blockActions({
        actionId: ACTIONS.refreshCard,
        value: '09012345678',
        container: { type: 'view', viewId: 'V0CARD0001', privateMetadata: '{"l":"en"}' },
      }),
    );
    expect(ack.status).toBe(200);
    const { view } = await rig.openedView({ viewId: 'V0CARD0001' });
    expect(view.callback_id).toBe(VIEWS.lineCard);
    expect(visibleText(view.blocks)).toContain('090-1234-5678');
  });

  test('Request cancellation… on a card inside a modal pushes the form on top', async () => {
    const trigger = triggerId();
    // The card's modal was opened from /freebit in the support channel (its metadata says so): a request from it has a channel for its approval.
    const privateMetadata = JSON.stringify({ l: 'en', c: SUPPORT_CHANNEL.id });
    await rig.send(
      blockActions({
        actionId: ACTIONS.requestCancellation,
        value: '09012345678',
        triggerId: trigger,
        container: { type: 'view', viewId: 'V0CARD0002', privateMetadata },
      }),
    );
    const { view } = await rig.openedView({ triggerId: trigger, method: 'views.push' });
    expect(view.callback_id).toBe(VIEWS.cancellation);
  });
});
