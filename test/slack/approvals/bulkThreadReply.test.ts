import { describe, expect, test } from 'vitest';
import { formatJapanTime } from '../../../src/dates.js';
import { threadReply } from '../../../src/slack/approvals/threadReply.js';
import { approvalMessage } from '../../../src/slack/approvals/approvalMessage.js';
import { CATALOGS, esc, md, userMention, type Catalog, type Mrkdwn } from '../../../src/slack/i18n/index.js';
import { people, plural, stateBadge } from '../../../src/slack/i18n/speak.js';
import { Voice } from '../../../src/slack/kit/voice.js';
import type { ThreadEvent } from '../../../src/workflow/index.js';
import { visibleText } from '../../../tools/slackDouble/blockText.js';
import { BULK_CREATED_AT, BULK_REQUESTER, bulkRequest, inStates, shownPhoneAt, type BulkRequest } from '../../support/bulkRequests.js';

const APPROVER = 'U0APPROVER1';
const SECOND = 'U0APPROVER2';
const approved = { approvals: [APPROVER, SECOND].map((userId) => ({ userId, at: BULK_CREATED_AT })), decidedAt: BULK_CREATED_AT };

/** The thread of a request for several lines: one reply per event, however many lines. */
describe.each(Object.values(CATALOGS))('thread replies of a request for several lines ($locale)', (t: Catalog) => {
  const reply = (request: BulkRequest, event: ThreadEvent) => threadReply(new Voice(t, false), request, event);
  const read = (request: BulkRequest, event: ThreadEvent) => visibleText(reply(request, event).blocks);
  const requester = userMention(BULK_REQUESTER);
  const lines = (count: number) => plural(t, count, t.requestLines.lines);
  const summary = t.operations.cancel.summary(lines(37), esc('2026-11-30'));
  const named = (index: number, said: Mrkdwn) => t.requestLines.namedLine(md`\`${esc(shownPhoneAt(index))}\``, said);

  test('the replies every request has say "cancel 37 lines", with the run date', () => {
    const request = bulkRequest({ state: 'approved', ...approved });
    expect(reply(request, { kind: 'approved' }).text).toBe(t.approval.thread.approved(requester, people(t, [APPROVER, SECOND], 'and')));
    expect(reply(bulkRequest({ state: 'expired' }), { kind: 'expired' }).text).toBe(
      t.approval.thread.expired(requester, esc(formatJapanTime(request.expiresAt))),
    );
    // The reject modal, App Home and history read the request through the same summary.
    const rejected = bulkRequest({ state: 'rejected', decidedBy: APPROVER, rejectionReason: 'no' });
    expect(reply(rejected, { kind: 'rejected' }).text).toBe(t.approval.thread.rejected(requester, userMention(APPROVER), esc('no')));
  });

  test('a contract change says its target contract line for every line', () => {
    const request = bulkRequest({
      state: 'accepted',
      ...approved,
      change: { operation: 'contract', contractLine: '5G' },
      line: inStates([['accepted', 37]]),
    });
    const text = reply(request, { kind: 'executed' }).text;
    expect(text).toContain(t.operations.contract.summary(lines(37), esc('5G')));
    expect(text).toContain(t.operations.contract.next(esc('5G')));
  });

  test('executed: one reply with the counts, what Freebit does next, and each line not done with why', () => {
    const request = bulkRequest({
      state: 'accepted',
      ...approved,
      line: inStates(
        [
          ['accepted', 35],
          ['failed', 2],
        ],
        (index) => (index === 36 ? { execution: { result: 'not_checked', errorCode: 'timeout', at: BULK_CREATED_AT } } : {}),
      ),
    });
    const body = reply(request, { kind: 'executed' });
    const tally = listOf(t, [t.requestLines.tally.accepted(35), t.requestLines.tally.failed(2)]);
    expect(body.text).toBe(
      t.approval.thread.executed.other.tally(
        requester,
        summary,
        tally,
        t.approval.thread.executed.other.followingUp(t.operations.cancel.next(esc('2026-11-30'))),
      ),
    );
    const text = visibleText(body.blocks);
    expect(text).toContain(t.requestLines.labels.notDone);
    expect(text).toContain(named(35, t.requestLines.notDone(t.approval.failures.refused, t.withDetailCode(t.detailCodes[230], 230))));
    expect(text).toContain(named(36, t.requestLines.notDone(t.approval.failures.not_checked, t.approval.lookupProblems.timeout)));
    // The accepted lines are not named: the approval message shows them.
    expect(text).not.toContain(shownPhoneAt(0));
  });

  test('executed with no line accepted: nothing changed, and every line says why', () => {
    const request = bulkRequest({ state: 'failed', ...approved, lines: 3, line: inStates([['failed', 3]]) });
    const body = reply(request, { kind: 'executed' });
    expect(body.text).toBe(
      t.approval.thread.executed.other.tally(
        requester,
        t.operations.cancel.summary(lines(3), esc('2026-11-30')),
        t.requestLines.tally.failed(3),
        t.approval.thread.executed.other.noneAccepted,
      ),
    );
    for (const index of [0, 1, 2]) expect(visibleText(body.blocks)).toContain(shownPhoneAt(index));
  });

  test('a line whose answer was lost and not found taken says so', () => {
    const request = bulkRequest({
      state: 'accepted',
      ...approved,
      lines: 2,
      line: inStates(
        [
          ['accepted', 1],
          ['failed', 1],
        ],
        (index) => (index === 1 ? { execution: { result: 'unknown', settlement: 'unsettled', at: BULK_CREATED_AT } } : {}),
      ),
    });
    expect(read(request, { kind: 'executed' })).toContain(named(1, t.approval.failures.unsettled));
  });

  test('line_list: every line, numbered, as the pre-flight saw it, in sections within the limits', () => {
    const request = bulkRequest({ lines: 100 });
    const body = reply(request, { kind: 'line_list' });
    expect(body.text).toBe(t.requestLines.thread.lineList(lines(100)));
    const text = visibleText(body.blocks);
    for (let index = 0; index < 100; index++) expect(text).toContain(`${index + 1}. \`${shownPhoneAt(index)}\` ${stateBadge(t, 'active')}`);
    expect(body.blocks.length).toBeGreaterThan(2);
    // As asked, whatever became of the lines since.
    expect(read(bulkRequest({ state: 'accepted', ...approved, line: inStates([['accepted', 37]]) }), { kind: 'line_list' })).not.toContain(
      t.requestLines.lineStates.accepted,
    );
  });

  test('the close, completed (all done): the requester is told, with the counts', () => {
    const request = bulkRequest({
      state: 'completed',
      ...approved,
      line: inStates([
        ['completed', 36],
        ['failed', 1],
      ]),
    });
    const body = reply(request, { kind: 'completed' });
    expect(body.text).toBe(
      t.requestLines.thread.allDone(requester, summary, listOf(t, [t.requestLines.tally.completed(36), t.requestLines.tally.failed(1)])),
    );
    expect(body.blocks).toHaveLength(1);
  });

  test('the close, stuck (some past the deadline): the requester is told which, since when, and what to check', () => {
    const request = bulkRequest({
      state: 'stuck',
      ...approved,
      line: inStates([
        ['completed', 34],
        ['stuck', 3],
      ]),
    });
    const body = reply(request, { kind: 'stuck' });
    expect(body.text).toBe(
      t.requestLines.thread.someStuck(
        requester,
        summary,
        3,
        listOf(t, [t.requestLines.tally.completed(34), t.requestLines.tally.stuck(3)]),
      ),
    );
    const text = visibleText(body.blocks);
    const stoppedAt = t.requestLines.thread.stoppedAt(esc(formatJapanTime(BULK_CREATED_AT + 1_200_000)));
    for (const index of [34, 35, 36]) expect(text).toContain(named(index, stoppedAt));
    expect(text).not.toContain(shownPhoneAt(33));
    expect(text).toContain(t.requestLines.thread.whatToCheck);
  });
});

/** The tally as the renderer joins it: the language's own list. */
function listOf(t: Catalog, parts: Mrkdwn[]): Mrkdwn {
  return new Intl.ListFormat(t.intl.locale, { type: 'conjunction', style: 'narrow' }).format(parts) as Mrkdwn;
}

describe.each(Object.values(CATALOGS))('a request for several lines whose date passed before it was sent ($locale)', (t: Catalog) => {
  const ended = bulkRequest({ state: 'failed', decidedAt: BULK_CREATED_AT, execution: { result: 'date_passed', at: BULK_CREATED_AT } });

  test('its thread says the date passed, as for one line, not that no line was accepted', () => {
    const text = threadReply(new Voice(t, false), ended, { kind: 'executed' }).text;
    expect(text).not.toContain(t.approval.status.noneAccepted);
    expect(text).toContain('2026-11-30');
  });

  test('its message says the date passed and shows no progress of lines that never went anywhere', () => {
    const text = visibleText(approvalMessage(new Voice(t, false), ended).blocks);
    expect(text).toContain(
      visibleText([
        {
          type: 'section',
          text: { type: 'mrkdwn', text: t.approval.status.datePassed(esc('2026-11-30'), esc(formatJapanTime(BULK_CREATED_AT))) },
        },
      ]),
    );
    expect(text).not.toContain(t.approval.status.noneAccepted);
  });
});
