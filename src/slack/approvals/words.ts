import { formatFreebitDate, formatJapanTime } from '../../dates.js';
import { formatPhoneNumber, type PhoneNumber } from '../../phone.js';
import {
  freebitOperationOf,
  lineChangesBetween,
  requestedDateOf,
  type ApprovalRequest,
  type BulkLine,
  type Execution,
  type LineFactChange,
  type LineFacts,
  type RequestedChange,
} from '../../workflow/index.js';
import { esc, joinMd, type Catalog, type FailureKind, type Mrkdwn } from '../i18n/index.js';
import { detailCodeSentence, mention, pendingChangeIn, people, plural, stateBadge } from '../i18n/speak.js';
import { changeSummary, nextStep } from '../operations/index.js';

/**
 * A request in the catalog's words: pure functions from the domain's records to the values
 * the sentences take (formatted numbers, dates in Japan time, outcomes by kind). The
 * approval message, its thread, history and App Home all read a request through these.
 */

/**
 * Whether a request is worded as several lines. Until the words of one line and of several are
 * one, a request of one line is worded from its line: its number and its request's outcome.
 */
export const isBulk = (request: Pick<ApprovalRequest, 'lines'>): boolean => request.lines.length > 1;

export const phoneOf = (request: { lines: ReadonlyArray<{ phone: string }> }) => formatPhoneNumber(request.lines[0]!.phone as PhoneNumber);

/** A time as every message shows it: Japan time, as mrkdwn. */
export const timeOf = (epochMs: number): Mrkdwn => esc(formatJapanTime(epochMs));

/** "cancel 090-1234-5678 on 2026-11-30", or for a request of several lines "cancel 37 lines on 2026-11-30", in the reader's language. */
export function summaryOf(request: Pick<ApprovalRequest, 'change'> & { lines: ReadonlyArray<{ phone: string }> }, t: Catalog): Mrkdwn {
  return changeSummary(t, subjectOf(request, t), request.change);
}

/** What a request is for: its number, or how many lines ("37 lines"). */
function subjectOf(request: { lines: ReadonlyArray<{ phone: string }> }, t: Catalog): Mrkdwn {
  return request.lines.length > 1 ? linesCount(request.lines.length, t) : esc(phoneOf(request));
}

/** "37 lines", in the language's plural. */
export const linesCount = (count: number, t: Catalog): Mrkdwn => plural(t, count, t.bulk.lines);

/** The line as the approver should see it: state, contract line, plan, and any change pending at Freebit. */
export function lineSummary(line: LineFacts | undefined | null, t: Catalog): Mrkdwn {
  if (!line) return t.approval.newNumber;
  const parts = [stateBadge(t, line.state)];
  if (line.contractLine) parts.push(joinMd([t.labels.contractLine, esc(line.contractLine)], ': '));
  if (line.planCode) parts.push(joinMd([t.labels.plan, esc(line.planCode)], ': '));
  parts.push(joinMd([t.labels.pendingChange, pendingChangeIn(t, line.pendingChange)], ': '));
  return joinMd(parts, ' · ');
}

/** The facts the look-up right before the call found moved (execute.ts stores them as values), in the reader's words. */
function lineChangesIn(changes: readonly LineFactChange[], t: Catalog): Mrkdwn {
  if (changes.length === 0) return t.approval.nothingMoved;
  const value = (text: string | null) => esc(text ?? t.notSet);
  const said = (change: LineFactChange): Mrkdwn => {
    switch (change.fact) {
      case 'state': {
        const shown = (state: typeof change.before) => (state ? t.lineStates[state] : t.approval.notAtFreebit);
        return t.approval.change(t.labels.state, shown(change.before), shown(change.after));
      }
      case 'contractLine':
        return t.approval.change(t.labels.contractLine, value(change.before), value(change.after));
      case 'planCode':
        return t.approval.change(t.labels.plan, value(change.before), value(change.after));
      case 'pendingChange':
        return t.approval.change(t.labels.pendingChange, pendingChangeIn(t, change.before), pendingChangeIn(t, change.after));
    }
  };
  return joinMd(changes.map(said), '; ');
}

/** "State: Active → Cancelled; Pending change: …": what moved between two sightings of a line. */
export function factChanges(before: LineFacts | null | undefined, after: LineFacts | null | undefined, t: Catalog): Mrkdwn {
  return lineChangesIn(lineChangesBetween(before, after), t);
}

/** The day the change was asked for, formatted, when it had one and it passed. */
const datePassedOf = (change: RequestedChange): Mrkdwn => esc(formatFreebitDate(requestedDateOf(change) ?? ''));

/** Why the look-up right before the call failed, in the reader's words. */
function notCheckedWhy(execution: Execution, t: Catalog): Mrkdwn {
  if (execution.errorCode === 'internal') return t.approval.ownProblem;
  if (!execution.errorCode) return esc(execution.detail ?? '');
  if (execution.errorCode !== 'refused') return t.approval.lookupProblems[execution.errorCode];
  return t.approval.lookupRefused(execution.detailCode === undefined ? t.approval.unknownCode : esc(String(execution.detailCode)));
}

/** Freebit's refusal of the call, in the reader's words. */
function refusedWhy(execution: Execution | undefined, change: RequestedChange, t: Catalog): Mrkdwn {
  return detailCodeSentence(t, execution?.detailCode ?? 0, freebitOperationOf(change));
}

/** What the Freebit call did, as the request's thread says it: the whole reply for its requester. */
export function executionReply(request: ApprovalRequest, t: Catalog): Mrkdwn | undefined {
  const execution = request.execution;
  if (!execution) return undefined;
  const said = t.approval.thread;
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
      // Records written before `lineChanges` existed have only the domain's English sentence.
      return said.lineChanged(who, execution.lineChanges ? lineChangesIn(execution.lineChanges, t) : esc(execution.detail ?? ''));
    case 'not_checked':
      return said.notChecked(who, notCheckedWhy(execution, t));
    case 'date_passed':
      return said.datePassed(who, summary, datePassedOf(request.change));
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

/** Why a failed request was not done, in the reader's words (for `/freebit history`); undefined when it did not fail that way. */
export function failureDetailOf(request: ApprovalRequest, t: Catalog): Mrkdwn | undefined {
  const execution = request.state === 'failed' ? request.execution : undefined;
  if (execution?.result === 'date_passed')
    return t.approval.status.datePassed(datePassedOf(request.change), timeOf(execution.at ?? request.createdAt));
  return execution && detailOf(execution, request.change, t);
}

/** Why a change was not done, the detail (Freebit's refusal, what moved on the line, why it could not be checked); undefined when the execution says no more. */
function detailOf(execution: Execution, change: RequestedChange, t: Catalog): Mrkdwn | undefined {
  switch (execution.result) {
    case 'refused':
      return refusedWhy(execution, change, t);
    case 'line_changed':
      return execution.lineChanges ? lineChangesIn(execution.lineChanges, t) : esc(execution.detail ?? '');
    case 'not_checked':
      return notCheckedWhy(execution, t);
    case 'date_passed':
      return t.bulk.datePassed(datePassedOf(change));
    default:
      return undefined;
  }
}

/**
 * Why one line of a request for several was not done, as a single request's failure is worded:
 * the kind ("Freebit refused it") and its detail ("The line has another change waiting… (Freebit
 * detail code 230)"). A line whose date had passed is said by its detail alone: no failure kind
 * fits it (nothing was sent, and Freebit refused nothing).
 */
export function lineFailureOf(line: BulkLine, change: RequestedChange, t: Catalog): Mrkdwn {
  const execution = line.execution;
  const kind = t.approval.failures[failureOf(execution)];
  const detail = execution && detailOf(execution, change, t);
  if (!detail) return kind;
  return execution?.result === 'date_passed' ? detail : t.bulk.notDone(kind, detail);
}

function failureOf(execution: Execution | undefined): FailureKind {
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
export function statusOf(request: ApprovalRequest, t: Catalog): Mrkdwn {
  const said = t.approval.status;
  const approved = said.approved(peopleOf(request, t), timeOf(request.decidedAt ?? request.createdAt));
  const after = (...parts: Mrkdwn[]) => joinMd([approved, ...parts], ' · ');
  switch (request.state) {
    case 'pending':
      return t.approval.requestStates.pending;
    case 'approved':
      return approved;
    case 'executing':
      return after(said.asking);
    case 'accepted':
      if (isBulk(request)) return after(t.bulk.status.sent);
      return after(request.execution?.result === 'already_satisfied' ? said.alreadyDone : said.inProgress);
    case 'completed':
      return after(said.completed(timeOf(request.finishedAt ?? request.decidedAt ?? request.createdAt)));
    case 'stuck':
      return after(said.stuck);
    case 'failed':
      // Its date passed while it waited (one line or several): nothing was sent, and nobody approved it.
      if (request.execution?.result === 'date_passed') return said.datePassed(datePassedOf(request.change), timeOf(request.execution.at));
      if (isBulk(request)) return after(said.failed(t.bulk.status.noneAccepted));
      return after(said.failed(t.approval.failures[failureOf(request.execution)]));
    case 'rejected':
      return said.rejected(
        mention(t, request.decidedBy ?? ''),
        timeOf(request.decidedAt ?? request.createdAt),
        esc(request.rejectionReason ?? ''),
      );
    case 'expired':
      return said.expired(timeOf(request.expiresAt));
    case 'withdrawn':
      return said.withdrawn(mention(t, request.decidedBy ?? request.requesterId), timeOf(request.decidedAt ?? request.createdAt));
  }
}

function peopleOf(request: ApprovalRequest, t: Catalog): Mrkdwn {
  return people(
    t,
    request.approvals.map((approval) => approval.userId),
    'and',
  );
}
