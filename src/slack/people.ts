import type { webApi } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { withDeadline } from '../timeout.js';
import type { People } from '../workflow/index.js';
import { localeFromSlack, type Locale } from './i18n/index.js';

export interface LocaleSource {
  localeOf(userId: string): Promise<Locale>;
}

const HOUR = 60 * 60 * 1000;
/** After a failed users.info: ask again this soon, rather than on every command while Slack has trouble. */
const AFTER_FAILURE_MS = 10_000;

interface Person {
  locale: Locale;
  /** Slack's restricted or ultra-restricted user; undefined when Slack did not say (users.info failed). */
  guest: boolean | undefined;
  until: number;
}

/**
 * What the bot needs to know of a person, from one `users.info` with `include_locale`
 * (README.md, "Who may see a line"): the language they read, and whether they are a guest of the workspace. Cached,
 * because it changes only when someone changes their Slack settings or an admin their role,
 * and the lookup path must not pay a Slack call per command.
 * - The language: a slow or failed answer means English, never a slower reply.
 * - Guest or not: a failed answer is not a guess; `isGuest` throws, and the caller refuses.
 */
export class SlackPeople implements LocaleSource, People {
  private readonly known = new Map<string, Person>();
  private readonly asking = new Map<string, Promise<Person>>();

  constructor(
    private readonly client: Pick<webApi.WebClient, 'users'>,
    private readonly options: { clock: Clock; logger: Logger; ttlMs?: number; waitMs?: number; maxEntries?: number },
  ) {}

  async localeOf(userId: string): Promise<Locale> {
    const person = this.cached(userId);
    if (person) return person.locale;
    return withDeadline(
      this.fetch(userId).then((fetched) => fetched.locale),
      this.options.waitMs ?? 1_500,
      () => 'en',
    );
  }

  async isGuest(userId: string): Promise<boolean> {
    const person = this.cached(userId) ?? (await this.fetch(userId));
    if (person.guest === undefined) throw new Error(`Slack did not say whether ${userId} is a guest`);
    return person.guest;
  }

  private cached(userId: string): Person | undefined {
    const person = this.known.get(userId);
    return person && person.until > this.options.clock.now() ? person : undefined;
  }

  /** One users.info in flight per person, however many ask at once. */
  private fetch(userId: string): Promise<Person> {
    let pending = this.asking.get(userId);
    if (!pending) {
      pending = this.ask(userId).finally(() => this.asking.delete(userId));
      this.asking.set(userId, pending);
    }
    return pending;
  }

  private async ask(userId: string): Promise<Person> {
    try {
      const answer = await this.client.users.info({ user: userId, include_locale: true });
      const user = answer.user;
      return this.remember(
        userId,
        {
          locale: localeFromSlack(user?.locale),
          guest: user ? user.is_restricted === true || user.is_ultra_restricted === true : undefined,
        },
        this.options.ttlMs ?? HOUR,
      );
    } catch (error) {
      this.options.logger.warn(
        { event: 'slack.user_unavailable', userId, error: String(error) },
        'users.info failed; speaking English, and not letting the person see lines until Slack answers',
      );
      return this.remember(userId, { locale: 'en', guest: undefined }, AFTER_FAILURE_MS);
    }
  }

  private remember(userId: string, person: Omit<Person, 'until'>, ttlMs: number): Person {
    if (this.known.size >= (this.options.maxEntries ?? 10_000)) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    const entry = { ...person, until: this.options.clock.now() + ttlMs };
    this.known.set(userId, entry);
    return entry;
  }
}
