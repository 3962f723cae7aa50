import type { Middleware } from '@slack/bolt';
import { requestLogger, type SlackDeps } from '../../deps.js';
import type { AnySlackOperation } from '../../changeForms/index.js';
import { readChangeForm } from '../../changeForms/readChangeForm.js';
import { WorkflowError } from '../../../workflow/index.js';
import { describeError } from '../../errors.js';
import { checkingView, lineCheckRefusedView } from '../../requestForms/lineCheckViews.js';
import { handOverChangeRequest } from '../../flows/handOver.js';
import { showLineCheck } from '../../flows/showLineCheck.js';
import { readSubmission, type SubmitArgs } from '../../interactions/submission.js';

/**
 * A request form's submission (each change operation's form): field errors in the ack. One
 * number: the modal closes and the request, as the operation makes a draft of the form, goes to
 * the workflow. Several: "Checking…" replaces the form in the ack, then the summary
 * of their pre-flight (showLineCheck), from which the requester asks for the lines that can be.
 */
export function changeSubmission(deps: SlackDeps, operation: AnySlackOperation): Middleware<SubmitArgs> {
  return async ({ ack, body, client, context }) => {
    const submission = readSubmission(deps, body);
    if (!submission) return ack();
    const form = readChangeForm(operation, submission.values, submission.voice.t, {
      planCodes: deps.planCodes,
      bulkMaxLines: deps.bulkMaxLines,
      nowMs: deps.clock.now(),
    });
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    const { draft, reason, phones } = form.value;
    const log = requestLogger(context, deps);
    if (phones.length === 1) {
      await ack();
      await handOverChangeRequest(deps, client, { ...submission, log, draft, reason });
      return;
    }
    const { voice, origin } = submission;
    // What the configuration alone refuses is said in the ack itself: a views.update sent after
    // it could reach Slack before "Checking…" does, and be drawn over.
    const refusal = deps.approvals.refusalBeforeAsking(origin.channelId);
    if (refusal) {
      const sentence = describeError(new WorkflowError(refusal), voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
      return ack({
        response_action: 'update',
        view: lineCheckRefusedView(voice, voice.t.operations[draft.operation].title, sentence, origin),
      });
    }
    // Nothing slow before the ack: Slack drops a submission not acknowledged within 3 s.
    await ack({ response_action: 'update', view: checkingView(voice, draft.operation, phones.length, origin) });
    await showLineCheck(deps, client, { ...submission, log, draft, reason, phones });
  };
}
