import { describe, expect, test } from 'vitest';
import type { Line } from '../../../src/freebit/index.js';
import { phoneNumber } from '../../../src/phone.js';
import { CATALOGS, esc, userMention, type Catalog } from '../../../src/slack/i18n/index.js';
import { stateBadge } from '../../../src/slack/i18n/speak.js';
import { lineCardBlocks, lineCardText, type CardPlacement } from '../../../src/slack/lineCard/lineCard.js';
import { buttonLabels, visibleText } from '../../../tools/slackDouble/blockText.js';

const READ_AT = Date.UTC(2026, 10, 22, 5, 2, 0); // 14:02 JST

const aLine = (overrides: Partial<Line> = {}): Line => ({
  phone: phoneNumber('09012345678'),
  state: 'active',
  planCode: 'LTE3G_P01',
  contractLine: '4G',
  imsi: '440103123456789',
  iccid: '8981100005012345671',
  voice: true,
  sms: false,
  ...overrides,
});

describe.each(Object.values(CATALOGS))('the line card ($locale)', (t: Catalog) => {
  const card = (line: Line, placement: CardPlacement = { kind: 'ephemeral' }) => lineCardBlocks({ line, readAt: READ_AT, placement }, t);

  test('the state as a badge, the facts under their labels, and when Freebit was read', () => {
    const text = visibleText(card(aLine()));
    expect(text).toContain(stateBadge(t, 'active'));
    expect(text).toContain(`*${t.labels.plan}*\nLTE3G_P01`);
    expect(text).toContain(`*${t.labels.voiceAndSms}*\n${t.voiceAndSms(t.onOff.on, t.onOff.off)}`);
    expect(text).toContain(`*${t.labels.startDate}*\n${t.notSet}`);
    expect(text).toContain(t.readAt(esc('2026-11-22 14:02 JST')));
    expect(lineCardText(aLine(), t)).toBe(t.cardText(esc('090-1234-5678'), t.lineStates.active));
  });

  test('a change waiting at Freebit, scheduled or not', () => {
    expect(visibleText(card(aLine({ pendingChange: { func: 'cancel', date: '20261130' } })))).toContain(
      t.pendingScheduled(t.changes.cancel, esc('2026-11-30')),
    );
    expect(visibleText(card(aLine({ pendingChange: { func: 'chgctract' } })))).toContain(t.pendingAtFreebit(t.changes.chgctract));
  });

  test('values from Freebit reach the card inert', () => {
    expect(visibleText(card(aLine({ planCode: '<b>&plan' })))).toContain(esc('<b>&plan'));
  });

  test('its buttons: share (own copy only), refresh, and each change a card offers, none on a cancelled line', () => {
    expect(buttonLabels(card(aLine()))).toEqual([
      t.buttons.share,
      t.buttons.refresh,
      t.operations.cancel.cardButton,
      t.operations.contract.cardButton,
    ]);
    expect(buttonLabels(card(aLine({ state: 'obsolete' })))).toEqual([t.buttons.share, t.buttons.refresh]);
  });

  test('shared in a channel: who shared it, the IMSI hidden and the ICCID cut to its last four digits', () => {
    const text = visibleText(card(aLine(), { kind: 'channel', sharedBy: 'U0SHARER', fullIdentifiers: false }));
    expect(text).toContain(t.sharedBy(userMention('U0SHARER')));
    expect(text).toContain(`_${t.hiddenWhenShared}_`);
    expect(text).not.toContain('440103123456789');
    expect(text).toContain('5671');
  });
});
