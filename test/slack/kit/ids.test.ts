import { describe, expect, it } from 'vitest';
import { ACTIONS, VIEWS } from '../../../src/slack/kit/ids.js';
import { OPERATION_LIST } from '../../../src/slack/changeForms/index.js';

// The listeners are tables keyed by these ids: an operation's modal or card button must not take
// an id another operation or another surface listens on. (The operations' own ids are in their
// descriptors; the first three operations' are also listed in ids.ts.)
const SURFACE_VIEWS: readonly string[] = [VIEWS.operationPicker, VIEWS.lineLookup, VIEWS.lineCard, VIEWS.rejectRequest, VIEWS.lineCheck];
const SURFACE_ACTIONS: readonly string[] = [
  ACTIONS.shareCard,
  ACTIONS.refreshCard,
  ACTIONS.homeLookUp,
  ACTIONS.approveRequest,
  ACTIONS.rejectRequest,
  ACTIONS.withdrawRequest,
  ACTIONS.lineCheckBack,
  ACTIONS.requestForNumbers,
];

describe('the ids Slack sends back', () => {
  it('each operation’s modal has a callback id of its own', () => {
    const operationViews = OPERATION_LIST.map((operation) => operation.callbackId);
    expect(new Set(operationViews).size).toBe(operationViews.length);
    expect(operationViews.filter((id) => SURFACE_VIEWS.includes(id))).toEqual([]);
    // ids.ts lists no view nobody opens.
    expect(Object.values(VIEWS).filter((id) => !SURFACE_VIEWS.includes(id) && !operationViews.includes(id))).toEqual([]);
  });

  it('each operation’s card button has an action id of its own', () => {
    const cardButtons = OPERATION_LIST.flatMap((operation) => (operation.cardButton ? [operation.cardButton.actionId] : []));
    expect(new Set(cardButtons).size).toBe(cardButtons.length);
    expect(cardButtons.filter((id) => SURFACE_ACTIONS.includes(id))).toEqual([]);
    expect(Object.values(ACTIONS).filter((id) => !SURFACE_ACTIONS.includes(id) && !cardButtons.includes(id))).toEqual([]);
  });
});
