import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ACTIONS } from '../../ids.js';
import { homeLookUp } from './homeLookUp.js';
import { refreshCard } from './refreshCard.js';
import { requestCancellation } from './requestCancellation.js';
import { requestContractChange } from './requestContractChange.js';
import { shareCard } from './shareCard.js';

export function registerActions(app: App, deps: SlackDeps): void {
  app.action(ACTIONS.shareCard, shareCard(deps));
  app.action(ACTIONS.refreshCard, refreshCard(deps));
  app.action(ACTIONS.requestCancellation, requestCancellation(deps));
  app.action(ACTIONS.requestContractChange, requestContractChange(deps));
  app.action(ACTIONS.homeLookUp, homeLookUp(deps));
}
