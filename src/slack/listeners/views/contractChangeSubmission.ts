import type { Middleware } from '@slack/bolt';
import { formatPhoneNumber } from '../../../phone.js';
import { requestLogger, type SlackDeps } from '../../deps.js';
import { readContractChangeForm } from '../../forms.js';
import { handOverChangeRequest } from './handOver.js';
import { readSubmission, type SubmitArgs } from './submission.js';

/** The 4G/5G form: field errors in the ack, else the request goes to the workflow. */
export function contractChangeSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return async ({ ack, body, client, context }) => {
    const submission = readSubmission(deps, body);
    if (!submission) return ack();
    const { voice } = submission;
    const form = readContractChangeForm(submission.values, voice.t);
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    await ack();
    const { phone, contractLine, productNumber, reason } = form.value;
    await handOverChangeRequest(deps, client, {
      ...submission,
      log: requestLogger(context, deps),
      draft: { operation: 'contract', order: { phone, contractLine, ...(productNumber ? { productNumber } : {}) } },
      reason,
      summary: voice.t.changeSummary({ operation: 'contract', phone: formatPhoneNumber(phone), contractLine }),
    });
  };
}
