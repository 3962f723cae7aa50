import { describe, expect, test } from 'vitest';
import { formatJapanTime } from '../../../src/dates.js';
import { approvalMessage } from '../../../src/slack/approvals/approvalMessage.js';
import { CATALOGS, esc, userMention, type Catalog } from '../../../src/slack/i18n/index.js';
import { people } from '../../../src/slack/i18n/speak.js';
import { BLOCKS } from '../../../src/slack/kit/ids.js';
import { Voice } from '../../../src/slack/kit/voice.js';
import { buttonLabels, visibleText } from '../../../tools/slackDouble/blockText.js';
import { APPROVER, aRequest, CREATED_AT, REQUESTER, SECOND } from '../../support/approvalRequests.js';

const PHONE = esc('090-1234-5678');

describe.each(Object.values(CATALOGS))('the approval message ($locale)', (t: Catalog) => {
  const render = (request = aRequest()) => approvalMessage(new Voice(t, false), request);
  const summary = t.operations.cancel.summary(PHONE, esc('2026-11-30'));

  test('while pending: asks for approval of the change, names who asked and why, and offers Approve, Reject and Withdraw', () => {
    const message = render();
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: t.approval.header(t.operations.cancel.name, '090-1234-5678') },
    });
    const text = visibleText(message.blocks);
    expect(text).toContain(summary);
    expect(text).toContain(userMention(REQUESTER));
    expect(text).toContain(t.approval.approvalsSoFar(0, 2));
    expect(text).toContain(formatJapanTime(CREATED_AT + 24 * 3_600_000));
    expect(buttonLabels(message.blocks)).toEqual([t.approval.buttons.approve, t.approval.buttons.reject, t.approval.buttons.withdraw]);
    expect(message.text).toBe(t.approval.notification(userMention(REQUESTER), summary));
  });

  test('the reason a person typed reaches mrkdwn inert', () => {
    const text = visibleText(render().blocks);
    expect(text).toContain('customer &lt;left&gt; &amp; moved');
    expect(text).not.toContain('<left>');
  });

  test('says who approved so far, as the language lists people', () => {
    const text = visibleText(render(aRequest({ approvals: [{ userId: APPROVER, at: CREATED_AT }] })).blocks);
    expect(text).toContain(t.approval.approvalsSoFar(1, 2, people(t, [APPROVER], 'plain')));
  });

  test('once completed: the buttons give way to who approved, when, and when it was done', () => {
    const decidedAt = CREATED_AT + 600_000;
    const finishedAt = CREATED_AT + 1_200_000;
    const message = render(
      aRequest({
        state: 'completed',
        approvals: [
          { userId: APPROVER, at: CREATED_AT },
          { userId: SECOND, at: decidedAt },
        ],
        decidedAt,
        finishedAt,
      }),
    );
    expect(buttonLabels(message.blocks)).toEqual([]);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: `${t.operations.cancel.name} · 090-1234-5678` } });
    const status = message.blocks.find((block) => block.block_id === BLOCKS.approvalStatus);
    expect(visibleText(status)).toBe(
      `${t.approval.status.approved(people(t, [APPROVER, SECOND], 'and'), esc(formatJapanTime(decidedAt)))} · ${t.approval.status.completed(esc(formatJapanTime(finishedAt)))}`,
    );
  });

  test('once rejected: who, when and why, the reason inert', () => {
    const decidedAt = CREATED_AT + 60_000;
    const message = render(aRequest({ state: 'rejected', decidedBy: APPROVER, decidedAt, rejectionReason: 'not <yet>' }));
    const status = message.blocks.find((block) => block.block_id === BLOCKS.approvalStatus);
    expect(visibleText(status)).toBe(t.approval.status.rejected(userMention(APPROVER), esc(formatJapanTime(decidedAt)), esc('not <yet>')));
  });

  test('a registration names its plan and start date, and says the number is new', () => {
    const request = aRequest({ change: { operation: 'register', planCode: 'LTE3G_P01', startDate: '20261201' }, lineAtRequest: undefined });
    const text = visibleText(render(request).blocks);
    expect(text).toContain(t.operations.register.summary(PHONE, esc('LTE3G_P01'), esc('2026-12-01')));
    expect(text).toContain(t.approval.newNumber);
  });
});
