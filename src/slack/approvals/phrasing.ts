import { formatFreebitDate, formatJapanTime } from '../../dates.js';
import { formatPhoneNumber, type PhoneNumber } from '../../phone.js';
import {
  freebitOperationOf,
  lineChangesBetween,
  requestedDateOf,
  type ApprovalRequest,
  type Execution,
  type LineFactChange,
  type LineFacts,
  type RequestedChange,
} from '../../workflow/index.js';
import type { RequestLine, RequestLineState } from '../../workflow/index.js';
import { esc, joinMd, md, type Catalog, type FailureKind, type Mrkdwn } from '../i18n/index.js';
import { detailCodeSentence, mention, pendingChangeIn, people, plural, stateBadge } from '../i18n/speak.js';
import { clip } from '../kit/limits.js';
import { changeSummary } from '../changeForms/index.js';

/**
 * The phrasing of a request: pure functions from the domain's records to the values the
 * catalog's sentences take (formatted numbers, dates in Japan time, outcomes by kind, rows of a
 * list of lines, a tally). The approval message, its thread, history and App Home all read a
 * request through these. Every request has 1..N lines (`linesOf`); where a sentence reads
 * otherwise for exactly one line (the line named by its number, its outcome said whole) the form
 * is picked by `byLineCount`, as `plural` picks a plural form.
 */

/**
 * The form of what is said of these lines: `one` for exactly one line (given that line), `other`
 * for several. Like ICU's `=1`, in every language: Japanese has no plural `one`, yet names a
 * single line too.
 */
export function byLineCount<Line, R>(lines: readonly Line[], forms: { one: (line: Line) => R; other: (lines: readonly Line[]) => R }): R {
  const [only, ...others] = lines;
  return only !== undefined && others.length === 0 ? forms.one(only) : forms.other(lines);
}

/** A time as every message shows it: Japan time, as mrkdwn. */
export const timeOf = (epochMs: number): Mrkdwn => esc(formatJapanTime(epochMs));

/** A line's number as every message shows it ("090-1234-5678"). */
const phoneOf = (line: Pick<RequestLine, 'phone'>): Mrkdwn => esc(formatPhoneNumber(line.phone as PhoneNumber));

/** "37 lines", in the language's plural. */
export const linesCount = (count: number, t: Catalog): Mrkdwn => plural(t, count, t.requestLines.lines);

/** What a request is for: its one number, or how many lines ("37 lines"). */
export function subjectOf(lines: readonly Pick<RequestLine, 'phone'>[], t: Catalog): Mrkdwn {
  return byLineCount(lines, { one: phoneOf, other: (several) => linesCount(several.length, t) });
}

/** "cancel 090-1234-5678 on 2026-11-30", or for several lines "cancel 37 lines on 2026-11-30", in the reader's language. */
export function changeSaid(lines: readonly Pick<RequestLine, 'phone'>[], change: RequestedChange, t: Catalog): Mrkdwn {
  return changeSummary(t, subjectOf(lines, t), change);
}

/** The change a request asks for, for its lines (`changeSaid`). */
export function summaryOf(request: ApprovalRequest, t: Catalog): Mrkdwn {
  return changeSaid(request.lines, request.change, t);
}

/** The line as the approver should see it: state, contract line, plan, and any change pending at Freebit. */
function lineSummary(line: LineFacts | undefined, t: Catalog): Mrkdwn {
  if (!line) return t.approval.newNumber;
  const parts = [stateBadge(t, line.state)];
  if (line.contractLine) parts.push(joinMd([t.labels.contractLine, esc(line.contractLine)], ': '));
  if (line.planCode) parts.push(joinMd([t.labels.plan, esc(line.planCode)], ': '));
  parts.push(joinMd([t.labels.pendingChange, pendingChangeIn(t, line.pendingChange)], ': '));
  return joinMd(parts, ' · ');
}

/** Parts of a list, as the language separates them ("a, b, c"; 「a、b、c」). */
function listOf(t: Catalog, parts: readonly Mrkdwn[]): Mrkdwn {
  return new Intl.ListFormat(t.intl.locale, { type: 'conjunction', style: 'narrow' }).format(parts) as Mrkdwn;
}

/** How many lines were in each state when asked ("35 × 🟢 Active, 2 × 🔴 Suspended"); numbers Freebit did not know count as new. */
function statesWhenAsked(lines: readonly RequestLine[], t: Catalog): Mrkdwn {
  const counts = new Map<string, { said: Mrkdwn; count: number }>();
  for (const line of lines) {
    const key = line.lineAtRequest?.state ?? '';
    const said = line.lineAtRequest ? stateBadge(t, line.lineAtRequest.state) : t.requestLines.newNumber;
    counts.set(key, { said, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  return listOf(
    t,
    [...counts.values()].map(({ said, count }) => t.requestLines.stateCount(count, said)),
  );
}

/** The line or lines as they were when asked, labelled: the one line in full, or how many of several were in each state. */
export function whenAskedOf(request: ApprovalRequest, t: Catalog): { label: Mrkdwn; value: Mrkdwn } {
  return byLineCount(request.lines, {
    one: (line) => ({ label: t.approval.labels.whenAsked.one, value: lineSummary(line.lineAtRequest, t) }),
    other: (lines) => ({ label: t.approval.labels.whenAsked.other, value: statesWhenAsked(lines, t) }),
  });
}

/** The same in every language, like a line's state badge: an emoji in front of a line's own state once it moved. */
const LINE_BADGES: Record<RequestLineState, string> = {
  held: ':white_circle:',
  executing: ':hourglass_flowing_sand:',
  accepted: ':large_blue_circle:',
  completed: ':white_check_mark:',
  failed: ':x:',
  stuck: ':warning:',
};

/** The order the tally reads in: what is settled first, what is still to come last ("30 done, 1 not done, 6 to go"). */
const TALLY_ORDER: readonly RequestLineState[] = ['completed', 'accepted', 'stuck', 'failed', 'executing', 'held'];

// Data from Freebit in a row is cut short before it is escaped, so that a row stays a row (and an entity whole).
const ROW_DATA = 40;

/** A line as the pre-flight saw it, in a few words: state, contract line, plan, and a change pending at Freebit only when there was one. */
function lineBrief(line: RequestLine, t: Catalog): Mrkdwn {
  const seen = line.lineAtRequest;
  if (!seen) return t.requestLines.newNumber;
  const parts = [stateBadge(t, seen.state)];
  if (seen.contractLine) parts.push(esc(clip(seen.contractLine, ROW_DATA)));
  if (seen.planCode) parts.push(esc(clip(seen.planCode, ROW_DATA)));
  if (seen.pendingChange) parts.push(joinMd([t.labels.pendingChange, pendingChangeIn(t, seen.pendingChange)], ': '));
  return joinMd(parts, ' · ');
}

/** A line's own state, with its badge ("✅ done"). */
function lineStateOf(line: RequestLine, t: Catalog): Mrkdwn {
  return md`${LINE_BADGES[line.state] as Mrkdwn} ${t.requestLines.lineStates[line.state]}`;
}

/** One row of the list of lines: the number and how it was when asked, then, once it moved, where it stands. */
export function lineRow(line: RequestLine, t: Catalog): Mrkdwn {
  const row = md`\`${phoneOf(line)}\` ${lineBrief(line, t)}`;
  return line.state === 'held' ? row : md`${row} → ${lineStateOf(line, t)}`;
}

/** A line not done, and why, as a request's failure is worded. */
export function notDoneRow(request: ApprovalRequest, line: RequestLine, t: Catalog): Mrkdwn {
  return md`• ${t.requestLines.namedLine(md`\`${phoneOf(line)}\``, lineFailureOf(line, request.change, t))}`;
}

/** A line past its deadline, and when the bot stopped watching it. */
export function stuckRow(line: RequestLine, t: Catalog): Mrkdwn {
  const phone = md`\`${phoneOf(line)}\``;
  return line.finishedAt === undefined
    ? md`• ${phone}`
    : md`• ${t.requestLines.namedLine(phone, t.requestLines.thread.stoppedAt(timeOf(line.finishedAt)))}`;
}

/** The lines in one state (those not done, those past their deadline). */
export function linesIn(lines: readonly RequestLine[], state: RequestLineState): RequestLine[] {
  return lines.filter((line) => line.state === state);
}

/** How many lines are in each state, settled first ("30 done, 1 not done, 6 to go"); states no line is in are left out. */
export function tallySaid(lines: readonly RequestLine[], t: Catalog): Mrkdwn {
  const said = TALLY_ORDER.map((state) => ({ state, count: linesIn(lines, state).length })).filter(({ count }) => count > 0);
  return listOf(
    t,
    said.map(({ state, count }) => t.requestLines.tally[state](count)),
  );
}

/** The states in which a request's lines may have moved since it was asked. */
const MOVING_STATES: ReadonlySet<string> = new Set(['approved', 'executing', 'accepted', 'completed', 'stuck', 'failed']);

/**
 * "37 lines: 30 done, 1 not done, 6 to go": where the lines of an approved request stand (the
 * approval message and App Home, under its status); undefined when that says nothing more than
 * the status: before approval, when its date passed before anything was sent, or for one line.
 */
export function progressOf(request: ApprovalRequest, t: Catalog): Mrkdwn | undefined {
  if (!MOVING_STATES.has(request.state) || datePassedBeforeSending(request)) return undefined;
  return byLineCount(request.lines, {
    one: () => undefined,
    other: (lines) => t.requestLines.progress(linesCount(lines.length, t), tallySaid(lines, t)),
  });
}

/** The line `phone` (as shown: formatted) of a request. */
export function lineShown(request: ApprovalRequest, phone: string): RequestLine | undefined {
  return request.lines.find((line) => formatPhoneNumber(line.phone as PhoneNumber) === phone);
}

/**
 * This number's part in a request (`/freebit history`): its own state, or when it was not
 * done, why; undefined for a request of one line, whose status is this line's.
 */
export function thisLineOf(request: ApprovalRequest, line: RequestLine, t: Catalog): Mrkdwn | undefined {
  const state =
    line.state === 'failed' ? md`${LINE_BADGES.failed as Mrkdwn} ${lineFailureOf(line, request.change, t)}` : lineStateOf(line, t);
  return byLineCount(request.lines, { one: () => undefined, other: () => t.requestLines.thisLine(phoneOf(line), state) });
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

/** What moved on the line, as the look-up right before the call found it (records written before `lineChanges` have only the domain's English sentence). */
export function lineChangedOf(execution: Execution, t: Catalog): Mrkdwn {
  return execution.lineChanges ? lineChangesIn(execution.lineChanges, t) : esc(execution.detail ?? '');
}

/** The day the change was asked for, formatted, when it had one and it passed. */
export const datePassedOf = (change: RequestedChange): Mrkdwn => esc(formatFreebitDate(requestedDateOf(change) ?? ''));

/** The request ended because its date passed before anything was sent (at its decision, or when it was to be sent). */
export function datePassedBeforeSending(request: ApprovalRequest): Execution | undefined {
  return request.execution?.result === 'date_passed' ? request.execution : undefined;
}

/** Why the look-up right before the call failed, in the reader's words. */
export function notCheckedWhy(execution: Execution, t: Catalog): Mrkdwn {
  if (execution.errorCode === 'internal') return t.approval.ownProblem;
  if (!execution.errorCode) return esc(execution.detail ?? '');
  if (execution.errorCode !== 'refused') return t.approval.lookupProblems[execution.errorCode];
  return t.approval.lookupRefused(execution.detailCode === undefined ? t.approval.unknownCode : esc(String(execution.detailCode)));
}

/** Freebit's refusal of the call, in the reader's words. */
export function refusedWhy(execution: Execution | undefined, change: RequestedChange, t: Catalog): Mrkdwn {
  return detailCodeSentence(t, execution?.detailCode ?? 0, freebitOperationOf(change));
}

/** Why a failed request was not done, in the reader's words (for `/freebit history`); undefined when it did not fail that way. */
export function failureDetailOf(request: ApprovalRequest, t: Catalog): Mrkdwn | undefined {
  if (request.state !== 'failed') return undefined;
  const ended = datePassedBeforeSending(request);
  if (ended) return t.approval.status.datePassed(datePassedOf(request.change), timeOf(ended.at));
  // Several lines: each line not done says why on its own trail.
  return byLineCount(request.lines, {
    one: (line) => line.execution && detailOf(line.execution, request.change, t),
    other: () => undefined,
  });
}

/** Why a change was not done, the detail (Freebit's refusal, what moved on the line, why it could not be checked); undefined when the execution says no more. */
function detailOf(execution: Execution, change: RequestedChange, t: Catalog): Mrkdwn | undefined {
  switch (execution.result) {
    case 'refused':
      return refusedWhy(execution, change, t);
    case 'line_changed':
      return lineChangedOf(execution, t);
    case 'not_checked':
      return notCheckedWhy(execution, t);
    case 'date_passed':
      return t.requestLines.datePassed(datePassedOf(change));
    default:
      return undefined;
  }
}

/**
 * Why a line was not done, as a request's failure is worded: the kind ("Freebit refused it")
 * and its detail ("The line has another change waiting… (Freebit detail code 230)"). A line
 * whose date had passed is said by its detail alone: no failure kind fits it (nothing was sent,
 * and Freebit refused nothing).
 */
export function lineFailureOf(line: RequestLine, change: RequestedChange, t: Catalog): Mrkdwn {
  const execution = line.execution;
  const kind = t.approval.failures[failureOf(execution)];
  const detail = execution && detailOf(execution, change, t);
  if (!detail) return kind;
  return execution?.result === 'date_passed' ? detail : t.requestLines.notDone(kind, detail);
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
  const lines = request.lines;
  switch (request.state) {
    case 'pending':
      return t.approval.requestStates.pending;
    case 'approved':
      return approved;
    case 'executing':
      return after(said.asking);
    case 'accepted':
      return after(
        byLineCount(lines, {
          one: (line) => (line.execution?.result === 'already_satisfied' ? said.accepted.one.alreadyDone : said.accepted.one.inProgress),
          other: () => said.accepted.other,
        }),
      );
    case 'completed':
      return after(said.completed(timeOf(request.finishedAt ?? request.decidedAt ?? request.createdAt)));
    case 'stuck':
      return after(said.stuck);
    case 'failed': {
      // Its date passed while it waited: nothing was sent, and nobody approved it.
      const ended = datePassedBeforeSending(request);
      if (ended) return said.datePassed(datePassedOf(request.change), timeOf(ended.at));
      return after(
        said.failed(
          byLineCount(lines, {
            one: (line) => t.approval.failures[failureOf(line.execution)],
            other: () => said.noneAccepted,
          }),
        ),
      );
    }
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
