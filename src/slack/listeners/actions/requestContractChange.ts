import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { contractChangeModal } from '../../views/contractChangeModal.js';
import type { ButtonArgs } from './cardAction.js';
import { openChangeForm } from './openChangeForm.js';

/** "Request 4G/5G change…" on a card. */
export function requestContractChange(deps: SlackDeps): Middleware<ButtonArgs> {
  return openChangeForm(deps, (voice, phone, origin) => contractChangeModal(voice, { phone }, origin));
}
