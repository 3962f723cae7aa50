/**
 * Follow-ups end to end: bots that outlive one another. A "world" is what stays when
 * a bot stops: the Slack double, a Freebit sandbox the test started itself (so it survives the
 * bot, with OEM credentials the bots are given), the store (one SQLite file, or one Redis
 * database shared by replicas, under a key prefix of its own) and the ManualClock that drives
 * the sandbox and every bot.
 * `startReplica()` starts one more real bot (`startBot`, HTTP mode) on it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteRedisKeys } from '../store/support.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { startBot } from '../../src/main.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { APPROVAL_ENV, APPROVER, approvalMessageFor, click, threadTexts, type ApprovalMessage } from '../../tools/slackDouble/approvals.js';
import { waitForReply } from './requestState.js';
import { NOW, SIGNING_SECRET, rigAround, type SlackRig } from '../../tools/slackDouble/rig.js';
import { DOUBLE_BOT_TOKEN, slackTimeBeside, startSlackDouble, type SlackDouble } from '../../tools/slackDouble/double.js';
import { CHANGE_PATHS, PATHS } from './freebit.js';

export const OEM = { id: 'oem-followups', key: 'oem-followups-key-0123' };
/** Processing at Freebit runs 5 times faster: a cancellation or a registration takes 2 min of the clock, a contract change 6 min. */
export const TIME_SCALE = 5;
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;

/**
 * Asks (`ask`, as the agent on `asker`), approves (as the approver, on `approver`: another
 * replica, or the same bot) and waits for the execution's reply in the thread; Freebit
 * received one change call for the number, and answered it (the follow-up's completion, which
 * the tests wait for next, says it was accepted).
 */
export async function acceptedChange(
  asker: SlackRig,
  phoneShown: string,
  ask: () => Promise<unknown>,
  approver: SlackRig = asker,
): Promise<ApprovalMessage> {
  await ask();
  const message = await approvalMessageFor(asker.double, { phone: phoneShown });
  await click(approver, message, 'approve', APPROVER);
  await waitForReply(asker.double, message, 'executed').catch((error: unknown) => {
    throw new Error(`${String(error)}\nthread: ${JSON.stringify(threadTexts(asker.double, message))}`);
  });
  const phone = phoneShown.replaceAll('-', '');
  const changes = asker.sandbox.received.filter((entry) => CHANGE_PATHS.includes(entry.path) && accountOf(entry.json) === phone);
  if (changes.length !== 1) throw new Error(`Freebit received ${changes.length} change calls for ${phoneShown}, not one`);
  return message;
}

/** What every follow-up test runs with: approvers, an approval channel, fast polling. */
export const FOLLOW_UP_ENV = { ...APPROVAL_ENV, POLL_INTERVAL_MS: '100', SANDBOX_TIME_SCALE: String(TIME_SCALE) };

export interface World {
  clock: ManualClock;
  double: SlackDouble;
  sandbox: RunningSandbox;
  storeUrl: string;
  /** Every replica's store keys start with this (unique per world, so worlds on one Redis keep apart). */
  storePrefix: string;
  /** One more bot on this world; its `close()` stops only that bot. */
  startReplica(env?: Record<string, string>): Promise<SlackRig>;
  close(): Promise<void>;
}

export async function startWorld(options: { storeUrl?: string; env?: Record<string, string> } = {}): Promise<World> {
  const clock = new ManualClock(NOW);
  const double = await startSlackDouble({ now: slackTimeBeside(clock) });
  const sandbox = await startSandbox({ clock, timeScale: TIME_SCALE, oemId: OEM.id, oemKey: OEM.key });
  const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-followups-'));
  const storeUrl = options.storeUrl ?? `sqlite://${join(folder, 'store.sqlite')}`;
  const storePrefix = `followups-${randomUUID().slice(0, 12)}`;
  const replicas: SlackRig[] = [];

  const startReplica = async (env: Record<string, string> = {}): Promise<SlackRig> => {
    const loaded = loadConfig({
      SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: double.apiUrl,
      PORT: '0',
      STORE_URL: storeUrl,
      FREEBIT_BASE_URL: sandbox.url,
      FREEBIT_OEM_ID: OEM.id,
      FREEBIT_OEM_KEY: OEM.key,
      FREEBIT_TIMEOUT_MS: '2000',
      ...FOLLOW_UP_ENV,
      ...options.env,
      ...env,
    });
    if (!loaded.ok) throw new Error(`test configuration is wrong: ${loaded.problems.join('; ')}`);
    const logger = process.env.DEBUG_BOT ? createLogger('debug') : silentLogger;
    const bot = await startBot(loaded.config, { logger, clock, host: '127.0.0.1', shutdownGraceMs: 2_000, storePrefix });
    const rig = rigAround({ bot: () => bot, sandbox: () => sandbox, double, clock, close: () => bot.stop() });
    replicas.push(rig);
    return rig;
  };

  return {
    clock,
    double,
    sandbox,
    storeUrl,
    storePrefix,
    startReplica,
    close: async () => {
      await Promise.allSettled(replicas.map((replica) => replica.bot.stop()));
      if (storeUrl.startsWith('redis://')) await deleteRedisKeys(storePrefix, storeUrl);
      await sandbox.close();
      await double.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

// ---- What Freebit received, and waiting for it -------------------------------------------

function accountOf(json: unknown): string | undefined {
  const request = json as { requestDatas?: Array<{ account?: unknown }>; account?: unknown } | undefined;
  const account = request?.requestDatas?.[0]?.account ?? request?.account;
  return typeof account === 'string' ? account : undefined;
}

/** PA03-02 lookups of one number the sandbox received after its change call (the follow-up's polls). */
export function pollsOf(sandbox: RunningSandbox, phone: string): number {
  const received = sandbox.received;
  const changeAt = received.findIndex((entry) => CHANGE_PATHS.includes(entry.path) && accountOf(entry.json) === phone);
  if (changeAt < 0) return 0;
  return received.slice(changeAt + 1).filter((entry) => entry.path === PATHS.lookup && accountOf(entry.json) === phone).length;
}

/** Real time for a few polling rounds at POLL_INTERVAL_MS=100 (rounds every 80–120 ms). */
export const A_FEW_ROUNDS_MS = 600;
