/**
 * The lookup benchmark: `/freebit <phone>` through the bot's HTTP endpoint, next to direct
 * FreebitClient lookups and next to a minimal Bolt bot making the same one PA03-02 call.
 *
 * Both bots run as their own processes, each with its embedded sandbox in-process (the bot
 * is started exactly as `npm start` does with FREEBIT_BASE_URL unset); this process plays
 * Slack (signed requests, the Web API double, the response_urls) and times everything. One
 * event loop for all of it would make each side pay for the other's work.
 *
 * Targets: acknowledgement p99 well under 3 s; the bot's reply p50 within 10 % of the minimal
 * bot's (nothing on the lookup path but the Freebit call).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FreebitClient, memoryAuthKeyCache } from '../src/freebit/index.js';
import { phoneNumber } from '../src/phone.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../tools/slackDouble/double.js';
import { SlackSender } from '../tools/slackDouble/requests.js';
import { timedLookups, type Sample } from './lookups.js';
import { ms, percentile } from './stats.js';

const TOTAL = 200;
const CONCURRENCY = 20;
const ROUNDS = 4;
// The whole comparison is repeated: on a shared 2-core machine one run of 200 moves by ±10 %.
const REPEATS = 3;
const WARM_UP = 100;
const SIGNING_SECRET = 'bench-signing-secret';
const PHONE = '09012345678';
const ROOT = resolve(import.meta.dirname, '..');

interface BotProcess {
  eventsUrl: string;
  sandboxUrl: string;
  stop(): Promise<void>;
}

/** Starts `script` (compiled JavaScript under plain node, TypeScript under node + tsx) and waits until `ready` finds its port and sandbox in what it prints. */
async function startProcess(
  script: string,
  env: Record<string, string>,
  ready: (output: string) => { port: string; sandboxUrl: string } | undefined,
): Promise<BotProcess> {
  const child: ChildProcess = spawn(process.execPath, [...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const found = await new Promise<{ port: string; sandboxUrl: string }>((done, fail) => {
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      const result = ready(output);
      if (!result) return;
      // From here on its output is not read (but still drained, so the child never blocks on it).
      child.stdout!.off('data', listen);
      child.stdout!.resume();
      done(result);
    };
    child.stdout!.on('data', listen);
    child.once('exit', (code) => fail(new Error(`${script} exited (${code}) before it was ready:\n${output}`)));
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    eventsUrl: `http://127.0.0.1:${found.port}/slack/events`,
    sandboxUrl: found.sandboxUrl,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `count` commands, CONCURRENCY at a time; each timed to its ack and to its reply reaching the double. */
function commands(sender: SlackSender, double: SlackDouble, count: number): Promise<Sample[]> {
  return timedLookups(sender, double, { count, concurrency: CONCURRENCY, text: PHONE });
}

async function directLookups(client: FreebitClient, count: number): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        const started = performance.now();
        await client.lookupLine(phoneNumber(PHONE));
        durations.push(performance.now() - started);
      }
    }),
  );
  return durations;
}

export async function benchSlackLookup(): Promise<void> {
  const double = await startSlackDouble();
  const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-bench-'));
  const slackEnv = { SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: double.apiUrl };
  // As `npm start` runs it: dist/, compiled from the current sources (`npm run build`).
  const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
  const bot = await startProcess(
    'dist/main.js',
    { ...slackEnv, PORT: '0', STORE_URL: `sqlite://${join(folder, 'store.sqlite')}`, LOG_LEVEL: 'info' },
    (output) => {
      const port = /"event":"bot\.ready"[^\n]*"port":(\d+)/.exec(output)?.[1];
      const sandboxUrl = /"event":"sandbox\.started"[^\n]*"url":"([^"]+)"/.exec(output)?.[1];
      return port && sandboxUrl ? { port, sandboxUrl } : undefined;
    },
  );
  const minimal = await startProcess('bench/slack-minimal-bot.ts', slackEnv, (output) => {
    const line = output.split('\n').find((each) => each.startsWith('{"port"'));
    if (!line) return undefined;
    const parsed = JSON.parse(line) as { port: number; sandboxUrl: string };
    return { port: String(parsed.port), sandboxUrl: parsed.sandboxUrl };
  });
  const direct = new FreebitClient({
    baseUrl: bot.sandboxUrl,
    credentials: { oemId: 'bench', oemKey: 'bench' },
    authKeyCache: memoryAuthKeyCache(),
  });
  const ours = new SlackSender(bot.eventsUrl, SIGNING_SECRET);
  const theirs = new SlackSender(minimal.eventsUrl, SIGNING_SECRET);

  try {
    // Warm every path (JIT, keep-alive pools, the authKey, the caller's locale), then
    // alternate rounds so that neither side is favoured by what runs before it.
    await commands(ours, double, WARM_UP);
    await commands(theirs, double, WARM_UP);
    await directLookups(direct, WARM_UP);
    const botSamples: Sample[] = [];
    const minimalSamples: Sample[] = [];
    const lookups: number[] = [];
    const ratios: number[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const botRun: Sample[] = [];
      const minimalRun: Sample[] = [];
      // ABBA order: whatever runs second in a round (a warmer cache, a busier machine) favours each side equally.
      for (let round = 0; round < ROUNDS; round++) {
        const sides = [
          async () => botRun.push(...(await commands(ours, double, TOTAL / ROUNDS))),
          async () => minimalRun.push(...(await commands(theirs, double, TOTAL / ROUNDS))),
        ];
        for (const side of round % 2 === 0 ? sides : sides.reverse()) await side();
        lookups.push(...(await directLookups(direct, TOTAL / ROUNDS)));
        double.clear();
      }
      ratios.push(
        percentile(
          botRun.map((sample) => sample.replyMs),
          50,
        ) /
          percentile(
            minimalRun.map((sample) => sample.replyMs),
            50,
          ),
      );
      botSamples.push(...botRun);
      minimalSamples.push(...minimalRun);
    }

    const stats = (samples: number[]) => ({ p50: percentile(samples, 50), p99: percentile(samples, 99) });
    const botAck = stats(botSamples.map((sample) => sample.ackMs));
    const botReply = stats(botSamples.map((sample) => sample.replyMs));
    const minimalAck = stats(minimalSamples.map((sample) => sample.ackMs));
    const minimalReply = stats(minimalSamples.map((sample) => sample.replyMs));
    const lookup = stats(lookups);

    console.log(
      `\n/freebit <phone> through POST /slack/events: ${REPEATS} × ${TOTAL} commands each, ${CONCURRENCY} at a time; each bot its own process with its embedded sandbox`,
    );
    console.table({
      'freebit-ops (npm start)': {
        'ack p50': ms(botAck.p50),
        'ack p99': ms(botAck.p99),
        'reply p50': ms(botReply.p50),
        'reply p99': ms(botReply.p99),
      },
      'minimal Bolt bot': {
        'ack p50': ms(minimalAck.p50),
        'ack p99': ms(minimalAck.p99),
        'reply p50': ms(minimalReply.p50),
        'reply p99': ms(minimalReply.p99),
      },
      'FreebitClient.lookupLine': { 'ack p50': '–', 'ack p99': '–', 'reply p50': ms(lookup.p50), 'reply p99': ms(lookup.p99) },
    });
    console.log(
      `freebit-ops / minimal Bolt bot: reply p50 ${(botReply.p50 / minimalReply.p50).toFixed(3)} (target: under 1.10), reply p99 ${(botReply.p99 / minimalReply.p99).toFixed(3)}`,
    );
    console.log(`  reply p50 ratio of each run of ${TOTAL}: ${ratios.map((ratio) => ratio.toFixed(3)).join(', ')}`);
    console.log(
      `freebit-ops reply / direct lookup: p50 ${(botReply.p50 / lookup.p50).toFixed(2)}, p99 ${(botReply.p99 / lookup.p99).toFixed(2)}`,
    );
    console.log(`acknowledgement p99 ${ms(botAck.p99)} (target: well under 3000 ms)`);
  } finally {
    await direct.close();
    await Promise.all([bot.stop(), minimal.stop()]);
    await double.close();
    await rm(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSlackLookup();
