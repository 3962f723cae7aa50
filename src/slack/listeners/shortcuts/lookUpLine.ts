import type { GlobalShortcut, Middleware, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { voiceOf, type SlackDeps } from '../../deps.js';
import { globalShortcutPayload } from '../../payloads.js';
import { lineLookupModal } from '../../views/lineLookupModal.js';

/** Global shortcut "Look up a line": a form for the number; the card appears in it. */
export function lookUpLine(deps: SlackDeps): Middleware<SlackShortcutMiddlewareArgs<GlobalShortcut>> {
  return async ({ ack, body, client }) => {
    await ack();
    const payload = globalShortcutPayload.safeParse(body);
    if (!payload.success) {
      deps.logger.warn({ event: 'slack.unreadable_shortcut' }, 'global shortcut payload not understood');
      return;
    }
    const voice = await voiceOf(deps, payload.data.user.id);
    try {
      await client.views.open({ trigger_id: payload.data.trigger_id, view: lineLookupModal(voice, { locale: voice.t.locale }) });
    } catch (error) {
      // A global shortcut has no channel and no response_url: the log is the only place left to say it.
      deps.logger.warn({ event: 'slack.views_open_failed', error: String(error) }, 'could not open the lookup form');
    }
  };
}
