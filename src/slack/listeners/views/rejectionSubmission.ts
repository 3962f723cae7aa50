import type { Middleware } from '@slack/bolt';
import { tellPrivately } from '../../kit/answer.js';
import { requestLogger, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import { readRejectionForm } from '../../kit/formReader.js';
import { publishHome } from '../../home/publishHome.js';
import { readSubmission, type SubmitArgs } from '../../interactions/submission.js';

/**
 * The reason for a rejection: a blank one is sent back to its field in the ack; otherwise
 * the modal closes and the workflow rejects (checking again who may). A refusal goes to the
 * approver alone; the outcome shows on the approval message and in its thread.
 */
export function rejectionSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return async ({ ack, body, client, context }) => {
    const submission = readSubmission(deps, body);
    if (!submission) return ack();
    const { origin, voice, userId } = submission;
    const { requestId } = origin;
    if (!requestId) {
      deps.logger.warn({ event: 'slack.unreadable_rejection' }, 'rejection form not understood');
      return ack();
    }
    const form = readRejectionForm(submission.values, voice.t);
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    await ack();
    try {
      await deps.approvals.reject(requestId, userId, form.value, requestLogger(context, deps));
    } catch (error) {
      const sentence = describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
      try {
        await tellPrivately(client, deps.logger, userId, origin, voice.message(sentence));
      } catch (caught) {
        deps.logger.error(
          { event: 'slack.answer_lost', error: String(caught) },
          'could not tell the approver why the rejection was refused',
        );
      }
    }
    if (origin.onHome) await publishHome(deps, client, userId, voice);
  };
}
