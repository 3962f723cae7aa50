import { describe, expect, test } from 'vitest';
import { formatJapanTime } from '../../../src/dates.js';
import { threadReply, type Approvers } from '../../../src/slack/approvals/threadReply.js';
import { CATALOGS, esc, groupMention, userMention, type Catalog } from '../../../src/slack/i18n/index.js';
import { duration, people, plural } from '../../../src/slack/i18n/speak.js';
import { Voice } from '../../../src/slack/kit/voice.js';
import { BOT_ACTOR, type ApprovalRequest, type ThreadEvent } from '../../../src/workflow/index.js';
import { visibleText } from '../../../tools/slackDouble/blockText.js';
import { APPROVER, aRequest, CREATED_AT, REQUESTER, SECOND } from '../../support/approvalRequests.js';

const PHONE = esc('090-1234-5678');

describe.each(Object.values(CATALOGS))('thread replies ($locale)', (t: Catalog) => {
  const reply = (request: ApprovalRequest, event: ThreadEvent, approvers?: Approvers) => {
    const body = threadReply(new Voice(t, false), request, event, approvers);
    expect(visibleText(body.blocks)).toBe(body.text);
    return body.text;
  };
  const requester = userMention(REQUESTER);
  const summary = t.operations.cancel.summary(PHONE, esc('2026-11-30'));
  const next = t.operations.cancel.next(esc('2026-11-30'));

  test('a counted approval says how many more are needed, in the language’s plural', () => {
    const request = aRequest({ approvals: [{ userId: APPROVER, at: CREATED_AT }], requiredApprovals: 3 });
    expect(reply(request, { kind: 'approval_counted', approverId: APPROVER })).toBe(
      t.approval.thread.counted(userMention(APPROVER), 1, 3, plural(t, 2, t.approval.thread.stillNeeded)),
    );
    const almost = aRequest({ approvals: [{ userId: APPROVER, at: CREATED_AT }] });
    expect(reply(almost, { kind: 'approval_counted', approverId: APPROVER })).toBe(
      t.approval.thread.counted(userMention(APPROVER), 1, 2, plural(t, 1, t.approval.thread.stillNeeded)),
    );
  });

  test('approved: the requester is told who approved', () => {
    const request = aRequest({
      state: 'approved',
      approvals: [
        { userId: APPROVER, at: CREATED_AT },
        { userId: SECOND, at: CREATED_AT },
      ],
    });
    expect(reply(request, { kind: 'approved' })).toBe(t.approval.thread.approved(requester, people(t, [APPROVER, SECOND], 'and')));
  });

  test('rejected: the reason reaches the thread inert', () => {
    const request = aRequest({ state: 'rejected', decidedBy: APPROVER, rejectionReason: '<!channel> no' });
    expect(reply(request, { kind: 'rejected' })).toBe(t.approval.thread.rejected(requester, userMention(APPROVER), esc('<!channel> no')));
    expect(reply(request, { kind: 'rejected' })).not.toContain('<!channel>');
  });

  test('expired: the bot names itself where a person would be mentioned', () => {
    const request = aRequest({ state: 'expired' });
    expect(reply(request, { kind: 'expired' })).toBe(t.approval.thread.expired(requester, esc(formatJapanTime(request.expiresAt))));
    expect(reply(aRequest({ state: 'withdrawn', decidedBy: BOT_ACTOR }), { kind: 'withdrawn' })).toBe(t.approval.thread.withdrawn(t.bot));
  });

  test('a reminder mentions the approvers (their group, else those listed who may still approve, never the requester), how long it waited and when it expires', () => {
    const request = aRequest({ remindedAt: CREATED_AT + 30 * 60_000, approvals: [{ userId: APPROVER, at: CREATED_AT }] });
    const waited = duration(t, 30 * 60_000);
    const expires = esc(formatJapanTime(request.expiresAt));
    const group = { approverUserIds: [APPROVER, SECOND], approverUsergroupId: 'S0APPROVERS' };
    expect(reply(request, { kind: 'reminder' }, group)).toBe(t.approval.thread.reminder(groupMention('S0APPROVERS'), waited, expires));
    const listed = reply(request, { kind: 'reminder' }, { approverUserIds: [REQUESTER, APPROVER, SECOND, 'U0APPROVER3'] });
    expect(listed).toBe(t.approval.thread.reminder(people(t, [SECOND, 'U0APPROVER3'], 'and'), waited, expires));
    expect(listed).not.toContain(userMention(REQUESTER));
    expect(waited).toBe(t.approval.duration.minutes(30));
  });

  test('executed and accepted: what Freebit does next, for this operation', () => {
    const request = aRequest({ state: 'accepted', execution: { result: 'accepted', at: CREATED_AT } });
    expect(reply(request, { kind: 'executed' })).toBe(t.approval.thread.executed.one.accepted(requester, summary, next));
  });

  test('executed and refused: Freebit’s detail code in the reader’s words, the operation’s own meaning first', () => {
    const refused = aRequest({ state: 'failed', execution: { result: 'refused', detailCode: 230, at: CREATED_AT } });
    expect(reply(refused, { kind: 'executed' })).toBe(
      t.approval.thread.executed.one.refused(requester, summary, t.withDetailCode(t.detailCodes[230], 230)),
    );
    const registration = aRequest({
      state: 'failed',
      change: { operation: 'register', planCode: 'LTE3G_P01' },
      execution: { result: 'refused', detailCode: 210, at: CREATED_AT },
    });
    expect(reply(registration, { kind: 'executed' })).toContain(t.operationDetailCodes.registerLine[210]);
    const unknown = aRequest({ state: 'failed', execution: { result: 'refused', detailCode: 999, at: CREATED_AT } });
    expect(reply(unknown, { kind: 'executed' })).toContain(t.withDetailCode(t.unknownDetailCode(999), 999));
  });

  test('no answer, then a lookup: each settlement in words', () => {
    const unknown = (settlement: 'accepted' | 'not_accepted' | 'unsettled') =>
      aRequest({ state: 'accepted', execution: { result: 'unknown', settlement, at: CREATED_AT } });
    const cause = t.approval.thread.executed.one.causes.unknown;
    expect(reply(unknown('accepted'), { kind: 'executed' })).toBe(t.approval.thread.executed.one.settledAccepted(requester, cause, next));
    expect(reply(unknown('not_accepted'), { kind: 'executed' })).toBe(t.approval.thread.executed.one.settledNotAccepted(requester, cause));
    expect(reply(unknown('unsettled'), { kind: 'executed' })).toBe(t.approval.thread.executed.one.unsettled(requester, cause));
  });

  test('not checked: why the lookup before the call failed', () => {
    const request = aRequest({ state: 'failed', execution: { result: 'not_checked', errorCode: 'timeout', at: CREATED_AT } });
    expect(reply(request, { kind: 'executed' })).toBe(
      t.approval.thread.executed.one.notChecked(requester, t.approval.lookupProblems.timeout),
    );
  });

  test('completed: what moved on the line, and how long it took', () => {
    const before = { phone: '09012345678', state: 'active' as const };
    const after = { phone: '09012345678', state: 'obsolete' as const };
    // What the follow-up saw is on the line (its `lastSeen` and `tookMs`); the request's close is the event.
    const request = aRequest({ state: 'completed', lineAtRequest: before });
    request.lines[0] = { ...request.lines[0]!, lastSeen: after, tookMs: 3 * 3_600_000 + 5 * 60_000 };
    const text = reply(request, { kind: 'completed' });
    expect(text).toBe(
      t.approval.thread.completed(
        requester,
        summary,
        t.approval.change(t.labels.state, t.lineStates.active, t.lineStates.obsolete),
        duration(t, 3 * 3_600_000 + 5 * 60_000),
      ),
    );
    expect(duration(t, 3 * 3_600_000 + 5 * 60_000)).toBe(t.approval.duration.hours(3, 5));
  });

  test('stuck: what the line showed last and the deadline it passed, as its follow-up kept them on the line', () => {
    const deadlineAt = CREATED_AT + 3 * 3_600_000;
    const request = aRequest({ state: 'stuck' });
    request.lines[0] = { ...request.lines[0]!, lastSeen: { state: 'active', contractLine: '4G' }, deadlineAt };
    const text = reply(request, { kind: 'stuck' });
    expect(text).toContain(esc(formatJapanTime(deadlineAt)));
    expect(text).toContain(t.lineStates.active);
    expect(text).toContain('4G');
    // Freebit no longer knowing the number is said so.
    request.lines[0] = { ...request.lines[0]!, lastSeen: null };
    expect(reply(request, { kind: 'stuck' })).toContain(t.approval.notAtFreebit);
  });
});
