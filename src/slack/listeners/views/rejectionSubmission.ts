import type { Middleware } from '@slack/bolt';
import { tellPrivately } from '../../answer.js';
import { requestLogger, voiceFor, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import { publishHome } from '../../home.js';
import { FIELDS } from '../../ids.js';
import { viewSubmissionPayload } from '../../payloads.js';
import { decodeRejection } from '../../views/rejectionModal.js';
import type { SubmitArgs } from './submission.js';

/**
 * The reason for a rejection: a blank one is sent back to its field in the ack; otherwise
 * the modal closes and the workflow rejects (checking again who may). A refusal goes to the
 * approver alone; the outcome shows on the approval message and in its thread.
 */
export function rejectionSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return async ({ ack, body, client, context }) => {
    const parsed = viewSubmissionPayload.safeParse(body);
    const origin = parsed.success ? decodeRejection(parsed.data.view.private_metadata) : undefined;
    if (!parsed.success || !origin) {
      deps.logger.warn({ event: 'slack.unreadable_rejection' }, 'rejection form not understood');
      return ack();
    }
    const voice = voiceFor(deps, origin.locale);
    const reason = (parsed.data.view.state.values[FIELDS.rejectionReason.block]?.[FIELDS.rejectionReason.action]?.value ?? '').trim();
    if (reason === '') return ack({ response_action: 'errors', errors: { [FIELDS.rejectionReason.block]: voice.t.approval.rejectModal.reasonBlank } });
    await ack();
    const userId = parsed.data.user.id;
    try {
      await deps.approvals.reject(origin.requestId, userId, reason, requestLogger(context, deps));
    } catch (error) {
      const sentence = describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
      try {
        await tellPrivately(client, deps.logger, userId, origin, voice.message(sentence));
      } catch (caught) {
        deps.logger.error({ event: 'slack.answer_lost', error: String(caught) }, 'could not tell the approver why the rejection was refused');
      }
    }
    if (origin.onHome) await publishHome(deps, client, userId, voice);
  };
}
