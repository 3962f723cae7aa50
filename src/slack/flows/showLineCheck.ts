import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { PhoneNumber } from '../../phone.js';
import type { ChangeDraft } from '../../workflow/index.js';
import type { SlackDeps } from '../deps.js';
import { describeError } from '../errors.js';
import type { ModalView } from '../kit/blocks.js';
import type { FormOrigin } from '../kit/origin.js';
import type { Voice } from '../kit/voice.js';
import { lineCheckRefusedView, lineCheckView } from '../requestForms/lineCheckViews.js';

/**
 * After a form of several numbers was acknowledged with "Checking…" (`response_action: update`):
 * the workflow looks each line up (checkLines: nothing recorded but the check), and the summary
 * replaces "Checking…" in the same modal, by its view id; a refusal of the whole request (no
 * approvers, not allowed here) replaces it with the sentence. A modal closed meanwhile is left
 * closed: nothing was requested.
 */
export async function showLineCheck(
  deps: SlackDeps,
  client: webApi.WebClient,
  request: {
    viewId: string;
    userId: string;
    voice: Voice;
    origin: FormOrigin;
    draft: ChangeDraft;
    reason: string;
    phones: PhoneNumber[];
    log?: Logger;
  },
): Promise<void> {
  const { voice, origin } = request;
  let view: ModalView;
  try {
    const check = await deps.approvals.checkLines(
      {
        draft: request.draft,
        phones: request.phones,
        reason: request.reason,
        requesterId: request.userId,
        ...(origin.channelId ? { channelId: origin.channelId } : {}),
      },
      request.log,
    );
    view = lineCheckView(voice, check, origin);
  } catch (error) {
    const sentence = describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
    view = lineCheckRefusedView(voice, voice.t.operations[request.draft.operation].title, sentence, origin);
  }
  try {
    await client.views.update({ view_id: request.viewId, view });
  } catch (error) {
    deps.logger.warn(
      { event: 'slack.views_update_failed', error: String(error) },
      'could not show the check of several lines (the form was probably closed); nothing was requested',
    );
  }
}
