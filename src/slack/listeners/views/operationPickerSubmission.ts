import type { Middleware } from '@slack/bolt';
import { formatPhoneNumber } from '../../../phone.js';
import { refusalToAskQuickly, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import { FIELDS } from '../../kit/ids.js';
import { esc } from '../../i18n/index.js';
import { slackOperation } from '../../changeForms/index.js';
import { lineCardModal } from '../../lineCard/lineCardModal.js';
import { prefillOfPicker, readPickerForm } from '../../requestForms/operationPickerModal.js';
import { showCardInModal } from '../../flows/showCardInModal.js';
import { readSubmission, type SubmitArgs } from '../../interactions/submission.js';
import { WorkflowError } from '../../../workflow/index.js';

/** Bare `/freebit`, "Next": the chosen operation's own form replaces the picker (in the ack). */
export function operationPickerSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return async ({ ack, body, client }) => {
    const submission = readSubmission(deps, body);
    if (!submission) return ack();
    const { voice, origin } = submission;
    const form = readPickerForm(submission.values, voice.t, deps.bulkMaxLines);
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    const { operation, phones } = form.value;
    const beforeAsking = operation === 'lookup' ? undefined : deps.approvals.refusalBeforeAsking(origin.channelId);
    const refusal = beforeAsking
      ? new WorkflowError(beforeAsking)
      : operation === 'lookup'
        ? undefined
        : await refusalToAskQuickly(deps, submission.userId);
    if (refusal) {
      const sentence = describeError(refusal, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
      return ack({ response_action: 'errors', errors: { [FIELDS.operation.block]: sentence } });
    }
    if (operation !== 'lookup')
      return ack({ response_action: 'update', view: slackOperation(operation).modal(voice, prefillOfPicker(phones), origin, deps) });
    const phone = phones![0]!;
    await ack({
      response_action: 'update',
      view: lineCardModal(voice, { text: voice.t.lookingUp(esc(formatPhoneNumber(phone))) }, origin),
    });
    await showCardInModal(deps, client, { viewId: submission.viewId, userId: submission.userId, voice, phone, origin, surface: 'modal' });
  };
}
