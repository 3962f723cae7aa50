import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { MessageBody } from './blocks.js';
import type { FormOrigin } from './origin.js';

type Client = Pick<webApi.WebClient, 'chat'>;

/**
 * Posts to a response_url (what Bolt's `respond()` does), for answers given after the
 * request that carried it: a modal submitted later answers where its command was typed.
 */
export async function postToResponseUrl(url: string, body: MessageBody & { replace_original?: boolean }): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...body }),
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
}

/**
 * Tells one person something only they should see, where they asked: through the
 * response_url when there is one (works in any channel, bot member or not), else as an
 * ephemeral message in the channel, else in their DM with the bot.
 */
export async function tellPrivately(client: Client, logger: Logger, userId: string, origin: FormOrigin, body: MessageBody): Promise<void> {
  if (origin.responseUrl) {
    try {
      return await postToResponseUrl(origin.responseUrl, body);
    } catch (error) {
      logger.warn({ event: 'slack.response_url_failed', error: String(error) }, 'response_url refused the answer; trying the next way');
    }
  }
  if (origin.channelId) {
    try {
      await client.chat.postEphemeral({ channel: origin.channelId, user: userId, ...body });
      return;
    } catch (error) {
      logger.warn({ event: 'slack.ephemeral_failed', error: String(error) }, 'could not post ephemerally; sending a DM');
    }
  }
  await client.chat.postMessage({ channel: userId, ...body });
}
