import type { webApi } from '@slack/bolt';
import { voiceOf, type SlackDeps } from '../deps.js';
import { describeError } from '../errors.js';
import { tellPrivately } from '../kit/answer.js';
import { lineLookupModal } from '../lineCard/lineLookupModal.js';

/**
 * The lookup form (the global shortcut, App Home's button). Neither has a channel or a
 * response_url: when Slack will not open the form, the person hears why in their DM with
 * the bot (its Messages tab).
 */
export async function openLookupForm(
  deps: SlackDeps,
  client: webApi.WebClient,
  userId: string,
  triggerId: string,
  from: 'shortcut' | 'home',
): Promise<void> {
  const voice = await voiceOf(deps, userId);
  try {
    await client.views.open({
      trigger_id: triggerId,
      view: lineLookupModal(voice, { locale: voice.t.locale, ...(from === 'home' ? { onHome: true } : {}) }),
    });
  } catch (error) {
    deps.logger.warn({ event: 'slack.views_open_failed', error: String(error) }, 'could not open the lookup form');
    const sentence = describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
    try {
      await tellPrivately(client, deps.logger, userId, { locale: voice.t.locale }, voice.message(sentence));
    } catch (caught) {
      deps.logger.error({ event: 'slack.answer_lost', error: String(caught) }, 'could not tell the person the lookup form did not open');
    }
  }
}
