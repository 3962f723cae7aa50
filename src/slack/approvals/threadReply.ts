import { formatJapanTime } from '../../dates.js';
import type { ApprovalRequest, ThreadEvent } from '../../workflow/index.js';
import { escapeMrkdwn, type MessageBody } from '../blocks.js';
import type { Voice } from '../voice.js';
import { executionReport, factChanges, pendingChangeIn, summaryOf } from './words.js';

/**
 * One reply in a request's thread, for each thing the workflow reports (ThreadEvent). Every
 * reply the requester needs to act on or know about mentions them. Pure.
 */
export function threadReply(voice: Voice, request: ApprovalRequest, event: ThreadEvent): MessageBody {
  return voice.message(threadText(voice, request, event));
}

function threadText(voice: Voice, request: ApprovalRequest, event: ThreadEvent): string {
  const { t } = voice;
  const said = t.approval.thread;
  const requester = request.requesterId;
  switch (event.kind) {
    case 'approval_counted':
      return said.counted(event.approverId, request.approvals.length, request.requiredApprovals);
    case 'approved':
      return said.approved(
        requester,
        request.approvals.map((approval) => approval.userId),
      );
    case 'rejected':
      return said.rejected(requester, request.decidedBy ?? '', escapeMrkdwn(request.rejectionReason ?? ''));
    case 'withdrawn':
      return said.withdrawn(request.decidedBy ?? requester);
    case 'expired':
      return said.expired(requester, formatJapanTime(request.expiresAt));
    case 'executed': {
      const report = executionReport(request, t);
      // An `executed` event always follows an execution record; without one there is nothing true to say.
      if (!report) return said.progress(t.approval.nothingMoved);
      return said.executed(requester, summaryOf(request, t), report);
    }
    case 'progress':
      return said.progress(factChanges(event.before, event.after, t));
    case 'completed':
      return said.completed(requester, summaryOf(request, t), factChanges(event.before, event.after, t), t.approval.duration(event.tookMs));
    case 'stuck':
      return said.stuck(requester, summaryOf(request, t), formatJapanTime(event.deadlineAt), lastSeenOf(voice, event.lastSeen));
  }
}

function lastSeenOf(voice: Voice, facts: Extract<ThreadEvent, { kind: 'stuck' }>['lastSeen']): string {
  const { t } = voice;
  if (!facts) return t.approval.notAtFreebit;
  return `${t.lineState(facts.state)}${facts.contractLine ? ` · ${escapeMrkdwn(facts.contractLine)}` : ''} · ${t.labels.pendingChange}: ${pendingChangeIn(facts.pendingChange, t)}`;
}
