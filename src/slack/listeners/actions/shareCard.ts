import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import { lineCardMessage, readLineFor } from '../../lineCard/lineLookup.js';
import { readCardClick, tellClicker, type ButtonArgs } from './cardAction.js';

/** "Share in channel": the card, read again now, posted for everyone in the channel. */
export function shareCard(deps: SlackDeps): Middleware<ButtonArgs> {
  return async ({ ack, body, client }) => {
    await ack();
    const click = readCardClick(deps, body);
    // Only a card in a channel's ephemeral message has the button (lineCard.ts): one without a channel is an old or forged click.
    const channelId = click?.payload.channel?.id;
    if (!click || !channelId) return;
    const { voice, reading } = await readLineFor(deps, { userId: click.userId, surface: 'share', channelId }, click.phone);
    if (!reading.ok) {
      await tellClicker(deps, client, click, voice, reading.sentence);
      return;
    }
    try {
      await client.chat.postMessage({ channel: channelId, ...lineCardMessage(voice, reading, { kind: 'channel', sharedBy: click.userId, fullIdentifiers: deps.shareFullIdentifiers }) });
    } catch (error) {
      await tellClicker(deps, client, click, voice, describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs }));
    }
  };
}
