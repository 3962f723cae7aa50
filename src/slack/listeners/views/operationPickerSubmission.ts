import type { Middleware } from '@slack/bolt';
import { formatPhoneNumber } from '../../../phone.js';
import { refusalToAskQuickly, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import { FIELDS } from '../../ids.js';
import { readPickerForm } from '../../forms.js';
import { cancellationModal } from '../../views/cancellationModal.js';
import { contractChangeModal } from '../../views/contractChangeModal.js';
import { lineCardModal } from '../../views/lineCardModal.js';
import { registrationModal } from '../../views/registrationModal.js';
import { showCardInModal } from './showCardInModal.js';
import { readSubmission, type SubmitArgs } from './submission.js';
import { WorkflowError } from '../../../workflow/index.js';

/** Bare `/freebit`, "Next": the chosen operation's own form replaces the picker (in the ack). */
export function operationPickerSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return async ({ ack, body, client }) => {
    const submission = readSubmission(deps, body);
    if (!submission) return ack();
    const { voice, origin } = submission;
    const form = readPickerForm(submission.values, voice.t);
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    const { operation, phone } = form.value;
    const beforeAsking = operation === 'lookup' ? undefined : deps.approvals.refusalBeforeAsking(origin.channelId);
    const refusal = beforeAsking ? new WorkflowError(beforeAsking) : operation === 'lookup' ? undefined : await refusalToAskQuickly(deps, submission.userId);
    if (refusal) {
      const sentence = describeError(refusal, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
      return ack({ response_action: 'errors', errors: { [FIELDS.operation.block]: sentence } });
    }
    switch (operation) {
      case 'lookup':
        await ack({ response_action: 'update', view: lineCardModal(voice, { text: voice.t.lookingUp(formatPhoneNumber(phone!)) }, origin) });
        await showCardInModal(deps, client, { viewId: submission.viewId, userId: submission.userId, voice, phone: phone!, origin, surface: 'modal' });
        return;
      case 'cancel':
        return ack({ response_action: 'update', view: cancellationModal(voice, { phone }, origin) });
      case 'contract':
        return ack({ response_action: 'update', view: contractChangeModal(voice, { phone }, origin) });
      case 'register':
        return ack({ response_action: 'update', view: registrationModal(voice, { phone }, deps.planCodes, origin) });
    }
  };
}
