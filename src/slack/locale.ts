import type { webApi } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { localeFromSlack, type Locale } from './messages.js';

export interface LocaleSource {
  localeOf(userId: string): Promise<Locale>;
}

const HOUR = 60 * 60 * 1000;

/**
 * The language each person reads, from `users.info` with `include_locale` (DESIGN.md).
 * Cached, because the answer changes only when someone changes their Slack settings and the
 * lookup path must not pay a Slack call per command; callers run it beside the Freebit call.
 * A slow or failed answer means English, never a slower reply.
 */
export class SlackLocales implements LocaleSource {
  private readonly known = new Map<string, { locale: Locale; until: number }>();
  private readonly asking = new Map<string, Promise<Locale>>();

  constructor(
    private readonly client: Pick<webApi.WebClient, 'users'>,
    private readonly options: { clock: Clock; logger: Logger; ttlMs?: number; waitMs?: number; maxEntries?: number },
  ) {}

  async localeOf(userId: string): Promise<Locale> {
    const now = this.options.clock.now();
    const cached = this.known.get(userId);
    if (cached && cached.until > now) return cached.locale;
    let pending = this.asking.get(userId);
    if (!pending) {
      pending = this.ask(userId).finally(() => this.asking.delete(userId));
      this.asking.set(userId, pending);
    }
    return withDeadline(pending, this.options.waitMs ?? 1_500, 'en');
  }

  private async ask(userId: string): Promise<Locale> {
    try {
      const answer = await this.client.users.info({ user: userId, include_locale: true });
      const locale = localeFromSlack(answer.user?.locale);
      this.remember(userId, locale, this.options.ttlMs ?? HOUR);
      return locale;
    } catch (error) {
      this.options.logger.warn({ event: 'slack.locale_unavailable', userId, error: String(error) }, 'users.info failed; speaking English');
      // Ask again soon rather than on every command while Slack has trouble.
      this.remember(userId, 'en', 60_000);
      return 'en';
    }
  }

  private remember(userId: string, locale: Locale, ttlMs: number): void {
    if (this.known.size >= (this.options.maxEntries ?? 10_000)) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    this.known.set(userId, { locale, until: this.options.clock.now() + ttlMs });
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
