import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { cancellationModal } from '../../views/cancellationModal.js';
import type { ButtonArgs } from './cardAction.js';
import { openChangeForm } from './openChangeForm.js';

/** "Request cancellation…" on a card. */
export function requestCancellation(deps: SlackDeps): Middleware<ButtonArgs> {
  return openChangeForm(deps, (voice, phone, origin) => cancellationModal(voice, { phone }, origin));
}
