import type { MessageShortcut, Middleware, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { findPhoneNumbers } from '../../../phone.js';
import { context } from '../../kit/blocks.js';
import { voiceOf, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import { lineCardMessage, readLineFor } from '../../lineCard/lineLookup.js';
import { messageShortcutPayload } from '../../kit/payloads.js';
import { longerThan, TEXT_CAPS } from '../../kit/caps.js';
import { NUMBERS_IN_A_BUTTON, requestForNumbersBlock } from '../../requestForms/numbersButton.js';

/**
 * Message shortcut "Look up numbers in this message": a card for every phone number in the
 * message (up to `messageShortcutLimit`), each its own ephemeral message so each keeps its
 * own buttons. Slack allows five answers per response_url, so the limit is at most five. Under
 * the last card, when the message has several numbers: a button to request a change for all
 * of them (up to BULK_MAX_LINES), not only those shown.
 */
export function lookUpNumbersInMessage(deps: SlackDeps): Middleware<SlackShortcutMiddlewareArgs<MessageShortcut>> {
  return async ({ ack, body, respond }) => {
    await ack();
    const payload = messageShortcutPayload.safeParse(body);
    if (!payload.success) {
      deps.logger.warn({ event: 'slack.unreadable_shortcut' }, 'message shortcut payload not understood');
      return;
    }
    const userId = payload.data.user.id;
    const text = payload.data.message.text ?? '';
    // Past its cap, the message is refused unread: what it would cost to read is never paid.
    if (longerThan(text, TEXT_CAPS.message)) {
      deps.logger.info(
        { event: 'slack.message_too_long', userId, length: text.length },
        'message shortcut on a message past its cap, refused unread',
      );
      const voice = await voiceOf(deps, userId);
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...voice.message(voice.t.textTooLong.message(TEXT_CAPS.message)),
      });
      return;
    }
    const limit = Math.min(deps.messageShortcutLimit, 5);
    const requestable = Math.min(deps.bulkMaxLines, NUMBERS_IN_A_BUTTON);
    const found = findPhoneNumbers(text, Math.max(limit + 1, requestable));
    const phones = found.slice(0, limit);
    const voice = await voiceOf(deps, userId);
    if (phones.length === 0) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...voice.message(voice.t.noNumbersInMessage) });
      return;
    }
    // Someone who may not look hears it once, not once per number.
    try {
      await deps.approvals.refuseUnlessMayLook(userId, { phones, surface: 'message_shortcut', channelId: payload.data.channel.id });
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...voice.message(describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs })),
      });
      return;
    }
    // All lookups at once; the cards are then posted in the message's order.
    const viewer = { userId, voice, surface: 'message_shortcut', channelId: payload.data.channel.id } as const;
    const readings = await Promise.all(phones.map((phone) => readLineFor(deps, viewer, phone)));
    for (const [index, { reading }] of readings.entries()) {
      const card = lineCardMessage(voice, reading, { kind: 'ephemeral' });
      const isLast = index === readings.length - 1;
      if (isLast && found.length > limit) card.blocks.push(context([voice.t.onlyFirstNumbers(limit)]));
      if (isLast && found.length > 1) card.blocks.push(requestForNumbersBlock(voice.t, found.slice(0, requestable)));
      await respond({ response_type: 'ephemeral', replace_original: false, ...card });
    }
  };
}
