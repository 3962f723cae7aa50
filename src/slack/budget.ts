import { webApi } from '@slack/bolt';
import { MessengerBusy } from '../workflow/index.js';

/** How fast: `turns` in each window of `seconds` (whole numbers; the store's pace). */
export interface SlackRate {
  turns: number;
  seconds: number;
}

/** A pace shared by every replica (the store's: one counter on Redis). */
export type PaceOf = (name: string, rate: SlackRate) => { turn(): Promise<void> };

/**
 * The bot's own budget toward Slack, for its background calls (the approval messages drawn
 * again, thread replies, reminders, the sweep's reposts, the searches of history): one budget
 * per Web API method per workspace, shared by every replica, below Slack's limits so that the
 * people's own calls (acks, views, ephemeral replies, users.info) keep the headroom.
 *
 * Slack's limits (docs "Rate limits" and each method's page): Tier 3 is 50 calls a minute
 * (chat.update, chat.delete, conversations.history, conversations.replies); chat.postMessage
 * about one a second per channel, with short bursts. The budget's windows are fixed (each one
 * starts at its first call), so the most any rolling window can see is a window more than the
 * average: 4 turns in 6 s is 40 a minute on average and at most 44 in any minute (under 50);
 * chat.postMessage's one turn a second per channel is Slack's one a second, with at most 2 at
 * once (two windows back to back), within its short burst (about 5).
 */
export const SLACK_BACKGROUND_BUDGET = {
  'chat.update': { turns: 4, seconds: 6 },
  'chat.delete': { turns: 4, seconds: 6 },
  'conversations.history': { turns: 4, seconds: 6 },
  'conversations.replies': { turns: 4, seconds: 6 },
  /** Per channel: the approval channel, or a requester's DM. */
  'chat.postMessage': { turns: 1, seconds: 1 },
} as const satisfies Record<string, SlackRate>;

export type BudgetedMethod = keyof typeof SLACK_BACKGROUND_BUDGET;

const PER_CHANNEL: ReadonlySet<BudgetedMethod> = new Set(['chat.postMessage']);

/** Waits for a background call's turn in its method's budget (and its channel's, for chat.postMessage). */
export class SlackBudget {
  private readonly paces = new Map<string, { turn(): Promise<void> }>();

  constructor(private readonly paceOf: PaceOf) {}

  turn(method: BudgetedMethod, channelId: string): Promise<void> {
    const name = PER_CHANNEL.has(method) ? `slack-${method}-${channelId}` : `slack-${method}`;
    let pace = this.paces.get(name);
    if (!pace) {
      pace = this.paceOf(name, SLACK_BACKGROUND_BUDGET[method]);
      this.paces.set(name, pace);
    }
    return pace.turn();
  }
}

/** Slack's "not now" (HTTP 429, the client told to reject rather than wait) as the workflow's MessengerBusy; anything else as it is. */
export function asBusy(error: unknown, method: string): unknown {
  if (error instanceof Error && (error as { code?: unknown }).code === webApi.ErrorCode.RateLimitedError) {
    const retryAfterS = Number((error as { retryAfter?: unknown }).retryAfter);
    return new MessengerBusy(method, Math.max(1, Number.isFinite(retryAfterS) ? retryAfterS : 1) * 1000);
  }
  return error;
}
