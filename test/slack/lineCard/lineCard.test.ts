import { describe, expect, test } from 'vitest';
import type { Line } from '../../../src/freebit/index.js';
import { phoneNumber } from '../../../src/phone.js';
import { ACTIONS } from '../../../src/slack/kit/ids.js';
import { lineCardBlocks, lineCardText, readCardValue, type CardPlacement } from '../../../src/slack/lineCard/lineCard.js';
import { en, ja } from '../../../src/slack/i18n/index.js';
import { actionIds, visibleText } from '../../../tools/slackDouble/blockText.js';

const READ_AT = Date.UTC(2026, 10, 22, 5, 2, 0); // 14:02 JST

function aLine(overrides: Partial<Line> = {}): Line {
  return {
    phone: phoneNumber('09012345678'),
    state: 'active',
    planCode: 'LTE3G_P01',
    contractLine: '4G',
    simSize: 'nano',
    iccid: '8981100005012345671',
    imsi: '440103123456789',
    sms: true,
    voice: false,
    quota: '3161.31',
    startDate: '20240401',
    ...overrides,
  };
}

const card = (line: Line, placement: CardPlacement = { kind: 'ephemeral' }, t = en) =>
  lineCardBlocks({ line, readAt: READ_AT, placement }, t);

describe('the line card', () => {
  test('shows the number one way, as its header', () => {
    expect(card(aLine())[0]).toMatchObject({ type: 'header', text: { text: '090-1234-5678' } });
  });

  test('shows the state as a badge', () => {
    expect(visibleText(card(aLine({ state: 'suspended' })))).toContain(':red_circle: *Suspended*');
    expect(visibleText(card(aLine({ state: 'active' })))).toContain(':large_green_circle: *Active*');
  });

  test('shows every detail Freebit gave, the ICCID with all its digits and the quota as given', () => {
    const text = visibleText(card(aLine()));
    for (const expected of [
      'LTE3G_P01',
      '4G',
      'nano',
      '`8981100005012345671`',
      '`440103123456789`',
      '3161.31',
      '2024-04-01',
      'Voice off · SMS on',
    ]) {
      expect(text).toContain(expected);
    }
  });

  test('invents no unit for the quota', () => {
    expect(visibleText(card(aLine({ quota: '3161.31' })))).toMatch(/\n3161\.31(\n|$)/);
  });

  test('shows IP addresses and the master account only when Freebit gave them', () => {
    expect(visibleText(card(aLine()))).not.toContain('IPv4');
    const text = visibleText(card(aLine({ ipv4: '203.0.113.7', ipv6: '2001:db8::7', masterAccount: 'M0001' })));
    expect(text).toContain('`203.0.113.7`');
    expect(text).toContain('`2001:db8::7`');
    expect(text).toContain('*Master account*\nM0001');
  });

  test('says a pending cancellation in words, with its date', () => {
    expect(visibleText(card(aLine({ pendingChange: { func: 'cancel', date: '20261130' } })))).toContain(
      'Cancellation scheduled for 2026-11-30',
    );
  });

  test('says a pending change without a date is pending at Freebit', () => {
    expect(visibleText(card(aLine({ pendingChange: { func: 'chgctract' } })))).toContain('4G/5G contract line change pending at Freebit');
  });

  test('says when it was read, in Japan time', () => {
    expect(visibleText(card(aLine()))).toContain('Read from Freebit at 2026-11-22 14:02 JST');
  });

  test('the caller’s own card can be shared, refreshed, and used to request a cancellation or a 4G/5G change', () => {
    expect(actionIds(card(aLine()))).toEqual([
      ACTIONS.shareCard,
      ACTIONS.refreshCard,
      ACTIONS.requestCancellation,
      ACTIONS.requestContractChange,
    ]);
  });

  test('a card shared in a channel says who shared it and cannot be shared again', () => {
    const blocks = card(aLine(), { kind: 'channel', sharedBy: 'U0AGENT01', fullIdentifiers: false });
    expect(visibleText(blocks)).toContain('<@U0AGENT01>');
    expect(visibleText(card(aLine()))).not.toContain('<@U0AGENT01>');
    expect(actionIds(blocks)).toEqual([ACTIONS.refreshCard, ACTIONS.requestCancellation, ACTIONS.requestContractChange]);
  });

  test('a card shared in a channel shows no IMSI and only the last 4 digits of the ICCID', () => {
    const text = visibleText(
      card(aLine({ iccid: '8981100012345678901', imsi: '440101234567890' }), {
        kind: 'channel',
        sharedBy: 'U0AGENT01',
        fullIdentifiers: false,
      }),
    );
    expect(text).not.toContain('440101234567890');
    expect(text).not.toContain('89811000123456');
    expect(text).toContain('•••••••••••••••8901');
    expect(text).toContain('hidden in a shared card');
  });

  test('with SHARE_FULL_IDENTIFIERS a shared card shows them whole, and the private card always does', () => {
    const line = aLine({ iccid: '8981100012345678901', imsi: '440101234567890' });
    for (const placement of [{ kind: 'channel', sharedBy: 'U0AGENT01', fullIdentifiers: true } as const, { kind: 'ephemeral' } as const]) {
      const text = visibleText(card(line, placement));
      expect(text).toContain('8981100012345678901');
      expect(text).toContain('440101234567890');
    }
  });

  test('a cancelled line offers no change requests', () => {
    expect(actionIds(card(aLine({ state: 'obsolete' })))).toEqual([ACTIONS.shareCard, ACTIONS.refreshCard]);
  });

  test('escapes what Freebit sends before it reaches mrkdwn', () => {
    expect(visibleText(card(aLine({ planCode: '<!channel> & co' })))).toContain('&lt;!channel&gt; &amp; co');
  });

  test('speaks Japanese to a Japanese reader', () => {
    const text = visibleText(card(aLine({ pendingChange: { func: 'cancel', date: '20261130' } }), { kind: 'ephemeral' }, ja));
    expect(text).toContain('利用中');
    expect(text).toContain('解約：2026-11-30 に実行予定');
    expect(text).toContain('Freebit から取得：2026-11-22 14:02 JST');
  });

  test('its notification text names the number and the state', () => {
    expect(lineCardText(aLine(), en)).toBe('Line 090-1234-5678: Active');
  });

  test('a shared card’s refresh button remembers who shared it', () => {
    const refresh = (
      card(aLine(), { kind: 'channel', sharedBy: 'U0AGENT01', fullIdentifiers: false }).at(-1) as {
        elements: Array<{ action_id: string; value: string }>;
      }
    ).elements.find((element) => element.action_id === ACTIONS.refreshCard)!;
    expect(readCardValue(refresh.value)).toEqual({ phone: '09012345678', sharedBy: 'U0AGENT01' });
  });

  test('a button value that is not a number is not read as one', () => {
    expect(readCardValue('0901234')).toBeUndefined();
  });
});
