/**
 * Everything the bot sends stays within Block Kit's documented limits, and says SANDBOX.
 * Each end-to-end file checks the limits on what it made the bot send; this one drives every
 * surface once more with the data most likely to overflow (every field present and far too
 * long, 100 long plan codes, Japanese), then checks all of it.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { ACTIONS, SHORTCUTS, VIEWS } from '../../../src/slack/kit/ids.js';
import { BLOCK_KIT_LIMITS } from '../../../src/slack/kit/limits.js';
import { ackViolations, blockKitViolations } from '../../../tools/slackDouble/blockKitLimits.js';
import { findButton, visibleText, type SlackRig } from '../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../support/slackBot.js';
import {
  appHomeOpened,
  blockActions,
  globalShortcut,
  messageShortcut,
  state,
  viewSubmission,
} from '../../../tools/slackDouble/requests.js';

const PLAN_CODES = Array.from({ length: 100 }, (_, index) => `PLAN_${String(index).padStart(3, '0')}_${'X'.repeat(55)}`);
const HUGE = 'Z'.repeat(5_000);

describe('Block Kit limits', () => {
  const rig = useSlackRig({ checkLimits: false, env: { FREEBIT_PLAN_CODES: PLAN_CODES.join(',') } });
  beforeAll(async () => {
    const everyField = {
      account: '09011112222',
      state: 'active' as const,
      planCode: HUGE,
      contractLine: '5G' as const,
      iccid: '8981100005012345671',
      imsi: '440109011112222',
      size: 'nano' as const,
      sms: 10 as const,
      talk: 10 as const,
      ipv4: '203.0.113.250',
      ipv6: '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
      quota: 123456789,
      startDate: '20240101',
      masterAccount: HUGE,
    };
    rig.sandbox.putLine(everyField);
    await driveEverySurface(rig);
  });

  test('the checker itself catches an oversized message (so an empty result means something)', () => {
    const problems = blockKitViolations({
      method: 'chat.postMessage',
      token: undefined,
      at: 0,
      body: {
        text: 'x',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }, ...Array(50).fill({ type: 'divider' })],
      },
    });
    expect(problems).toEqual([
      'chat.postMessage.blocks: 51 items (limit 50)',
      'chat.postMessage.blocks[0].text.text: 151 characters (limit 150)',
    ]);
    expect(ackViolations({ response_action: 'errors', errors: { phone: 'e'.repeat(BLOCK_KIT_LIMITS.fieldError + 1) } })).toHaveLength(1);
  });

  test('a line whose details are far longer than Slack allows still gets a card, shortened', async () => {
    const { responseUrl } = await rig.command('090-1111-2222');
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain('ZZZZ…');
    expect(blockKitViolations(reply)).toEqual([]);
  });

  test('every surface, in English and Japanese, with long data, stays within the limits', () => {
    const sent = rig.double.calls.filter((call) => call.method !== 'users.info' && call.method !== 'auth.test');
    expect(sent.length).toBeGreaterThan(40);
    expect(rig.limitViolations()).toEqual([]);
  });

  test('every message and view says SANDBOX when Freebit is the embedded sandbox', () => {
    const messages = rig.double.calls.filter((call) => call.method === 'response_url' || call.method.startsWith('chat.'));
    const views = rig.double.calls
      .filter((call) => call.method.startsWith('views.'))
      .map((call) => call.body.view as { blocks: Array<{ block_id?: string }> });
    expect(
      messages.filter((call) => !String(call.body.text).startsWith('[SANDBOX] ') || !visibleText(call.body.blocks).includes('SANDBOX')),
    ).toEqual([]);
    expect(views.filter((view) => view.blocks[0]?.block_id !== 'sandbox_banner')).toEqual([]);
  });
});

/** Every surface once per person, in English and in Japanese; resolves when every answer has arrived. */
async function driveEverySurface(rig: SlackRig): Promise<void> {
  rig.double.setUser({ id: 'U0JAPAN03', locale: 'ja-JP' });
  for (const userId of ['U0AGENT01', 'U0JAPAN03']) {
    // Commands: cards (ephemeral), help, mistakes, every modal.
    for (const text of [
      '09011112222',
      '08038433843',
      '08099998888',
      '09099990000',
      'help',
      'x'.repeat(3000),
      'cancel 09011112222 2026-12-01',
      'contract 09011112222 4G',
      'register',
      '',
    ]) {
      await rig.command(text, { user_id: userId });
    }
    // Buttons on the card: share, refresh, both request forms.
    const { responseUrl } = await rig.command('09011112222', { user_id: userId });
    const card = (await rig.double.waitForResponse(responseUrl)).body.blocks;
    for (const actionId of [ACTIONS.shareCard, ACTIONS.refreshCard, ACTIONS.requestCancellation, ACTIONS.requestContractChange]) {
      await rig.send(blockActions({ actionId, value: findButton(card, actionId).value, userId, responseUrl: rig.double.responseUrl() }));
    }
    // Shortcuts, App Home, and the forms' answers (errors, updates, hand-over).
    await rig.send(globalShortcut({ callbackId: SHORTCUTS.lookUpLine, userId }));
    await rig.send(
      messageShortcut({
        callbackId: SHORTCUTS.lookUpNumbersInMessage,
        text: '09011112222, 08038433843, 09099990000',
        responseUrl: rig.double.responseUrl(),
        userId,
      }),
    );
    await rig.send(appHomeOpened(userId));
    const locale = userId === 'U0JAPAN03' ? 'ja' : 'en';
    const metadata = JSON.stringify({ l: locale, r: rig.double.responseUrl() });
    await rig.send(
      viewSubmission({
        callbackId: VIEWS.lineLookup,
        privateMetadata: metadata,
        userId,
        values: { phone: { phone_value: state.text('09011112222') } },
      }),
    );
    await rig.send(
      viewSubmission({
        callbackId: VIEWS.cancellation,
        privateMetadata: metadata,
        userId,
        values: { phone: { phone_value: state.text('1') }, reason: { reason_value: state.text(' ') } },
      }),
    );
    await rig.send(
      viewSubmission({
        callbackId: VIEWS.cancellation,
        privateMetadata: metadata,
        userId,
        values: { phone: { phone_value: state.text('09011112222') }, reason: { reason_value: state.text('r'.repeat(500)) } },
      }),
    );
    await rig.send(
      viewSubmission({
        callbackId: VIEWS.operationPicker,
        privateMetadata: metadata,
        userId,
        values: { operation: { operation_value: state.radio('register') }, phone: { phone_value: state.text(null) } },
      }),
    );
  }
  // Wait for every answer those requests cause (per person: 12 through response_urls, 7 forms opened).
  await rig.double.waitForCalls('response_url', 24);
  await rig.double.waitForCalls('views.open', 14);
  await rig.double.waitForCalls('views.publish', 2);
  await rig.double.waitForCalls('views.update', 2);
  await rig.double.waitForCalls('chat.postMessage', 2);
}
