import type { Middleware } from '@slack/bolt';
import { requestLogger, type SlackDeps } from '../../deps.js';
import type { AnySlackOperation } from '../../operations/index.js';
import { handOverChangeRequest } from './handOver.js';
import { readSubmission, type SubmitArgs } from './submission.js';

/**
 * A request form's submission (each change operation's form): field errors in the ack, else
 * the modal closes and the request, as the operation makes a draft of the form, goes to the workflow.
 */
export function changeSubmission(deps: SlackDeps, operation: AnySlackOperation): Middleware<SubmitArgs> {
  return async ({ ack, body, client, context }) => {
    const submission = readSubmission(deps, body);
    if (!submission) return ack();
    const form = operation.readForm(submission.values, submission.voice.t, { planCodes: deps.planCodes, nowMs: deps.clock.now() });
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    await ack();
    await handOverChangeRequest(deps, client, { ...submission, log: requestLogger(context, deps), draft: operation.draft(form.value), reason: form.value.reason });
  };
}
