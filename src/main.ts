/**
 * The composition root (DESIGN.md): configuration → logger → then the parts, each a
 * `{ start, stop }` component (src/lifecycle.ts) started in order and stopped in reverse:
 * HTTP server → store → the embedded sandbox (when FREEBIT_BASE_URL is unset) → Freebit →
 * the Slack app → the workflow → the workers → the ingress (Slack's requests, "ready").
 * `npm start` runs `run()`; tests call `startBot()` to run the same bot in-process and stop it again.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { systemClock, type Clock } from './clock.js';
import { describeConfigProblems, loadConfig, loadDotEnv, type Config } from './config.js';
import { FreebitClient, memoryAuthKeyCache, type FreebitService } from './freebit/index.js';
import { createLogger, type Logger } from './logger.js';
import { startComponents, type Component } from './lifecycle.js';
import { withDeadline } from './timeout.js';
import { Metrics, observeTransitions } from './metrics.js';
import { DEFAULT_PLAN_CODES, startSandbox, type RunningSandbox } from './sandbox/index.js';
import { checkAppToken, createSlackApp, identifyBot, type SlackApp, type SlackClient } from './slack/boltApp.js';
import { slackErrorCode } from './slack/errors.js';
import { BotHttpServer, type Health } from './slack/httpServer.js';
import { SlackApprovalMessenger, SlackChannels, SlackDirectory, SlackPeople, type LineReader } from './slack/index.js';
import {
  durabilityReader,
  maskUrl,
  openStore,
  SAFE_EVICTION_POLICY,
  StoreError,
  storeAnswers,
  type Durability,
  type Store,
} from './store/index.js';
import {
  AccessLog,
  Approvals,
  Courier,
  executionGraceOf,
  FollowUps,
  prepareStore,
  requestCollections,
  type AccessRefusal,
  type LookupSurface,
} from './workflow/index.js';
import { SlackBudget } from './slack/budget.js';

export interface BotOverrides {
  logger?: Logger;
  /** Drives the embedded sandbox and every "today" of the bot (tests use a ManualClock). */
  clock?: Clock;
  /** Interface to listen on; default: all of them. Tests use 127.0.0.1. */
  host?: string;
  /**
   * How often the sweep runs (expiry, recovery of half-done requests, what they owe people);
   * default SWEEP_EVERY_MS (tests make it shorter).
   */
  sweepMs?: number;
  /** How long a stop waits for acknowledged work to finish; default `shutdownGraceMs(config)`: 6 × FREEBIT_TIMEOUT_MS + 5 s. */
  shutdownGraceMs?: number;
  /** Namespaces the store's keys (default 'freebit-ops'): tests running replicas on one Redis keep apart. */
  storePrefix?: string;
  /** How long a look waits for its access log entry to be written before it is refused as unrecorded (default 2 s); a test of a stalled store sets it short. */
  accessLogWriteTimeoutMs?: number;
  /** Tests only: wraps the opened store (fault injection: a wrapper whose Nth call fails once). */
  wrapStore?: (store: Store) => Store;
  /**
   * Tests only: `false` leaves the background calls without the bot's own budget toward Slack
   * (slack/budget.ts, which runs on real time). The fault-injection suites move their clock 25×
   * faster than real time; the Slack double's limits follow that clock and still hold the bot to
   * Slack's pace (a 429 is waited out as in production).
   */
  slackBudget?: boolean;
}

export interface RunningBot {
  /** `http://127.0.0.1:<port>`: `/healthz` and, in HTTP mode, `/slack/events`. */
  readonly url: string;
  readonly port: number;
  readonly mode: 'http' | 'socket';
  /** The embedded sandbox, when FREEBIT_BASE_URL is unset. */
  readonly sandbox?: RunningSandbox;
  /** Acknowledged Slack requests not finished yet. */
  inFlight(): number;
  /** Stops taking requests, finishes those in flight, closes everything. Safe to call twice. */
  stop(): Promise<void>;
}

/** Start-up failed for a reason a person can fix; `exitCode` 2 when it is the configuration. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

const SANDBOX_CREDENTIALS = { oemId: 'sandbox', oemKey: 'sandbox' };

/** The bot's logger: LOG_LEVEL, JSON (or readable in a terminal), and the configured secrets censored as text too. */
export function createBotLogger(config: Config, destination?: NodeJS.WritableStream): Logger {
  const { slack, freebit } = config;
  return createLogger(config.logLevel, {
    ...(destination ? { destination } : {}),
    secrets: [slack.botToken, slack.appToken, slack.signingSecret, freebit.oemKey, storePassword(config.storeUrl)],
  });
}

/** The password in a Redis STORE_URL (`redis://:pass@host`), censored like the other secrets wherever it appears. */
function storePassword(storeUrl: string): string | undefined {
  try {
    const password = new URL(storeUrl).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

/**
 * How long a stop may take beyond the drain's grace: every part's own stop deadline fits in it
 * (the access log 1.5 s, the store 1.5 s…), so a stalled store cannot hold the
 * process past the grace plus a few seconds.
 */
const STOP_BEYOND_GRACE_MS = 4_000;

export async function startBot(config: Config, overrides: BotOverrides = {}): Promise<RunningBot> {
  const logger = overrides.logger ?? createBotLogger(config);
  const grace = overrides.shutdownGraceMs ?? shutdownGraceMs(config);
  const clock = overrides.clock ?? systemClock;
  // Each bot has its own registry (tests run several in one process); README "Metrics".
  const metrics = new Metrics({ clock, logger });
  const mode = config.slack.appToken ? 'socket' : 'http';
  // What /healthz reports; the ingress (the last part to start, the first to stop) moves it on.
  // The store's durability (read again now and then: durabilityReader), once the store is open.
  let durability: (() => Promise<Durability>) | undefined;
  let state: { phase: 'starting' | 'stopping' } | { phase: 'ready'; store: Store; freebit: Probe; sandbox: boolean } = {
    phase: 'starting',
  };
  const health = async (): Promise<Health> => {
    if (state.phase !== 'ready') return { status: 503, body: { status: state.phase } };
    const { store, freebit, sandbox } = state;
    const [storeOk, freebitReachable, kept] = await Promise.all([
      storeAnswers(store),
      freebit.check(),
      durability ? durability() : undefined,
    ]);
    // A store that keeps nothing across its restart is said here (and in the log and the metric), not refused: the bot works until then.
    const persistence = kept ? { persistent: kept.persistent, ...(kept.persistent ? {} : { warning: NOT_PERSISTENT }) } : {};
    return {
      // Freebit being down is reported, not fatal: the bot can still say so to people. Without
      // its store it can take no request: not ready (a load balancer sends Slack elsewhere).
      status: storeOk ? 200 : 503,
      body: { status: 'ready', mode, sandbox, store: { ok: storeOk, ...persistence }, freebit: { reachable: freebitReachable } },
    };
  };

  // The parts start in this order and stop in reverse (src/lifecycle.ts); a part that fails
  // to start stops those before it. The order of the stop is the drain's: the ingress stops
  // taking requests and finishes those in flight, then the workers stop, then the access log
  // is written, and only then do Freebit, the sandbox and the store close.
  const { value: bot, components } = await startComponents(logger, async (parts) => {
    // Listening comes first, so that /healthz answers (503) while everything else starts.
    const http = await parts.start(
      httpServerPart(config, overrides, { health, liveness: () => ({ phase: state.phase }), metrics, logger }),
    );
    const store = await parts.start(
      storePart(config, overrides, {
        clock,
        logger,
        metrics,
        onDurability: (reader) => {
          durability = reader;
          metrics.watchDurability(reader);
        },
      }),
    );
    const sandbox = config.freebit.baseUrl ? undefined : await parts.start(sandboxPart(config, { clock, logger }));
    const freebit = await parts.start(freebitPart(config, { store, sandbox, logger, metrics }));
    const slack = await parts.start(slackPart(config, { logger, metrics }));
    const people = new SlackPeople(slack.app.client, { clock, logger });
    // SHARE_EXTERNAL_CHANNELS=true: nobody asks whether a channel is shared with another organisation.
    const externalChannels = config.access.shareExternalChannels ? undefined : new SlackChannels(slack.app.client, { clock, logger });
    if (externalChannels && config.approvals.channelId)
      await refuseExternalApprovalChannel(externalChannels, config.approvals.channelId, logger);
    // The workflow speaks through a Web API client of its own (the app's retries, its SLACK_API_URL),
    // apart from the one answering people, at a budget shared by every replica (slack/budget.ts).
    const workflow = await parts.start(
      workflowPart(config, {
        ...(overrides.slackBudget === false ? { slackBudget: false } : {}),
        store,
        freebit,
        clock,
        logger,
        client: slack.backgroundClient,
        botId: slack.identity.botId,
        people,
        ...(externalChannels ? { externalChannels } : {}),
        sandbox: sandbox !== undefined,
        onLookupRefused: metrics.observeLookupRefused,
        ...(overrides.accessLogWriteTimeoutMs !== undefined ? { accessLogWriteTimeoutMs: overrides.accessLogWriteTimeoutMs } : {}),
      }),
    );
    // The Slack surface gets a reader and nothing else, at run time too (not only by its type):
    // no listener holds an object that has cancelLine, changeContractLine or registerLine.
    const lines: LineReader = { lookupLine: (phone) => freebit.lookupLine(phone) };
    slack.registerListeners({
      lines,
      approvals: workflow.approvals,
      accessLog: workflow.accessLog,
      shareFullIdentifiers: config.access.shareFullIdentifiers,
      ...(externalChannels ? { externalChannels } : {}),
      locales: people,
      clock,
      logger,
      sandbox: sandbox !== undefined,
      planCodes: config.freebit.planCodes,
      freebitTimeoutMs: config.freebit.timeoutMs,
      messageShortcutLimit: 5,
      bulkMaxLines: config.bulkMaxLines,
      botId: slack.identity.botId,
    });
    metrics.watchFollowUps(() => workflow.followUps.jobsActive());
    await parts.start(
      workersPart(workflow, { logger, sweepMs: overrides.sweepMs ?? SWEEP_EVERY_MS, freebitTimeoutMs: config.freebit.timeoutMs }),
    );
    const freebitProbe = new Probe(sandbox?.url ?? config.freebit.baseUrl!, clock);
    await parts.start({
      name: 'ingress',
      // The drain's grace, and a second to close the server and the socket.
      stopWithinMs: grace + 1_000,
      holding: () => ({ acknowledgedRequestsInFlight: slack.inFlight.size }),
      start: async () => {
        if (slack.httpReceiver) http.routeSlackTo(slack.httpReceiver.requestListener);
        else await slack.app.start();
        state = { phase: 'ready', store, freebit: freebitProbe, sandbox: sandbox !== undefined };
        logger.info(
          { event: 'bot.ready', port: http.port, mode, sandbox: sandbox !== undefined },
          `freebit-ops listening on port ${http.port}`,
        );
      },
      stop: async () => {
        state = { phase: 'stopping' };
        logger.info({ event: 'bot.stopping', inFlight: slack.inFlight.size }, 'stopping: no new requests, finishing those in flight');
        // Deliveries still queued are tried once, without waiting out Slack's limits (courier.ts).
        workflow.courier.stop();
        // New requests first: a kept-alive socket can still deliver one during the drain, and a
        // 503 makes Slack retry it on another replica rather than start work this one may cut.
        // In Socket Mode the socket is closed now, so Slack sends its envelopes to another
        // connection instead of this one acknowledging them and then cutting them off.
        http.routeSlackTo(undefined);
        const closing = http.close();
        const socketClosing = slack.stopSocket();
        const finished = await slack.inFlight.idle(grace);
        if (!finished) logger.warn({ event: 'bot.stop_grace_exceeded' }, 'some acknowledged work did not finish in time');
        http.destroyConnections();
        await Promise.all([closing, socketClosing]);
      },
    });
    return { url: http.url, port: http.port, ...(sandbox ? { sandbox } : {}), inFlight: () => slack.inFlight.size };
  });

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      // Each part's stop has its own deadline (lifecycle.ts); this one bounds them all, whatever stalls.
      const whole = grace + STOP_BEYOND_GRACE_MS;
      const done = await withDeadline(
        components.stop().then(() => true),
        whole,
        () => false,
      );
      if (done) logger.info({ event: 'bot.stopped' }, 'stopped');
      else
        logger.error(
          { event: 'bot.stop_gave_up', withinMs: whole },
          `the stop did not finish within ${whole} ms: given up; the store keeps what was written, and the next start's sweep resumes it`,
        );
    })());

  return { ...bot, mode, stop };
}

interface PartsOf {
  logger: Logger;
  metrics: Metrics;
}

/** Listens on PORT: /healthz, /readyz and /metrics at once, Slack's requests once the ingress routes them. Stopped last. */
function httpServerPart(
  config: Config,
  overrides: Pick<BotOverrides, 'host'>,
  parts: PartsOf & { health: () => Promise<Health>; liveness: () => { phase: string } },
): Component<BotHttpServer> {
  let http: BotHttpServer | undefined;
  return {
    name: 'http',
    start: async () => {
      try {
        http = await BotHttpServer.start({
          port: config.port,
          ...(overrides.host ? { host: overrides.host } : {}),
          health: parts.health,
          liveness: parts.liveness,
          metrics: () => parts.metrics.render(),
          logger: parts.logger,
        });
        return http;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new StartupError(`PORT ${config.port} is already in use; set PORT to a free port.`, 2);
        if (code === 'EACCES')
          throw new StartupError(`PORT ${config.port} may not be used by this user; set PORT to a port above 1023.`, 2);
        throw error;
      }
    },
    stop: async () => {
      // After a drain this finds it closed already; after a failed start it closes it now.
      http?.destroyConnections();
      await http?.close();
    },
  };
}

/** The store, its indexes brought up to date, every arrow a request takes counted by the metrics. */
function storePart(
  config: Config,
  overrides: Pick<BotOverrides, 'storePrefix' | 'wrapStore'>,
  parts: PartsOf & { clock: Clock; onDurability: (reader: () => Promise<Durability>) => void },
): Component<Store> {
  const { logger, metrics, clock } = parts;
  let store: Store | undefined;
  return {
    name: 'store',
    start: async () => {
      try {
        const opened = await openStore(config.storeUrl, {
          clock,
          logger,
          ...(overrides.storePrefix ? { prefix: overrides.storePrefix } : {}),
        });
        // Each audit entry, once written, is also one JSON log line (`audit.<step>`) for a log shipper, and counted.
        store = observeTransitions(overrides.wrapStore ? overrides.wrapStore(opened) : opened, (entry) => {
          metrics.observeTransition(entry);
          logger.info({ ...entry, event: `audit.${entry.action}` }, 'audit trail');
        });
        metrics.watchStore(store);
        const kept = await refuseUnlessKept(opened, config, logger).catch(async (error: unknown) => {
          await closeStore(store!, logger);
          throw error;
        });
        parts.onDurability(durabilityReader(opened, clock, kept));
        // A store written before the indexes (or an older version of them) gets them now, once:
        // every read of open work goes through them (src/workflow/requestIndexes.ts).
        // Each collection that had records to rewrite says so (store.index_build_finished).
        await prepareStore(opened).catch(async (error: unknown) => {
          await closeStore(store!, logger);
          throw error;
        });
        return store;
      } catch (error) {
        if (error instanceof StoreError)
          throw new StartupError(`The store could not be opened: ${error.message}`, error.code === 'bad_url' ? 2 : 1);
        throw error;
      }
    },
    stop: () => closeStore(store!, logger),
    // Redis' own close gives up after a second (store/redis.ts).
    stopWithinMs: 1_500,
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

/** What /readyz and the log say of a store that keeps nothing across its restart. */
const NOT_PERSISTENT =
  'The store keeps nothing across its restart (Redis without AOF or RDB snapshots): a restart of Redis forgets every request, hold and audit entry. Set appendonly yes and appendfsync everysec.';

/**
 * A store that drops what it is given is refused before anything is written to it: Redis with an
 * eviction policy (it deletes keys under memory pressure: a request, a hold, an audit entry).
 * One that keeps nothing across its own restart (no AOF, no RDB snapshot seen) is warned about
 * loudly, and started: readiness and `freebit_ops_store_persistent` keep saying it.
 */
async function refuseUnlessKept(store: Store, config: Config, logger: Logger): Promise<Durability> {
  const shown = maskUrl(config.storeUrl);
  const kept = await store.durability().catch((error: unknown): Durability => {
    // A Redis whose ACL refuses INFO: nothing says it keeps what it is given, so it is not taken to (the warning, the metric at 0).
    logger.warn(
      { event: 'store.durability_unknown', url: shown, err: error },
      'store: could not read INFO from Redis; persistence and eviction policy unknown',
    );
    return { persistent: false, persistence: 'unknown' };
  });
  if (kept.evictionPolicy !== undefined && kept.evictionPolicy !== SAFE_EVICTION_POLICY) {
    throw new StartupError(
      `The Redis store at ${shown} may evict keys under memory pressure (maxmemory-policy ${kept.evictionPolicy}): requests, holds and the audit trail would silently disappear. Set maxmemory-policy noeviction on that Redis.`,
      2,
    );
  }
  if (!kept.persistent)
    logger.warn({ event: 'store.not_persistent', url: shown, persistence: kept.persistence }, `STORE NOT PERSISTENT: ${NOT_PERSISTENT}`);
  else if (kept.persistence === 'rdb')
    logger.info(
      { event: 'store.snapshots_only', url: shown },
      'store: Redis keeps RDB snapshots but no AOF: writes since the last snapshot are lost if Redis stops; appendonly yes keeps them',
    );
  return kept;
}

function closeStore(store: Store, logger: Logger): Promise<void> {
  return store.close().catch((error: unknown) => logger.warn({ event: 'store.close_failed', err: error }, 'store did not close cleanly'));
}

/** The embedded Freebit sandbox, when FREEBIT_BASE_URL is unset. */
function sandboxPart(config: Config, parts: { clock: Clock; logger: Logger }): Component<RunningSandbox> {
  let sandbox: RunningSandbox | undefined;
  return {
    name: 'sandbox',
    start: async () => {
      sandbox = await startSandbox({
        clock: parts.clock,
        timeScale: config.sandbox.timeScale,
        // Every plan the registration form offers exists in the sandbox.
        planCodes: [...new Set([...DEFAULT_PLAN_CODES, ...config.freebit.planCodes])],
      });
      parts.logger.warn(
        { event: 'sandbox.started', url: sandbox.url },
        'FREEBIT_BASE_URL is unset: using the embedded Freebit sandbox (every message says SANDBOX)',
      );
      return sandbox;
    },
    stop: () => sandbox!.close(),
    stopWithinMs: 1_000,
  };
}

/** The Freebit client: FREEBIT_BASE_URL with its keys kept in the store, or the sandbox with its keys in memory. */
function freebitPart(config: Config, parts: PartsOf & { store: Store; sandbox: RunningSandbox | undefined }): Component<FreebitService> {
  const { logger, metrics, store, sandbox } = parts;
  let client: FreebitService | undefined;
  return {
    name: 'freebit',
    start: async () => {
      client = new FreebitClient({
        ...(sandbox
          ? // The sandbox's keys die with it: they are kept in memory, not in the store.
            { baseUrl: sandbox.url, credentials: SANDBOX_CREDENTIALS, authKeyCache: memoryAuthKeyCache() }
          : {
              baseUrl: config.freebit.baseUrl!,
              credentials: { oemId: config.freebit.oemId!, oemKey: config.freebit.oemKey! },
              authKeyCache: store.authKey,
              detailPath: config.freebit.detailPath,
            }),
        timeoutMs: config.freebit.timeoutMs,
        logger,
        observe: metrics.observeFreebitCall,
      });
      return client;
    },
    stop: () => client!.close(),
    stopWithinMs: 1_000,
  };
}

/** The Slack app, once Slack has accepted its tokens; its listeners are registered by the caller. Stopping it closes the socket (Socket Mode). */
function slackPart(config: Config, parts: PartsOf): Component<SlackApp & { stopSocket(): Promise<unknown> }> {
  const { logger, metrics } = parts;
  let stopSocket: () => Promise<unknown> = () => Promise.resolve();
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
      // Once: the drain closes the socket first, and the stop finds it closed.
      let socketStopped: Promise<unknown> | undefined;
      stopSocket = () =>
        (socketStopped ??= slack.socketReceiver
          ? slack.app
              .stop()
              .catch((error: unknown) =>
                logger.warn({ event: 'slack.socket_stop_failed', err: error }, 'Socket Mode did not close cleanly'),
              )
          : Promise.resolve());
      return { ...slack, stopSocket: () => stopSocket() };
    },
    stop: async () => {
      await stopSocket();
    },
    stopWithinMs: 1_000,
  };
}

/**
 * How long a stop waits for acknowledged work by default: as long as the sweep waits before it
 * takes an execution for abandoned (the look-up before the call, the call, and a lost answer
 * settled by two looks: executionGraceOf), and 5 s for the Slack calls around them. A stop that
 * cut a settling look short would end a change Freebit may have taken as failed; one killed
 * while it waits leaves the request executing, and the sweep settles it.
 */
export function shutdownGraceMs(config: Pick<Config, 'freebit'>): number {
  return executionGraceOf(config.freebit.timeoutMs) + 5_000;
}

interface Workflow {
  approvals: Approvals;
  followUps: FollowUps;
  accessLog: AccessLog;
  courier: Courier;
}

/**
 * The approval gate, the follow-up poller and the access log, speaking in
 * Slack. Stopping it waits for the access log's writes in flight before the store closes.
 */
function workflowPart(
  config: Config,
  parts: {
    store: Store;
    freebit: FreebitService;
    clock: Clock;
    logger: Logger;
    client: SlackClient;
    botId: string;
    people: SlackPeople;
    externalChannels?: SlackChannels;
    sandbox: boolean;
    accessLogWriteTimeoutMs?: number;
    onLookupRefused?: (reason: AccessRefusal, surface: LookupSurface) => void;
    slackBudget?: boolean;
  },
): Component<Workflow> {
  let workflow: Workflow | undefined;
  return {
    name: 'workflow',
    start: async () => (workflow = createWorkflow(config, parts)),
    stop: async () => {
      // What the courier still holds is tried once more and otherwise left owed (the sweep's).
      workflow!.courier.stop();
      await workflow!.courier.idle();
      await workflow!.accessLog.stop();
    },
    // The courier's last tries and the access log's writes are bounded by the store's and Slack's deadlines; this bounds the stop as a whole.
    stopWithinMs: 1_500,
  };
}

function createWorkflow(
  config: Config,
  parts: {
    store: Store;
    freebit: FreebitService;
    clock: Clock;
    logger: Logger;
    client: SlackClient;
    botId: string;
    people: SlackPeople;
    externalChannels?: SlackChannels;
    sandbox: boolean;
    accessLogWriteTimeoutMs?: number;
    onLookupRefused?: (reason: AccessRefusal, surface: LookupSurface) => void;
    slackBudget?: boolean;
  },
): Workflow {
  const { store, freebit, clock, logger } = parts;
  // Whom a reminder mentions: the workflow says "remind"; who the approvers are in Slack is said here.
  const { approverUserIds, approverUsergroupId } = config.approvals;
  const approvers = { approverUserIds, ...(approverUsergroupId ? { approverUsergroupId } : {}) };
  const budget = parts.slackBudget === false ? undefined : new SlackBudget((name, rate) => store.pace(name, rate));
  const messenger = new SlackApprovalMessenger(parts.client, {
    locales: parts.people,
    sandbox: parts.sandbox,
    approvers,
    ...(budget ? { budget } : {}),
    botId: parts.botId,
    logger,
  });
  const { requests } = requestCollections(store);
  // One courier for the approvals and the follow-ups: one queue per request, whoever hands it work.
  const courier = new Courier({ store, requests, messenger, logger, clock });
  const followUps = new FollowUps(
    { store, freebit, messenger, clock, logger, requests, courier },
    // A job's lease is short and renewed while its poll and its reply run (leases.ts).
    { pollIntervalMs: config.pollIntervalMs, deadlineAfterDueMs: config.followUpDeadlineMs },
  );
  const { approvals: settings } = config;
  const accessLog = new AccessLog(store.access, clock, logger, {
    retentionDays: config.access.accessLogRetentionDays,
    maxPerHour: config.access.lookupMaxPerHour,
    claim: (key, owner, ttlMs) => store.claim(key, owner, ttlMs),
    ...(parts.onLookupRefused ? { onRefused: parts.onLookupRefused } : {}),
    ...(parts.accessLogWriteTimeoutMs !== undefined ? { writeTimeoutMs: parts.accessLogWriteTimeoutMs } : {}),
  });
  const approvals = new Approvals({
    store,
    accessLog,
    freebit,
    messenger,
    directory: new SlackDirectory(parts.client),
    people: parts.people,
    clock,
    logger,
    policy: {
      approverUserIds: settings.approverUserIds,
      ...(settings.approverUsergroupId ? { approverUsergroupId: settings.approverUsergroupId } : {}),
      ...(settings.requesterUsergroupId ? { requesterUsergroupId: settings.requesterUsergroupId } : {}),
      allowedChannelIds: settings.allowedChannelIds,
      approvalsRequired: settings.required,
      bulkApprovalsRequired: settings.bulkRequired,
      lookupUserIds: config.access.lookupUserIds,
      ...(config.access.lookupUsergroupId ? { lookupUsergroupId: config.access.lookupUsergroupId } : {}),
      allowGuests: config.access.allowGuests,
    },
    approvalTtlMs: settings.ttlMs,
    ...(settings.channelId ? { approvalChannelId: settings.channelId } : {}),
    ...(parts.externalChannels ? { externalChannels: parts.externalChannels } : {}),
    freebitTimeoutMs: config.freebit.timeoutMs,
    onAccepted: (request, phone) => followUps.watch(request, phone),
    ...(config.historyRetentionDays !== undefined ? { historyRetentionMs: config.historyRetentionDays * 24 * 60 * 60 * 1000 } : {}),
    remindAfterMs: settings.remindAfterMs,
    courier,
  });
  for (const { message, ...fields } of approvals.configurationWarnings()) logger.warn(fields, message);
  return { approvals, followUps, accessLog, courier };
}

/**
 * How often the sweep runs by default. With leases of LEASE_MS (leases.ts), a replica resumes a
 * dead one's batch, sweep and what it owed within a lease and a period (9 s + 5 s). A round
 * reads the open work only (indexes), so running it often costs little.
 */
export const SWEEP_EVERY_MS = 5_000;

/**
 * What runs beside the listeners: the executor (executor.ts), carrying approved requests
 * through; the sweep (Approvals.sweep) at once and then every `sweepMs`: requests past their
 * expiry expire, requests a stopped process left half-way are handed to the executor (never
 * sent twice: execute.ts), and what it owed people is settled (reconcile.ts); and the
 * follow-up poller. They start just before the bot takes requests and stop once the
 * drain is over, before Freebit, Slack and the store close; `stop()` waits for each.
 */
function workersPart(workflow: Workflow, options: { logger: Logger; sweepMs: number; freebitTimeoutMs: number }): Component {
  const { approvals, followUps, accessLog } = workflow;
  const { executor } = approvals;
  const { logger } = options;
  const owner = `replica-${randomUUID()}`;
  let sweeping: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const sweep = () => {
    // One sweep at a time: a slow Slack must not pile sweeps up.
    sweeping ??= approvals
      // Its lease (renewed while a round runs) outlasts the period, so the replica that sweeps
      // keeps sweeping; another takes over once it lapses, a lease after its holder died.
      .sweep(owner)
      .then(
        ({ expired, recovered, reconciled, pruned }) => {
          if (pruned > 0)
            logger.info({ event: 'approvals.history_pruned', count: pruned }, 'deleted finished requests past HISTORY_RETENTION_DAYS');
          if (expired > 0) logger.info({ event: 'approvals.expired', count: expired }, 'marked expired requests');
          if (recovered > 0)
            logger.info({ event: 'approvals.recovered', count: recovered }, 'recovered requests a stopped process left half-way');
          if (reconciled > 0)
            logger.info({ event: 'approvals.reconciled', count: reconciled }, 'settled messages and replies a stopped process owed');
        },
        (error: unknown) => logger.error({ event: 'approvals.sweep_failed', err: error }, 'sweep failed'),
      )
      .then(() => accessLog.prune(owner))
      .then(
        (pruned) => {
          if (pruned > 0)
            logger.info({ event: 'access_log.pruned', count: pruned }, 'deleted access log entries past ACCESS_LOG_RETENTION_DAYS');
        },
        (error: unknown) => logger.error({ event: 'access_log.prune_failed', err: error }, 'could not delete old access log entries'),
      )
      .finally(() => {
        sweeping = undefined;
      });
  };
  return {
    name: 'workers',
    start: async () => {
      executor.start();
      followUps.start();
      sweep();
      timer = setInterval(sweep, options.sweepMs);
      timer.unref();
    },
    stop: async () => {
      clearInterval(timer);
      // The executor claims nothing new and waits for the Freebit calls already out only (executor.ts).
      await Promise.allSettled([executor.stop(), followUps.stop(), sweeping]);
      // Handed over at once rather than when the lease lapses.
      await approvals.releaseSweep(owner).catch(() => undefined);
    },
    // Long enough for a Freebit call the executor has out (it claims no new request or line once
    // the stop begins). A round or a sweep waiting on a stalled store is dropped: its jobs and
    // requests stay in the store, their leases lapse, and another replica or the next start
    // takes them up (a line left `executing` is settled by a look-up, never sent again).
    stopWithinMs: options.freebitTimeoutMs + 2_000,
    holding: () => ({ ...followUps.holding(), requestsBeingExecuted: executor.working(), sweeping: sweeping !== undefined }),
  };
}

/** Freebit's reachability for /healthz: any HTTP answer from its host counts; asked at most every 10 s. */
class Probe {
  private last: { at: number; reachable: boolean } | undefined;
  private pending: Promise<boolean> | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly clock: Clock,
  ) {}

  check(): Promise<boolean> {
    if (this.last && this.clock.now() - this.last.at < 10_000) return Promise.resolve(this.last.reachable);
    this.pending ??= fetch(this.baseUrl, { method: 'HEAD', signal: AbortSignal.timeout(1_500) })
      .then(
        async (response) => {
          await response.body?.cancel();
          return true;
        },
        () => false,
      )
      .then((reachable) => {
        this.last = { at: this.clock.now(), reachable };
        this.pending = undefined;
        return reachable;
      });
    return this.pending;
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
      `Slack could not be reached to check ${variable} (${slackCode ?? describe(error)}); check the network and SLACK_API_URL.`,
      1,
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `npm start`: read the environment, start, and stop cleanly on SIGTERM/SIGINT/SIGHUP. */
export async function run(): Promise<void> {
  loadDotEnv();
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(describeConfigProblems(loaded.problems));
    process.exit(2);
  }
  const logger = createBotLogger(loaded.config);
  exitOnFatalErrors(logger);
  const starting = startBot(loaded.config, { logger });
  // Heard from the first moment: a signal while the bot starts stops it once it has started,
  // rather than killing it half-way (or between "ready" and a handler).
  stopOnSignals(starting, logger);
  try {
    await starting;
  } catch (error) {
    const message = error instanceof StartupError ? error.message : `freebit-ops could not start: ${describe(error)}`;
    logger.error({ event: 'bot.start_failed', err: error }, message);
    process.stderr.write(`${message}\n`);
    process.exit(error instanceof StartupError ? error.exitCode : 1);
  }
}

/** A second Ctrl-C at least this long after the first quits at once; sooner, it is the same press. */
const FORCE_QUIT_AFTER_MS = 1_000;

/**
 * A rejection nobody handled, or an exception nobody caught, leaves the process in a state no
 * one planned for: it writes one line (`bot.fatal`, through the logger that censors secrets)
 * and exits 1 at once. The supervisor starts it again, and the sweep finishes what was cut
 * short, as after any crash (README, "Stopping and restarting").
 */
export function exitOnFatalErrors(logger: Logger): void {
  let exiting = false;
  const fatal = (kind: 'unhandled_rejection' | 'uncaught_exception') => (error: unknown) => {
    if (exiting) return;
    exiting = true;
    try {
      logger.fatal(
        { event: 'bot.fatal', kind, err: error },
        `${kind === 'unhandled_rejection' ? 'an unhandled rejection' : 'an uncaught exception'}: exiting, to be restarted`,
      );
    } finally {
      process.exit(1);
    }
  };
  process.on('unhandledRejection', fatal('unhandled_rejection'));
  process.on('uncaughtException', fatal('uncaught_exception'));
}

/**
 * The first SIGTERM, SIGINT or SIGHUP (the terminal that ran `npm start` was closed) starts the drain; the process exits 0 once it is done (or its
 * grace has passed). The same signal often arrives twice within a millisecond: npm forwards
 * what it got to the bot, and a terminal's Ctrl-C or `systemctl stop` signals the whole
 * process group. So a repeat during the drain is logged and ignored; only a person pressing
 * Ctrl-C again after a pause quits at once (status 130), as the drain says it would.
 */
function stopOnSignals(starting: Promise<RunningBot>, logger: Logger): void {
  let bot: RunningBot | undefined;
  // A start that fails is answered by run(); here it only means there is nothing to stop.
  starting.then((started) => (bot = started)).catch(() => {});
  let firstAt: number | undefined;
  const onSignal = (signal: 'SIGTERM' | 'SIGINT' | 'SIGHUP') => {
    const now = performance.now();
    if (firstAt === undefined) {
      firstAt = now;
      const inFlight = bot?.inFlight() ?? 0;
      logger.info(
        { event: 'bot.signal', signal, inFlight },
        `${signal} received: stopping: press Ctrl-C again to quit now, ${inFlight} requests in flight`,
      );
      if (process.stderr.isTTY) process.stderr.write(`stopping: press Ctrl-C again to quit now, ${inFlight} requests in flight\n`);
      starting
        .then((started) => started.stop())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ event: 'bot.stop_failed', err: error }, 'stop failed');
            process.exit(1);
          },
        );
      return;
    }
    if (signal === 'SIGINT' && now - firstAt >= FORCE_QUIT_AFTER_MS) {
      logger.warn(
        { event: 'bot.forced_exit', inFlight: bot?.inFlight() ?? 0 },
        'Ctrl-C again: quitting now, without finishing the requests in flight',
      );
      process.exit(130);
    }
    logger.info({ event: 'bot.signal_ignored', signal }, `${signal} received again while stopping: ignored, the drain goes on`);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGHUP', () => onSignal('SIGHUP'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
