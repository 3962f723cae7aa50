import type { webApi } from '@slack/bolt';
import type { PhoneNumber } from '../../phone.js';
import type { LookupSurface } from '../../workflow/index.js';
import { tellPrivately } from '../kit/answer.js';
import type { SlackDeps } from '../deps.js';
import { lineCardContent, lineCardMessage, readLineFor } from '../lineCard/lineLookup.js';
import type { FormOrigin } from '../kit/origin.js';
import { lineCardModal } from '../lineCard/lineCardModal.js';
import type { Voice } from '../kit/voice.js';

/**
 * After a lookup form was acknowledged with "Looking up…" (`response_action: update`), the
 * card (or the sentence why there is none) replaces it in the same modal. When the modal can
 * no longer be updated (closed while Freebit was read), the person still gets what they
 * asked for, privately: where the form was opened from, else by DM.
 */
export async function showCardInModal(
  deps: SlackDeps,
  client: webApi.WebClient,
  request: { viewId: string; userId: string; voice: Voice; phone: PhoneNumber; origin: FormOrigin; surface: LookupSurface },
): Promise<void> {
  const { voice, reading } = await readLineFor(
    deps,
    { userId: request.userId, voice: request.voice, surface: request.surface, channelId: request.origin.channelId },
    request.phone,
  );
  try {
    await client.views.update({ view_id: request.viewId, view: lineCardModal(voice, lineCardContent(voice, reading), request.origin) });
    return;
  } catch (error) {
    deps.logger.warn(
      { event: 'slack.views_update_failed', error: String(error) },
      'could not show the card in its modal (probably closed); sending it privately',
    );
  }
  try {
    await tellPrivately(client, deps.logger, request.userId, request.origin, lineCardMessage(voice, reading, { kind: 'ephemeral' }));
  } catch (error) {
    deps.logger.error({ event: 'slack.answer_lost', error: String(error) }, 'could not give the person the card they looked up');
  }
}
