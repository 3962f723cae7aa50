import type { ApprovalRequest, ThreadEvent } from '../../workflow/index.js';
import type { RequestLine } from '../../workflow/index.js';
import { section, type MessageBody } from '../kit/blocks.js';
import { esc, groupMention, joinMd, md, type Catalog, type Mrkdwn } from '../i18n/index.js';
import { duration, mention, pendingChangeIn, people, plural } from '../i18n/speak.js';
import { BLOCK_KIT_LIMITS } from '../kit/limits.js';
import { rowSections } from '../kit/rows.js';
import type { Voice } from '../kit/voice.js';
import { nextStep } from '../changeForms/index.js';
import {
  byLineCount,
  datePassedBeforeSending,
  datePassedOf,
  factChanges,
  lineChangedOf,
  lineRow,
  linesCount,
  linesIn,
  notCheckedWhy,
  notDoneRow,
  refusedWhy,
  stuckRow,
  summaryOf,
  tallySaid,
  timeOf,
} from './phrasing.js';

/** Who approves (APPROVER_USER_IDS, APPROVER_USERGROUP_ID): whom a reminder mentions. */
export interface Approvers {
  approverUserIds: readonly string[];
  approverUsergroupId?: string;
}

// A reply's blocks besides its rows: the lead, the tail, and the SANDBOX banner (a message holds 50).
const ROW_BLOCKS = BLOCK_KIT_LIMITS.blocksPerMessage - 3;
// A row is one line and why: a reason quoting data far longer than any real one (a plan code) is cut.
const ROW_MAX = 600;

/**
 * A reply that names lines, however many: a lead sentence (the notification, and the first
 * block), then rows (a line each) packed into sections within Block Kit's limits.
 */
interface ListReply {
  lead: Mrkdwn;
  rows: Mrkdwn[];
  /** After the rows: what to do about them. */
  tail?: Mrkdwn;
}

/**
 * One reply in a request's thread, for each thing the workflow reports (ThreadEvent), whatever
 * the number of lines. Every reply the requester needs to act on or know about mentions them;
 * a reminder mentions the approvers instead. Pure. A reply that names lines is its lead
 * sentence (also its notification), then its rows, as many sections as they take.
 */
export function threadReply(
  voice: Voice,
  request: ApprovalRequest,
  event: ThreadEvent,
  approvers: Approvers = { approverUserIds: [] },
): MessageBody {
  const reply = threadText(voice, request, event, approvers);
  if (typeof reply === 'string') return voice.message(reply);
  const rows = rowSections(reply.rows, { maxBlocks: ROW_BLOCKS, maxRow: ROW_MAX, leftOut: voice.t.requestLines.notShown });
  return voice.message(reply.lead, [section(reply.lead), ...rows, ...(reply.tail ? [section(reply.tail)] : [])]);
}

function threadText(voice: Voice, request: ApprovalRequest, event: ThreadEvent, approvers: Approvers): Mrkdwn | ListReply {
  const { t } = voice;
  const said = t.approval.thread;
  const requester = mention(t, request.requesterId);
  switch (event.kind) {
    case 'approval_counted': {
      const count = request.approvals.length;
      const required = request.requiredApprovals;
      return said.counted(mention(t, event.approverId), count, required, plural(t, required - count, said.stillNeeded));
    }
    case 'approved':
      return said.approved(
        requester,
        people(
          t,
          request.approvals.map((approval) => approval.userId),
          'and',
        ),
      );
    case 'rejected':
      return said.rejected(requester, mention(t, request.decidedBy ?? ''), esc(request.rejectionReason ?? ''));
    case 'withdrawn':
      return said.withdrawn(mention(t, request.decidedBy ?? request.requesterId));
    case 'expired':
      return said.expired(requester, timeOf(request.expiresAt));
    case 'reminder':
      // How long it had waited when the reminder was decided on (a late post, by the sweep, says the same).
      return said.reminder(
        approversToRemind(t, request, approvers),
        duration(t, (request.remindedAt ?? request.createdAt) - request.createdAt),
        timeOf(request.expiresAt),
      );
    case 'executed':
      return executedReply(request, t);
    case 'progress':
      return said.progress(factChanges(event.before, event.after, t));
    case 'completed':
    case 'stuck':
      return closeReply(voice, request);
    case 'line_list':
      return lineListReply(request, t);
  }
}

/**
 * `executed`, once every line had its call. Its date passed before anything was sent: said so.
 * One line: what became of its call, said whole. Several: how many went which way, what Freebit
 * does next with the accepted ones, and each line not done with why, as one line's failure is worded.
 */
function executedReply(request: ApprovalRequest, t: Catalog): Mrkdwn | ListReply {
  const who = mention(t, request.requesterId);
  const summary = summaryOf(request, t);
  if (datePassedBeforeSending(request)) return t.approval.thread.datePassed(who, summary, datePassedOf(request.change));
  return byLineCount<RequestLine, Mrkdwn | ListReply>(request.lines, {
    one: (line) => outcomeOf(request, line, t),
    other: (lines) => {
      const said = t.approval.thread.executed.other;
      const accepted = linesIn(lines, 'accepted').length;
      // Lines still in progress are followed up; with none accepted at all, nothing changed.
      const then =
        accepted > 0
          ? said.followingUp(nextStep(t, request.change))
          : linesIn(lines, 'completed').length + linesIn(lines, 'stuck').length === 0
            ? said.noneAccepted
            : undefined;
      const failed = linesIn(lines, 'failed');
      return {
        lead: said.tally(who, summary, tallySaid(lines, t), then),
        rows: failed.length > 0 ? [md`*${t.requestLines.labels.notDone}*`, ...failed.map((line) => notDoneRow(request, line, t))] : [],
      };
    },
  });
}

/** What the Freebit call for the line did, as the request's thread says it: the whole reply for its requester. */
function outcomeOf(request: ApprovalRequest, line: RequestLine, t: Catalog): Mrkdwn {
  const said = t.approval.thread.executed.one;
  const execution = line.execution;
  // An `executed` event always follows an execution record; without one there is nothing true to say.
  if (!execution) return t.approval.thread.progress(t.approval.nothingMoved);
  const who = mention(t, request.requesterId);
  const summary = summaryOf(request, t);
  switch (execution.result) {
    case 'accepted':
      return said.accepted(who, summary, nextStep(t, request.change));
    case 'already_satisfied':
      return said.alreadySatisfied(who);
    case 'refused':
      return said.refused(who, summary, refusedWhy(execution, request.change, t));
    case 'line_changed':
      return said.lineChanged(who, lineChangedOf(execution, t));
    case 'not_checked':
      return said.notChecked(who, notCheckedWhy(execution, t));
    case 'date_passed':
      return t.approval.thread.datePassed(who, summary, datePassedOf(request.change));
    case 'unknown':
    case 'interrupted': {
      const cause = said.causes[execution.result];
      const settlement = execution.settlement ?? 'unsettled';
      if (settlement === 'accepted') return said.settledAccepted(who, cause, nextStep(t, request.change));
      if (settlement === 'not_accepted') return said.settledNotAccepted(who, cause);
      return said.unsettled(who, cause);
    }
  }
}

/** `line_list`: every line, numbered, as the pre-flight saw it (the approval message shows the first few). */
function lineListReply(request: ApprovalRequest, t: Catalog): ListReply {
  const lines = request.lines;
  return {
    lead: t.requestLines.thread.lineList(linesCount(lines.length, t)),
    // As asked: the list is posted with the request, and says nothing of what became of each line since.
    rows: lines.map((line, index) => md`${index + 1}. ${lineRow({ ...line, state: 'held' }, t)}`),
  };
}

/**
 * `completed` or `stuck`, the request's close: every accepted line done, or one at least past its
 * deadline. One line: what moved on it and how long Freebit took, or what it showed last and the
 * deadline it passed (its follow-up kept both on the line). Several: that all are done, or which
 * lines were not completed by their deadline and what to check.
 */
function closeReply(voice: Voice, request: ApprovalRequest): Mrkdwn | ListReply {
  const { t } = voice;
  const said = t.approval.thread;
  return byLineCount<RequestLine, Mrkdwn | ListReply>(request.lines, {
    one: (line) => {
      const requester = mention(t, request.requesterId);
      const summary = summaryOf(request, t);
      return line.state === 'stuck'
        ? said.stuck(requester, summary, timeOf(line.deadlineAt ?? line.finishedAt ?? 0), lastSeenOf(voice, line.lastSeen ?? null))
        : said.completed(
            requester,
            summary,
            factChanges(line.lineAtRequest ?? null, line.lastSeen ?? null, t),
            duration(t, line.tookMs ?? 0),
          );
    },
    other: () => linesDoneReply(request, t),
  });
}

function linesDoneReply(request: ApprovalRequest, t: Catalog): ListReply {
  const said = t.requestLines.thread;
  const lines = request.lines;
  const requester = mention(t, request.requesterId);
  const summary = summaryOf(request, t);
  const stuck = linesIn(lines, 'stuck');
  if (stuck.length === 0) return { lead: said.allDone(requester, summary, tallySaid(lines, t)), rows: [] };
  return {
    lead: said.someStuck(requester, summary, stuck.length, tallySaid(lines, t)),
    rows: [md`*${t.requestLines.labels.pastDeadline}*`, ...stuck.map((line) => stuckRow(line, t))],
    tail: said.whatToCheck,
  };
}

/** The approvers' user group when there is one; else the listed approvers who may still approve (never the requester). */
function approversToRemind(t: Catalog, request: ApprovalRequest, approvers: Approvers): Mrkdwn {
  if (approvers.approverUsergroupId !== undefined) return groupMention(approvers.approverUsergroupId);
  const approved = new Set(request.approvals.map((approval) => approval.userId));
  return people(
    t,
    approvers.approverUserIds.filter((userId) => userId !== request.requesterId && !approved.has(userId)),
    'and',
  );
}

function lastSeenOf(voice: Voice, facts: RequestLine['lastSeen'] | null): Mrkdwn {
  const { t } = voice;
  if (!facts) return t.approval.notAtFreebit;
  const parts = [
    t.lineStates[facts.state],
    ...(facts.contractLine ? [esc(facts.contractLine)] : []),
    joinMd([t.labels.pendingChange, pendingChangeIn(t, facts.pendingChange)], ': '),
  ];
  return joinMd(parts, ' · ');
}
