import type { webApi } from '@slack/bolt';
import type { PhoneNumber } from '../../../phone.js';
import type { SlackDeps } from '../../deps.js';
import { lineCardContent, readLineFor } from '../../lineLookup.js';
import type { FormOrigin } from '../../origin.js';
import { lineCardModal } from '../../views/lineCardModal.js';
import type { Voice } from '../../voice.js';

/**
 * After a lookup form was acknowledged with "Looking up…" (`response_action: update`), the
 * card (or the sentence why there is none) replaces it in the same modal.
 */
export async function showCardInModal(
  deps: SlackDeps,
  client: webApi.WebClient,
  request: { viewId: string; voice: Voice; phone: PhoneNumber; origin: FormOrigin },
): Promise<void> {
  const { voice, reading } = await readLineFor(deps, request.voice, request.phone);
  try {
    await client.views.update({ view_id: request.viewId, view: lineCardModal(voice, lineCardContent(voice, reading), request.origin) });
  } catch (error) {
    deps.logger.warn({ event: 'slack.views_update_failed', error: String(error) }, 'could not show the card (the modal was probably closed)');
  }
}
