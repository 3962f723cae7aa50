import type { webApi } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { changeOfDraft, type ChangeDraft } from '../../../workflow/index.js';
import { tellPrivately } from '../../kit/answer.js';
import { relatedLinkOf } from '../../approvals/permalink.js';
import { summaryOf } from '../../approvals/words.js';
import type { SlackDeps } from '../../deps.js';
import { describeError, slackErrorCode } from '../../errors.js';
import { esc, type Catalog, type Mrkdwn } from '../../i18n/index.js';
import type { FormOrigin } from '../../kit/origin.js';
import type { Voice } from '../../kit/voice.js';

const APPROVAL_CHANNEL_PROBLEMS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/** A change not recorded yet, in the words a recorded one is told in. */
function summaryOfDraft(draft: ChangeDraft, t: Catalog): Mrkdwn {
  return summaryOf({ phone: draft.order.phone, change: changeOfDraft(draft) }, t);
}

/**
 * A valid request form, already acknowledged (the modal closed): hand it to the workflow and
 * tell the requester, where they asked, what became of it: the request's id while it waits
 * for approval, or why it was refused (with a link to the open request that holds the line).
 */
export async function handOverChangeRequest(
  deps: SlackDeps,
  client: webApi.WebClient,
  /** `log`: the Slack request's logger (`requestLogger`), handed to the workflow. */
  request: { userId: string; origin: FormOrigin; voice: Voice; draft: ChangeDraft; reason: string; log?: Logger },
): Promise<void> {
  const { t } = request.voice;
  const summary = summaryOfDraft(request.draft, t);
  let sentence: Mrkdwn;
  let recorded: string | undefined;
  try {
    const outcome = await deps.approvals.submit(
      {
        draft: request.draft,
        reason: request.reason,
        requesterId: request.userId,
        ...(request.origin.channelId ? { channelId: request.origin.channelId } : {}),
      },
      request.log,
    );
    sentence = t.requestSubmitted(summary, esc(outcome.reference));
    recorded = outcome.reference;
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
    // A recorded request's notice stays owed: the sweep tells the requester by DM.
    deps.logger.error({ event: 'slack.answer_lost', error: String(error) }, 'could not tell the requester what became of their request');
    return;
  }
  if (recorded) await deps.approvals.requesterTold(recorded).catch((error: unknown) => deps.logger.warn({ event: 'approvals.notice_unmarked', err: error }, 'could not mark the requester as told'));
}
