import { tallyOf, type ApprovalRequest, type BulkLine } from '../../workflow/index.js';
import { md, type Catalog, type Mrkdwn } from '../i18n/index.js';
import { mention } from '../i18n/speak.js';
import { nextStep } from '../operations/index.js';
import { lineRow, linesIn, notDoneRow, stuckRow, tallySaid } from './bulkWords.js';
import { linesCount, summaryOf } from './words.js';

/**
 * The thread replies of a request for several lines that name lines: one reply each,
 * however many lines, so a reply is a lead sentence (the notification, and the first block)
 * and rows (a line each) that threadReply.ts packs into sections within Block Kit's limits.
 */
export interface ListReply {
  lead: Mrkdwn;
  rows: Mrkdwn[];
  /** After the rows: what to do about them. */
  tail?: Mrkdwn;
}

type Bulk = ApprovalRequest & { lines: BulkLine[] };

/** `line_list`: every line, numbered, as the pre-flight saw it (the approval message shows the first few). */
export function lineListReply(request: Bulk, t: Catalog): ListReply {
  return {
    lead: t.bulk.thread.lineList(linesCount(request.lines.length, t)),
    // As asked: the list is posted with the request, and says nothing of what became of each line since.
    rows: request.lines.map((line, index) => md`${index + 1}. ${lineRow({ ...line, state: 'held' }, t)}`),
  };
}

/**
 * `executed`, once every line had its call: how many went which way, what Freebit does next with
 * the accepted ones, and each line not done (refused, or not sent) with why, worded as a single
 * request's failure is.
 */
export function executedReply(request: Bulk, t: Catalog): ListReply {
  const tally = tallyOf(request.lines);
  const said = t.bulk.thread;
  // Lines still in progress are followed up; with none accepted at all, nothing changed.
  const then =
    tally.accepted > 0
      ? said.followingUp(nextStep(t, request.change))
      : tally.completed + tally.stuck === 0
        ? said.noneAccepted
        : undefined;
  const lead = said.executed(mention(t, request.requesterId), summaryOf(request, t), tallySaid(request, t), then);
  const failed = linesIn(request, 'failed');
  return { lead, rows: failed.length > 0 ? [md`*${t.bulk.labels.notDone}*`, ...failed.map((line) => notDoneRow(request, line, t))] : [] };
}

/**
 * `lines_done`, every accepted line done or past its deadline: to the requester, that all are
 * done, or which lines were not completed by their deadline and what to check.
 */
export function linesDoneReply(request: Bulk, t: Catalog): ListReply {
  const said = t.bulk.thread;
  const requester = mention(t, request.requesterId);
  const summary = summaryOf(request, t);
  const stuck = linesIn(request, 'stuck');
  if (stuck.length === 0) return { lead: said.allDone(requester, summary, tallySaid(request, t)), rows: [] };
  return {
    lead: said.someStuck(requester, summary, stuck.length, tallySaid(request, t)),
    rows: [md`*${t.bulk.labels.pastDeadline}*`, ...stuck.map((line) => stuckRow(line, t))],
    tail: said.whatToCheck,
  };
}
