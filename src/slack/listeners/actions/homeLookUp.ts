import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { globalShortcutPayload } from '../../kit/payloads.js';
import { openLookupForm } from '../../flows/openLookupForm.js';

/** App Home's "Look up a line" button: the same form as the global shortcut. */
export function homeLookUp(deps: SlackDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, client }) => {
    await ack();
    const payload = globalShortcutPayload.safeParse(body);
    if (!payload.success) return;
    await openLookupForm(deps, client, payload.data.user.id, payload.data.trigger_id, 'home');
  };
}
