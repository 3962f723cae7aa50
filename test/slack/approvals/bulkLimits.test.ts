/**
 * A request for several lines carries the most data the bot puts in one message: up to
 * BULK_MAX_LINES lines, each with a reason for not being done. Whatever the count, every message
 * stays within Block Kit's limits (checked with the same checker as everything the bot sends:
 * tools/slackDouble/blockKitLimits.ts) without the builders' last-resort cut hiding its end, and
 * text a person or Freebit wrote reaches mrkdwn inert.
 */
import { describe, expect, test } from 'vitest';
import { approvalMessage } from '../../../src/slack/approvals/approvalMessage.js';
import { historyMessage } from '../../../src/slack/approvals/historyMessage.js';
import { threadReply } from '../../../src/slack/approvals/threadReply.js';
import { homeTab } from '../../../src/slack/home/homeTab.js';
import { CATALOGS, type Catalog } from '../../../src/slack/i18n/index.js';
import { BLOCKS } from '../../../src/slack/kit/ids.js';
import type { MessageBody } from '../../../src/slack/kit/blocks.js';
import { BLOCK_KIT_LIMITS } from '../../../src/slack/kit/limits.js';
import { Voice } from '../../../src/slack/kit/voice.js';
import type { RequestLine, RequestState } from '../../../src/workflow/index.js';
import { blockKitViolations } from '../../../tools/slackDouble/blockKitLimits.js';
import { visibleText } from '../../../tools/slackDouble/blockText.js';
import { BULK_CREATED_AT, bulkRequest, inStates, phoneAt, shownPhoneAt, type BulkRequest } from '../../support/bulkRequests.js';

const LONG = (text: string, length: number) => text.repeat(Math.ceil(length / text.length)).slice(0, length);
/** What a person might type, or Freebit answer, meaning harm: a broadcast, a mention, markup. */
const HOSTILE = '<!channel> *now* & <@U0EVIL> <https://evil.example|click>';
const MARKUP = ['<!channel>', '<@U0EVIL>', '<https://evil.example'];

/** 100 lines, every string as long as it can be: reasons, plan codes, what moved on each line. */
function largest(state: RequestState, lineStates: Parameters<typeof inStates>[0], count = 100): BulkRequest {
  const huge = LONG(`${HOSTILE} 長い理由 `, 5_000);
  return bulkRequest({
    lines: count,
    state,
    reason: huge,
    rejectionReason: huge,
    approvals: [{ userId: 'U0APPROVER1', at: BULK_CREATED_AT }],
    decidedBy: 'U0APPROVER1',
    decidedAt: BULK_CREATED_AT,
    line: inStates(lineStates, (index): Partial<RequestLine> => ({
      lineAtRequest: {
        state: 'active',
        contractLine: LONG(HOSTILE, 300),
        planCode: LONG(HOSTILE, 3_000),
        pendingChange: { func: 'cancel', date: '20261130' },
      },
      ...(index % 2 === 1
        ? {
            execution: {
              result: 'line_changed',
              at: BULK_CREATED_AT,
              lineChanges: [
                { fact: 'planCode', before: LONG(HOSTILE, 3_000), after: LONG(HOSTILE, 3_000) },
                { fact: 'contractLine', before: HOSTILE, after: HOSTILE },
              ],
            },
          }
        : {}),
    })),
  });
}

function check(body: MessageBody): void {
  expect(
    blockKitViolations({ method: 'chat.postMessage', token: undefined, at: 0, body: body as unknown as Record<string, unknown> }),
  ).toEqual([]);
  // Below the builders' cut: nothing at the end was dropped to make it fit.
  expect(body.blocks.length).toBeLessThan(BLOCK_KIT_LIMITS.blocksPerMessage);
  const json = JSON.stringify(body);
  for (const markup of MARKUP) expect(json).not.toContain(markup);
}

describe.each(Object.values(CATALOGS))('a request for 100 lines stays within Block Kit’s limits ($locale)', (t: Catalog) => {
  // SANDBOX adds its banner to every message: the most blocks a message gets.
  const voice = new Voice(t, true);

  test.each([
    ['pending', 'pending', []],
    [
      'executing',
      'executing',
      [
        ['accepted', 40],
        ['failed', 30],
        ['executing', 4],
      ],
    ],
    ['failed: every line not done, with why', 'failed', [['failed', 100]]],
    [
      'stuck: lines done, not done and past their deadline',
      'stuck',
      [
        ['completed', 20],
        ['stuck', 40],
        ['failed', 40],
      ],
    ],
    ['rejected', 'rejected', []],
  ] as const)('the approval message, %s', (_name, state, lineStates) => {
    const message = approvalMessage(voice, largest(state, lineStates));
    check(message);
    // Its end is there: the buttons, or the status with the progress.
    const last = message.blocks.at(state === 'pending' ? -2 : -1);
    expect(last?.block_id?.startsWith(state === 'pending' ? BLOCKS.approvalActions : BLOCKS.approvalStatus)).toBe(true);
  });

  test('the thread replies: executed, line_list and the close (stuck)', () => {
    const done = largest('stuck', [
      ['completed', 20],
      ['stuck', 40],
      ['failed', 40],
    ]);
    for (const kind of ['executed', 'line_list', 'stuck', 'approved', 'rejected'] as const) check(threadReply(voice, done, { kind }));
    const executed = visibleText(threadReply(voice, done, { kind: 'executed' }).blocks);
    // Every line not done is named: 40 rows fit, so none is left out.
    for (let index = 60; index < 100; index++) expect(executed).toContain(shownPhoneAt(index));
    expect(visibleText(threadReply(voice, done, { kind: 'stuck' }).blocks)).toContain(t.requestLines.thread.whatToCheck);
  });

  test('far more lines than a request may carry (BULK_MAX_LINES is at most 150): the list says how many it could not show', () => {
    const request = largest('failed', [['failed', 1_000]], 1_000);
    for (const kind of ['line_list', 'executed'] as const) {
      const reply = threadReply(voice, request, { kind });
      check(reply);
      const [before, after] = t.requestLines.notShown(987_654).split('987654') as [string, string];
      const said = visibleText(reply.blocks.at(-1));
      expect(said.startsWith(before) && said.endsWith(after)).toBe(true);
    }
    check(approvalMessage(voice, request));
  });

  test('App Home and history of such requests', () => {
    const requests = [
      largest('pending', []),
      largest('executing', [['accepted', 50]]),
      largest('stuck', [
        ['completed', 50],
        ['stuck', 50],
      ]),
    ];
    const home = homeTab(voice, { mine: requests, awaitingApproval: requests.slice(0, 1), approver: true });
    expect(home.blocks.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.blocksPerView);
    expect(JSON.stringify(home)).not.toContain('<!channel>');
    const history = historyMessage(voice, shownPhoneAt(1), [
      {
        requestId: 'FR-B37K',
        request: requests[2],
        trail: [
          { requestId: 'FR-B37K', phone: phoneAt(1), actor: 'U0REQUESTER', action: 'requested', at: BULK_CREATED_AT, detail: HOSTILE },
        ],
      },
    ]);
    check(history);
  });
});

test('hostile text is escaped wherever a request for several lines shows it', () => {
  const t = CATALOGS.en;
  const request = bulkRequest({
    reason: HOSTILE,
    state: 'rejected',
    rejectionReason: HOSTILE,
    decidedBy: 'U0APPROVER1',
    decidedAt: BULK_CREATED_AT,
  });
  const escaped = '&lt;!channel&gt; *now* &amp; &lt;@U0EVIL&gt;';
  expect(visibleText(approvalMessage(new Voice(t, false), request).blocks)).toContain(escaped);
  expect(threadReply(new Voice(t, false), request, { kind: 'rejected' }).text).toContain(escaped);
});
