import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { readCancellationForm } from '../../forms.js';
import { changeSubmission } from './handOver.js';
import type { SubmitArgs } from './submission.js';

/** The cancellation form: field errors in the ack, else the request goes to the workflow. */
export function cancellationSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return changeSubmission(
    deps,
    (values, t) => readCancellationForm(values, t, deps.clock.now()),
    ({ phone, runDate }) => ({ operation: 'cancel', order: { phone, ...(runDate ? { runDate } : {}) } }),
  );
}
