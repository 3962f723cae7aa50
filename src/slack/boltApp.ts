import { randomBytes } from 'node:crypto';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type Logger as BoltLogger } from '@slack/bolt';
import { forRequest, type Logger } from '../logger.js';
import { observingFetch, retryingShortLimits, type SlackApiErrorObserver } from './apiErrors.js';
import type { SlackDeps } from './deps.js';
import { InFlight } from './inFlight.js';
import { registerListeners } from './index.js';

export interface SlackIdentity {
  botUserId: string;
  botId: string;
  teamId?: string;
}

export type SlackConnection = { mode: 'http'; signingSecret: string } | { mode: 'socket'; appToken: string };

export interface SlackAppOptions {
  botToken: string;
  connection: SlackConnection;
  /** SLACK_API_URL: Bolt's `clientOptions.slackApiUrl` (tests point it at a double). */
  apiUrl?: string;
  identity: SlackIdentity;
  logger: Logger;
  /** Told of every failed Web API call (the metrics). */
  onApiError?: SlackApiErrorObserver;
}

export type SlackClient = webApi.WebClient;

export interface SlackApp {
  app: App;
  /**
   * The Web API client of the bot's background work (the approval messages, their threads, the
   * sweep): apart from `app.client`, which answers people, so that nothing the background does
   * to Slack's limits is felt by a person.
   */
  backgroundClient: SlackClient;
  /** HTTP mode: the handler of `POST /slack/events` (signature checked by Bolt's receiver). */
  httpReceiver?: HTTPReceiver;
  socketReceiver?: SocketModeReceiver;
  inFlight: InFlight;
  /** Who the bot is (auth.test): its own messages are those posted with `identity.botId`. */
  identity: SlackIdentity;
  /**
   * Registers every listener with its dependencies, once, before the app listens. They are
   * given here, not to `createSlackApp`, because some (the locale cache, the workflow's
   * messenger) are built from the app's own Web API client (`app.client`).
   */
  registerListeners(deps: SlackDeps): void;
}

// Slack's own retries run for half an hour by default; a person waiting on a card should not.
const RETRY = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 };
/** Every Web API call's deadline, per try (Slack answers in well under a second when it is well). */
export const SLACK_CALL_TIMEOUT_MS = 10_000;

/**
 * Every client rejects a call Slack answers 429 (`rejectRateLimitedCalls`) instead of pausing
 * its whole queue for the Retry-After: one method over its limit never holds up another, nor
 * anybody's answer. `forPeople`: a short Retry-After is waited out once (apiErrors.ts).
 */
function clientOptions(
  apiUrl: string | undefined,
  logger: BoltLogger,
  onApiError?: SlackApiErrorObserver,
  forPeople = false,
): webApi.WebClientOptions {
  const observed = onApiError ? observingFetch(onApiError, apiUrl) : undefined;
  const fetch = forPeople ? retryingShortLimits(observed ?? ((url, init) => globalThis.fetch(url, init as RequestInit)), apiUrl) : observed;
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: RETRY,
    rejectRateLimitedCalls: true,
    timeout: SLACK_CALL_TIMEOUT_MS,
    logger,
    ...(fetch ? { fetch } : {}),
  };
}

/**
 * `auth.test` once at start-up: it proves the token before the bot says it is ready, and
 * gives the identity Bolt would otherwise ask Slack for on the first request.
 */
export async function identifyBot(botToken: string, apiUrl: string | undefined, logger: Logger): Promise<SlackIdentity> {
  const client = new webApi.WebClient(botToken, clientOptions(apiUrl, boltLogger(logger)));
  const answer = await client.auth.test();
  if (!answer.user_id || !answer.bot_id) throw new Error('auth.test did not name the bot (is SLACK_BOT_TOKEN a bot token?)');
  return { botUserId: answer.user_id, botId: answer.bot_id, ...(answer.team_id ? { teamId: answer.team_id } : {}) };
}

/**
 * Socket Mode: asks for a connection URL once before Bolt does. Bolt's socket client retries
 * a refused app token forever, so a wrong SLACK_APP_TOKEN would otherwise leave the bot
 * starting (503) with no word of why.
 */
export async function checkAppToken(appToken: string, apiUrl: string | undefined, logger: Logger): Promise<void> {
  const client = new webApi.WebClient(appToken, clientOptions(apiUrl, boltLogger(logger)));
  await client.apps.connections.open();
}

/** The Bolt app with no listener yet (`registerListeners`); it does not listen on anything yet. */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const logger = boltLogger(options.logger);
  const inFlight = new InFlight();
  const { connection } = options;
  const httpReceiver =
    connection.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: connection.signingSecret,
          endpoints: '/slack/events',
          logger,
          // Acknowledge as soon as a listener calls ack(); the answer follows separately.
          processBeforeResponse: false,
        })
      : undefined;
  const socketReceiver =
    connection.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: connection.appToken,
          logger,
          installerOptions: { clientOptions: clientOptions(options.apiUrl, logger) },
        })
      : undefined;

  const app = new App({
    token: options.botToken,
    receiver: (httpReceiver ?? socketReceiver)!,
    botId: options.identity.botId,
    botUserId: options.identity.botUserId,
    // identifyBot() already asked; with both ids given Bolt never calls auth.test again.
    tokenVerificationEnabled: false,
    clientOptions: clientOptions(options.apiUrl, logger, options.onApiError, true),
    logger,
    convoStore: false,
  });
  const backgroundClient = new webApi.WebClient(options.botToken, clientOptions(options.apiUrl, logger, options.onApiError));

  // Every request is counted from before its listener runs until after the last answer it sends,
  // and gets a logger naming it (Bolt's context takes custom properties from global middleware):
  // listeners hand it to the workflow (`requestLogger`), so its lines and its Freebit call carry the id.
  app.use(async ({ next, body, context }) => {
    const done = inFlight.begin();
    try {
      context.log = forRequest(options.logger, { slackRequestId: randomBytes(4).toString('hex'), ...slackUserOf(body) });
      await next();
    } finally {
      done();
    }
  });

  // The last resort: listeners answer their own errors; anything that escapes is logged, not shown.
  app.error(async (error) => {
    options.logger.error({ event: 'slack.unhandled_error', err: error }, 'a Slack listener failed');
  });

  return {
    app,
    backgroundClient,
    ...(httpReceiver ? { httpReceiver } : {}),
    ...(socketReceiver ? { socketReceiver } : {}),
    inFlight,
    identity: options.identity,
    registerListeners: (deps) => registerListeners(app, deps),
  };
}

function slackUserOf(body: unknown): { slackUserId?: string } {
  const fields = body as { user_id?: unknown; user?: { id?: unknown }; event?: { user?: unknown } } | undefined;
  const id = fields?.user_id ?? fields?.user?.id ?? fields?.event?.user;
  return typeof id === 'string' ? { slackUserId: id } : {};
}

/** Bolt and the Web API client log through the bot's pino logger (and its redaction). */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      // Bolt logs a lot at debug; formatting it only to drop it would cost every request.
      if (!child.isLevelEnabled(level)) return;
      const error = parts.find((part) => part instanceof Error);
      const text = parts
        .filter((part) => !(part instanceof Error))
        .map((part) => (typeof part === 'string' ? part : safeJson(part)))
        .join(' ');
      if (error) child[level]({ err: error }, text);
      else child[level](text);
    };
  let level = toBoltLevel(logger.level);
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function toBoltLevel(level: string): LogLevel {
  if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
  if (level === 'warn') return LogLevel.WARN;
  if (level === 'error' || level === 'fatal') return LogLevel.ERROR;
  return LogLevel.INFO;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
