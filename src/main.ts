/**
 * The composition root (ARCHITECTURE.md "Start and stop"): configuration → logger → then the
 * parts, each a component (src/lifecycle.ts) whose start gives its own stop, started in order
 * and stopped in reverse: HTTP server → store → the embedded sandbox (when FREEBIT_BASE_URL is
 * unset) → Freebit → the Slack app → the workflow (with its workers) → the ingress (Slack's
 * requests, "ready"). `npm start` runs `run()`; tests call `startBot()` to run the same bot
 * in-process and stop it again.
 */
import { pathToFileURL } from 'node:url';
import { systemClock, type Clock } from './clock.js';
import { describeConfigProblems, loadConfig, loadDotEnv, type Config } from './config.js';
import { BotHealth, FreebitProbe } from './health.js';
import { startComponents } from './lifecycle.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { httpServerComponent } from './parts/http.js';
import type { SlackSurface } from './parts/slack.js';
import { storeComponent } from './parts/store.js';
import type { RunningSandbox } from './sandbox/index.js';
import { exitOnFatalErrors, stopOnSignals } from './signals.js';
import type { LineReader } from './slack/index.js';
import { describeError, StartupError } from './startupError.js';
import { loadStoreBackend, type Store } from './store/index.js';
import { withDeadline } from './timeout.js';
import { executionGraceOf } from './workflow/index.js';
import { SWEEP_EVERY_MS } from './workflow/sweeper.js';

export { StartupError } from './startupError.js';
export { SWEEP_EVERY_MS } from './workflow/sweeper.js';

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
 * How long a stop waits for acknowledged work by default: as long as the sweep waits before it
 * takes an execution for abandoned (the look-up before the call, the call, and a lost answer
 * settled by two looks: executionGraceOf), and 5 s for the Slack calls around them. A stop that
 * cut a settling look short would end a change Freebit may have taken as failed; one killed
 * while it waits leaves the request executing, and the sweep settles it.
 */
export function shutdownGraceMs(config: Pick<Config, 'freebit'>): number {
  return executionGraceOf(config.freebit.timeoutMs) + 5_000;
}

/**
 * How long a stop may take beyond the drain's grace: every part's own stop deadline fits in it
 * (the access log 1.5 s, the store 1.5 s…), so a stalled store cannot hold the
 * process past the grace plus a few seconds.
 */
const STOP_BEYOND_GRACE_MS = 4_000;

/**
 * The parts that need Bolt (the Slack app, the workflow speaking in Slack, the ingress) are
 * loaded while the HTTP server, the store and the sandbox start, whose work is mostly waiting
 * on the network and the disk; the sandbox's code only when it is embedded.
 */
function loadParts(config: Config) {
  const loading = {
    // First: the store's opening (the disk) then starts with its code already loaded.
    storeBackend: loadStoreBackend(config.storeUrl),
    sandbox: config.freebit.baseUrl ? undefined : import('./sandbox/index.js'),
    freebit: import('./parts/freebit.js'),
    slack: import('./parts/slack.js'),
    workflow: import('./parts/workflow.js'),
    ingress: import('./parts/ingress.js'),
  };
  // A part that fails to start before these are awaited must not leave their failure unhandled.
  for (const each of Object.values(loading)) each?.catch(() => {});
  return loading;
}

export async function startBot(config: Config, overrides: BotOverrides = {}): Promise<RunningBot> {
  const loading = loadParts(config);
  const logger = overrides.logger ?? createBotLogger(config);
  const grace = overrides.shutdownGraceMs ?? shutdownGraceMs(config);
  const clock = overrides.clock ?? systemClock;
  // Each bot has its own registry (tests run several in one process); README "Metrics".
  const metrics = new Metrics({ clock, logger });
  const mode = config.slack.appToken ? 'socket' : 'http';
  const health = new BotHealth(mode);

  // The order of the stop is the drain's: every part is told first (the executor claims nothing
  // new), then the ingress stops taking requests and finishes those in flight, the workflow's
  // workers stop, its courier and access log finish, and only then do Slack, Freebit, the
  // sandbox and the store close.
  const { value: bot, components } = await startComponents(logger, async (parts) => {
    // Listening comes first, so that /healthz answers (503) while everything else starts.
    const http = await parts.start(
      httpServerComponent({ port: config.port, ...(overrides.host ? { host: overrides.host } : {}), health, metrics, logger }),
    );
    // The store (the disk: its migration), the embedded sandbox and the Slack app (Slack: the
    // token checks) need none of each other and mostly wait: they start together, and stop as if
    // started one after another in this order.
    const [store, sandbox, slack] = await parts.startTogether<[Store, RunningSandbox | undefined, SlackSurface]>([
      Promise.resolve(
        storeComponent({
          url: config.storeUrl,
          ...(overrides.storePrefix ? { prefix: overrides.storePrefix } : {}),
          ...(overrides.wrapStore ? { wrapStore: overrides.wrapStore } : {}),
          clock,
          logger,
          metrics,
          onDurability: (reader) => {
            health.watchDurability(reader);
            metrics.watchDurability(reader);
          },
        }),
      ),
      config.freebit.baseUrl
        ? Promise.resolve(undefined)
        : loading.freebit.then(({ sandboxComponent }) =>
            sandboxComponent({ clock, timeScale: config.sandbox.timeScale, planCodes: config.freebit.planCodes, logger }),
          ),
      loading.slack.then(({ slackComponent }) => slackComponent(config, { clock, logger, metrics })),
    ]);
    const { freebitComponent } = await loading.freebit;
    const freebit = await parts.start(
      freebitComponent({
        endpoint: sandbox
          ? { sandbox }
          : {
              baseUrl: config.freebit.baseUrl!,
              credentials: { oemId: config.freebit.oemId!, oemKey: config.freebit.oemKey! },
              detailPath: config.freebit.detailPath,
            },
        timeoutMs: config.freebit.timeoutMs,
        store,
        logger,
        metrics,
      }),
    );
    const workflow = await parts.start(
      (await loading.workflow).workflowComponent(config, {
        ...(overrides.slackBudget === false ? { slackBudget: false } : {}),
        store,
        freebit,
        clock,
        logger,
        client: slack.backgroundClient,
        botId: slack.identity.botId,
        people: slack.people,
        ...(slack.externalChannels ? { externalChannels: slack.externalChannels } : {}),
        sandbox: sandbox !== undefined,
        onLookupRefused: metrics.observeLookupRefused,
        ...(overrides.accessLogWriteTimeoutMs !== undefined ? { accessLogWriteTimeoutMs: overrides.accessLogWriteTimeoutMs } : {}),
        sweepMs: overrides.sweepMs ?? SWEEP_EVERY_MS,
      }),
    );
    metrics.watchFollowUps(() => workflow.followUps.jobsActive());
    // The Slack surface gets a reader and nothing else, at run time too (not only by its type):
    // no listener holds an object that has cancelLine, changeContractLine or registerLine.
    const lines: LineReader = { lookupLine: (phone) => freebit.lookupLine(phone) };
    slack.registerListeners({
      lines,
      approvals: workflow.approvals,
      accessLog: workflow.accessLog,
      shareFullIdentifiers: config.access.shareFullIdentifiers,
      ...(slack.externalChannels ? { externalChannels: slack.externalChannels } : {}),
      locales: slack.people,
      clock,
      logger,
      sandbox: sandbox !== undefined,
      planCodes: config.freebit.planCodes,
      freebitTimeoutMs: config.freebit.timeoutMs,
      messageShortcutLimit: 5,
      bulkMaxLines: config.bulkMaxLines,
      botId: slack.identity.botId,
    });
    const ready = { store, freebit: new FreebitProbe(sandbox?.url ?? config.freebit.baseUrl!, clock), sandbox: sandbox !== undefined };
    await parts.start((await loading.ingress).ingressComponent({ http, slack, health, ready, mode, graceMs: grace, logger }));
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
  // Heard from the first moment: a signal while the bot starts stops it once it has started.
  stopOnSignals(starting, logger);
  try {
    await starting;
  } catch (error) {
    const message = error instanceof StartupError ? error.message : `freebit-ops could not start: ${describeError(error)}`;
    logger.error({ event: 'bot.start_failed', err: error }, message);
    process.stderr.write(`${message}\n`);
    process.exit(error instanceof StartupError ? error.exitCode : 1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
