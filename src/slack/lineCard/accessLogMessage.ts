import { formatJapanIso, formatJapanTime } from '../../dates.js';
import { formatPhoneNumber, type PhoneNumber } from '../../phone.js';
import type { LineAccess } from '../../workflow/index.js';
import { context, header, section, type Block, type MessageBody } from '../kit/blocks.js';
import { channelMention, esc, joinMd, userMention, type Mrkdwn } from '../i18n/index.js';
import type { Voice } from '../kit/voice.js';

// Ten lookups a section keeps each well inside a section's 3,000 characters.
const PER_SECTION = 10;

/**
 * `/freebit access-log <number|@person>`: the last lookups, newest first, each with when,
 * who, which number, on which surface and in which channel; a refused look says so, and why. Pure.
 */
export function accessLogMessage(voice: Voice, of: Mrkdwn, entries: readonly LineAccess[]): MessageBody {
  const said = voice.t.accessLog;
  if (entries.length === 0) return voice.message(said.none(of));
  const lines = entries.map((entry) => {
    const phone = entry.phone ? esc(formatPhoneNumber(entry.phone as PhoneNumber)) : said.noNumber;
    const line = said.entry(esc(formatJapanTime(entry.at)), userMention(entry.userId), phone, said.surfaces[entry.surface]);
    const where = entry.channelId ? joinMd([line, said.inChannel(channelMention(entry.channelId))], '') : line;
    return entry.refused ? joinMd([where, said.refused(said.refusals[entry.refused])], ' · ') : where;
  });
  const blocks: Block[] = [header(said.header(of))];
  for (let start = 0; start < lines.length; start += PER_SECTION)
    blocks.push(section(joinMd(lines.slice(start, start + PER_SECTION), '\n')));
  blocks.push(context([said.lastShown(entries.length)]));
  return voice.message(said.header(of), blocks);
}

/**
 * The same as a CSV file for an auditor: one row per lookup, the time in ISO 8601 JST, the
 * ids as Slack knows them. Cells a spreadsheet would run as a formula are quoted inert.
 */
export function accessLogCsv(entries: readonly LineAccess[]): string {
  // `outcome`: shown, or refused (nothing was shown); `refusal`: why (lookup_not_allowed, lookup_ceiling, …).
  const rows = [['time_jst', 'user_id', 'phone', 'surface', 'channel_id', 'outcome', 'refusal']];
  for (const entry of entries) {
    rows.push([
      formatJapanIso(entry.at),
      entry.userId,
      entry.phone ? formatPhoneNumber(entry.phone as PhoneNumber) : '',
      entry.surface,
      entry.channelId ?? '',
      entry.refused ? 'refused' : 'shown',
      entry.refused ?? '',
    ]);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}
