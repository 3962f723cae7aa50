import type { Middleware } from '@slack/bolt';
import { formatFreebitDate } from '../../../dates.js';
import { formatPhoneNumber } from '../../../phone.js';
import { requestLogger, type SlackDeps } from '../../deps.js';
import { readRegistrationForm } from '../../forms.js';
import { handOverChangeRequest } from './handOver.js';
import { readSubmission, type SubmitArgs } from './submission.js';

/** The registration form: field errors in the ack, else the request goes to the workflow. */
export function registrationSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return async ({ ack, body, client, context }) => {
    const submission = readSubmission(deps, body);
    if (!submission) return ack();
    const { voice } = submission;
    const form = readRegistrationForm(submission.values, voice.t, deps.planCodes, deps.clock.now());
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    await ack();
    const { phone, planCode, startDate, reason } = form.value;
    await handOverChangeRequest(deps, client, {
      ...submission,
      log: requestLogger(context, deps),
      draft: { operation: 'register', order: { phone, planCode, ...(startDate ? { startDate } : {}) } },
      reason,
      summary: voice.t.changeSummary({
        operation: 'register',
        phone: formatPhoneNumber(phone),
        planCode,
        ...(startDate ? { startDate: formatFreebitDate(startDate) } : {}),
      }),
    });
  };
}
