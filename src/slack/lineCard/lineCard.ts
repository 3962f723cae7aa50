import { formatFreebitDate, formatJapanTime } from '../../dates.js';
import type { Line } from '../../freebit/index.js';
import { formatPhoneNumber, parsePhoneNumber, type PhoneNumber } from '../../phone.js';
import { actions, button, context, fieldSections, header, section, type Block } from '../kit/blocks.js';
import { ACTIONS, BLOCKS } from '../kit/ids.js';
import { esc, md, userMention, type Catalog, type Mrkdwn } from '../i18n/index.js';
import { onOff, pendingChangeIn, stateBadge } from '../i18n/speak.js';
import { OPERATION_LIST } from '../changeForms/index.js';

/**
 * Where a card is shown decides its buttons: only the caller's own (ephemeral) copy can be
 * shared; a card in a modal has no channel to share to.
 */
export type CardPlacement =
  | { kind: 'ephemeral' }
  /** `fullIdentifiers`: SHARE_FULL_IDENTIFIERS; otherwise everyone in the channel sees no IMSI and only the ICCID's last 4 digits. */
  | { kind: 'channel'; sharedBy: string; fullIdentifiers: boolean }
  | { kind: 'modal' };

export interface LineCard {
  line: Line;
  /** When Freebit was read (epoch ms): the card says it, in Japan time. */
  readAt: number;
  placement: CardPlacement;
}

/**
 * The line card (PA03-02): data in, blocks out. Everything Freebit told us, each value as
 * given (the quota has no unit in the spec, so none is invented), and the time it was read:
 * a card is a snapshot, and Refresh takes a new one.
 */
export function lineCardBlocks(card: LineCard, t: Catalog): Block[] {
  const { line } = card;
  const badge = stateBadge(t, line.state);
  const readAt = t.readAt(esc(formatJapanTime(card.readAt)));
  const blocks: Block[] = [
    header(formatPhoneNumber(line.phone)),
    section(line.pendingChange ? md`${badge}\n:hourglass_flowing_sand: ${pendingChangeIn(t, line.pendingChange)}` : badge),
    ...fieldSections(lineFields(line, t, card.placement.kind === 'channel' && !card.placement.fullIdentifiers)),
    context(card.placement.kind === 'channel' ? [readAt, t.sharedBy(userMention(card.placement.sharedBy))] : [readAt]),
  ];
  const buttons = cardButtons(card, t);
  if (buttons.length > 0) blocks.push(actions(BLOCKS.cardActions, buttons));
  return blocks;
}

/** The notification text of a card message. */
export function lineCardText(line: Line, t: Catalog): Mrkdwn {
  return t.cardText(esc(formatPhoneNumber(line.phone)), t.lineStates[line.state]);
}

/** `masked`: the card is for a channel, where the subscriber's identifiers are not everyone's business. */
function lineFields(line: Line, t: Catalog, masked: boolean): Array<{ label: Mrkdwn; value: Mrkdwn }> {
  const value = (text: string | undefined) => (text === undefined || text === '' ? t.notSet : esc(text));
  const digits = (text: string | undefined) => (text === undefined || text === '' ? t.notSet : md`\`${esc(text)}\``);
  const fields = [
    { label: t.labels.plan, value: value(line.planCode) },
    { label: t.labels.contractLine, value: value(line.contractLine) },
    { label: t.labels.simSize, value: value(line.simSize) },
    { label: t.labels.voiceAndSms, value: t.voiceAndSms(onOff(t, line.voice), onOff(t, line.sms)) },
    { label: t.labels.iccid, value: digits(masked ? lastFour(line.iccid) : line.iccid) },
    { label: t.labels.imsi, value: masked && line.imsi ? md`_${t.hiddenWhenShared}_` : digits(line.imsi) },
    { label: t.labels.quota, value: value(line.quota) },
    { label: t.labels.startDate, value: line.startDate ? esc(formatFreebitDate(line.startDate)) : t.notSet },
  ];
  // Shown only when present: most lines have no global IP, and a non-master account no master.
  if (line.ipv4) fields.push({ label: t.labels.ipv4, value: digits(line.ipv4) });
  if (line.ipv6) fields.push({ label: t.labels.ipv6, value: digits(line.ipv6) });
  if (line.masterAccount) fields.push({ label: t.labels.masterAccount, value: value(line.masterAccount) });
  return fields;
}

/** All but the last 4 digits masked, the length kept (so it still reads as an ICCID). */
function lastFour(id: string | undefined): string | undefined {
  if (!id) return id;
  return id.length <= 4 ? id : `${'•'.repeat(id.length - 4)}${id.slice(-4)}`;
}

function cardButtons(card: LineCard, t: Catalog) {
  const phone = card.line.phone;
  const buttons = [];
  if (card.placement.kind === 'ephemeral') buttons.push(button({ text: t.buttons.share, actionId: ACTIONS.shareCard, value: phone }));
  buttons.push(button({ text: t.buttons.refresh, actionId: ACTIONS.refreshCard, value: cardValue(card) }));
  // A cancelled line can be neither cancelled nor changed; the buttons would only lead to a refusal.
  if (card.line.state !== 'obsolete') {
    for (const { cardButton } of OPERATION_LIST)
      if (cardButton) buttons.push(button({ text: cardButton.label(t), actionId: cardButton.actionId, value: phone }));
  }
  return buttons;
}

/** A shared card remembers who shared it, so that Refresh keeps saying so. */
function cardValue(card: LineCard): string {
  return card.placement.kind === 'channel' ? `${card.line.phone}:${card.placement.sharedBy}` : card.line.phone;
}

/** Reads a card button's value back. The number is checked again: a value is only a hint. */
export function readCardValue(value: string | undefined): { phone: PhoneNumber; sharedBy?: string } | undefined {
  const match = /^([^:]+)(?::([UW][A-Z0-9]+))?$/.exec(value ?? '');
  if (!match) return undefined;
  const parsed = parsePhoneNumber(match[1]!);
  if (!parsed.ok) return undefined;
  return match[2] ? { phone: parsed.phone, sharedBy: match[2] } : { phone: parsed.phone };
}
