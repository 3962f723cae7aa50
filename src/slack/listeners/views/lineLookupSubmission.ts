import type { Middleware } from '@slack/bolt';
import { formatPhoneNumber } from '../../../phone.js';
import type { SlackDeps } from '../../deps.js';
import { readLookupForm } from '../../lineCard/lineLookupModal.js';
import { esc } from '../../i18n/index.js';
import { lineCardModal } from '../../lineCard/lineCardModal.js';
import { showCardInModal } from '../../flows/showCardInModal.js';
import { readSubmission, type SubmitArgs } from '../../interactions/submission.js';

/** "Look up a line": "Looking up…" in the ack, then the card in the same modal. */
export function lineLookupSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return async ({ ack, body, client }) => {
    const submission = readSubmission(deps, body);
    if (!submission) return ack();
    const { voice, origin } = submission;
    const form = readLookupForm(submission.values, voice.t);
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    const phone = form.value;
    await ack({
      response_action: 'update',
      view: lineCardModal(voice, { text: voice.t.lookingUp(esc(formatPhoneNumber(phone))) }, origin),
    });
    // The lookup form is opened by the global shortcut or App Home's button.
    await showCardInModal(deps, client, {
      viewId: submission.viewId,
      userId: submission.userId,
      voice,
      phone,
      origin,
      surface: origin.onHome ? 'home' : 'shortcut',
    });
  };
}
