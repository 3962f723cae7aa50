/**
 * The resident memory (RSS) of the bot as it runs in production (`node dist/main.js`, its own
 * process), on SQLite and on Redis, from which deploy/kubernetes sizes its requests and
 * limits: once ready, after 1,000 lookups, and after a request for 100 lines approved and sent
 * (the peak, VmHWM, over the whole run). This process plays Slack (the Web API double, signed
 * requests) and Freebit (a sandbox of its own, so that it can seed the 100 lines); Redis is a
 * redis-server of its own on a free port (skipped when none is on PATH).
 *   npm run bench:memory
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ManualClock } from '../src/clock.js';
import { startSandbox, type RunningSandbox } from '../src/sandbox/index.js';
import { approvalMessageFor, APPROVAL_ENV, APPROVER, click, freshLine } from '../tools/slackDouble/approvals.js';
import { submitCancellation, submitSummary, summaryIn } from '../tools/slackDouble/bulk.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../tools/slackDouble/double.js';
import { rigAround, SIGNING_SECRET } from '../tools/slackDouble/rig.js';
import { SlackSender } from '../tools/slackDouble/requests.js';
import { timedLookups } from './lookups.js';

const ROOT = resolve(import.meta.dirname, '..');
const LOOKUPS = Number(process.env.LOOKUPS ?? 1_000);
const LINES = 100;
/** The Node that runs the bot (BENCH_NODE=…/bin/node, e.g. the image's Node 26; sqlite3 must be built for it to measure SQLite). */
const NODE = process.env.BENCH_NODE ?? process.execPath;
const STORES = (process.env.BENCH_STORES ?? 'sqlite,redis').split(',');

/** VmRSS (now) or VmHWM (the peak so far) of a process, in MB. */
function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((each) => each.startsWith(`${field}:`))!;
  return Math.round(Number(/(\d+)/.exec(line)![1]) / 1024);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function ready(port: number, deadline: number): Promise<void> {
  while (performance.now() < deadline) {
    const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error('the bot did not answer /readyz 200 within 30 s');
}

async function measure(
  store: string,
  storeUrl: string,
  double: SlackDouble,
  sandbox: RunningSandbox,
  folder: string,
): Promise<Record<string, string | number>> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: double.apiUrl,
    PORT: String(port),
    STORE_URL: storeUrl,
    FREEBIT_BASE_URL: sandbox.url,
    FREEBIT_OEM_ID: 'oem-bench',
    FREEBIT_OEM_KEY: 'oem-bench-key-0123',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...APPROVAL_ENV,
  };
  let output = '';
  const child = spawn(NODE, [join(ROOT, 'dist/main.js')], { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await ready(port, performance.now() + 30_000);
    const pid = child.pid!;
    const idle = memoryMb(pid, 'VmRSS');
    const url = `http://127.0.0.1:${port}`;
    await timedLookups(new SlackSender(`${url}/slack/events`, SIGNING_SECRET), double, {
      count: LOOKUPS,
      concurrency: 10,
      text: '09012345678',
    });
    const afterLookups = memoryMb(pid, 'VmRSS');
    double.clear();

    const rig = rigAround({
      bot: () => ({ url, port, mode: 'http', inFlight: () => 0, stop: async () => {} }),
      sandbox: () => sandbox,
      double,
      clock: new ManualClock(),
      close: async () => {},
    });
    const phones = Array.from({ length: LINES }, (_, i) => `0806${store === 'sqlite' ? 1 : 2}0${String(i).padStart(5, '0')}`);
    for (const phone of phones) freshLine(rig, phone);
    const { viewId } = await submitCancellation(rig, phones.join('\n'), { reason: `memory bench ${store}` });
    const summary = await summaryIn(rig, viewId, { timeoutMs: 60_000 });
    await submitSummary(rig, summary, viewId);
    const message = await approvalMessageFor(double, { text: `memory bench ${store}` }, { timeoutMs: 30_000 });
    await click(rig, message, 'approve', APPROVER);
    await double.waitForCall(
      'chat.postMessage',
      (call) => call.body.thread_ts === message.ts && JSON.stringify(call.body.metadata ?? {}).includes('"reply":"executed"'),
      { timeoutMs: 120_000 },
    );
    const afterBulk = memoryMb(pid, 'VmRSS');
    const peak = memoryMb(pid, 'VmHWM');
    child.kill('SIGTERM');
    const code = await exited;
    return {
      store,
      'RSS ready (MB)': idle,
      [`after ${LOOKUPS} lookups`]: afterLookups,
      [`after ${LINES} lines sent`]: afterBulk,
      'peak (VmHWM)': peak,
      'SIGTERM exit': String(code),
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${store}: ${(error instanceof Error ? error.message : String(error)).slice(0, 2_000)}\n${output.slice(-4_000)}`);
  }
}

async function main(): Promise<void> {
  spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-bench-memory-'));
  const double = await startSlackDouble();
  const sandbox = await startSandbox({ timeScale: 1 });
  const rows: Array<Record<string, string | number>> = [];
  let redis: ReturnType<typeof spawn> | undefined;
  try {
    if (STORES.includes('sqlite')) rows.push(await measure('sqlite', `sqlite://${join(folder, 'store.sqlite')}`, double, sandbox, folder));
    double.clear();
    if (!STORES.includes('redis')) {
      // not asked for
    } else if (spawnSync('redis-server', ['--version']).status === 0) {
      const port = await freePort();
      redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      await new Promise((done) => setTimeout(done, 300));
      rows.push(await measure('redis', `redis://127.0.0.1:${port}`, double, sandbox, folder));
    } else console.log('redis-server is not on PATH: Redis not measured');
  } finally {
    redis?.kill('SIGTERM');
    await double.close();
    await sandbox.close();
    await rm(folder, { recursive: true, force: true });
  }
  console.log(`Node ${spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()}, node dist/main.js`);
  console.table(rows);
}

await main();
