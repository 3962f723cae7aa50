/**
 * The whole bot as a person meets it: `startBot()` in HTTP mode on a free port, its embedded
 * sandbox over loopback HTTP, a SQLite store in a fresh folder, and the Slack double as Slack.
 * `npm run demo` runs on it, and so do the end-to-end tests (test/support/slackBot.ts adds
 * their vitest hooks).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { createBotLogger, startBot, type BotOverrides, type RunningBot } from '../../src/main.js';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import { ackViolations, blockKitViolations } from './blockKitLimits.js';
import { DOUBLE_BOT_TOKEN, slackTimeBeside, startSlackDouble, type RefusedCall, type SlackCall, type SlackDouble } from './double.js';
import {
  SlackSender,
  slashCommand,
  triggerId,
  type Ack,
  type SendOptions,
  type SlackHttpRequest,
  type SlashCommandFields,
} from './requests.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** 2026-11-22 12:00 in Japan: "today" for every e2e test. */
export const NOW = Date.UTC(2026, 10, 22, 3, 0, 0);

export interface SlackRig {
  bot: RunningBot;
  double: SlackDouble;
  sandbox: RunningSandbox;
  clock: ManualClock;
  /** Sends signed requests to the bot's /slack/events. */
  slack: SlackSender;
  /** Every acknowledgement body the bot answered with (for the Block Kit limits check). */
  acks: unknown[];
  send(request: SlackHttpRequest, options?: SendOptions): Promise<Ack>;
  /** `/freebit <text>` from the default agent; resolves with the ack and the command's response_url. */
  command(text: string, overrides?: Partial<SlashCommandFields>): Promise<{ ack: Ack; responseUrl: string; triggerId: string }>;
  /** The view opened (views.open, or `method`) with this trigger_id, or of this view_id for views.update. */
  openedView(match: { triggerId?: string; viewId?: string; method?: string }): Promise<{ call: SlackCall; view: ViewJson }>;
  /** Every Block Kit limit violation in everything the bot sent so far, and every call Slack refused for going over its rate limits (forced 429s apart). */
  limitViolations(): string[];
  close(): Promise<void>;
}

export interface RestartableSlackRig extends SlackRig {
  /**
   * Stops the bot and starts it again on the same store file, clock and Slack double (a
   * deploy or a crash and restart). The embedded sandbox starts afresh with its seeded lines.
   * `whileStopped` runs between the two (e.g. to leave the store as a crash would).
   */
  restart(whileStopped?: () => Promise<void>): Promise<void>;
  /** The store file the bot runs on (to look at or change it while the bot is stopped). */
  readonly storeFile: string;
}

export interface ViewJson {
  callback_id: string;
  private_metadata?: string;
  title: { text: string };
  blocks: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export async function startSlackRig(
  options: {
    env?: Record<string, string>;
    overrides?: BotOverrides;
    clock?: ManualClock;
    /** The bot's own logger (LOG_LEVEL, redaction) writing here, as `npm start` writes to stdout. */
    logStream?: NodeJS.WritableStream;
  } = {},
): Promise<RestartableSlackRig> {
  const clock = options.clock ?? new ManualClock(NOW);
  // Slack's limits on, as everywhere: the double's windows follow real time and the moved clock.
  const double = await startSlackDouble({ now: slackTimeBeside(clock) });
  const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-slack-'));
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: double.apiUrl,
    PORT: '0',
    STORE_URL: `sqlite://${join(folder, 'store.sqlite')}`,
    FREEBIT_TIMEOUT_MS: '2000',
    // Someone can approve, as in any real set-up: without approvers no change form opens.
    APPROVER_USER_IDS: 'U0RIGAPPROVER',
    ...options.env,
  });
  let bot: RunningBot;
  let logger = silentLogger;
  try {
    if (!loaded.ok) throw new Error(`test configuration is wrong: ${loaded.problems.join('; ')}`);
    logger = options.logStream
      ? createBotLogger(loaded.config, options.logStream)
      : process.env.DEBUG_BOT
        ? createLogger('debug')
        : silentLogger;
    bot = await startBot(loaded.config, { logger, clock, host: '127.0.0.1', shutdownGraceMs: 2_000, ...options.overrides });
  } catch (error) {
    await double.close();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  const config = loaded.config;
  const rig = rigAround({
    bot: () => bot,
    sandbox: () => bot.sandbox!,
    double,
    clock,
    close: async () => {
      await bot.stop();
      await double.close();
      await rm(folder, { recursive: true, force: true });
    },
  });
  return Object.assign(rig, {
    storeFile: join(folder, 'store.sqlite'),
    restart: async (whileStopped?: () => Promise<void>) => {
      await bot.stop();
      await whileStopped?.();
      bot = await startBot(config, { logger, clock, host: '127.0.0.1', shutdownGraceMs: 2_000, ...options.overrides });
    },
  });
}

/**
 * A rig around one running bot (this file's `startSlackRig`, or one replica of a follow-up
 * world): signed sending to whichever bot `bot()` is now (a restart changes it), every ack
 * kept, `/freebit` commands, opened views, and the Block Kit limits of everything sent.
 */
export function rigAround(parts: {
  bot: () => RunningBot;
  sandbox: () => RunningSandbox;
  double: SlackDouble;
  clock: ManualClock;
  close: () => Promise<void>;
}): SlackRig {
  const { double } = parts;
  let sender: SlackSender | undefined;
  const slack = () => {
    const eventsUrl = `${parts.bot().url}/slack/events`;
    if (sender?.eventsUrl !== eventsUrl) sender = new SlackSender(eventsUrl, SIGNING_SECRET);
    return sender;
  };
  const acks: unknown[] = [];
  const send = async (request: SlackHttpRequest, sendOptions?: SendOptions) => {
    const ack = await slack().send(request, sendOptions);
    acks.push(ack.body);
    return ack;
  };
  return {
    get bot() {
      return parts.bot();
    },
    double,
    get sandbox() {
      return parts.sandbox();
    },
    clock: parts.clock,
    get slack() {
      return slack();
    },
    acks,
    send,
    command: async (text, overrides = {}) => {
      const responseUrl = double.responseUrl();
      const trigger = overrides.trigger_id ?? triggerId();
      const ack = await send(slashCommand({ text, response_url: responseUrl, trigger_id: trigger, ...overrides }));
      return { ack, responseUrl, triggerId: trigger };
    },
    openedView: async (match) => {
      const method = match.method ?? (match.viewId ? 'views.update' : 'views.open');
      const call = await double.waitForCall(
        method,
        (each) =>
          (match.triggerId === undefined || each.body.trigger_id === match.triggerId) &&
          (match.viewId === undefined || each.body.view_id === match.viewId),
      );
      return { call, view: call.body.view as ViewJson };
    },
    limitViolations: () => [
      ...double.calls.flatMap(blockKitViolations),
      ...acks.flatMap(ackViolations),
      ...rateLimitViolations(double.refused),
    ],
    close: parts.close,
  };
}

/**
 * Calls Slack refused because the bot went over a rate limit (not the 429s a test forced), one
 * line per method and channel: a bot that overuses Slack fails the test that made it.
 */
export function rateLimitViolations(refused: ReadonlyArray<RefusedCall>): string[] {
  const counted = new Map<string, { count: number; retryAfterS: Set<number> }>();
  for (const call of refused) {
    if (call.forced) continue;
    const where =
      call.method === 'response_url'
        ? `response_url ${call.responseUrl ?? ''} (used more than five times)`
        : `${call.method}${typeof call.body.channel === 'string' ? ` in ${call.body.channel}` : ''}`;
    const entry = counted.get(where) ?? { count: 0, retryAfterS: new Set<number>() };
    entry.count++;
    if (call.retryAfterS !== undefined) entry.retryAfterS.add(call.retryAfterS);
    counted.set(where, entry);
  }
  return [...counted].map(
    ([where, { count, retryAfterS }]) =>
      `Slack refused ${where} ${count}×${retryAfterS.size ? ` (HTTP 429, Retry-After ${[...retryAfterS].join('/')} s)` : ''}: over Slack's rate limit`,
  );
}

export { actionIds, blockIds, buttonLabels, findButton, visibleText } from './blockText.js';
