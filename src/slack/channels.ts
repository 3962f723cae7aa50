import type { webApi } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Channels } from '../workflow/index.js';

/** How long an answer is reused: a channel becomes shared by an admin's invitation, rarely, and a share should not pay a Slack call each time. */
const CHANNEL_TTL_MS = 60_000;

interface Known {
  /** undefined: Slack did not say (the call failed). */
  external: boolean | undefined;
  until: number;
}

/**
 * Whether a channel is shared with another organisation (Slack Connect), from `conversations.info`
 * (`is_ext_shared`, or `is_pending_ext_shared` while the invitation waits).
 * A line card shared there, or an approval message posted there, shows a customer's line to people
 * outside the company. Cached briefly; a failed answer is not a guess: `isSharedExternally` throws,
 * and the caller refuses. Asked only after `ack()` (a Slack round trip).
 */
export class SlackChannels implements Channels {
  private readonly known = new Map<string, Known>();
  private readonly asking = new Map<string, Promise<Known>>();

  constructor(
    private readonly client: Pick<webApi.WebClient, 'conversations'>,
    private readonly options: { clock: Clock; logger: Logger; maxEntries?: number },
  ) {}

  async isSharedExternally(channelId: string): Promise<boolean> {
    const cached = this.known.get(channelId);
    const known = cached && cached.until > this.options.clock.now() ? cached : await this.fetch(channelId);
    if (known.external === undefined) throw new Error(`Slack did not say whether ${channelId} is shared with another organisation`);
    return known.external;
  }

  /** One conversations.info in flight per channel, however many ask at once. */
  private fetch(channelId: string): Promise<Known> {
    let pending = this.asking.get(channelId);
    if (!pending) {
      pending = this.ask(channelId).finally(() => this.asking.delete(channelId));
      this.asking.set(channelId, pending);
    }
    return pending;
  }

  private async ask(channelId: string): Promise<Known> {
    try {
      const { channel } = await this.client.conversations.info({ channel: channelId });
      // An invitation pending counts too: the other side may accept it at any moment. A channel shared
      // between workspaces of one Enterprise Grid organisation (`is_org_shared`) stays inside the company.
      return this.remember(channelId, channel?.is_ext_shared === true || channel?.is_pending_ext_shared === true, CHANNEL_TTL_MS);
    } catch (error) {
      this.options.logger.warn(
        { event: 'slack.channel_unavailable', channelId, error: String(error) },
        'conversations.info failed (the app needs channels:read, groups:read, im:read and mpim:read): not sharing line data there until Slack answers',
      );
      // Not remembered: a person told to try again is asked about afresh (one call in flight per channel at most).
      return { external: undefined, until: 0 };
    }
  }

  private remember(channelId: string, external: boolean | undefined, ttlMs: number): Known {
    if (this.known.size >= (this.options.maxEntries ?? 10_000)) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    const entry = { external, until: this.options.clock.now() + ttlMs };
    this.known.set(channelId, entry);
    return entry;
  }
}
