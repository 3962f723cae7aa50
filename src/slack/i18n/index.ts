import type { Catalog, Locale } from './catalog.js';
import { en } from './en/index.js';
import { ja } from './ja/index.js';

export type { Catalog, FailureKind, Locale, PhoneProblem, TrailAction } from './catalog.js';
export { esc, md, joinMd, quoted, userMention, channelMention, groupMention, link, type Mrkdwn } from './mrkdwn.js';
export { en, ja };

/** Every language the bot speaks: a folder beside this file, and its entry here (which makes it a `Locale`). */
export const CATALOGS = { en, ja } satisfies Record<string, Catalog>;
export const LOCALES = Object.keys(CATALOGS) as Locale[];

export function catalogFor(locale: Locale): Catalog {
  return CATALOGS[locale];
}

/** Slack's `users.info` locale (`ja-JP`, `en-US`, …) to one the bot speaks; English when unknown. */
export function localeFromSlack(slackLocale: string | undefined): Locale {
  const language = slackLocale?.toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((locale) => locale === language) ?? 'en';
}
