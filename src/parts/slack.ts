import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Component } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { checkAppToken, createSlackApp, identifyBot, type SlackApp } from '../slack/boltApp.js';
import { slackErrorCode } from '../slack/errors.js';
import { SlackChannels, SlackPeople } from '../slack/index.js';
import { describeError, StartupError } from '../startupError.js';

/** The Slack app once Slack has accepted its tokens, and what the workflow and the listeners ask Slack through. */
export interface SlackSurface extends SlackApp {
  people: SlackPeople;
  /** Absent with SHARE_EXTERNAL_CHANNELS=true: nobody asks whether a channel is shared with another organisation. */
  externalChannels?: SlackChannels;
  /** Closes the socket (Socket Mode), once: the drain closes it first, and the stop finds it closed. */
  stopSocket(): Promise<unknown>;
}

/**
 * The Slack app, once Slack has accepted its tokens and the approval channel is found internal;
 * its listeners are registered by the caller. Stopping it closes the socket (Socket Mode).
 */
export function slackComponent(
  config: Pick<Config, 'slack' | 'access' | 'approvals'>,
  options: { clock: Clock; logger: Logger; metrics: Metrics },
): Component<SlackSurface> {
  const { clock, logger, metrics } = options;
  return {
    name: 'slack',
    start: async () => {
      const identity = await askSlack('SLACK_BOT_TOKEN', 'copy the Bot User OAuth Token from the app’s OAuth & Permissions page', () =>
        identifyBot(config.slack.botToken, config.slack.apiUrl, logger),
      );
      const appToken = config.slack.appToken;
      if (appToken) {
        await askSlack(
          'SLACK_APP_TOKEN',
          'generate an app-level token with the connections:write scope (Basic Information → App-Level Tokens)',
          () => checkAppToken(appToken, config.slack.apiUrl, logger),
        );
      }
      const slack = createSlackApp({
        botToken: config.slack.botToken,
        connection: appToken ? { mode: 'socket', appToken } : { mode: 'http', signingSecret: config.slack.signingSecret! },
        apiUrl: config.slack.apiUrl,
        identity,
        logger,
        onApiError: metrics.observeSlackApiError,
      });
      const people = new SlackPeople(slack.app.client, { clock, logger });
      const externalChannels = config.access.shareExternalChannels ? undefined : new SlackChannels(slack.app.client, { clock, logger });
      if (externalChannels && config.approvals.channelId)
        await refuseExternalApprovalChannel(externalChannels, config.approvals.channelId, logger);
      let socketStopped: Promise<unknown> | undefined;
      const stopSocket = () =>
        (socketStopped ??= slack.socketReceiver
          ? slack.app
              .stop()
              .catch((error: unknown) =>
                logger.warn({ event: 'slack.socket_stop_failed', err: error }, 'Socket Mode did not close cleanly'),
              )
          : Promise.resolve());
      return {
        value: { ...slack, people, ...(externalChannels ? { externalChannels } : {}), stopSocket },
        stop: async () => {
          await stopSocket();
        },
      };
    },
    stopWithinMs: 1_000,
  };
}

/**
 * APPROVAL_CHANNEL_ID shared with another organisation (Slack Connect) stops start-up: every
 * approval message (the line's state and plan, the reason) would be shown outside the company,
 * and every request would be refused at submission. Said once, at start, with the fix, rather
 * than to each requester. Slack not answering is not a reason to stay down: each request asks
 * again (and is refused while Slack cannot say).
 */
async function refuseExternalApprovalChannel(channels: SlackChannels, channelId: string, logger: Logger): Promise<void> {
  const external = await channels.isSharedExternally(channelId).catch(() => undefined);
  if (external === undefined) {
    logger.warn(
      { event: 'slack.approval_channel_unchecked', channelId },
      'could not check whether APPROVAL_CHANNEL_ID is shared with another organisation; each request will ask again',
    );
    return;
  }
  if (external) {
    throw new StartupError(
      `APPROVAL_CHANNEL_ID ${channelId} is shared with another organisation (Slack Connect): approval messages would show customers' lines outside the company. Set APPROVAL_CHANNEL_ID to an internal channel, or SHARE_EXTERNAL_CHANNELS=true to allow it.`,
      2,
    );
  }
}

const REFUSED_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

/** A start-up call to Slack whose failure names the variable to fix (exit 2) or says Slack was not reached (exit 1). */
async function askSlack<T>(variable: string, fix: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const slackCode = slackErrorCode(error);
    if (slackCode && REFUSED_TOKEN.has(slackCode)) throw new StartupError(`Slack refused ${variable} (${slackCode}): ${fix}.`, 2);
    throw new StartupError(
      `Slack could not be reached to check ${variable} (${slackCode ?? describeError(error)}); check the network and SLACK_API_URL.`,
      1,
    );
  }
}
