import { describe, expect, test } from 'vitest';
import { homeTab } from '../../../src/slack/home/homeTab.js';
import { helpText } from '../../../src/slack/help.js';
import { CATALOGS, esc, userMention, type Catalog } from '../../../src/slack/i18n/index.js';
import { stateBadge } from '../../../src/slack/i18n/speak.js';
import { ACTIONS, BLOCKS } from '../../../src/slack/kit/ids.js';
import { Voice } from '../../../src/slack/kit/voice.js';
import { buttonLabels, visibleText } from '../../../tools/slackDouble/blockText.js';
import { aRequest } from '../../support/approvalRequests.js';

describe.each(Object.values(CATALOGS))('App Home ($locale)', (t: Catalog) => {
  const render = (overview: Parameters<typeof homeTab>[1]) => homeTab(new Voice(t, false), overview);

  test('for someone with nothing yet: what the bot is, a way in, and that there is nothing of theirs', () => {
    const view = render({ mine: [], awaitingApproval: [], approver: false });
    const text = visibleText(view.blocks);
    for (const sentence of [t.home.title, t.home.intro, t.home.howTo, t.approval.home.mine, t.approval.home.noneMine, helpText(t)])
      expect(text).toContain(sentence);
    expect(text).not.toContain(t.approval.home.awaiting);
    expect(view.blocks.find((block) => block.block_id === BLOCKS.homeActions)).toMatchObject({
      elements: [{ action_id: ACTIONS.homeLookUp, text: { text: t.home.lookUpButton } }],
    });
  });

  test('for an approver: what waits for them, with its reason (inert), the line when asked, and Approve and Reject', () => {
    const waiting = aRequest({ requesterId: 'U0SOMEONE' });
    const view = render({ mine: [], awaitingApproval: [waiting], approver: true, moreAwaiting: 3 });
    const text = visibleText(view.blocks);
    expect(text).toContain(t.approval.home.awaiting);
    expect(text).toContain(t.operations.cancel.summary(esc('090-1234-5678'), esc('2026-11-30')));
    expect(text).toContain(t.approval.requestStates.pending);
    expect(text).toContain(userMention('U0SOMEONE'));
    expect(text).toContain(esc('customer <left> & moved'));
    expect(text).toContain(stateBadge(t, 'active'));
    expect(text).toContain(t.approval.home.moreAwaiting(3));
    expect(buttonLabels(view.blocks)).toEqual([t.home.lookUpButton, t.approval.buttons.approve, t.approval.buttons.reject]);
  });

  test('an approver with nothing waiting is told so', () => {
    expect(visibleText(render({ mine: [], awaitingApproval: [], approver: true }).blocks)).toContain(t.approval.home.noneAwaiting);
  });

  test('the person’s own pending request can be withdrawn from here; a decided one cannot', () => {
    const view = render({
      mine: [aRequest(), aRequest({ id: 'FR-2ABC', state: 'completed' })],
      awaitingApproval: [],
      approver: false,
      moreMine: 4,
    });
    expect(buttonLabels(view.blocks)).toEqual([t.home.lookUpButton, t.approval.buttons.withdraw]);
    const text = visibleText(view.blocks);
    expect(text).toContain(t.approval.requestStates.completed);
    expect(text).toContain(t.approval.home.moreMine(4));
  });

  test('someone who may see no line reads why, and nothing of any line', () => {
    const refusal = t.approval.refusal('lookup_not_allowed');
    const view = render({ mine: [aRequest()], awaitingApproval: [], approver: false, refusal });
    const text = visibleText(view.blocks);
    expect(text).toContain(refusal);
    expect(text).not.toContain('090-1234-5678');
    expect(buttonLabels(view.blocks)).toEqual([]);
  });
});
