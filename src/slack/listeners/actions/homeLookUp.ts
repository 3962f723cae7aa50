import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { voiceOf, type SlackDeps } from '../../deps.js';
import { globalShortcutPayload } from '../../payloads.js';
import { lineLookupModal } from '../../views/lineLookupModal.js';

/** App Home's "Look up a line" button: the same form as the global shortcut. */
export function homeLookUp(deps: SlackDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, client }) => {
    await ack();
    const payload = globalShortcutPayload.safeParse(body);
    if (!payload.success) return;
    const voice = await voiceOf(deps, payload.data.user.id);
    try {
      await client.views.open({ trigger_id: payload.data.trigger_id, view: lineLookupModal(voice, { locale: voice.t.locale }) });
    } catch (error) {
      deps.logger.warn({ event: 'slack.views_open_failed', error: String(error) }, 'could not open the lookup form from App Home');
    }
  };
}
