import { describe, expect, test } from 'vitest';
import { formatJapanTime } from '../../../src/dates.js';
import { approvalMessage } from '../../../src/slack/approvals/approvalMessage.js';
import { CATALOGS, esc, md, userMention, type Catalog, type Mrkdwn } from '../../../src/slack/i18n/index.js';
import { people, plural, stateBadge } from '../../../src/slack/i18n/speak.js';
import { ACTIONS, BLOCKS } from '../../../src/slack/kit/ids.js';
import { Voice } from '../../../src/slack/kit/voice.js';
import { buttonLabels, visibleText } from '../../../tools/slackDouble/blockText.js';
import { BULK_CREATED_AT, BULK_REQUESTER, bulkRequest, inStates, phoneAt, shownPhoneAt } from '../../support/bulkRequests.js';

const APPROVERS = ['U0APPROVER1', 'U0APPROVER2'];
const DECIDED_AT = BULK_CREATED_AT + 60_000;
const approved = { approvals: APPROVERS.map((userId) => ({ userId, at: DECIDED_AT })), decidedAt: DECIDED_AT };

/** A request for several lines, in the approval channel: what the approver reads, and how it changes as the lines go. */
describe.each(Object.values(CATALOGS))('the approval message of a request for several lines ($locale)', (t: Catalog) => {
  const render = (request = bulkRequest()) => approvalMessage(new Voice(t, false), request);
  const lines = (count: number) => plural(t, count, t.requestLines.lines);
  const summary = t.operations.cancel.summary(lines(37), esc('2026-11-30'));
  const statusOf = (message: ReturnType<typeof render>) =>
    visibleText(message.blocks.find((block) => block.block_id === BLOCKS.approvalStatus));

  test('while pending: one message names the operation, the count, the reason and the requester, and offers Approve, Reject and Withdraw', () => {
    const message = render();
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: t.approval.header(t.operations.cancel.name, lines(37)) } });
    const text = visibleText(message.blocks);
    expect(text).toContain(summary);
    expect(text).toContain(userMention(BULK_REQUESTER));
    expect(text).toContain(esc('contract ended <for all> & returned'));
    expect(text).toContain(t.approval.approvalsSoFar(0, 2));
    expect(buttonLabels(message.blocks)).toEqual([t.approval.buttons.approve, t.approval.buttons.reject, t.approval.buttons.withdraw]);
    expect(message.text).toBe(t.approval.notification(userMention(BULK_REQUESTER), summary));
  });

  test('Approve’s dialog names the operation and the count: it is the last look before 37 lines are changed', () => {
    const approve = render()
      .blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []))
      .find((element) => element.type === 'button' && element.action_id === ACTIONS.approveRequest);
    expect(approve).toMatchObject({ confirm: { text: { text: t.approval.confirm.text(summary) } } });
    expect(t.approval.confirm.text(summary)).toContain(summary);
  });

  test('lists the first 20 lines as the pre-flight saw them, then how many more (the thread has them all)', () => {
    const request = bulkRequest({
      line: (index) => (index === 3 ? { lineAtRequest: { phone: phoneAt(3), state: 'suspended', contractLine: '5G' } } : {}),
    });
    const text = visibleText(render(request).blocks);
    for (let index = 0; index < 20; index++) expect(text).toContain(shownPhoneAt(index));
    expect(text).not.toContain(shownPhoneAt(20));
    expect(text).toContain(t.requestLines.more(17));
    expect(text).toContain(md`\`${esc(shownPhoneAt(3))}\` ${stateBadge(t, 'suspended')} · 5G`);
    // The states seen at the pre-flight, counted.
    expect(text).toContain(t.requestLines.stateCount(36, stateBadge(t, 'active')));
    expect(text).toContain(t.requestLines.stateCount(1, stateBadge(t, 'suspended')));
  });

  test('a request of 20 lines or fewer lists them all, and says no more', () => {
    const text = visibleText(render(bulkRequest({ lines: 20 })).blocks);
    expect(text).toContain(shownPhoneAt(19));
    expect(text).not.toContain(t.requestLines.more(0));
  });

  test('while the lines are sent: one progress line under the status, updated at each redraw', () => {
    const request = bulkRequest({
      ...approved,
      state: 'executing',
      line: inStates([
        ['accepted', 30],
        ['failed', 1],
      ]),
    });
    const status = statusOf(render(request));
    expect(status).toContain(t.approval.status.asking);
    expect(status).toContain(
      t.requestLines.progress(
        lines(37),
        listOf(t, [t.requestLines.tally.accepted(30), t.requestLines.tally.failed(1), t.requestLines.tally.held(6)]),
      ),
    );
    const text = visibleText(render(request).blocks);
    expect(text).toContain(t.requestLines.lineStates.accepted);
  });

  test('a line not done is named with Freebit’s reason, worded as a single request’s refusal', () => {
    const request = bulkRequest({
      ...approved,
      state: 'accepted',
      line: inStates([
        ['accepted', 35],
        ['failed', 2],
      ]),
    });
    const text = visibleText(render(request).blocks);
    const why = t.requestLines.notDone(t.approval.failures.refused, t.withDetailCode(t.detailCodes[230], 230));
    expect(text).toContain(t.requestLines.namedLine(md`\`${esc(shownPhoneAt(35))}\``, why));
    expect(text).toContain(t.requestLines.namedLine(md`\`${esc(shownPhoneAt(36))}\``, why));
    expect(statusOf(render(request))).toContain(t.approval.status.accepted.other);
  });

  test('lines skipped before their call say why: the line moved, or its date passed', () => {
    const request = bulkRequest({
      ...approved,
      state: 'accepted',
      lines: 3,
      line: inStates(
        [
          ['accepted', 1],
          ['failed', 2],
        ],
        (index) =>
          index === 1
            ? {
                execution: {
                  result: 'line_changed',
                  lineChanges: [{ fact: 'state', before: 'active', after: 'suspended' }],
                  at: DECIDED_AT,
                },
              }
            : index === 2
              ? { execution: { result: 'date_passed', at: DECIDED_AT } }
              : {},
      ),
    });
    const text = visibleText(render(request).blocks);
    expect(text).toContain(
      t.requestLines.notDone(
        t.approval.failures.line_changed,
        t.approval.change(t.labels.state, t.lineStates.active, t.lineStates.suspended),
      ),
    );
    expect(text).toContain(t.requestLines.datePassed(esc('2026-11-30')));
  });

  test('more lines not done than the message names: the first ten, and where the rest are', () => {
    const request = bulkRequest({ ...approved, state: 'failed', line: inStates([['failed', 37]]) });
    const message = render(request);
    const text = visibleText(message.blocks);
    expect(text).toContain(shownPhoneAt(9));
    expect(text).toContain(t.requestLines.moreNotDone(27));
    expect(statusOf(message)).toContain(t.approval.status.failed(t.approval.status.noneAccepted));
  });

  test('once done: the outcome per line, and the lines past their deadline named with when the bot stopped watching', () => {
    const request = bulkRequest({
      ...approved,
      state: 'stuck',
      line: inStates([
        ['completed', 34],
        ['stuck', 2],
        ['failed', 1],
      ]),
    });
    const message = render(request);
    const text = visibleText(message.blocks);
    expect(text).toContain(t.requestLines.lineStates.completed);
    expect(text).toContain(t.requestLines.labels.pastDeadline);
    expect(text).toContain(
      t.requestLines.namedLine(
        md`\`${esc(shownPhoneAt(34))}\``,
        t.requestLines.thread.stoppedAt(esc(formatJapanTime(BULK_CREATED_AT + 1_200_000))),
      ),
    );
    expect(statusOf(message)).toContain(t.approval.status.approved(people(t, APPROVERS, 'and'), esc(formatJapanTime(DECIDED_AT))));
    expect(statusOf(message)).toContain(
      t.requestLines.progress(
        lines(37),
        listOf(t, [t.requestLines.tally.completed(34), t.requestLines.tally.stuck(2), t.requestLines.tally.failed(1)]),
      ),
    );
    expect(buttonLabels(message.blocks)).toEqual([]);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: `${t.operations.cancel.name} · ${lines(37)}` } });
  });

  test('rejected: the buttons give way to who rejected and why; no progress, nothing was sent', () => {
    const request = bulkRequest({ state: 'rejected', decidedBy: APPROVERS[0], decidedAt: DECIDED_AT, rejectionReason: 'not all of them' });
    const status = statusOf(render(request));
    expect(status).toBe(t.approval.status.rejected(userMention(APPROVERS[0]!), esc(formatJapanTime(DECIDED_AT)), esc('not all of them')));
  });

  test('a registration of several numbers says they are new', () => {
    const request = bulkRequest({
      lines: 3,
      change: { operation: 'register', planCode: 'LTE3G_P01' },
      line: () => ({ lineAtRequest: undefined }),
    });
    const text = visibleText(render(request).blocks);
    expect(text).toContain(t.operations.register.summary(lines(3), esc('LTE3G_P01')));
    expect(text).toContain(t.requestLines.stateCount(3, t.requestLines.newNumber));
  });

  test('a request left with one line (the others taken meanwhile) reads as a request for that line: its number, not "1 line"', () => {
    const message = render(bulkRequest({ lines: 1 }));
    expect(visibleText(message.blocks)).toContain(t.operations.cancel.summary(esc(shownPhoneAt(0)), esc('2026-11-30')));
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: t.approval.header(t.operations.cancel.name, shownPhoneAt(0)) },
    });
    expect(visibleText(message.blocks)).not.toContain(lines(1));
  });
});

test('the subject reads naturally in each language', () => {
  expect(CATALOGS.en.operations.cancel.summary(plural(CATALOGS.en, 37, CATALOGS.en.requestLines.lines), esc('2026-11-30'))).toBe(
    'cancel 37 lines on 2026-11-30',
  );
  expect(CATALOGS.en.operations.contract.summary(plural(CATALOGS.en, 1, CATALOGS.en.requestLines.lines), esc('5G'))).toBe(
    'change 1 line to 5G',
  );
  expect(CATALOGS.ja.operations.cancel.summary(plural(CATALOGS.ja, 37, CATALOGS.ja.requestLines.lines), undefined)).toBe(
    '37 回線の解約（できるだけ早く）',
  );
  expect(CATALOGS.ja.operations.contract.summary(plural(CATALOGS.ja, 37, CATALOGS.ja.requestLines.lines), esc('5G'))).toBe(
    '37 回線の 5G への変更',
  );
  // A number keeps its space before の.
  expect(CATALOGS.ja.operations.cancel.summary(esc('090-1234-5678'), undefined)).toBe('090-1234-5678 の解約（できるだけ早く）');
});

/** The tally as the renderer joins it: the language's own list. */
function listOf(t: Catalog, parts: Mrkdwn[]): Mrkdwn {
  return new Intl.ListFormat(t.intl.locale, { type: 'conjunction', style: 'narrow' }).format(parts) as Mrkdwn;
}
