import type { webApi } from '@slack/bolt';
import { tellPrivately } from '../../answer.js';
import type { ChangeDraft } from '../../changeRequests.js';
import type { SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import type { FormOrigin } from '../../origin.js';
import type { Voice } from '../../voice.js';

/**
 * A valid request form, already acknowledged (the modal closed): hand it to the workflow and
 * tell the requester, where they asked, what became of it. This is the one seam issue 6
 * plugs approvals into (`deps.changeRequests`).
 */
export async function handOverChangeRequest(
  deps: SlackDeps,
  client: webApi.WebClient,
  request: { userId: string; origin: FormOrigin; voice: Voice; draft: ChangeDraft; reason: string; summary: string },
): Promise<void> {
  const { t } = request.voice;
  let sentence: string;
  try {
    const outcome = await deps.changeRequests.submit({
      draft: request.draft,
      reason: request.reason,
      requesterId: request.userId,
      ...(request.origin.channelId ? { channelId: request.origin.channelId } : {}),
    });
    sentence = outcome.outcome === 'submitted' ? t.requestSubmitted(request.summary, outcome.reference) : t.approvalsNotConfigured(request.summary);
  } catch (error) {
    sentence = describeError(error, t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs, phone: request.draft.order.phone });
  }
  try {
    await tellPrivately(client, deps.logger, request.userId, request.origin, request.voice.message(sentence));
  } catch (error) {
    deps.logger.error({ event: 'slack.answer_lost', error: String(error) }, 'could not tell the requester what became of their request');
  }
}
