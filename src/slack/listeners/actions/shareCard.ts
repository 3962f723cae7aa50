import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import { lineCardMessage, readLineFor } from '../../lineLookup.js';
import { readCardClick, type ButtonArgs } from './cardAction.js';

/** "Share in channel": the card, read again now, posted for everyone in the channel. */
export function shareCard(deps: SlackDeps): Middleware<ButtonArgs> {
  return async ({ ack, body, client, respond }) => {
    await ack();
    const click = readCardClick(deps, body);
    const channelId = click?.payload.channel?.id;
    if (!click || !channelId) return;
    const { voice, reading } = await readLineFor(deps, click.userId, click.phone);
    if (!reading.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...voice.message(reading.sentence) });
      return;
    }
    try {
      await client.chat.postMessage({ channel: channelId, ...lineCardMessage(voice, reading, { kind: 'channel', sharedBy: click.userId }) });
    } catch (error) {
      const sentence = describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
      await respond({ response_type: 'ephemeral', replace_original: false, ...voice.message(sentence) });
    }
  };
}
