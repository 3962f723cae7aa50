import type { webApi } from '@slack/bolt';
import type { ApprovalMessenger, ApprovalRequest, MessageRef, ThreadEvent } from '../../workflow/index.js';
import { voiceOf } from '../deps.js';
import type { LocaleSource } from '../locale.js';
import type { Voice } from '../voice.js';
import { approvalMessage } from './approvalMessage.js';
import { threadReply } from './threadReply.js';

type Client = Pick<webApi.WebClient, 'chat'>;

/**
 * The workflow's `ApprovalMessenger` in Slack: the approval message is posted to the
 * approval channel, re-rendered from the request at every arrow (chat.update), and the
 * request's thread carries each event. A request speaks its requester's language (the
 * person who asked reads every reply; approvers read the same message).
 */
export class SlackApprovalMessenger implements ApprovalMessenger {
  constructor(
    private readonly client: Client,
    private readonly options: { locales: LocaleSource; sandbox: boolean },
  ) {}

  async postRequest(request: ApprovalRequest): Promise<MessageRef> {
    const body = approvalMessage(await this.voiceFor(request), request);
    const answer = await this.client.chat.postMessage({ channel: request.approvalChannelId, ...body, unfurl_links: false, unfurl_media: false });
    if (!answer.channel || !answer.ts) throw new Error('chat.postMessage did not say where the approval message is');
    return { channelId: answer.channel, ts: answer.ts };
  }

  async updateRequest(request: ApprovalRequest): Promise<void> {
    // A request whose message was never posted has nothing to update.
    if (!request.approvalMessageTs) return;
    const body = approvalMessage(await this.voiceFor(request), request);
    await this.client.chat.update({ channel: request.approvalChannelId, ts: request.approvalMessageTs, ...body });
  }

  async postInThread(request: ApprovalRequest, event: ThreadEvent): Promise<void> {
    const body = threadReply(await this.voiceFor(request), request, event);
    await this.client.chat.postMessage({
      channel: request.approvalChannelId,
      ...(request.approvalMessageTs ? { thread_ts: request.approvalMessageTs } : {}),
      ...body,
      unfurl_links: false,
      unfurl_media: false,
    });
  }

  private voiceFor(request: ApprovalRequest): Promise<Voice> {
    return voiceOf(this.options, request.requesterId);
  }
}
