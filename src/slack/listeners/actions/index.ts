import type { App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { dispatchById } from '../../interactions/dispatch.js';
import { ACTIONS } from '../../kit/ids.js';
import { approveRequest } from './approveRequest.js';
import { homeLookUp } from './homeLookUp.js';
import { lineCheckBack } from './lineCheckBack.js';
import { refreshCard } from './refreshCard.js';
import { rejectRequest } from './rejectRequest.js';
import { requestForNumbers } from './requestForNumbers.js';
import { OPERATION_LIST } from '../../changeForms/index.js';
import { openChangeForm } from './openChangeForm.js';
import { shareCard } from './shareCard.js';
import { withdrawRequest } from './withdrawRequest.js';

export function registerActions(app: App, deps: SlackDeps): void {
  app.action(
    { type: 'block_actions' },
    dispatchById<SlackActionMiddlewareArgs<BlockAction>>('action', ({ action }) => action.action_id, {
      [ACTIONS.shareCard]: shareCard(deps),
      [ACTIONS.refreshCard]: refreshCard(deps),
      // "Request cancellation…", "Request 4G/5G change…": each operation a card offers, its form.
      ...Object.fromEntries(
        OPERATION_LIST.flatMap((operation) =>
          operation.cardButton ? [[operation.cardButton.actionId, openChangeForm(deps, operation)]] : [],
        ),
      ),
      [ACTIONS.homeLookUp]: homeLookUp(deps),
      [ACTIONS.approveRequest]: approveRequest(deps),
      [ACTIONS.rejectRequest]: rejectRequest(deps),
      [ACTIONS.withdrawRequest]: withdrawRequest(deps),
      [ACTIONS.lineCheckBack]: lineCheckBack(deps),
      [ACTIONS.requestForNumbers]: requestForNumbers(deps),
    }),
  );
}
