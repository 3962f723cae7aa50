import type { webApi } from '@slack/bolt';
import { tellPrivately } from '../../answer.js';
import { relatedLinkOf } from '../../approvals/permalink.js';
import type { ChangeDraft } from '../../changeRequests.js';
import type { Logger } from '../../../logger.js';
import type { SlackDeps } from '../../deps.js';
import { describeError, slackErrorCode } from '../../errors.js';
import type { FormOrigin } from '../../origin.js';
import type { Voice } from '../../voice.js';

const APPROVAL_CHANNEL_PROBLEMS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/**
 * A valid request form, already acknowledged (the modal closed): hand it to the workflow and
 * tell the requester, where they asked, what became of it: the request's id while it waits
 * for approval, or why it was refused (with a link to the open request that holds the line).
 */
export async function handOverChangeRequest(
  deps: SlackDeps,
  client: webApi.WebClient,
  /** `log`: the Slack request's logger (`requestLogger`), handed to the workflow. */
  request: { userId: string; origin: FormOrigin; voice: Voice; draft: ChangeDraft; reason: string; summary: string; log?: Logger },
): Promise<void> {
  const { t } = request.voice;
  let sentence: string;
  try {
    const outcome = await deps.changeRequests.submit(
      {
        draft: request.draft,
        reason: request.reason,
        requesterId: request.userId,
        ...(request.origin.channelId ? { channelId: request.origin.channelId } : {}),
      },
      request.log,
    );
    sentence = outcome.outcome === 'submitted' ? t.requestSubmitted(request.summary, outcome.reference) : t.approvalsNotConfigured(request.summary);
  } catch (error) {
    const relatedLink = await relatedLinkOf(client, deps.logger, error);
    // The only Slack call a submission makes is posting the approval message: "this channel" would mislead.
    const slackError = slackErrorCode(error);
    if (slackError && APPROVAL_CHANNEL_PROBLEMS.has(slackError)) {
      deps.logger.warn({ event: 'approvals.channel_unreachable', slackError }, 'could not post the approval message');
      sentence = t.approval.approvalChannelUnreachable;
    } else {
      sentence = describeError(error, t, {
        logger: deps.logger,
        freebitTimeoutMs: deps.freebitTimeoutMs,
        phone: request.draft.order.phone,
        ...(relatedLink ? { relatedLink } : {}),
      });
    }
  }
  try {
    await tellPrivately(client, deps.logger, request.userId, request.origin, request.voice.message(sentence));
  } catch (error) {
    deps.logger.error({ event: 'slack.answer_lost', error: String(error) }, 'could not tell the requester what became of their request');
  }
}
