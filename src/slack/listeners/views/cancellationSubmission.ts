import type { Middleware } from '@slack/bolt';
import { formatFreebitDate } from '../../../dates.js';
import { formatPhoneNumber } from '../../../phone.js';
import { requestLogger, type SlackDeps } from '../../deps.js';
import { readCancellationForm } from '../../forms.js';
import { handOverChangeRequest } from './handOver.js';
import { readSubmission, type SubmitArgs } from './submission.js';

/** The cancellation form: field errors in the ack, else the request goes to the workflow. */
export function cancellationSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return async ({ ack, body, client, context }) => {
    const submission = readSubmission(deps, body);
    if (!submission) return ack();
    const { voice } = submission;
    const form = readCancellationForm(submission.values, voice.t, deps.clock.now());
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    await ack();
    const { phone, runDate, reason } = form.value;
    await handOverChangeRequest(deps, client, {
      ...submission,
      log: requestLogger(context, deps),
      draft: { operation: 'cancel', order: { phone, ...(runDate ? { runDate } : {}) } },
      reason,
      summary: voice.t.changeSummary({ operation: 'cancel', phone: formatPhoneNumber(phone), ...(runDate ? { runDate: formatFreebitDate(runDate) } : {}) }),
    });
  };
}
