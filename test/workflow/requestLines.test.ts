import { describe, expect, test } from 'vitest';
import { REQUEST_STATES, type ApprovalRequest, type RequestState } from '../../src/workflow/index.js';
import { linesOf } from '../../src/workflow/requestLines.js';
import { aRequest, CREATED_AT } from '../slack/renderers/fixtures.js';
import { bulkRequest, inStates, phoneAt } from '../support/bulkRequests.js';

describe('linesOf: every request read as 1..N lines', () => {
  test('a record of several lines reads as its lines, as stored', () => {
    const request = bulkRequest({
      lines: 3,
      state: 'accepted',
      line: inStates([
        ['accepted', 2],
        ['failed', 1],
      ]),
    });
    expect(linesOf(request)).toBe(request.lines);
  });

  test('a record of one line reads as that one line: its number, how it was when asked, its execution and its end', () => {
    const execution = { result: 'accepted' as const, at: CREATED_AT };
    const request = aRequest({ state: 'completed', execution, finishedAt: CREATED_AT + 60_000 });
    expect(linesOf(request)).toEqual([
      { phone: '09012345678', lineAtRequest: request.lineAtRequest, state: 'completed', execution, finishedAt: CREATED_AT + 60_000 },
    ]);
  });

  test('a registration (no line when asked) has no lineAtRequest', () => {
    const request = aRequest({
      change: { operation: 'register', planCode: 'LTE3G_P01' },
      lineAtRequest: undefined,
    } as Partial<ApprovalRequest>);
    expect(linesOf(request)).toEqual([{ phone: '09012345678', state: 'held' }]);
  });

  test('the one line stands where the request does; a line never sent is held', () => {
    const lineState: Record<RequestState, string> = {
      pending: 'held',
      approved: 'held',
      executing: 'executing',
      accepted: 'accepted',
      failed: 'failed',
      completed: 'completed',
      stuck: 'stuck',
      rejected: 'held',
      expired: 'held',
      withdrawn: 'held',
    };
    for (const state of REQUEST_STATES) expect(linesOf(aRequest({ state }))[0]?.state).toBe(lineState[state]);
  });

  test('never empty, and a record of one line is one line', () => {
    expect(linesOf(aRequest())).toHaveLength(1);
    expect(linesOf(bulkRequest({ lines: 1 })).map((line) => line.phone)).toEqual([phoneAt(0)]);
  });
});
