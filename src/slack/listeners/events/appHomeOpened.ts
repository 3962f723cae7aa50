import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../home/publishHome.js';
import { homeOpenedEvent } from '../../kit/payloads.js';

/**
 * The App Home tab, drawn each time it is opened (so it is always in the person's language
 * and current): the person's recent requests and, for approvers, the pending ones with their buttons.
 */
export function appHomeOpened(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'app_home_opened'>> {
  return async ({ event, client }) => {
    const parsed = homeOpenedEvent.safeParse(event);
    if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== 'home')) return;
    await publishHome(deps, client, parsed.data.user);
  };
}
