import { describe, expect, test } from 'vitest';
import { formatJapanTime } from '../../../src/dates.js';
import { historyMessage, type LineHistory } from '../../../src/slack/approvals/historyMessage.js';
import { homeTab } from '../../../src/slack/home/homeTab.js';
import { CATALOGS, esc, userMention, type Catalog, type Mrkdwn } from '../../../src/slack/i18n/index.js';
import { mention, plural, stateBadge } from '../../../src/slack/i18n/speak.js';
import { Voice } from '../../../src/slack/kit/voice.js';
import { BOT_ACTOR } from '../../../src/workflow/index.js';
import { buttonLabels, visibleText } from '../../../tools/slackDouble/blockText.js';
import {
  BULK_CREATED_AT,
  BULK_REQUESTER,
  bulkRequest,
  inStates,
  phoneAt,
  shownPhoneAt,
  type BulkRequest,
} from '../../support/bulkRequests.js';

const APPROVER = 'U0APPROVER1';
const approved = { approvals: [{ userId: APPROVER, at: BULK_CREATED_AT }], decidedAt: BULK_CREATED_AT + 60_000 };
const time = (at: number) => esc(formatJapanTime(at));

/**
 * The audit trail of one line of a request for several, as `Approvals.historyOf` groups it: the
 * request's `requested` entry for this line, the request's own transitions (on the first line's trail
 * only), and this line's own entries.
 */
function trailOf(request: BulkRequest, index: number, lineActions: ReadonlyArray<readonly [string, number, string?]>): LineHistory[number] {
  const entry = (action: string, at: number, actor = BOT_ACTOR, detail?: string) => ({
    requestId: request.id,
    phone: phoneAt(index),
    actor,
    action,
    at,
    ...(detail ? { detail } : {}),
  });
  return {
    requestId: request.id,
    request,
    trail: [
      entry('requested', BULK_CREATED_AT, BULK_REQUESTER, request.reason),
      ...lineActions.map(([action, at, detail]) => entry(action, at, BOT_ACTOR, detail)),
    ],
  };
}

describe.each(Object.values(CATALOGS))('a request for several lines in history and App Home ($locale)', (t: Catalog) => {
  const voice = new Voice(t, false);
  const lines = (count: number) => plural(t, count, t.requestLines.lines);
  const summary = t.operations.cancel.summary(lines(37), esc('2026-11-30'));
  const progress = (parts: Mrkdwn[]) =>
    t.requestLines.progress(
      lines(37),
      new Intl.ListFormat(t.intl.locale, { type: 'conjunction', style: 'narrow' }).format(parts) as Mrkdwn,
    );

  test('history of a line: the request it was part of, its count and progress, and this line’s own state and steps', () => {
    const request = bulkRequest({
      state: 'completed',
      ...approved,
      line: inStates([
        ['completed', 30],
        ['failed', 7],
      ]),
    });
    const text = visibleText(
      historyMessage(voice, shownPhoneAt(4), [
        trailOf(request, 4, [
          ['line_accepted', BULK_CREATED_AT + 600_000],
          ['line_completed', BULK_CREATED_AT + 1_200_000],
        ]),
      ]).blocks,
    );
    expect(text).toContain(request.id);
    expect(text).toContain(summary);
    expect(text).toContain(t.approval.requestStates.completed);
    expect(text).toContain(progress([t.requestLines.tally.completed(30), t.requestLines.tally.failed(7)]));
    expect(text).toContain(
      t.requestLines.thisLine(esc(shownPhoneAt(4)), `:white_check_mark: ${t.requestLines.lineStates.completed}` as Mrkdwn),
    );
    expect(text).toContain(
      t.approval.trailDetail(t.approval.trailSteps.requested(userMention(BULK_REQUESTER), time(BULK_CREATED_AT)), esc(request.reason)),
    );
    expect(text).toContain(t.requestLines.trailSteps.line_accepted(mention(t, BOT_ACTOR), time(BULK_CREATED_AT + 600_000)));
    expect(text).toContain(t.requestLines.trailSteps.line_completed(mention(t, BOT_ACTOR), time(BULK_CREATED_AT + 1_200_000)));
  });

  test('history of a line not done: why, in the reader’s words (the trail keeps English for the log)', () => {
    const request = bulkRequest({
      state: 'completed',
      ...approved,
      line: inStates([
        ['completed', 30],
        ['failed', 7],
      ]),
    });
    const text = visibleText(
      historyMessage(voice, shownPhoneAt(31), [
        trailOf(request, 31, [['line_failed', BULK_CREATED_AT + 600_000, 'Freebit refused cancelLine (detail code 230)']]),
      ]).blocks,
    );
    const why = t.requestLines.notDone(t.approval.failures.refused, t.withDetailCode(t.detailCodes[230], 230));
    expect(text).toContain(t.requestLines.thisLine(esc(shownPhoneAt(31)), `:x: ${why}` as Mrkdwn));
    expect(text).toContain(t.requestLines.trailSteps.line_failed(mention(t, BOT_ACTOR), time(BULK_CREATED_AT + 600_000)));
    if (t.locale !== 'en') expect(text).not.toContain('Freebit refused cancelLine');
  });

  test('history of a line whose request is still waiting: the request, and the line waiting to be sent', () => {
    const request = bulkRequest();
    const text = visibleText(historyMessage(voice, shownPhoneAt(0), [trailOf(request, 0, [])]).blocks);
    expect(text).toContain(t.approval.requestStates.pending);
    expect(text).toContain(t.requestLines.thisLine(esc(shownPhoneAt(0)), `:white_circle: ${t.requestLines.lineStates.held}` as Mrkdwn));
  });

  test('App Home, for an approver: the request waiting, with its count, its reason (inert), the lines’ states when asked, and Approve and Reject', () => {
    const waiting = bulkRequest({
      requesterId: 'U0SOMEONE',
      line: (index) => (index < 2 ? { lineAtRequest: { phone: phoneAt(index), state: 'suspended' } } : {}),
    });
    const view = homeTab(voice, { mine: [], awaitingApproval: [waiting], approver: true });
    const text = visibleText(view.blocks);
    expect(text).toContain(summary);
    expect(text).toContain(esc('contract ended <for all> & returned'));
    expect(text).not.toContain('<for all>');
    expect(text).toContain(t.requestLines.stateCount(2, stateBadge(t, 'suspended')));
    expect(text).toContain(t.requestLines.stateCount(35, stateBadge(t, 'active')));
    expect(text).not.toContain(t.approval.newNumber);
    expect(buttonLabels(view.blocks)).toEqual([t.home.lookUpButton, t.approval.buttons.approve, t.approval.buttons.reject]);
  });

  test('App Home, the requester’s own: the request with its count and where its lines stand', () => {
    const running = bulkRequest({
      state: 'executing',
      ...approved,
      line: inStates([
        ['accepted', 30],
        ['failed', 1],
        ['executing', 2],
      ]),
    });
    const text = visibleText(
      homeTab(voice, { mine: [running, bulkRequest({ id: 'FR-2ABC' })], awaitingApproval: [], approver: false }).blocks,
    );
    expect(text).toContain(summary);
    expect(text).toContain(t.approval.requestStates.executing);
    expect(text).toContain(
      progress([
        t.requestLines.tally.accepted(30),
        t.requestLines.tally.failed(1),
        t.requestLines.tally.executing(2),
        t.requestLines.tally.held(4),
      ]),
    );
    // The pending one has no progress yet: its count is in its summary.
    expect(text.match(new RegExp(t.requestLines.tally.held(37), 'g'))).toBeNull();
  });
});

test('history of a line that was not part of a request for several keeps its own shape', () => {
  const t = CATALOGS.en;
  const request = bulkRequest();
  // Asked for a number none of the lines has: the request is shown, no line of it.
  const text = visibleText(historyMessage(new Voice(t, false), '080-9999-9999', [trailOf(request, 0, [])]).blocks);
  expect(text).toContain(request.id);
  expect(text).not.toContain('This line');
});
