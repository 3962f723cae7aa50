import type { ApprovalRequest, ThreadEvent } from '../../workflow/index.js';
import { section, type MessageBody } from '../kit/blocks.js';
import { esc, groupMention, joinMd, type Catalog, type Mrkdwn } from '../i18n/index.js';
import { duration, mention, pendingChangeIn, people, plural } from '../i18n/speak.js';
import { BLOCK_KIT_LIMITS } from '../kit/limits.js';
import { rowSections } from '../kit/rows.js';
import type { Voice } from '../kit/voice.js';
import { executedReply, lineListReply, linesDoneReply, type ListReply } from './bulkReplies.js';
import { executionReply, factChanges, isBulk, summaryOf, timeOf } from './words.js';

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
 * One reply in a request's thread, for each thing the workflow reports (ThreadEvent). Every
 * reply the requester needs to act on or know about mentions them; a reminder mentions the
 * approvers instead. Pure. A reply that names the lines of a request for several is its lead
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
  const rows = rowSections(reply.rows, { maxBlocks: ROW_BLOCKS, maxRow: ROW_MAX, leftOut: voice.t.bulk.notShown });
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
      // A request for several lines is executed once every line had its call: one reply for all.
      // …unless its date passed before anything was sent: said as for one line.
      if (isBulk(request) && request.execution?.result !== 'date_passed') return executedReply(request, t);
      // An `executed` event always follows an execution record; without one there is nothing true to say.
      return executionReply(request, t) ?? said.progress(t.approval.nothingMoved);
    case 'progress':
      return said.progress(factChanges(event.before, event.after, t));
    case 'completed':
      return said.completed(requester, summaryOf(request, t), factChanges(event.before, event.after, t), duration(t, event.tookMs));
    case 'stuck':
      return said.stuck(requester, summaryOf(request, t), timeOf(event.deadlineAt), lastSeenOf(voice, event.lastSeen));
    // Only a request for several lines owes these; a record without lines has none to name.
    case 'line_list':
      return lineListReply({ ...request, lines: request.lines ?? [] }, t);
    case 'lines_done':
      return linesDoneReply({ ...request, lines: request.lines ?? [] }, t);
  }
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

function lastSeenOf(voice: Voice, facts: Extract<ThreadEvent, { kind: 'stuck' }>['lastSeen']): Mrkdwn {
  const { t } = voice;
  if (!facts) return t.approval.notAtFreebit;
  const parts = [
    t.lineStates[facts.state],
    ...(facts.contractLine ? [esc(facts.contractLine)] : []),
    joinMd([t.labels.pendingChange, pendingChangeIn(t, facts.pendingChange)], ': '),
  ];
  return joinMd(parts, ' · ');
}
