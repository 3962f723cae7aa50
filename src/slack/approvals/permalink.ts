import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import { WorkflowError } from '../../workflow/index.js';

/**
 * A link to the request a refusal names ("the line already has an open request: FR-7K3Q"),
 * so the person lands on it in one click. `chat.getPermalink` knows the workspace's address;
 * when it fails the refusal still names the request by its id.
 */
export async function relatedLinkOf(client: Pick<webApi.WebClient, 'chat'>, logger: Logger, error: unknown): Promise<string | undefined> {
  if (!(error instanceof WorkflowError) || !error.related?.approvalMessageTs) return undefined;
  try {
    const answer = await client.chat.getPermalink({
      channel: error.related.approvalChannelId,
      message_ts: error.related.approvalMessageTs,
    });
    return answer.permalink;
  } catch (caught) {
    logger.warn({ event: 'slack.permalink_failed', error: String(caught) }, 'could not link to the open request');
    return undefined;
  }
}
