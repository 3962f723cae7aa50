/**
 * Slack's rate limits, as the double enforces them: per method, per app and workspace (one
 * double is one workspace), and `chat.postMessage` per channel. Over a limit Slack answers
 * HTTP 429 with `Retry-After` (whole seconds) and `{ ok: false, error: 'ratelimited' }`.
 *
 * Source: Slack's "Rate limits" guide (docs.slack.dev/apis/web-api/rate-limits) for the tiers
 * (Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min; "special" chat.postMessage:
 * one message a second per channel, short bursts allowed) and each method's reference page
 * for its tier.
 *
 * How, for the tiers: a rolling window. A call is accepted when fewer than `calls` calls were
 * accepted in the last `windowMs`; the whole allowance may come at once (Slack's burst
 * tolerance), and never more than that in any window. `Retry-After` is the time until the
 * oldest accepted call leaves the window, rounded up to a whole second.
 * For chat.postMessage in a channel ("one a second, short bursts allowed"): a token bucket
 * of `burst` messages refilled at `perSecond`, so a burst of 5 goes at once and then one a
 * second, and `Retry-After` is the second until the next token.
 * Refused calls do not count (they did nothing). Slack's "+" (it may allow a little more) is
 * not granted: the double is the strictest Slack its documentation allows, so a bot that keeps
 * within it here keeps within it there.
 *
 * | Method                                              | Slack's tier        | Enforced here                    |
 * |-----------------------------------------------------|---------------------|----------------------------------|
 * | apps.connections.open                               | Tier 1              | 3 per 60 s (1+, a small burst)   |
 * | usergroups.users.list                               | Tier 2              | 20 per 60 s                      |
 * | chat.update, chat.delete                            | Tier 3              | 50 per 60 s                      |
 * | conversations.history, .replies, .open, .info       | Tier 3              | 50 per 60 s                      |
 * | users.info                                          | Tier 4              | 100 per 60 s                     |
 * | views.open, views.update, views.push, views.publish | Tier 4              | 100 per 60 s                     |
 * | chat.postEphemeral                                  | Tier 4              | 100 per 60 s                     |
 * | files.getUploadURLExternal, files.completeUpload…   | Tier 4              | 100 per 60 s                     |
 * | chat.getPermalink, auth.test                        | Special (no figure) | 100 per 60 s (Tier 4's figure)   |
 * | chat.postMessage                                    | Special             | per channel: burst 5, then 1/s   |
 * | a response_url                                      | (not a method)      | 5 posts per response_url         |
 *
 * chat.postMessage's workspace-wide limit has no published figure and is not enforced. `conversations.history`/`.replies` are Tier 3 for internal,
 * customer-built apps such as this bot (commercially distributed non-Marketplace apps get less).
 * A response_url "can be used up to 5 times within 30 minutes": the sixth post is refused
 * (HTTP 404, `used_url`), whatever the time.
 */

export type Limit =
  /** At most `calls` accepted in any rolling window of `windowMs`, per workspace. */
  | { kind: 'window'; calls: number; windowMs: number }
  /** Per channel (the call's `channel` argument): `burst` at once, refilled at `perSecond`. */
  | { kind: 'bucket'; burst: number; perSecond: number; perChannel: true };

const MINUTE = 60_000;
const tier = (calls: number): Limit => ({ kind: 'window', calls, windowMs: MINUTE });
const TIER_1: Limit = tier(3);
const TIER_2 = tier(20);
const TIER_3 = tier(50);
const TIER_4 = tier(100);

/** The limits the double enforces, by Web API method (see the table above). */
export const SLACK_LIMITS: Readonly<Record<string, Limit>> = {
  'apps.connections.open': TIER_1,
  'usergroups.users.list': TIER_2,
  'chat.update': TIER_3,
  'chat.delete': TIER_3,
  'conversations.history': TIER_3,
  'conversations.replies': TIER_3,
  'conversations.open': TIER_3,
  'conversations.info': TIER_3,
  'users.info': TIER_4,
  'views.open': TIER_4,
  'views.update': TIER_4,
  'views.push': TIER_4,
  'views.publish': TIER_4,
  'chat.postEphemeral': TIER_4,
  'files.getUploadURLExternal': TIER_4,
  'files.completeUploadExternal': TIER_4,
  'chat.getPermalink': TIER_4,
  'auth.test': TIER_4,
  'chat.postMessage': { kind: 'bucket', burst: 5, perSecond: 1, perChannel: true },
};

/** How many times one response_url may be used. */
export const RESPONSE_URL_USES = 5;

/**
 * The double's time for a test that moves the bot's clock: real time, plus how far the clock
 * was moved since. Slack's windows refill as real seconds pass, and as the hours a test skips.
 */
export function slackTimeBeside(clock: { now(): number }): () => number {
  const clockAtStart = clock.now();
  return () => performance.now() + (clock.now() - clockAtStart);
}

export interface ForcedLimit {
  /** Only calls to this channel (the call's `channel` argument); every call of the method if absent. */
  channel?: string;
  /** For how long from now (the double's time). */
  forMs: number;
  /** The `Retry-After` answered; default: the seconds left in the window, rounded up. */
  retryAfterS?: number;
}

export type LimitVerdict = { ok: true } | { ok: false; retryAfterS: number; forced: boolean };

/**
 * The double's limiter: `check` decides one call (and counts it when accepted). `now` is the
 * double's time in milliseconds (it only ever moves forward).
 */
export class RateLimits {
  enforced = true;
  private readonly accepted = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private forced: Array<{ method: string; channel?: string; until: number; retryAfterS?: number }> = [];

  constructor(private readonly now: () => number) {}

  force(method: string, options: ForcedLimit): void {
    this.forced.push({
      method,
      until: this.now() + options.forMs,
      ...(options.channel !== undefined ? { channel: options.channel } : {}),
      ...(options.retryAfterS !== undefined ? { retryAfterS: options.retryAfterS } : {}),
    });
  }

  check(method: string, channel: string | undefined): LimitVerdict {
    const now = this.now();
    this.forced = this.forced.filter((each) => each.until > now);
    const forced = this.forced.find((each) => each.method === method && (each.channel === undefined || each.channel === channel));
    if (forced) return { ok: false, forced: true, retryAfterS: forced.retryAfterS ?? Math.max(1, Math.ceil((forced.until - now) / 1000)) };
    const limit = SLACK_LIMITS[method];
    if (!limit || !this.enforced) return { ok: true };
    if (limit.kind === 'bucket') {
      const key = `${method}#${channel ?? ''}`;
      const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
      bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
      bucket.at = now;
      this.buckets.set(key, bucket);
      if (bucket.tokens < 1)
        return { ok: false, forced: false, retryAfterS: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond)) };
      bucket.tokens -= 1;
      return { ok: true };
    }
    const times = (this.accepted.get(method) ?? []).filter((at) => at > now - limit.windowMs);
    if (times.length >= limit.calls) {
      this.accepted.set(method, times);
      const freedAt = times[times.length - limit.calls]! + limit.windowMs;
      return { ok: false, forced: false, retryAfterS: Math.max(1, Math.ceil((freedAt - now) / 1000)) };
    }
    times.push(now);
    this.accepted.set(method, times);
    return { ok: true };
  }
}
