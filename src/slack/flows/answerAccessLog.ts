import type { webApi } from '@slack/bolt';
import { formatPhoneNumber } from '../../phone.js';
import type { MessageBody } from '../kit/blocks.js';
import { esc, userMention } from '../i18n/index.js';
import type { AccessLogTarget } from '../commandText.js';
import type { SlackDeps } from '../deps.js';
import { accessLogCsv, accessLogMessage } from '../lineCard/accessLogMessage.js';
import type { Voice } from '../kit/voice.js';

const SHOWN = 50;
/** Rows a CSV export holds at most (the file says so when it is cut). */
export const CSV_MAX_ROWS = 10_000;

/**
 * `/freebit access-log <number|@person> [csv]`, for approvers: the last 50 lookups of a line
 * or by a person, privately; with `csv`, as a file uploaded to the asker's DM with the bot
 * (files.uploadV2 into the DM that conversations.open gives), for an auditor.
 */
export async function answerAccessLog(
  deps: SlackDeps,
  client: webApi.WebClient,
  asked: { userId: string; voice: Voice; target: AccessLogTarget; csv: boolean },
  reply: (body: MessageBody) => Promise<unknown>,
): Promise<void> {
  const { voice } = asked;
  if (!(await deps.approvals.isApprover(asked.userId))) {
    await reply(voice.message(voice.t.accessLog.onlyApprovers));
    return;
  }
  const of = 'phone' in asked.target ? esc(formatPhoneNumber(asked.target.phone)) : userMention(asked.target.userId);
  // The export is for an auditor: everything kept, up to what one file holds; the message shows the last 50.
  const limit = asked.csv ? CSV_MAX_ROWS : SHOWN;
  const entries =
    'phone' in asked.target
      ? await deps.accessLog.forLine(asked.target.phone, limit)
      : await deps.accessLog.forPerson(asked.target.userId, limit);
  if (!asked.csv || entries.length === 0) {
    await reply(accessLogMessage(voice, of, entries));
    return;
  }
  const dm = await client.conversations.open({ users: asked.userId });
  const channelId = dm.channel?.id;
  if (!channelId) throw new Error('conversations.open did not give the DM channel');
  const name = 'phone' in asked.target ? asked.target.phone : asked.target.userId;
  await client.filesUploadV2({
    channel_id: channelId,
    filename: `access-log-${name}.csv`,
    title: `access-log-${name}.csv`,
    content: accessLogCsv(entries),
    initial_comment: voice.t.accessLog.csvComment(of, entries.length, entries.length >= CSV_MAX_ROWS),
  });
  await reply(voice.message(voice.t.accessLog.csvSent(of)));
}
