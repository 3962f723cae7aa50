/**
 * A world that outlives the bot's process: the Slack double, a Freebit sandbox and a store
 * (SQLite file or Redis prefix) started by the test, and the bot as a child process on them
 * (botProcess.ts) that a test kills with SIGKILL and starts again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ManualClock, systemClock } from '../../src/clock.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { deleteRedisKeys, REDIS_URL } from '../store/support.js';
import { APPROVAL_ENV } from '../../tools/slackDouble/approvals.js';
import { rigAround, SIGNING_SECRET, type SlackRig } from '../../tools/slackDouble/rig.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../../tools/slackDouble/double.js';
import { until } from './waiting.js';
import type { StoreAt } from './requestState.js';

const ROOT = resolve(import.meta.dirname, '../..');
// `--import tsx` resolves from the working directory, which is a fresh folder (no .env of ours there).
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface BotProcessWorld {
  double: SlackDouble;
  sandbox: RunningSandbox;
  /** Signed requests to whichever bot process runs now. */
  rig: SlackRig;
  /**
   * Starts the bot process (once ready: /healthz 200). `pauseAt`: this process's first store
   * call of that name (e.g. `requests.create`) never answers, and the process says so on stdout
   * (`"event":"test.paused"`): a kill then lands exactly before that write.
   */
  start(options?: { pauseAt?: string }): Promise<void>;
  /** SIGTERM, as a supervisor stops the bot: resolves once the process exited, with how long that took. */
  terminate(): Promise<{ tookMs: number; code: number | null }>;
  /** SIGKILL: the process dies between two awaits, whatever it was doing. */
  kill(): Promise<void>;
  /** Everything the bot processes wrote to stdout and stderr, for a failing test to show. */
  output(): string;
  /** Where the bot's store is, for the test to read it (requestState.ts `storedRequest`). */
  storeAt: StoreAt;
  close(): Promise<void>;
}

export async function startBotProcessWorld(options: {
  store: 'sqlite' | 'redis';
  env?: Record<string, string>;
  timeScale?: number;
  /** The sweep's period (default 200 ms); `'default'`: the bot's own. */
  sweepMs?: number | 'default';
  storeUrl?: string;
}): Promise<BotProcessWorld> {
  const double = await startSlackDouble();
  const sandbox = await startSandbox({ timeScale: options.timeScale ?? 1 });
  const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-crash-'));
  const prefix = `crash-${randomUUID()}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: double.apiUrl,
    PORT: '0',
    STORE_URL: options.store === 'sqlite' ? `sqlite://${join(folder, 'store.sqlite')}` : (options.storeUrl ?? REDIS_URL),
    FREEBIT_BASE_URL: sandbox.url,
    FREEBIT_OEM_ID: 'oem-crash',
    FREEBIT_OEM_KEY: 'oem-crash-key-0123',
    LOG_LEVEL: 'info',
    ...APPROVAL_ENV,
    ...options.env,
  };
  const sweepMs = options.sweepMs === 'default' ? {} : { sweepMs: options.sweepMs ?? 200 };
  const overrides = { ...sweepMs, shutdownGraceMs: 2_000, ...(options.store === 'redis' ? { storePrefix: prefix } : {}) };
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  let url = '';
  let port = 0;
  let output = '';

  const rig = rigAround({
    bot: () => ({ url, port, mode: 'http', inFlight: () => 0, stop: async () => {} }),
    sandbox: () => sandbox,
    double,
    clock: new ManualClock(),
    close: async () => {},
  });

  const kill = async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    child = undefined;
  };

  return {
    double,
    sandbox,
    rig,
    terminate: async () => {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) throw new Error('terminate: no bot process runs');
      const at = performance.now();
      const code = new Promise<number | null>((done) => running.once('exit', (exitCode) => done(exitCode)));
      running.kill('SIGTERM');
      const result = { code: await code, tookMs: performance.now() - at };
      child = undefined;
      return result;
    },
    start: async (startOptions = {}) => {
      let stdout = '';
      const started = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'test/support/botProcess.ts')], {
        cwd: folder,
        env: { ...env, TEST_BOT_OVERRIDES: JSON.stringify({ ...overrides, ...startOptions }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      exited = new Promise((done) => started.once('exit', done));
      started.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        output += chunk.toString();
      });
      started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const found = await until(
        'the bot process to say its port',
        () => (started.exitCode === null ? /"event":"bot\.ready"[^\n]*"port":(\d+)/.exec(stdout)?.[1] : 'exited'),
        45_000,
      );
      if (found === 'exited') throw new Error(`the bot process exited at start:\n${output}`);
      port = Number(found);
      url = `http://127.0.0.1:${port}`;
    },
    kill,
    output: () => output,
    storeAt:
      options.store === 'sqlite'
        ? { clock: systemClock, storeFile: join(folder, 'store.sqlite') }
        : { clock: systemClock, storeUrl: options.storeUrl ?? REDIS_URL, storePrefix: prefix },
    close: async () => {
      await kill();
      await double.close();
      await sandbox.close();
      if (options.store === 'redis' && !options.storeUrl) await deleteRedisKeys(prefix);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
