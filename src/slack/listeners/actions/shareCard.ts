import type { Middleware } from '@slack/bolt';
import { voiceOf, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import { lineCardMessage, readLineFor } from '../../lineCard/lineLookup.js';
import { readCardClick, tellClicker, type ButtonArgs } from '../../interactions/cardClick.js';

/** Why a card may not be posted in `channelId`: shared with another organisation, or Slack would not say. */
async function externalRefusal(deps: SlackDeps, channelId: string): Promise<'notSharedExternally' | 'shareUnchecked' | undefined> {
  if (!deps.externalChannels) return undefined;
  const external = await deps.externalChannels.isSharedExternally(channelId).catch(() => undefined);
  if (external === undefined) return 'shareUnchecked';
  return external ? 'notSharedExternally' : undefined;
}

/** "Share in channel": the card, read again now, posted for everyone in the channel. */
export function shareCard(deps: SlackDeps): Middleware<ButtonArgs> {
  return async ({ ack, body, client }) => {
    await ack();
    const click = readCardClick(deps, body);
    // Only a card in a channel's ephemeral message has the button (lineCard.ts): one without a channel is an old or forged click.
    const channelId = click?.payload.channel?.id;
    if (!click || !channelId) return;
    // Before the line is read: a channel shared with another organisation gets no card, and nobody's look-up is spent on it.
    const refusal = await externalRefusal(deps, channelId);
    if (refusal) {
      const voice = await voiceOf(deps, click.userId);
      await tellClicker(deps, client, click, voice, voice.t[refusal]);
      return;
    }
    const { voice, reading } = await readLineFor(deps, { userId: click.userId, surface: 'share', channelId }, click.phone);
    if (!reading.ok) {
      await tellClicker(deps, client, click, voice, reading.sentence);
      return;
    }
    try {
      await client.chat.postMessage({
        channel: channelId,
        ...lineCardMessage(voice, reading, { kind: 'channel', sharedBy: click.userId, fullIdentifiers: deps.shareFullIdentifiers }),
      });
    } catch (error) {
      await tellClicker(
        deps,
        client,
        click,
        voice,
        describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs }),
      );
    }
  };
}
