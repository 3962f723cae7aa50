import type { Catalog, Locale } from './catalog.js';
import { CATALOGS, LOCALES } from './index.js';

export function catalogFor(locale: Locale): Catalog {
  return CATALOGS[locale];
}

/** Slack's `users.info` locale (`ja-JP`, `en-US`, …) to one the bot speaks; English when unknown. */
export function localeFromSlack(slackLocale: string | undefined): Locale {
  const language = slackLocale?.toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((locale) => locale === language) ?? 'en';
}
