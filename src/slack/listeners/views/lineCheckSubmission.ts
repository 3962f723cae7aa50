import type { Middleware } from '@slack/bolt';
import { requestLogger, type SlackDeps } from '../../deps.js';
import { handOverCheckedLines } from '../../flows/handOver.js';
import { readSubmission, type SubmitArgs } from '../../interactions/submission.js';

/**
 * "Request 3 lines" on the summary of several lines: the modal closes, the lines its pre-flight
 * passed become one request, and the requester hears its id where they asked (flows/handOver.ts).
 * The modal names the pre-flight (its metadata), never the lines: the workflow reads them back.
 */
export function lineCheckSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return async ({ ack, body, client, context }) => {
    const submission = readSubmission(deps, body);
    if (!submission) return ack();
    const { checkId } = submission.origin;
    if (!checkId) {
      deps.logger.warn({ event: 'slack.unreadable_line_check' }, 'summary of several lines without its check');
      return ack();
    }
    await ack();
    await handOverCheckedLines(deps, client, { ...submission, checkId, log: requestLogger(context, deps) });
  };
}
