/**
 * Text Slack reads as mrkdwn, where `&`, `<` and `>` are control characters. A `Mrkdwn` value
 * is safe to put in a mrkdwn block as it is: it is a sentence of the catalog, data made inert
 * by `esc`, or markup the bot built itself (a mention, a link). The catalog's sentences take
 * `Mrkdwn` for what they interpolate (`md` takes nothing else), and the block builders take
 * `Mrkdwn`: data that skipped `esc` on its way to a person is a type error.
 */
declare const brand: unique symbol;
export type Mrkdwn = string & { readonly [brand]: 'mrkdwn' };

/** Data from Freebit or a person, made inert for mrkdwn. */
export function esc(text: string): Mrkdwn {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') as Mrkdwn;
}

/** A sentence: only `Mrkdwn` (and numbers) may be interpolated. */
export function md(strings: TemplateStringsArray, ...values: ReadonlyArray<Mrkdwn | number>): Mrkdwn {
  return strings.reduce((text, part, index) => text + String(values[index - 1]) + part) as Mrkdwn;
}

/** Mrkdwn pieces joined by a separator of the bot's own. */
export function joinMd(parts: readonly Mrkdwn[], separator: string): Mrkdwn {
  return parts.join(separator) as Mrkdwn;
}

/** A person, as Slack shows a mention (the id is Slack's own, never typed text). */
export const userMention = (userId: string): Mrkdwn => `<@${userId}>` as Mrkdwn;
export const channelMention = (channelId: string): Mrkdwn => `<#${channelId}>` as Mrkdwn;
export const groupMention = (usergroupId: string): Mrkdwn => `<!subteam^${usergroupId}>` as Mrkdwn;
/** A link whose text is the bot's own (a request id). */
export const link = (url: string, text: string): Mrkdwn => `<${url}|${text}>` as Mrkdwn;

/** Something a person typed, quoted back: at most 40 characters, inert, and no backtick to open code. */
export function quoted(input: string): Mrkdwn {
  const characters = Array.from(input);
  const clipped = characters.length > 40 ? `${characters.slice(0, 39).join('')}…` : input;
  return esc(clipped.replace(/`/g, 'ˋ'));
}
