import type { webApi } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { PhoneNumber } from '../../../phone.js';
import { changeOfDraft, type ChangeDraft } from '../../../workflow/index.js';
import { tellPrivately } from '../../kit/answer.js';
import { relatedLinkOf } from '../../approvals/permalink.js';
import { summaryOf } from '../../approvals/words.js';
import type { SlackDeps } from '../../deps.js';
import { describeError, slackErrorCode } from '../../errors.js';
import { esc, type Catalog, type Mrkdwn } from '../../i18n/index.js';
import type { FormOrigin } from '../../kit/origin.js';
import type { Voice } from '../../kit/voice.js';
import { linesRequested } from '../../requestForms/lineCheckViews.js';

const APPROVAL_CHANNEL_PROBLEMS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/** A change not recorded yet, in the words a recorded one is told in. */
function summaryOfDraft(draft: ChangeDraft, t: Catalog): Mrkdwn {
  return summaryOf({ lines: [{ phone: draft.order.phone }], change: changeOfDraft(draft) }, t);
}

/** Who asked, where to answer them, in which words. */
interface Requester {
  userId: string;
  origin: FormOrigin;
  voice: Voice;
  /** `log`: the Slack request's logger (`requestLogger`), handed to the workflow. */
  log?: Logger;
}

/**
 * A valid request form, already acknowledged (the modal closed): hand it to the workflow and
 * tell the requester, where they asked, what became of it: the request's id while it waits
 * for approval, or why it was refused (with a link to the open request that holds the line).
 */
export async function handOverChangeRequest(
  deps: SlackDeps,
  client: webApi.WebClient,
  request: Requester & { draft: ChangeDraft; reason: string },
): Promise<void> {
  const { t } = request.voice;
  await tellWhatBecameOf(deps, client, request, request.draft.order.phone, async () => {
    const outcome = await deps.approvals.submit(
      {
        draft: request.draft,
        reason: request.reason,
        requesterId: request.userId,
        ...(request.origin.channelId ? { channelId: request.origin.channelId } : {}),
      },
      request.log,
    );
    return { sentence: t.requestSubmitted(summaryOfDraft(request.draft, t), esc(outcome.reference)), reference: outcome.reference };
  });
}

/**
 * The summary of several lines, submitted and acknowledged (the modal closed): the lines its
 * pre-flight passed become one request, and the requester is told, where they asked,
 * its id and the lines another request took meanwhile, or why nothing was requested.
 */
export async function handOverCheckedLines(
  deps: SlackDeps,
  client: webApi.WebClient,
  request: Requester & { checkId: string },
): Promise<void> {
  await tellWhatBecameOf(deps, client, request, undefined, async () => {
    const outcome = await deps.approvals.requestChecked(request.checkId, request.userId, request.log);
    return { sentence: linesRequested(request.voice.t, outcome), reference: outcome.reference };
  });
}

/** Asks (`submit`), then tells the requester the outcome or the refusal; a request they heard of is marked told. */
async function tellWhatBecameOf(
  deps: SlackDeps,
  client: webApi.WebClient,
  request: Requester,
  phone: PhoneNumber | undefined,
  submit: () => Promise<{ sentence: Mrkdwn; reference: string }>,
): Promise<void> {
  let sentence: Mrkdwn;
  let recorded: string | undefined;
  try {
    ({ sentence, reference: recorded } = await submit());
  } catch (error) {
    sentence = await refusalSentence(deps, client, request.voice.t, error, phone);
  }
  try {
    await tellPrivately(client, deps.logger, request.userId, request.origin, request.voice.message(sentence));
  } catch (error) {
    // A recorded request's notice stays owed: the sweep tells the requester by DM.
    deps.logger.error({ event: 'slack.answer_lost', error: String(error) }, 'could not tell the requester what became of their request');
    return;
  }
  if (recorded)
    await deps.approvals
      .requesterTold(recorded)
      .catch((error: unknown) =>
        deps.logger.warn({ event: 'approvals.notice_unmarked', err: error }, 'could not mark the requester as told'),
      );
}

/** Why a request was not recorded, linking the open request that holds the line when there is one. */
async function refusalSentence(
  deps: SlackDeps,
  client: webApi.WebClient,
  t: Catalog,
  error: unknown,
  phone: PhoneNumber | undefined,
): Promise<Mrkdwn> {
  const relatedLink = await relatedLinkOf(client, deps.logger, error);
  // The only Slack call a submission makes is posting the approval message: "this channel" would mislead.
  const slackError = slackErrorCode(error);
  if (slackError && APPROVAL_CHANNEL_PROBLEMS.has(slackError)) {
    deps.logger.warn({ event: 'approvals.channel_unreachable', slackError }, 'could not post the approval message');
    return t.approval.approvalChannelUnreachable;
  }
  return describeError(error, t, {
    logger: deps.logger,
    freebitTimeoutMs: deps.freebitTimeoutMs,
    ...(phone ? { phone } : {}),
    ...(relatedLink ? { relatedLink } : {}),
  });
}
