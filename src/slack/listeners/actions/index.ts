import type { App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { dispatchById } from '../../dispatch.js';
import { ACTIONS } from '../../ids.js';
import { approveRequest } from './approveRequest.js';
import { homeLookUp } from './homeLookUp.js';
import { refreshCard } from './refreshCard.js';
import { rejectRequest } from './rejectRequest.js';
import { requestCancellation } from './requestCancellation.js';
import { requestContractChange } from './requestContractChange.js';
import { shareCard } from './shareCard.js';
import { withdrawRequest } from './withdrawRequest.js';

export function registerActions(app: App, deps: SlackDeps): void {
  app.action(
    { type: 'block_actions' },
    dispatchById<SlackActionMiddlewareArgs<BlockAction>>('action', ({ action }) => action.action_id, {
      [ACTIONS.shareCard]: shareCard(deps),
      [ACTIONS.refreshCard]: refreshCard(deps),
      [ACTIONS.requestCancellation]: requestCancellation(deps),
      [ACTIONS.requestContractChange]: requestContractChange(deps),
      [ACTIONS.homeLookUp]: homeLookUp(deps),
      [ACTIONS.approveRequest]: approveRequest(deps),
      [ACTIONS.rejectRequest]: rejectRequest(deps),
      [ACTIONS.withdrawRequest]: withdrawRequest(deps),
    }),
  );
}
