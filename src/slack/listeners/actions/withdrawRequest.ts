import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { answerClick, approvalButton, type ApprovalButtonArgs } from '../../interactions/approvalClick.js';

/** Withdraw: the requester takes a pending request back (the workflow refuses anyone else). */
export function withdrawRequest(deps: SlackDeps): Middleware<ApprovalButtonArgs> {
  return approvalButton(deps, async (click, voice, client, log) => {
    await deps.approvals.withdraw(click.requestId, click.userId, log);
    await answerClick(deps, client, click, voice);
  });
}
