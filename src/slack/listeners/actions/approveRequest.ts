import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { answerClick, approvalButton, type ApprovalButtonArgs } from '../../interactions/approvalClick.js';

/**
 * Approve (after Slack's confirmation dialog). Policy is the workflow's, checked at this click
 * on the server; the approval is one compare-and-set and the Freebit call follows a claim, so
 * concurrent clicks, Slack retries and clicks on stale copies make one approval and one call.
 * The click ends with the decision: the executor makes the calls in the background
 * (workflow/executor.ts), and the message and its thread show their progress.
 */
export function approveRequest(deps: SlackDeps): Middleware<ApprovalButtonArgs> {
  return approvalButton(deps, async (click, voice, client, log) => {
    await deps.approvals.approve(click.requestId, click.userId, log);
    await answerClick(deps, client, click, voice);
  });
}
