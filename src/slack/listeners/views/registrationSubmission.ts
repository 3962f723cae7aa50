import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { readRegistrationForm } from '../../forms.js';
import { changeSubmission } from './handOver.js';
import type { SubmitArgs } from './submission.js';

/** The registration form: field errors in the ack, else the request goes to the workflow. */
export function registrationSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return changeSubmission(
    deps,
    (values, t) => readRegistrationForm(values, t, deps.planCodes, deps.clock.now()),
    ({ phone, planCode, startDate }) => ({ operation: 'register', order: { phone, planCode, ...(startDate ? { startDate } : {}) } }),
  );
}
