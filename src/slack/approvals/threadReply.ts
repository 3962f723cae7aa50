import type { ApprovalRequest, ThreadEvent } from '../../workflow/index.js';
import type { MessageBody } from '../kit/blocks.js';
import { esc, groupMention, joinMd, md, type Catalog, type Mrkdwn } from '../i18n/index.js';
import { duration, mention, pendingChangeIn, people, plural } from '../i18n/speak.js';
import type { Voice } from '../kit/voice.js';
import { executionReply, factChanges, summaryOf, timeOf } from './words.js';

/** Who approves (APPROVER_USER_IDS, APPROVER_USERGROUP_ID): whom a reminder mentions. */
export interface Approvers {
  approverUserIds: readonly string[];
  approverUsergroupId?: string;
}

/**
 * One reply in a request's thread, for each thing the workflow reports (ThreadEvent). Every
 * reply the requester needs to act on or know about mentions them; a reminder mentions the
 * approvers instead. Pure.
 */
export function threadReply(voice: Voice, request: ApprovalRequest, event: ThreadEvent, approvers: Approvers = { approverUserIds: [] }): MessageBody {
  return voice.message(threadText(voice, request, event, approvers));
}

function threadText(voice: Voice, request: ApprovalRequest, event: ThreadEvent, approvers: Approvers): Mrkdwn {
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
      return said.reminder(approversToRemind(t, request, approvers), duration(t, (request.remindedAt ?? request.createdAt) - request.createdAt), timeOf(request.expiresAt));
    case 'executed':
      // An `executed` event always follows an execution record; without one there is nothing true to say.
      return executionReply(request, t) ?? said.progress(t.approval.nothingMoved);
    case 'progress':
      return said.progress(factChanges(event.before, event.after, t));
    case 'completed':
      return said.completed(requester, summaryOf(request, t), factChanges(event.before, event.after, t), duration(t, event.tookMs));
    case 'stuck':
      return said.stuck(requester, summaryOf(request, t), timeOf(event.deadlineAt), lastSeenOf(voice, event.lastSeen));
    // Placeholders until the words of requests for several lines are in the catalog.
    case 'line_list':
      return joinMd((request.lines ?? []).map((line) => esc(line.phone)), '\n');
    case 'lines_done':
      return joinMd((request.lines ?? []).map((line) => md`${esc(line.phone)}: ${esc(line.state)}`), '\n');
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
  const parts = [t.lineStates[facts.state], ...(facts.contractLine ? [esc(facts.contractLine)] : []), joinMd([t.labels.pendingChange, pendingChangeIn(t, facts.pendingChange)], ': ')];
  return joinMd(parts, ' · ');
}
