import { formatFreebitDate, formatJapanTime } from '../../dates.js';
import type { FreebitOperation } from '../../freebit/index.js';
import { formatPhoneNumber, type PhoneNumber } from '../../phone.js';
import { lineChangesBetween, type ApprovalRequest, type LineFactChange, type LineFacts, type Operation } from '../../workflow/index.js';
import type { ExecutionReport, FailureKind, NextStep, RequestStatus } from '../approvalMessages.js';
import { escapeMrkdwn } from '../blocks.js';
import { stateBadge, type Catalog } from '../messages.js';

/**
 * A request in the catalog's words: pure functions from the domain's records to the values
 * the sentences take (formatted numbers, dates in Japan time, outcomes by kind). The
 * approval message, its thread, history and App Home all read a request through these.
 */

export const phoneOf = (request: Pick<ApprovalRequest, 'phone'>) => formatPhoneNumber(request.phone as PhoneNumber);

/** "cancel 090-1234-5678 on 2026-11-30", in the reader's language. */
export function summaryOf(request: Pick<ApprovalRequest, 'phone' | 'change'>, t: Catalog): string {
  const phone = phoneOf(request);
  const change = request.change;
  switch (change.operation) {
    case 'cancel':
      return t.changeSummary({ operation: 'cancel', phone, ...(change.runDate ? { runDate: formatFreebitDate(change.runDate) } : {}) });
    case 'contract':
      return t.changeSummary({ operation: 'contract', phone, contractLine: change.contractLine });
    case 'register':
      return t.changeSummary({ operation: 'register', phone, planCode: escapeMrkdwn(change.planCode), ...(change.startDate ? { startDate: formatFreebitDate(change.startDate) } : {}) });
  }
}

export function operationName(operation: Operation, t: Catalog): string {
  return t.operationNames[operation];
}

/** The line as the approver should see it: state, contract line, plan, and any change pending at Freebit. */
export function lineSummary(line: LineFacts | undefined | null, t: Catalog): string {
  if (!line) return t.approval.newNumber;
  const parts = [stateBadge(t, line.state)];
  if (line.contractLine) parts.push(`${t.labels.contractLine}: ${escapeMrkdwn(line.contractLine)}`);
  if (line.planCode) parts.push(`${t.labels.plan}: ${escapeMrkdwn(line.planCode)}`);
  parts.push(`${t.labels.pendingChange}: ${pendingChangeIn(line.pendingChange, t)}`);
  return parts.join(' · ');
}

export function pendingChangeIn(pending: LineFacts['pendingChange'] | null, t: Catalog): string {
  return pending ? t.pendingChange(pending, pending.date ? formatFreebitDate(pending.date) : undefined) : t.noPendingChange;
}

/** The facts the look-up right before the call found moved (execute.ts stores them as values), in the reader's words. */
function lineChangesIn(changes: readonly LineFactChange[], t: Catalog): string {
  if (changes.length === 0) return t.approval.nothingMoved;
  const said = (change: LineFactChange): string => {
    switch (change.fact) {
      case 'state': {
        const shown = (state: typeof change.before) => (state ? t.lineState(state) : t.approval.notAtFreebit);
        return t.approval.change(t.labels.state, shown(change.before), shown(change.after));
      }
      case 'contractLine':
        return t.approval.change(t.labels.contractLine, escapeMrkdwn(change.before ?? t.notSet), escapeMrkdwn(change.after ?? t.notSet));
      case 'planCode':
        return t.approval.change(t.labels.plan, escapeMrkdwn(change.before ?? t.notSet), escapeMrkdwn(change.after ?? t.notSet));
      case 'pendingChange':
        return t.approval.change(t.labels.pendingChange, pendingChangeIn(change.before, t), pendingChangeIn(change.after, t));
    }
  };
  return changes.map(said).join('; ');
}

/** "State: Active → Cancelled; Pending change: …": what moved between two sightings of a line. */
export function factChanges(before: LineFacts | null | undefined, after: LineFacts | null | undefined, t: Catalog): string {
  return lineChangesIn(lineChangesBetween(before, after), t);
}

/** The day the change was asked for: a cancellation's run date, a registration's start date. */
function datedOf(request: Pick<ApprovalRequest, 'change'>): string | undefined {
  const change = request.change;
  return change.operation === 'cancel' ? change.runDate : change.operation === 'register' ? change.startDate : undefined;
}

function nextStepOf(request: Pick<ApprovalRequest, 'change'>): NextStep {
  const change = request.change;
  switch (change.operation) {
    case 'cancel':
      return { operation: 'cancel', ...(change.runDate ? { runDate: formatFreebitDate(change.runDate) } : {}) };
    case 'contract':
      return { operation: 'contract', contractLine: change.contractLine };
    case 'register':
      return { operation: 'register', ...(change.startDate ? { startDate: formatFreebitDate(change.startDate) } : {}) };
  }
}

const FREEBIT_OPERATIONS: Record<Operation, FreebitOperation> = { cancel: 'cancelLine', contract: 'changeContractLine', register: 'registerLine' };

/** What the Freebit call did, as the thread says it. */
export function executionReport(request: ApprovalRequest, t: Catalog): ExecutionReport | undefined {
  const execution = request.execution;
  if (!execution) return undefined;
  const detail = escapeMrkdwn(execution.detail ?? '');
  switch (execution.result) {
    case 'accepted':
      return { result: 'accepted', next: nextStepOf(request) };
    case 'already_satisfied':
      return { result: 'already_satisfied' };
    case 'refused':
      return { result: 'refused', why: t.freebitRefused(execution.detailCode ?? 0, FREEBIT_OPERATIONS[request.change.operation], detail) };
    case 'line_changed':
      // Records written before `lineChanges` existed have only the domain's English sentence.
      return { result: 'line_changed', changes: execution.lineChanges ? lineChangesIn(execution.lineChanges, t) : detail };
    case 'not_checked':
      if (execution.errorCode === 'internal') return { result: 'not_checked', why: t.approval.ownProblem };
      return { result: 'not_checked', why: execution.errorCode ? t.approval.lookupProblem(execution.errorCode, execution.detailCode) : detail };
    case 'date_passed':
      return { result: 'date_passed', date: formatFreebitDate(datedOf(request) ?? '') };
    case 'unknown':
    case 'interrupted':
      return { result: execution.result, settlement: execution.settlement ?? 'unsettled', next: nextStepOf(request) };
  }
}

/** Why a failed request was not done, in the reader's words (for `/freebit history`); undefined when it did not fail that way. */
export function failureDetailOf(request: ApprovalRequest, t: Catalog): string | undefined {
  const report = request.state === 'failed' ? executionReport(request, t) : undefined;
  switch (report?.result) {
    case 'refused':
      return report.why;
    case 'line_changed':
      return report.changes;
    case 'not_checked':
      return report.why;
    case 'date_passed':
      return t.approval.status({ kind: 'date_passed', date: report.date, at: formatJapanTime(request.execution?.at ?? request.createdAt) });
    default:
      return undefined;
  }
}

function failureOf(request: ApprovalRequest): FailureKind {
  const execution = request.execution;
  switch (execution?.result) {
    case 'refused':
      return 'refused';
    case 'line_changed':
      return 'line_changed';
    case 'not_checked':
      return 'not_checked';
    default:
      return execution?.settlement === 'unsettled' ? 'unsettled' : 'not_accepted';
  }
}

/** The outcome line that replaces the buttons once the request is decided. */
export function statusOf(request: ApprovalRequest): RequestStatus {
  const by = request.approvals.map((approval) => approval.userId);
  const at = formatJapanTime(request.decidedAt ?? request.createdAt);
  switch (request.state) {
    case 'pending':
      return { kind: 'pending' };
    case 'approved':
    case 'executing':
    case 'stuck':
      return { kind: request.state, by, at };
    case 'accepted':
      return { kind: 'accepted', by, at, alreadyDone: request.execution?.result === 'already_satisfied' };
    case 'completed':
      return { kind: 'completed', by, at, finishedAt: formatJapanTime(request.finishedAt ?? request.decidedAt ?? request.createdAt) };
    case 'failed':
      if (request.execution?.result === 'date_passed') {
        return { kind: 'date_passed', date: formatFreebitDate(datedOf(request) ?? ''), at: formatJapanTime(request.execution.at) };
      }
      return { kind: 'failed', by, at, why: failureOf(request) };
    case 'rejected':
      return { kind: 'rejected', by: request.decidedBy ?? '', at, reason: escapeMrkdwn(request.rejectionReason ?? '') };
    case 'expired':
      return { kind: 'expired', at: formatJapanTime(request.expiresAt) };
    case 'withdrawn':
      return { kind: 'withdrawn', by: request.decidedBy ?? request.requesterId, at };
  }
}
