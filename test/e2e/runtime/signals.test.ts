/**
 * Stopping as operators stop it: `npm start` in its own process group, and the signal sent to
 * the whole group (a terminal's Ctrl-C, `systemctl stop`, `kill -TERM -- -<pgid>`). npm
 * forwards what it got to the bot, so the bot receives every signal twice within a
 * millisecond; it must finish what it acknowledged and exit 0, not die on the second one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import {
  APPROVAL_CHANNEL,
  APPROVAL_ENV,
  APPROVER,
  click,
  freshLine,
  shown,
  submitCancellation,
  type ApprovalMessage,
} from '../../../tools/slackDouble/approvals.js';
import { changeCalls } from '../../support/approvals.js';
import { visibleText } from '../../../tools/slackDouble/blockText.js';
import { ManualClock } from '../../../src/clock.js';
import { rigAround, SIGNING_SECRET, type SlackRig } from '../../../tools/slackDouble/rig.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackCall, type SlackDouble } from '../../../tools/slackDouble/double.js';
import { until } from '../../support/waiting.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Whether no process is left in the group (signal 0 only asks). */
function groupIsGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch {
    return true;
  }
}

interface NpmStart {
  child: ChildProcess;
  /** The process group npm and the bot share (npm's pid: it leads a group of its own). */
  pgid: number;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('npm start stopped by a signal to its process group', () => {
  let double: SlackDouble;
  let sandbox: RunningSandbox;
  let folder: string;
  let current: NpmStart | undefined;
  let url = '';
  let rig: SlackRig;

  beforeAll(async () => {
    double = await startSlackDouble();
    sandbox = await startSandbox();
    folder = await mkdtemp(join(tmpdir(), 'freebit-ops-signals-'));
    rig = rigAround({
      bot: () => ({ url, port: 0, mode: 'http', inFlight: () => 0, stop: async () => {} }),
      sandbox: () => sandbox,
      double,
      clock: new ManualClock(),
      close: async () => {},
    });
  });
  afterEach(() => {
    if (current && current.child.exitCode === null) process.kill(-current.pgid, 'SIGKILL');
    current = undefined;
  });
  afterAll(async () => {
    await double.close();
    await sandbox.close();
    await rm(folder, { recursive: true, force: true });
  });

  /** `npm start` (or, given, the command it execs: `node dist/main.js`). */
  const npmStart = async (command: [string, string[]] = ['npm', ['start', '--silent']]): Promise<NpmStart> => {
    const child = spawn(command[0], command[1], {
      cwd: ROOT,
      // Its own process group, as a terminal or systemd gives it.
      detached: true,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: double.apiUrl,
        PORT: '0',
        STORE_URL: `sqlite://${join(folder, 'store.sqlite')}`,
        FREEBIT_BASE_URL: sandbox.url,
        FREEBIT_OEM_ID: 'oem-signals',
        FREEBIT_OEM_KEY: 'oem-signals-key-0123',
        ...APPROVAL_ENV,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('exit', (code, signal) => done({ code, signal })),
    );
    const port = await until('npm start to say its port', () => /"event":"bot\.ready"[^\n]*"port":(\d+)/.exec(output)?.[1], 20_000);
    url = `http://127.0.0.1:${port}`;
    current = { child, pgid: child.pid!, url, output: () => output, exited };
    return current;
  };

  /** The cancellation form submitted; resolves once the bot is posting the approval message (Slack holds its answer `slowMs`). */
  const submitWhileSlackIsSlow = async (phone: string, slowMs: number) => {
    freshLine(rig, phone);
    const isApprovalPost = (call: SlackCall) => call.body.thread_ts === undefined && visibleText(call.body.blocks).includes(shown(phone));
    double.delay('chat.postMessage', slowMs);
    const { responseUrl } = await submitCancellation(rig, phone, { reason: 'stopping test' });
    const post = await double.waitForCall('chat.postMessage', isApprovalPost, { timeoutMs: 10_000 });
    return { post, responseUrl };
  };

  /** After the stop: the requester was told, and a restarted bot approves into the right message and thread. */
  const finishedAndApprovableAfterRestart = async (phone: string, post: SlackCall, responseUrl: string) => {
    double.delay('chat.postMessage', 0);
    const answer = await double.waitForResponse(responseUrl, { timeoutMs: 5_000 });
    const requestId = /FR-[0-9A-Z]{5}/.exec(visibleText(answer.body.blocks))?.[0];
    expect(requestId, 'the requester was told the request id').toBeDefined();

    await npmStart();
    const message: ApprovalMessage = { requestId: requestId!, channel: APPROVAL_CHANNEL, ts: String(post.answer?.ts), call: post };
    await click(rig, message, 'approve', APPROVER);
    await double.waitForCall(
      'chat.update',
      (call) => call.body.ts === message.ts && visibleText(call.body.blocks).includes('accepted by Freebit'),
      { timeoutMs: 10_000 },
    );
    const replies = await double.waitForCalls('chat.postMessage', 2, (call) => call.body.thread_ts === message.ts, { timeoutMs: 10_000 });
    expect(replies.map((call) => call.body.channel)).toEqual([APPROVAL_CHANNEL, APPROVAL_CHANNEL]);
    const topLevel = double.messagesIn(APPROVAL_CHANNEL).filter((each) => !each.thread_ts);
    expect(
      topLevel.filter((each) => visibleText(each.blocks).includes(shown(phone))),
      'one approval message, no reply outside its thread',
    ).toHaveLength(1);
    expect(changeCalls(rig).filter((call) => JSON.stringify(call.json).includes(phone))).toHaveLength(1);
    process.kill(-current!.pgid, 'SIGTERM');
    expect((await current!.exited).code).toBe(0);
  };

  test('kill -TERM -- -<pgid> in the middle of a submission: the bot finishes it, tells the requester, and exits 0', async () => {
    const started = await npmStart();
    const phone = '07044440001';
    const { post, responseUrl } = await submitWhileSlackIsSlow(phone, 1_500);
    // What systemd or a process manager sends, and what npm (where it forwards) adds: the bot gets it twice.
    process.kill(-started.pgid, 'SIGTERM');
    // Two identical signals sent back to back may merge into one: the second goes once the first arrived.
    await until('the drain to start', () => (started.output().includes('"event":"bot.signal"') ? true : undefined));
    process.kill(-started.pgid, 'SIGTERM');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(started.output()).toContain('"event":"bot.signal_ignored"');
    expect(started.output()).toContain('"event":"bot.stopped"');
    await finishedAndApprovableAfterRestart(phone, post, responseUrl);
  }, 60_000);

  test('two Ctrl-C’s sent to the process group at once: one stop, the submission finished, exit 0', async () => {
    const started = await npmStart();
    const phone = '07044440002';
    const { post, responseUrl } = await submitWhileSlackIsSlow(phone, 1_500);
    process.kill(-started.pgid, 'SIGINT');
    process.kill(-started.pgid, 'SIGINT');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(started.output()).toContain('press Ctrl-C again to quit now, 1 requests in flight');
    expect(started.output()).not.toContain('"event":"bot.forced_exit"');
    await finishedAndApprovableAfterRestart(phone, post, responseUrl);
  }, 60_000);

  test('closing the terminal (SIGHUP to the process group) in the middle of a submission: the bot finishes it, tells the requester, and stops', async () => {
    const started = await npmStart();
    const phone = '07044440004';
    const { post, responseUrl } = await submitWhileSlackIsSlow(phone, 1_500);
    // npm itself does not forward SIGHUP and dies of it; the bot, in the same group, hears it too.
    process.kill(-started.pgid, 'SIGHUP');
    await until('the drain to start', () => (/"event":"bot\.signal"[^\n]*"signal":"SIGHUP"/.test(started.output()) ? true : undefined));
    await until('the bot to stop', () => (started.output().includes('"event":"bot.stopped"') ? true : undefined), 20_000);
    await until('every process of the group to be gone', () => (groupIsGone(started.pgid) ? true : undefined), 10_000);
    expect(started.output()).not.toContain('"event":"bot.forced_exit"');
    await finishedAndApprovableAfterRestart(phone, post, responseUrl);
  }, 60_000);

  test('SIGHUP to the bot that npm start runs (node dist/main.js) drains and exits 0', async () => {
    const started = await npmStart([process.execPath, ['dist/main.js']]);
    process.kill(started.child.pid!, 'SIGHUP');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(started.output()).toContain('"event":"bot.stopped"');
  }, 60_000);

  test('Ctrl-C again after a pause quits at once, and says so', async () => {
    const started = await npmStart();
    const { post } = await submitWhileSlackIsSlow('07044440003', 10_000);
    expect(post).toBeDefined();
    process.kill(-started.pgid, 'SIGINT');
    await until('the drain to start', () => (started.output().includes('"event":"bot.signal"') ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    process.kill(-started.pgid, 'SIGINT');
    const exit = await started.exited;
    expect(exit.code ?? exit.signal).not.toBe(0);
    expect(started.output()).toContain('"event":"bot.forced_exit"');
    double.delay('chat.postMessage', 0);
  }, 60_000);
});
