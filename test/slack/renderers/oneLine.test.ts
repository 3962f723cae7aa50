import { describe, expect, test } from 'vitest';
import { approvalMessage } from '../../../src/slack/approvals/approvalMessage.js';
import { historyMessage } from '../../../src/slack/approvals/historyMessage.js';
import { threadReply } from '../../../src/slack/approvals/threadReply.js';
import { homeTab } from '../../../src/slack/home/homeTab.js';
import { CATALOGS, type Catalog } from '../../../src/slack/i18n/index.js';
import { Voice } from '../../../src/slack/kit/voice.js';
import type { ApprovalRequest, Execution, ThreadEvent } from '../../../src/workflow/index.js';
import { linesOf } from '../../../src/workflow/requestLines.js';
import { APPROVER, aRequest, CREATED_AT, SECOND } from './fixtures.js';

const approved = {
  approvals: [APPROVER, SECOND].map((userId) => ({ userId, at: CREATED_AT })),
  decidedAt: CREATED_AT + 60_000,
};

/**
 * The same request stored as a request of lines: its one line carries how it was when asked and its
 * execution; the request keeps an execution only when its date passed before anything was sent
 * (that is the request's, not a line's).
 */
function asLines(request: ApprovalRequest): ApprovalRequest {
  const { lineAtRequest: _asked, execution, ...rest } = request;
  return { ...rest, ...(execution?.result === 'date_passed' ? { execution } : {}), lines: [...linesOf(request)] };
}

const outcomes: Array<[ApprovalRequest['state'], Execution]> = [
  ['accepted', { result: 'accepted', at: CREATED_AT }],
  ['accepted', { result: 'already_satisfied', at: CREATED_AT }],
  ['failed', { result: 'refused', detailCode: 230, at: CREATED_AT }],
  ['failed', { result: 'line_changed', lineChanges: [{ fact: 'state', before: 'active', after: 'suspended' }], at: CREATED_AT }],
  ['failed', { result: 'not_checked', errorCode: 'timeout', at: CREATED_AT }],
  ['failed', { result: 'date_passed', at: CREATED_AT }],
  ['accepted', { result: 'unknown', settlement: 'accepted', at: CREATED_AT }],
  ['failed', { result: 'interrupted', settlement: 'unsettled', at: CREATED_AT }],
  ['completed', { result: 'accepted', at: CREATED_AT }],
  ['stuck', { result: 'accepted', at: CREATED_AT }],
];

/** A request of one line is the N = 1 case: however it is stored, it reads the same, and never as "1 line". */
describe.each(Object.values(CATALOGS))('a request of one line, however stored ($locale)', (t: Catalog) => {
  const voice = new Voice(t, false);
  const events: ThreadEvent[] = [{ kind: 'approved' }, { kind: 'executed' }];

  test.each(outcomes)('%s with %o: the same approval message, thread replies, App Home and history', (state, execution) => {
    const request = aRequest({ state, execution, ...approved, ...(state === 'completed' ? { finishedAt: CREATED_AT + 600_000 } : {}) });
    const stored = asLines(request);
    expect(approvalMessage(voice, stored)).toEqual(approvalMessage(voice, request));
    for (const event of events) expect(threadReply(voice, stored, event)).toEqual(threadReply(voice, request, event));
    expect(homeTab(voice, { mine: [stored], awaitingApproval: [], approver: false })).toEqual(
      homeTab(voice, { mine: [request], awaitingApproval: [], approver: false }),
    );
    const history = (each: ApprovalRequest) => [{ requestId: each.id, request: each, trail: [] }];
    expect(historyMessage(voice, '090-1234-5678', history(stored))).toEqual(historyMessage(voice, '090-1234-5678', history(request)));
  });

  test('pending, with its buttons, on App Home for an approver too', () => {
    const request = aRequest();
    expect(approvalMessage(voice, asLines(request))).toEqual(approvalMessage(voice, request));
    expect(homeTab(voice, { mine: [], awaitingApproval: [asLines(request)], approver: true })).toEqual(
      homeTab(voice, { mine: [], awaitingApproval: [request], approver: true }),
    );
  });
});
