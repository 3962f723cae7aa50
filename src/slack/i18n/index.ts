import type { Catalog, Locale } from './catalog.js';
import { en } from './en/index.js';
import { ja } from './ja/index.js';

export type { Catalog, FailureKind, Locale, PhoneProblem, TrailAction } from './catalog.js';
export { esc, md, joinMd, quoted, userMention, channelMention, groupMention, link, type Mrkdwn } from './mrkdwn.js';
export { catalogFor, localeFromSlack } from './locales.js';
export { en, ja };

/** Every language the bot speaks: a folder beside this file, and its entry here (which makes it a `Locale`). */
export const CATALOGS = { en, ja } satisfies Record<string, Catalog>;
export const LOCALES = Object.keys(CATALOGS) as Locale[];
