import type { FreebitOperation, LineState, PendingChange } from '../../freebit/index.js';
import { isRefusalDetailCode } from '../../freebit/index.js';
import { formatFreebitDate } from '../../dates.js';
import { BOT_ACTOR } from '../../workflow/index.js';
import type { Catalog, Plural } from './catalog.js';
import { esc, md, userMention, type Mrkdwn } from './mrkdwn.js';

/**
 * What every language says the same way, with its own words: people, lists, counts,
 * durations, a line's state. The catalog holds the sentences; these put them together.
 */

/** A person as a mention, or the bot by its name (its own transitions: an expiry, an execution). */
export function mention(t: Catalog, userId: string): Mrkdwn {
  return userId === BOT_ACTOR ? t.bot : userMention(userId);
}

/** People as the language lists them: "A, B and C" (`and`), or a plain enumeration. */
export function people(t: Catalog, userIds: readonly string[], kind: 'and' | 'plain'): Mrkdwn {
  const type = kind === 'and' ? 'conjunction' : t.intl.plainList;
  return new Intl.ListFormat(t.intl.locale, { type, style: kind === 'and' ? 'long' : 'short' }).format(
    userIds.map((id) => mention(t, id)),
  ) as Mrkdwn;
}

/** The form of `sentence` for `count` (Intl.PluralRules of the language). */
export function plural(t: Catalog, count: number, sentence: Plural): Mrkdwn {
  const form = sentence[new Intl.PluralRules(t.intl.locale).select(count)] ?? sentence.other;
  return form(count);
}

/** Under a minute; minutes; hours (and minutes) up to two days; then days, rounded. */
export function duration(t: Catalog, ms: number): Mrkdwn {
  const said = t.approval.duration;
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return said.underAMinute;
  if (minutes < 60) return said.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return said.hours(hours, minutes % 60);
  return said.days(Math.round(hours / 24));
}

const STATE_BADGES: Record<LineState, string> = {
  waiting: ':large_yellow_circle:',
  temporary: ':large_orange_circle:',
  active: ':large_green_circle:',
  suspended: ':red_circle:',
  obsolete: ':black_circle:',
};

/** The badge is the same in every language: an emoji in front of the state's name. */
export function stateBadge(t: Catalog, state: LineState): Mrkdwn {
  return md`${STATE_BADGES[state] as Mrkdwn} *${t.lineStates[state]}*`;
}

/** A change Freebit has yet to carry out on a line; "none" when there is none. */
export function pendingChangeIn(t: Catalog, pending: PendingChange | null | undefined): Mrkdwn {
  if (!pending) return t.noPendingChange;
  const what = t.changes[pending.func];
  return pending.date ? t.pendingScheduled(what, esc(formatFreebitDate(pending.date))) : t.pendingAtFreebit(what);
}

export function onOff(t: Catalog, value: boolean | undefined): Mrkdwn {
  return value === undefined ? t.notSet : value ? t.onOff.on : t.onOff.off;
}

/** Freebit's refusal in the reader's words: the operation's own meaning of the code first, then the tables', then "refused". */
export function detailCodeSentence(t: Catalog, detailCode: number, operation: FreebitOperation): Mrkdwn {
  const owned: Partial<Record<string, Partial<Record<number, Mrkdwn>>>> = t.operationDetailCodes;
  const own = Object.hasOwn(owned, operation) ? owned[operation]?.[detailCode] : undefined;
  const sentence = own ?? (isRefusalDetailCode(detailCode) ? t.detailCodes[detailCode] : t.unknownDetailCode(detailCode));
  return t.withDetailCode(sentence, detailCode);
}
