import { LINES_SHOWN_IN_MESSAGE, type ApprovalRequest } from '../../workflow/index.js';
import type { RequestLine } from '../../workflow/index.js';
import { actions, button, context, fieldSections, header, section, type Block, type MessageBody } from '../kit/blocks.js';
import { ACTIONS, BLOCKS } from '../kit/ids.js';
import { esc, joinMd, md, userMention, type Catalog, type Mrkdwn } from '../i18n/index.js';
import { mention, people } from '../i18n/speak.js';
import { rowSections } from '../kit/rows.js';
import type { Voice } from '../kit/voice.js';
import {
  byLineCount,
  lineRow,
  linesIn,
  notDoneRow,
  progressOf,
  statusOf,
  stuckRow,
  subjectOf,
  summaryOf,
  timeOf,
  whenAskedOf,
} from './phrasing.js';

// The lines not done (or past their deadline) the message names; the thread names every one.
const ATTENTION_SHOWN = 10;
// A row of a list is cut at this length (a reason quoting a very long plan code): 21 rows of it
// fit in three sections, so a list's four blocks always hold the rows it is given.
const ROW_MAX = 300;
const LIST_BLOCKS = 4;

/**
 * The approval message: what is asked, for which line as it was when asked, why,
 * by whom, until when, who approved so far; and while it is pending, Approve (behind Slack's
 * confirmation dialog naming the number and the operation), Reject and Withdraw. Once
 * decided, the buttons give way to the outcome. Pure: a request in, a message out, so
 * every update re-renders the whole message from the record. A request for several lines
 * (named by their count) lists them too, and once approved, their progress: the one message
 * is updated in place as its lines go, rather than a reply per line.
 */
export function approvalMessage(voice: Voice, request: ApprovalRequest): MessageBody {
  const { t } = voice;
  const a = t.approval;
  const summary = summaryOf(request, t);
  const pending = request.state === 'pending';
  const operation = t.operations[request.change.operation].name;
  const lines = request.lines;
  const subject = subjectOf(lines, t);
  // Once decided it is no longer a call to act: the header names the change only.
  const title = pending ? a.header(operation, subject) : `${operation} · ${subject}`;
  const approvers = request.approvals.map((each) => each.userId);
  const blocks: Block[] = [
    header(title),
    section(md`*${a.labels.change}*: ${summary}`),
    ...fieldSections([
      { label: a.labels.request, value: esc(request.id) },
      { label: a.labels.requestedBy, value: userMention(request.requesterId) },
      { label: a.labels.reason, value: esc(request.reason) },
      // An expiry only matters while someone can still act on it.
      ...(pending ? [{ label: a.labels.expires, value: timeOf(request.expiresAt) }] : []),
      whenAskedOf(request, t),
      {
        label: a.labels.approvals,
        value: a.approvalsSoFar(
          approvers.length,
          request.requiredApprovals,
          approvers.length > 0 ? people(t, approvers, 'plain') : undefined,
        ),
      },
    ]),
    context([md`${a.labels.requestedAt}: ${timeOf(request.createdAt)}`]),
    // Several lines, named by their count in the header: listed here. One line: the fields above say it.
    ...byLineCount(lines, { one: () => [], other: (several) => lineBlocks(request, several, t) }),
  ];
  if (pending) {
    blocks.push(approvalButtons(voice, request, { withdraw: true }));
    blocks.push(context([a.withdrawHint]));
  } else {
    // Where its lines stand, under its status, in the same place at every redraw.
    const progress = progressOf(request, t);
    blocks.push(section(joinMd([statusOf(request, t), ...(progress ? [progress] : [])], '\n'), { blockId: BLOCKS.approvalStatus }));
  }
  return voice.message(a.notification(mention(t, request.requesterId), summary), blocks);
}

/**
 * The lines of a request for several: its first lines as a compact table (each as the pre-flight saw it,
 * and once it moved, where it stands), how many more, and by name the lines not done (with
 * Freebit's or the bot's reason) and those past their deadline. Bounded whatever the count:
 * at most LINES_SHOWN_IN_MESSAGE rows and ATTENTION_SHOWN of each kind, each row at most ROW_MAX.
 */
function lineBlocks(request: ApprovalRequest, lines: readonly RequestLine[], t: Catalog): Block[] {
  const listed = (heading: Mrkdwn, rows: Mrkdwn[]) =>
    rowSections([md`*${heading}*`, ...rows], { maxBlocks: LIST_BLOCKS, maxRow: ROW_MAX, leftOut: t.requestLines.notShown });
  const blocks = listed(
    t.requestLines.labels.lines,
    lines.slice(0, LINES_SHOWN_IN_MESSAGE).map((line) => lineRow(line, t)),
  );
  if (lines.length > LINES_SHOWN_IN_MESSAGE) blocks.push(context([t.requestLines.more(lines.length - LINES_SHOWN_IN_MESSAGE)]));
  const attention = [
    { heading: t.requestLines.labels.notDone, lines: linesIn(lines, 'failed'), row: (line: RequestLine) => notDoneRow(request, line, t) },
    { heading: t.requestLines.labels.pastDeadline, lines: linesIn(lines, 'stuck'), row: (line: RequestLine) => stuckRow(line, t) },
  ];
  for (const { heading, lines: named, row } of attention) {
    if (named.length === 0) continue;
    blocks.push(...listed(heading, named.slice(0, ATTENTION_SHOWN).map(row)));
    if (named.length > ATTENTION_SHOWN) blocks.push(context([t.requestLines.moreNotDone(named.length - ATTENTION_SHOWN)]));
  }
  return blocks;
}

/** Approve and Reject (and, on the message itself, Withdraw): the value is the id, never trusted for more. */
export function approvalButtons(voice: Voice, request: ApprovalRequest, options: { withdraw: boolean }) {
  const { t } = voice;
  const a = t.approval;
  const buttons = [
    button({
      text: a.buttons.approve,
      actionId: ACTIONS.approveRequest,
      value: request.id,
      style: 'primary',
      confirm: {
        title: a.confirm.title,
        // Names the number and the operation: the dialog is the last look before Freebit is asked.
        text: a.confirm.text(summaryOf(request, t)),
        confirm: a.confirm.confirm,
        deny: a.confirm.deny,
        style: 'danger',
      },
    }),
    button({ text: a.buttons.reject, actionId: ACTIONS.rejectRequest, value: request.id, style: 'danger' }),
  ];
  if (options.withdraw) buttons.push(button({ text: a.buttons.withdraw, actionId: ACTIONS.withdrawRequest, value: request.id }));
  return actions(`${BLOCKS.approvalActions}_${request.id}`, buttons);
}
