import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { voiceOf, type SlackDeps } from '../../deps.js';
import { homeOpenedEvent } from '../../payloads.js';
import { homeTab } from '../../views/homeTab.js';

/** The App Home tab, drawn each time it is opened (so it is always in the person's language). */
export function appHomeOpened(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'app_home_opened'>> {
  return async ({ event, client }) => {
    const parsed = homeOpenedEvent.safeParse(event);
    if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== 'home')) return;
    const voice = await voiceOf(deps, parsed.data.user);
    try {
      await client.views.publish({ user_id: parsed.data.user, view: homeTab(voice) });
    } catch (error) {
      deps.logger.warn({ event: 'slack.views_publish_failed', error: String(error) }, 'could not draw App Home');
    }
  };
}
