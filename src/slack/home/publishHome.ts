import type { webApi } from '@slack/bolt';
import { voiceOf, type SlackDeps } from '../deps.js';
import { describeError } from '../errors.js';
import { homeTab, type HomeOverview } from './homeTab.js';
import type { Voice } from '../kit/voice.js';

/**
 * Draws a person's App Home: on opening, and again after they click an approval button on
 * it, so a decided request never keeps its buttons there. A failure to read the requests
 * still draws the rest of the tab.
 */
export async function publishHome(deps: SlackDeps, client: Pick<webApi.WebClient, 'views'>, userId: string, voice?: Voice): Promise<void> {
  const speakingSoon = voice ? Promise.resolve(voice) : voiceOf(deps, userId);
  const [speaking, overview] = await Promise.all([speakingSoon, overviewOf(deps, userId, speakingSoon)]);
  try {
    await client.views.publish({ user_id: userId, view: homeTab(speaking, overview) });
  } catch (error) {
    deps.logger.warn({ event: 'slack.views_publish_failed', error: String(error) }, 'could not draw App Home');
  }
}

async function overviewOf(deps: SlackDeps, userId: string, voice: Promise<Voice>): Promise<HomeOverview> {
  try {
    // App Home lists requests for lines (numbers, their state when asked): only for someone who may see lines.
    await deps.approvals.refuseUnlessMayLook(userId);
  } catch (error) {
    const { t } = await voice;
    return {
      mine: [],
      awaitingApproval: [],
      approver: false,
      refusal: describeError(error, t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs }),
    };
  }
  try {
    // The workflow leaves out what this person already approved before it cuts the list (it waits for someone else).
    return await deps.approvals.overviewFor(userId);
  } catch (error) {
    deps.logger.warn({ event: 'slack.home_overview_failed', error: String(error) }, 'could not list requests for App Home');
    return { mine: [], awaitingApproval: [], approver: false };
  }
}
