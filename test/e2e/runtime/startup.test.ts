/**
 * `npm start` as an operator runs it: the bot in its own process, configured by its
 * environment (and .env) only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../../../tools/slackDouble/double.js';
import { until } from '../../support/waiting.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'src/main.ts');

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs the bot in a fresh folder (no .env of ours, its data/ there) with exactly `env` (plus
 * PATH); `npm` runs `npm start` in the project itself instead, as the README says.
 */
function startProcess(cwd: string, env: Record<string, string>, how: 'tsx' | 'npm' = 'tsx'): Started {
  const [command, args, where] = how === 'npm' ? ['npm', ['start', '--silent'], ROOT] : [TSX, [MAIN], cwd];
  const child = spawn(command, args, { cwd: where, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

describe('starting the bot as a process', () => {
  let folder: string;
  let double: SlackDouble;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    double = await startSlackDouble();
  });
  afterAll(async () => {
    await double.close();
  });
  afterEach(async () => {
    for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const freshFolder = async () => (folder = await mkdtemp(join(tmpdir(), 'freebit-ops-start-')));

  test('with a bad environment, prints one message naming every problem and exits with status 2', async () => {
    const started = startProcess(await freshFolder(), { PORT: 'eighty', LOG_LEVEL: 'loud', SLACK_BOT_TOKEN: 'xoxp-a-user-token-VALUE42' });
    running.push(started.child);
    expect(await started.exited).toBe(2);
    const stderr = started.stderr();
    expect(stderr).toMatch(/^freebit-ops cannot start: the configuration has 4 problems:\n/);
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'PORT', 'LOG_LEVEL']) expect(stderr).toContain(`  - ${name} `);
    expect(stderr).not.toContain('VALUE42');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('reads .env when present, without overriding what the environment already sets', async () => {
    const cwd = await freshFolder();
    await writeFile(join(cwd, '.env'), 'PORT=not-a-port\nLOG_LEVEL=loud\n');
    const started = startProcess(cwd, { LOG_LEVEL: 'warn' });
    running.push(started.child);
    expect(await started.exited).toBe(2);
    expect(started.stderr()).toContain('  - PORT must be a port number');
    expect(started.stderr()).not.toContain('LOG_LEVEL');
  });

  test('npm start with only a token, a signing secret, a port and a store becomes healthy; SIGTERM to npm stops the bot with status 0', async () => {
    const cwd = await freshFolder();
    const started = startProcess(
      cwd,
      {
        SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
        SLACK_SIGNING_SECRET: 'process-signing-secret',
        PORT: '0',
        STORE_URL: `sqlite://${join(cwd, 'store.sqlite')}`,
        SLACK_API_URL: double.apiUrl,
      },
      'npm',
    );
    running.push(started.child);
    const port = await until('the bot to say its port', () => /"port":(\d+)/.exec(started.stdout())?.[1], 15_000);
    await until(
      '/healthz to answer 200',
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      15_000,
    );
    // A process manager signals npm, not the bot: the bot must get it (the script execs node).
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.stdout()).toContain('"event":"bot.stopped"');
    expect(
      await fetch(`http://127.0.0.1:${port}/livez`).then(
        () => 'answered',
        () => 'closed',
      ),
    ).toBe('closed');
  });
});
