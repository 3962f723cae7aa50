/**
 * Which Redis the Redis suites run on, chosen once per test run (global.ts) and handed to every
 * test file as `TEST_REDIS_URL` (read in one place: test/store/support.ts `REDIS_URL`):
 *
 * 1. `TEST_REDIS_URL` when it is set: that Redis, which must answer;
 * 2. else a Redis answering at 127.0.0.1:6379 (a developer's, or the one a CI machine runs);
 * 3. else a `redis-server` from PATH, started for this run on a free loopback port, keeping
 *    nothing on disk, and stopped at the end;
 * 4. else none: `TEST_REDIS_URL` is set empty, the Redis suites are skipped, and one line says
 *    how to run them. With CI=true that is a failure instead: CI never passes without them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { createClient } from '@keyv/redis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface TestRedis {
  /** '' when there is no Redis: the Redis suites are skipped. */
  url: string;
  /** One line for the run's output: where the Redis suites run, or why they are skipped and how to run them. */
  says: string;
  /** Stops what this run started (nothing when it found a Redis already running). */
  stop(): Promise<void>;
}

/** True when CI=true (or any value but '', 'false' and '0'), as on CI services and in `.ci/run`. */
export function onCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/** Whether a Redis answers PING at `url` within a second. */
export async function answers(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** The first executable `name` on PATH, as a shell would find it. */
export function onPath(name: string, path: string = process.env.PATH ?? ''): string | undefined {
  for (const folder of path.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `redis-server` on a free loopback port, its working folder in `folder`; `settings` are its
 * command-line options (default: no persistence). A test that needs a Redis configured otherwise
 * (an eviction policy, AOF) starts its own here: the shared one's configuration is never changed.
 */
export async function startRedisServer(
  binary: string,
  folder: string,
  settings: readonly string[] = ['--save', '', '--appendonly', 'no'],
): Promise<{ url: string; child: ChildProcess }> {
  mkdirSync(folder, { recursive: true });
  let lastOutput = '';
  // A port found free can be taken before redis-server binds it: try another.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', ...settings, '--dir', folder, '--daemonize', 'no', '--loglevel', 'warning'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('error', (error) => (output += String(error)));
    const url = `redis://127.0.0.1:${port}`;
    const deadline = performance.now() + 10_000;
    while (child.exitCode === null && child.signalCode === null && performance.now() < deadline) {
      if (await answers(url)) {
        // From now on its output is not needed, but must not fill the pipe.
        child.stdout!.resume();
        child.stderr!.resume();
        return { url, child };
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    child.kill('SIGKILL');
    await exited;
    lastOutput = output;
  }
  throw new Error(`redis-server (${binary}) did not start:\n${lastOutput}`);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

const HOW_TO_RUN =
  'install Redis (e.g. `apt-get install redis-server`, `brew install redis`) so that redis-server is on PATH, or set TEST_REDIS_URL=redis://<host>:<port>';

/** Finds or starts the run's Redis; `folder` holds a started redis-server's working files. */
export async function provideTestRedis(folder: string, env: NodeJS.ProcessEnv = process.env): Promise<TestRedis> {
  const nothingToStop = async () => {};
  const configured = env.TEST_REDIS_URL?.trim();
  if (configured) {
    if (!(await answers(configured)))
      throw new Error(
        `TEST_REDIS_URL is ${configured.replace(/\/\/[^@/]*@/, '//***@')}, but no Redis answers there: start it, or unset TEST_REDIS_URL to let the tests find or start one.`,
      );
    return {
      url: configured,
      says: `Redis suites: on TEST_REDIS_URL (${configured.replace(/\/\/[^@/]*@/, '//***@')}).`,
      stop: nothingToStop,
    };
  }
  if (await answers(DEFAULT_REDIS_URL))
    return { url: DEFAULT_REDIS_URL, says: `Redis suites: on the Redis answering at ${DEFAULT_REDIS_URL}.`, stop: nothingToStop };
  const binary = onPath('redis-server', env.PATH);
  if (binary) {
    const { url, child } = await startRedisServer(binary, folder);
    return {
      url,
      says: `Redis suites: on a redis-server started for this run at ${url} (nothing answers at ${DEFAULT_REDIS_URL}).`,
      stop: () => stopChild(child),
    };
  }
  const why = `nothing answers at ${DEFAULT_REDIS_URL} and there is no redis-server on PATH`;
  if (onCi(env)) throw new Error(`The Redis suites cannot run (${why}), and with CI=true they may not be skipped: ${HOW_TO_RUN}.`);
  return { url: '', says: `Redis suites SKIPPED: ${why}. To run them, ${HOW_TO_RUN}.`, stop: nothingToStop };
}
