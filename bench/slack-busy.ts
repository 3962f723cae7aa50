/**
 * A person's lookup while batches run, on a Slack that enforces its rate limits (the double's
 * limits.ts), side by side with the minimal Bolt bot (bench/slack-minimal-bot.ts).
 *
 * The bot runs as `npm start` does (dist/, its own process), on a sandbox this process
 * serves (so that the batches' lines can be put in it); the minimal bot runs as its own
 * process with its embedded sandbox. This process plays Slack and the people, and times.
 *
 * Phases, each lookup by someone new to the bot (a users.info of their own), BENCH_BUSY_PEOPLE
 * people a phase, one every BENCH_BUSY_GAP_MS:
 *   1. quiet: nothing else running (the minimal bot's lookups too, for the yardstick);
 *   2. batches: BENCH_BUSY_BATCHES requests of BENCH_BUSY_LINES lines approved at once;
 *   3. forced 429s: one such batch, with chat.update and chat.postMessage in the approval
 *      channel answered 429 (Retry-After: 20) for 30 s from the click, as Slack may.
 * Prints lookup p50/p99 and the slowest per phase, each batch's click → "all accepted", and
 * what the double refused (Slack's own limits apart from the forced ones). Bounded: every
 * wait has a deadline, and the whole run takes about two minutes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ManualClock } from '../src/clock.js';
import { startSandbox, type RunningSandbox } from '../src/sandbox/index.js';
import {
  APPROVAL_CHANNEL,
  APPROVAL_ENV,
  APPROVER,
  approvalMessageFor,
  click,
  freshLine,
  type ApprovalMessage,
} from '../tools/slackDouble/approvals.js';
import { submitCancellation, submitSummary, summaryIn } from '../tools/slackDouble/bulk.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../tools/slackDouble/double.js';
import { SlackSender, slashCommand } from '../tools/slackDouble/requests.js';
import { rigAround, SIGNING_SECRET, type SlackRig } from '../tools/slackDouble/rig.js';
import { timedLookups } from './lookups.js';
import { ms, percentile } from './stats.js';

const LINES = Number(process.env.BENCH_BUSY_LINES ?? 150);
const BATCHES = Number(process.env.BENCH_BUSY_BATCHES ?? 2);
// 20 people a phase, as many as Slack's users.info (Tier 4, 100 a minute) lets a bot meet for the first time across the three phases.
const PEOPLE = Number(process.env.BENCH_BUSY_PEOPLE ?? 20);
const GAP_MS = Number(process.env.BENCH_BUSY_GAP_MS ?? 400);
const FORCED = { forMs: 30_000, retryAfterS: 20 };
const ROOT = resolve(import.meta.dirname, '..');
const LOOKED_UP = '08099990001';

interface BotProcess {
  eventsUrl: string;
  port: number;
  stop(): Promise<void>;
}

async function startProcess(
  script: string,
  env: Record<string, string>,
  ready: (output: string) => number | undefined,
): Promise<BotProcess> {
  const child: ChildProcess = spawn(process.execPath, [...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${script} did not start within 30 s:\n${output}`)), 30_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready(output);
      if (found === undefined) return;
      clearTimeout(timer);
      child.stdout!.off('data', listen);
      child.stdout!.resume();
      done(found);
    };
    child.stdout!.on('data', listen);
    child.once('exit', (code) => fail(new Error(`${script} exited (${code}) before it was ready:\n${output}`)));
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

let people = 0;

/** `count` people new to the bot, one every GAP_MS, each `/freebit <number>` once; each timed to its reply. */
async function newPeopleLookUp(sender: SlackSender, double: SlackDouble, count: number): Promise<number[]> {
  const replies: Array<Promise<number>> = [];
  for (let i = 0; i < count; i++) {
    const userId = `U0NEW${String(people++).padStart(5, '0')}`;
    const responseUrl = double.responseUrl();
    const started = performance.now();
    const replied = double.waitForResponse(responseUrl, { timeoutMs: 60_000 }).then(() => performance.now() - started);
    replies.push(
      sender
        .send(slashCommand({ text: LOOKED_UP, response_url: responseUrl, user_id: userId, user_name: userId.toLowerCase() }))
        .then((ack) => {
          if (ack.status !== 200) throw new Error(`the bot answered HTTP ${ack.status}`);
          return replied;
        }),
    );
    await new Promise((done) => setTimeout(done, GAP_MS));
  }
  return Promise.all(replies);
}

/** A request for LINES lines, filled in, checked and submitted; resolves with its approval message. */
async function requestBatch(rig: SlackRig, sandbox: RunningSandbox, batch: number): Promise<ApprovalMessage> {
  const name = `#${batch}`;
  const phones = Array.from({ length: LINES }, (_, i) => `0707${String(batch).padStart(3, '0')}${String(i).padStart(4, '0')}`);
  for (const phone of phones) freshLine({ sandbox }, phone);
  const { viewId } = await submitCancellation(rig, phones.join('\n'), { reason: `busy bench ${name}` });
  const summary = await summaryIn(rig, viewId, { timeoutMs: 60_000 });
  await submitSummary(rig, summary, viewId);
  return approvalMessageFor(rig.double, { text: `busy bench ${name}` }, { timeoutMs: 30_000 });
}

/** Clicks Approve; resolves with the time from the click to the reply saying every line had its call. */
async function approveAndTime(rig: SlackRig, message: ApprovalMessage): Promise<number> {
  const clicked = performance.now();
  await click(rig, message, 'approve', APPROVER);
  await rig.double.waitForCall(
    'chat.postMessage',
    (call) => call.body.thread_ts === message.ts && JSON.stringify(call.body.metadata ?? {}).includes('"reply":"executed"'),
    {
      timeoutMs: 120_000,
    },
  );
  return performance.now() - clicked;
}

const stats = (samples: number[]) => ({
  p50: ms(percentile(samples, 50)),
  p99: ms(percentile(samples, 99)),
  slowest: ms(Math.max(...samples)),
  n: samples.length,
});

function refusals(double: SlackDouble, since: number): string {
  const counts = new Map<string, number>();
  for (const call of double.refused.slice(since)) {
    const key = `${call.method}${call.forced ? ' (forced)' : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size === 0 ? 'none' : [...counts].map(([key, count]) => `${key} ${count}`).join(', ');
}

export async function benchSlackBusy(): Promise<void> {
  const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
  // Slack with its limits, in real time (the bots run on the system clock).
  const double = await startSlackDouble();
  const sandbox = await startSandbox();
  freshLine({ sandbox }, LOOKED_UP);
  const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-bench-busy-'));
  const slackEnv = { SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: double.apiUrl };
  const bot = await startProcess(
    'dist/main.js',
    {
      ...slackEnv,
      ...APPROVAL_ENV,
      PORT: '0',
      STORE_URL: `sqlite://${join(folder, 'store.sqlite')}`,
      FREEBIT_BASE_URL: sandbox.url,
      FREEBIT_OEM_ID: 'bench-busy',
      FREEBIT_OEM_KEY: 'bench-busy-key-0123',
      FREEBIT_TIMEOUT_MS: '8000',
      BULK_MAX_LINES: String(LINES),
      LOG_LEVEL: 'info',
    },
    (output) => {
      const port = /"event":"bot\.ready"[^\n]*"port":(\d+)/.exec(output)?.[1];
      return port ? Number(port) : undefined;
    },
  );
  const minimal = await startProcess('bench/slack-minimal-bot.ts', slackEnv, (output) => {
    const line = output.split('\n').find((each) => each.startsWith('{"port"'));
    return line ? (JSON.parse(line) as { port: number }).port : undefined;
  });
  const rig = rigAround({
    bot: () => ({ url: `http://127.0.0.1:${bot.port}`, port: bot.port, mode: 'http', inFlight: () => 0, stop: async () => {} }),
    sandbox: () => sandbox,
    double,
    clock: new ManualClock(),
    close: async () => {},
  });
  const ours = new SlackSender(bot.eventsUrl, SIGNING_SECRET);
  const theirs = new SlackSender(minimal.eventsUrl, SIGNING_SECRET);

  try {
    // Warm both (JIT, keep-alive, the authKey), by one person the bot knows from then on.
    await timedLookups(ours, double, { count: 10, concurrency: 1, text: LOOKED_UP });
    await timedLookups(theirs, double, { count: 10, concurrency: 1, text: '09012345678' });

    const quietOurs = await newPeopleLookUp(ours, double, PEOPLE);
    const quietMinimal = await newMinimalLookUps(theirs, double, PEOPLE);

    // Batches: each requested (its pre-flight checks every line), then all approved at once while new people look lines up.
    let refusedBefore = double.refused.length;
    const messages = await Promise.all(Array.from({ length: BATCHES }, (_, i) => requestBatch(rig, sandbox, i)));
    const batchRuns = Promise.all(messages.map((message) => approveAndTime(rig, message)));
    const busyOurs = await newPeopleLookUp(ours, double, PEOPLE);
    const batchMs = await batchRuns;
    const busyRefused = refusals(double, refusedBefore);

    // Forced 429s in the approval channel for 30 s from the click.
    refusedBefore = double.refused.length;
    const forcedMessage = await requestBatch(rig, sandbox, BATCHES);
    double.rateLimit('chat.update', { channel: APPROVAL_CHANNEL, ...FORCED });
    double.rateLimit('chat.postMessage', { channel: APPROVAL_CHANNEL, ...FORCED });
    const forcedRun = approveAndTime(rig, forcedMessage).catch(() => Number.NaN);
    const forcedOurs = await newPeopleLookUp(ours, double, PEOPLE);
    const forcedMs = await forcedRun;
    const forcedRefused = refusals(double, refusedBefore);

    console.log(
      `\n=== A person's lookup while batches run, on a Slack that enforces its limits: ${PEOPLE} people new to the bot a phase, one every ${GAP_MS} ms ===`,
    );
    console.table({
      'minimal Bolt bot, quiet': stats(quietMinimal),
      'freebit-ops, quiet': stats(quietOurs),
      [`freebit-ops, ${BATCHES} × ${LINES}-line batches`]: stats(busyOurs),
      [`freebit-ops, 1 × ${LINES} lines, 429s forced ${FORCED.forMs / 1000} s (Retry-After ${FORCED.retryAfterS})`]: stats(forcedOurs),
    });
    console.log(
      `batches: click → all accepted ${batchMs.map((each) => `${(each / 1000).toFixed(1)} s`).join(', ')}; Slack refused: ${busyRefused}`,
    );
    console.log(
      `forced: click → all accepted ${Number.isNaN(forcedMs) ? 'not within 120 s' : `${(forcedMs / 1000).toFixed(1)} s`}; Slack refused: ${forcedRefused}`,
    );
    console.log(
      `lookups answered after 3 s: quiet ${quietOurs.filter((each) => each > 3_000).length}, batches ${busyOurs.filter((each) => each > 3_000).length}, forced ${forcedOurs.filter((each) => each > 3_000).length} (of ${PEOPLE} each)`,
    );
  } finally {
    await Promise.all([bot.stop(), minimal.stop()]);
    await double.close();
    await sandbox.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** The minimal bot's lookups, by new people too (it asks Slack nothing about them: its yardstick is the Freebit call alone). */
async function newMinimalLookUps(sender: SlackSender, double: SlackDouble, count: number): Promise<number[]> {
  const replies: Array<Promise<number>> = [];
  for (let i = 0; i < count; i++) {
    const responseUrl = double.responseUrl();
    const started = performance.now();
    const replied = double.waitForResponse(responseUrl, { timeoutMs: 60_000 }).then(() => performance.now() - started);
    replies.push(
      sender
        .send(slashCommand({ text: '09012345678', response_url: responseUrl, user_id: `U0MIN${String(i).padStart(5, '0')}` }))
        .then(() => replied),
    );
    await new Promise((done) => setTimeout(done, GAP_MS));
  }
  return Promise.all(replies);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSlackBusy();
