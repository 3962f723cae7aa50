import { formatPhoneNumber, type PhoneNumber } from '../../phone.js';
import { tallyOf, type ApprovalRequest, type BulkLine, type BulkLineState } from '../../workflow/index.js';
import { esc, joinMd, md, type Catalog, type Mrkdwn } from '../i18n/index.js';
import { pendingChangeIn, stateBadge } from '../i18n/speak.js';
import { clip } from '../kit/limits.js';
import { isBulk, lineFailureOf, lineSummary, linesCount, timeOf } from './words.js';

/**
 * A request for several lines in the catalog's words: each line as a row of a list,
 * the tally of where the lines stand, why a line was not done. Pure, like words.ts; the
 * approval message, its thread, history and App Home read such a request through these.
 */

type Bulk = ApprovalRequest & { lines: BulkLine[] };

/** The same in every language, like a line's state badge: an emoji in front of a line's own state once it moved. */
const LINE_BADGES: Record<BulkLineState, string> = {
  held: ':white_circle:',
  executing: ':hourglass_flowing_sand:',
  accepted: ':large_blue_circle:',
  completed: ':white_check_mark:',
  failed: ':x:',
  stuck: ':warning:',
};

/** The order the tally reads in: what is settled first, what is still to come last ("30 done, 1 not done, 6 to go"). */
const TALLY_ORDER: readonly BulkLineState[] = ['completed', 'accepted', 'stuck', 'failed', 'executing', 'held'];

// Data from Freebit in a row is cut short before it is escaped, so that a row stays a row (and an entity whole).
const ROW_DATA = 40;

const phoneOfLine = (line: Pick<BulkLine, 'phone'>): Mrkdwn => esc(formatPhoneNumber(line.phone as PhoneNumber));

/** Parts of a list, as the language separates them ("a, b, c"; 「a、b、c」). */
function listOf(t: Catalog, parts: readonly Mrkdwn[]): Mrkdwn {
  return new Intl.ListFormat(t.intl.locale, { type: 'conjunction', style: 'narrow' }).format(parts) as Mrkdwn;
}

/** A line as the pre-flight saw it, in a few words: state, contract line, plan, and a change pending at Freebit only when there was one. */
function lineBrief(line: BulkLine, t: Catalog): Mrkdwn {
  const seen = line.lineAtRequest;
  if (!seen) return t.bulk.newNumber;
  const parts = [stateBadge(t, seen.state)];
  if (seen.contractLine) parts.push(esc(clip(seen.contractLine, ROW_DATA)));
  if (seen.planCode) parts.push(esc(clip(seen.planCode, ROW_DATA)));
  if (seen.pendingChange) parts.push(joinMd([t.labels.pendingChange, pendingChangeIn(t, seen.pendingChange)], ': '));
  return joinMd(parts, ' · ');
}

/** A line's own state, with its badge ("✅ done"). */
function lineStateOf(line: BulkLine, t: Catalog): Mrkdwn {
  return md`${LINE_BADGES[line.state] as Mrkdwn} ${t.bulk.lineStates[line.state]}`;
}

/** One row of the list of lines: the number and how it was when asked, then, once it moved, where it stands. */
export function lineRow(line: BulkLine, t: Catalog): Mrkdwn {
  const row = md`\`${phoneOfLine(line)}\` ${lineBrief(line, t)}`;
  return line.state === 'held' ? row : md`${row} → ${lineStateOf(line, t)}`;
}

/** A line not done, and why, as a single request's failure is worded. */
export function notDoneRow(request: Bulk, line: BulkLine, t: Catalog): Mrkdwn {
  return md`• ${t.bulk.namedLine(md`\`${phoneOfLine(line)}\``, lineFailureOf(line, request.change, t))}`;
}

/** A line past its deadline, and when the bot stopped watching it. */
export function stuckRow(line: BulkLine, t: Catalog): Mrkdwn {
  const phone = md`\`${phoneOfLine(line)}\``;
  return line.finishedAt === undefined
    ? md`• ${phone}`
    : md`• ${t.bulk.namedLine(phone, t.bulk.thread.stoppedAt(timeOf(line.finishedAt)))}`;
}

/** How many lines are in each state, settled first ("30 done, 1 not done, 6 to go"); states no line is in are left out. */
export function tallySaid(request: Bulk, t: Catalog): Mrkdwn {
  const tally = tallyOf(request.lines);
  return listOf(
    t,
    TALLY_ORDER.filter((state) => tally[state] > 0).map((state) => t.bulk.tally[state](tally[state])),
  );
}

/** "37 lines: 30 done, 1 not done, 6 to go": the progress the approval message and App Home show. */
export function progressOf(request: Bulk, t: Catalog): Mrkdwn {
  return t.bulk.progress(linesCount(request.lines.length, t), tallySaid(request, t));
}

/** How many lines were in each state when asked ("35 × 🟢 Active, 2 × 🔴 Suspended"); numbers Freebit did not know count as new. */
function statesWhenAsked(request: Bulk, t: Catalog): Mrkdwn {
  const counts = new Map<string, { said: Mrkdwn; count: number }>();
  for (const line of request.lines) {
    const key = line.lineAtRequest?.state ?? '';
    const said = line.lineAtRequest ? stateBadge(t, line.lineAtRequest.state) : t.bulk.newNumber;
    counts.set(key, { said, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  return listOf(
    t,
    [...counts.values()].map(({ said, count }) => t.bulk.stateCount(count, said)),
  );
}

/** The line or lines as they were when asked, labelled: one line's summary, or how many of several lines were in each state. */
export function whenAskedOf(request: ApprovalRequest, t: Catalog): { label: Mrkdwn; value: Mrkdwn } {
  return isBulk(request)
    ? { label: t.bulk.labels.linesWhenAsked, value: statesWhenAsked(request as Bulk, t) }
    : { label: t.approval.labels.lineWhenAsked, value: lineSummary(request.lines[0]?.lineAtRequest, t) };
}

/** A request for several lines that was approved: its lines may have moved, and its progress is worth showing. */
export function hasProgress(request: ApprovalRequest): request is Bulk {
  // Ended because its date passed before it was sent: no line went anywhere.
  if (request.execution?.result === 'date_passed') return false;
  return isBulk(request) && ['approved', 'executing', 'accepted', 'completed', 'stuck', 'failed'].includes(request.state);
}

/** This number's part in a request for several lines (`/freebit history`): its own state, or when it was not done, why. */
export function thisLineOf(request: Pick<ApprovalRequest, 'change'>, line: BulkLine, t: Catalog): Mrkdwn {
  const state =
    line.state === 'failed' ? md`${LINE_BADGES.failed as Mrkdwn} ${lineFailureOf(line, request.change, t)}` : lineStateOf(line, t);
  return t.bulk.thisLine(phoneOfLine(line), state);
}

/** The line `phone` (as shown: formatted) of a request for several lines. */
export function lineShown(request: ApprovalRequest, phone: string): BulkLine | undefined {
  return request.lines?.find((line) => formatPhoneNumber(line.phone as PhoneNumber) === phone);
}

/** The lines of the request in one state (those not done, those past their deadline). */
export function linesIn(request: Bulk, state: BulkLineState): BulkLine[] {
  return request.lines.filter((line) => line.state === state);
}
