import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { replyKeyOf, type ApprovalMessenger, type ApprovalRequest, type MessageRef, type ThreadEvent } from '../../workflow/index.js';
import { asBusy, type BudgetedMethod, type SlackBudget } from '../budget.js';
import { voiceOf } from '../deps.js';
import { esc } from '../i18n/index.js';
import type { LocaleSource } from '../people.js';
import type { Voice } from '../kit/voice.js';
import type { Logger } from '../../logger.js';
import { approvalMessage } from './approvalMessage.js';
import { threadReply, type Approvers } from './threadReply.js';
import { statusOf, summaryOf } from './phrasing.js';

type Client = Pick<webApi.WebClient, 'chat' | 'conversations'>;

/**
 * Message metadata (chat.postMessage `metadata`) marks what the bot posts, so a message whose
 * poster died before it learnt the `ts` can be found again: the approval message by its
 * request, each thread reply by its request and `replyKeyOf` key.
 */
export const METADATA = { request: 'freebit_ops_request', reply: 'freebit_ops_reply' } as const;

// What the bot reads back of its own metadata (conversations.history/replies), checked here once.
const requestMarker = z.object({ event_type: z.literal(METADATA.request), event_payload: z.object({ request_id: z.string() }) });
const replyMarker = z.object({
  event_type: z.literal(METADATA.reply),
  event_payload: z.object({ request_id: z.string(), reply: z.string() }),
});

/** How far back and how deep a search for a lost message goes (conversations.history pages of 200). */
const SEARCH_PAGES = 5;
// The bot's clock and Slack's may differ a little: the search window is widened by a few minutes.
const SEARCH_SLACK_S = 300;
// A post goes out within seconds of the record (a Slack call and its retries); a minute is ample.
const SEARCH_AFTER_S = 60;

export class ApprovalMessageMissing extends Error {
  override readonly name = 'ApprovalMessageMissing';
}

/**
 * The workflow's `ApprovalMessenger` in Slack: the approval message is posted to the
 * approval channel, re-rendered from the request at every transition (chat.update), and the
 * request's thread carries each event. A request speaks its requester's language (the
 * person who asked reads every reply; approvers read the same message).
 */
export class SlackApprovalMessenger implements ApprovalMessenger {
  constructor(
    private readonly client: Client,
    /**
     * `approvers`: whom a reminder mentions (none listed: nobody). `budget`: the pace of these
     * calls toward Slack (budget.ts); each call waits for its turn. `client`: a client of their
     * own, apart from the one answering people, that never pauses on a 429 (it rejects: the
     * workflow's courier retries after the Retry-After). `botId`: the bot's own (auth.test): a
     * message found by its metadata counts only when the bot posted it.
     */
    private readonly options: {
      locales: LocaleSource;
      sandbox: boolean;
      approvers?: Approvers;
      budget?: SlackBudget;
      botId: string;
      logger: Logger;
    },
  ) {}

  /** One Web API call, in its turn of the budget; Slack's "not now" comes out as the workflow's MessengerBusy. */
  private async call<T>(method: BudgetedMethod, channelId: string, make: () => Promise<T>): Promise<T> {
    await this.options.budget?.turn(method, channelId);
    try {
      return await make();
    } catch (error) {
      throw asBusy(error, method);
    }
  }

  async postRequest(request: ApprovalRequest): Promise<MessageRef> {
    const body = approvalMessage(await this.voiceFor(request), request);
    const answer = await this.call('chat.postMessage', request.approvalChannelId, () =>
      this.client.chat.postMessage({
        channel: request.approvalChannelId,
        ...body,
        metadata: { event_type: METADATA.request, event_payload: { request_id: request.id } },
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    if (!answer.channel || !answer.ts) throw new Error('chat.postMessage did not say where the approval message is');
    return { channelId: answer.channel, ts: answer.ts };
  }

  async findRequestMessage(request: ApprovalRequest): Promise<MessageRef | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < SEARCH_PAGES; page++) {
      const answer = await this.call('conversations.history', request.approvalChannelId, () =>
        this.client.conversations.history({
          channel: request.approvalChannelId,
          // Posted right after the record: the window is small, however busy the channel.
          oldest: String(Math.floor(request.createdAt / 1000) - SEARCH_SLACK_S),
          latest: String(Math.floor(request.createdAt / 1000) + SEARCH_SLACK_S + SEARCH_AFTER_S),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const marked = (answer.messages ?? []).filter(
        (message) => requestMarker.safeParse(message.metadata).data?.event_payload.request_id === request.id,
      );
      const found = marked.find((message) => this.isOwn(message, request));
      if (found?.ts) return { channelId: request.approvalChannelId, ts: found.ts };
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  async discardMessage(ref: MessageRef): Promise<void> {
    await this.call('chat.delete', ref.channelId, () => this.client.chat.delete({ channel: ref.channelId, ts: ref.ts }));
  }

  async updateRequest(request: ApprovalRequest, latest?: () => Promise<ApprovalRequest | undefined>): Promise<void> {
    // A request whose message was never posted has nothing to update.
    if (!request.approvalMessageTs) return;
    await this.call('chat.update', request.approvalChannelId, async () => {
      // Drawn as stored when the turn came (the wait may have been seconds), not as asked.
      const current = (latest && (await latest())) || request;
      const body = approvalMessage(await this.voiceFor(current), current);
      return this.client.chat.update({
        channel: current.approvalChannelId,
        ts: current.approvalMessageTs ?? request.approvalMessageTs!,
        ...body,
      });
    });
  }

  async postInThread(request: ApprovalRequest, event: ThreadEvent): Promise<void> {
    // Without its message a reply would land at the top of the channel, away from its request.
    if (!request.approvalMessageTs) throw new ApprovalMessageMissing(`request ${request.id} does not know its approval message yet`);
    const body = threadReply(await this.voiceFor(request), request, event, this.options.approvers);
    await this.call('chat.postMessage', request.approvalChannelId, () =>
      this.client.chat.postMessage({
        channel: request.approvalChannelId,
        thread_ts: request.approvalMessageTs,
        ...body,
        metadata: { event_type: METADATA.reply, event_payload: { request_id: request.id, reply: replyKeyOf(event) } },
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
  }

  async repliesIn(request: ApprovalRequest): Promise<ReadonlySet<string>> {
    const keys = new Set<string>();
    if (!request.approvalMessageTs) return keys;
    let cursor: string | undefined;
    for (let page = 0; page < SEARCH_PAGES; page++) {
      const answer = await this.call('conversations.replies', request.approvalChannelId, () =>
        this.client.conversations.replies({
          channel: request.approvalChannelId,
          ts: request.approvalMessageTs!,
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const message of answer.messages ?? []) {
        const marker = replyMarker.safeParse(message.metadata).data;
        if (marker?.event_payload.request_id === request.id && this.isOwn(message, request)) keys.add(marker.event_payload.reply);
      }
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return keys;
  }

  async tellRequester(request: ApprovalRequest): Promise<void> {
    const voice = await this.voiceFor(request);
    const { t } = voice;
    const sentence = t.requestRecorded(summaryOf(request, t), esc(request.id), statusOf(request, t));
    // A DM (the app's messages tab): the response_url of the form died with the process.
    await this.call('chat.postMessage', request.requesterId, () =>
      this.client.chat.postMessage({ channel: request.requesterId, ...voice.message(sentence), unfurl_links: false, unfurl_media: false }),
    );
  }

  /**
   * Whether the bot posted this message. Any app may post with any metadata: another app's
   * `freebit_ops_reply` must not pass for a reply the bot owes, nor its `freebit_ops_request`
   * for the approval message. Ignored, and logged.
   */
  private isOwn(message: { bot_id?: string; ts?: string; metadata?: { event_type?: string } }, request: ApprovalRequest): boolean {
    if (message.bot_id === this.options.botId) return true;
    this.options.logger.warn(
      {
        event: 'slack.foreign_message_ignored',
        requestId: request.id,
        channelId: request.approvalChannelId,
        ts: message.ts,
        botId: message.bot_id,
        eventType: message.metadata?.event_type,
      },
      'a message with the bot’s metadata that the bot did not post is ignored',
    );
    return false;
  }

  private voiceFor(request: ApprovalRequest): Promise<Voice> {
    return voiceOf(this.options, request.requesterId);
  }
}
