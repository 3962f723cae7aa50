import type { webApi } from '@slack/bolt';
import { voiceOf, type SlackDeps } from './deps.js';
import { homeTab, type HomeOverview } from './views/homeTab.js';
import type { Voice } from './voice.js';

/**
 * Draws a person's App Home: on opening, and again after they click an approval button on
 * it, so a decided request never keeps its buttons there. A failure to read the requests
 * still draws the rest of the tab.
 */
export async function publishHome(deps: SlackDeps, client: Pick<webApi.WebClient, 'views'>, userId: string, voice?: Voice): Promise<void> {
  const [speaking, overview] = await Promise.all([voice ?? voiceOf(deps, userId), overviewOf(deps, userId)]);
  try {
    await client.views.publish({ user_id: userId, view: homeTab(speaking, overview) });
  } catch (error) {
    deps.logger.warn({ event: 'slack.views_publish_failed', error: String(error) }, 'could not draw App Home');
  }
}

async function overviewOf(deps: SlackDeps, userId: string): Promise<HomeOverview> {
  try {
    // The workflow leaves out what this person already approved before it cuts the list (it waits for someone else).
    return await deps.approvals.overviewFor(userId);
  } catch (error) {
    deps.logger.warn({ event: 'slack.home_overview_failed', error: String(error) }, 'could not list requests for App Home');
    return { mine: [], awaitingApproval: [], approver: false };
  }
}
