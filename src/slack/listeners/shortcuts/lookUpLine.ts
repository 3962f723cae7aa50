import type { GlobalShortcut, Middleware, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { openLookupForm } from '../../flows/openLookupForm.js';
import { globalShortcutPayload } from '../../kit/payloads.js';

/** Global shortcut "Look up a line": a form for the number; the card appears in it. */
export function lookUpLine(deps: SlackDeps): Middleware<SlackShortcutMiddlewareArgs<GlobalShortcut>> {
  return async ({ ack, body, client }) => {
    await ack();
    const payload = globalShortcutPayload.safeParse(body);
    if (!payload.success) {
      deps.logger.warn({ event: 'slack.unreadable_shortcut' }, 'global shortcut payload not understood');
      return;
    }
    await openLookupForm(deps, client, payload.data.user.id, payload.data.trigger_id, 'shortcut');
  };
}
