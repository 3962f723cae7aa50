/**
 * How long from process start to `GET /healthz` 200, next to a Bolt app that imports only
 * `@slack/bolt` (bench/bolt-minimal-bot.ts); and the resident memory (RSS) after 1,000 lookups,
 * next to a minimal Bolt bot making the same Freebit look-up (bench/slack-minimal-bot.ts). Each
 * is run two ways:
 *
 * - through tsx, TypeScript compiled in the process at every start (how `npm start` ran the bot
 *   before: `node --import tsx src/main.ts`);
 * - compiled beforehand (`npm run build`: bundled by esbuild, tools/bundle.ts), plain node (how `npm start` runs it now: `node dist/main.js`).
 *
 * Plus `npm start` itself (npm's own start-up included), as an operator runs it.
 * Every process is started afresh (its own SQLite file, a free port) in a folder of its own,
 * with the embedded Freebit sandbox; this process plays Slack (the Web API double, signed
 * slash commands to /slack/events, the response_urls). Runs one after the other, alternating,
 * so that no variant has the machine to itself more than another.
 *
 * Goal: start within 1.5× the Bolt-only app's, RSS within 1.5× the minimal bot's.
 *   npm run bench:startup     (STARTS=… LOOKUPS=… to change the counts)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../tools/slackDouble/double.js';
import { SlackSender } from '../tools/slackDouble/requests.js';
import { bundle } from '../tools/bundle.js';
import { timedLookups } from './lookups.js';
import { percentile } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
/** Where the minimal bot is compiled to (inside the project, so that its imports resolve from node_modules). */
const COMPILED_MINIMAL = join(ROOT, 'node_modules/.cache/freebit-ops-bench');
const STARTS = Number(process.env.STARTS ?? 7);
const LOOKUPS = Number(process.env.LOOKUPS ?? 1_000);
const MEMORY_RUNS = 3;
const CONCURRENCY = 10;
const SIGNING_SECRET = 'bench-signing-secret';
const PHONE = '09012345678';

interface Variant {
  name: string;
  bot: 'freebit-ops' | 'bolt' | 'minimal';
  how: 'tsx' | 'compiled' | 'npm start';
  command: (folder: string) => { command: string; args: string[]; cwd: string };
}

const VARIANTS: Variant[] = [
  {
    name: 'freebit-ops, tsx (npm start before)',
    bot: 'freebit-ops',
    how: 'tsx',
    command: (folder) => ({ command: process.execPath, args: ['--import', TSX_LOADER, join(ROOT, 'src/main.ts')], cwd: folder }),
  },
  {
    name: 'freebit-ops, compiled (node dist/main.js)',
    bot: 'freebit-ops',
    how: 'compiled',
    command: (folder) => ({ command: process.execPath, args: [join(ROOT, 'dist/main.js')], cwd: folder }),
  },
  {
    name: 'freebit-ops, npm start (compiled)',
    bot: 'freebit-ops',
    how: 'npm start',
    command: () => ({ command: 'npm', args: ['start', '--silent'], cwd: ROOT }),
  },
  {
    name: 'Bolt only, tsx',
    bot: 'bolt',
    how: 'tsx',
    command: (folder) => ({
      command: process.execPath,
      args: ['--import', TSX_LOADER, join(ROOT, 'bench/bolt-minimal-bot.ts')],
      cwd: folder,
    }),
  },
  {
    name: 'Bolt only, compiled',
    bot: 'bolt',
    how: 'compiled',
    command: (folder) => ({ command: process.execPath, args: [join(COMPILED_MINIMAL, 'bench/bolt-minimal-bot.js')], cwd: folder }),
  },
];

/** The memory yardstick answers the lookups as the bot does: through the Freebit client, to an embedded sandbox. */
const MEMORY_VARIANTS: Variant[] = [
  ...VARIANTS.filter((variant) => variant.bot === 'freebit-ops' && variant.how !== 'npm start'),
  {
    name: 'minimal Bolt bot, tsx',
    bot: 'minimal',
    how: 'tsx',
    command: (folder) => ({
      command: process.execPath,
      args: ['--import', TSX_LOADER, join(ROOT, 'bench/slack-minimal-bot.ts')],
      cwd: folder,
    }),
  },
  {
    name: 'minimal Bolt bot, compiled',
    bot: 'minimal',
    how: 'compiled',
    command: (folder) => ({ command: process.execPath, args: [join(COMPILED_MINIMAL, 'bench/slack-minimal-bot.js')], cwd: folder }),
  },
];

/** dist/ as `npm run build` makes it (the type check, then the bundle), and the two yardsticks compiled by tsc. */
async function build(): Promise<void> {
  const steps: string[][] = [
    [TSC, '-b', 'tsconfig.build.json'],
    [
      TSC,
      'bench/bolt-minimal-bot.ts',
      'bench/slack-minimal-bot.ts',
      '--outDir',
      COMPILED_MINIMAL,
      '--rootDir',
      '.',
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      '--target',
      'ES2022',
      '--lib',
      'ES2023',
      '--types',
      'node',
      '--skipLibCheck',
      '--esModuleInterop',
      '--verbatimModuleSyntax',
      '--noCheck',
    ],
  ];
  for (const args of steps) {
    const built = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`tsc ${args.slice(1).join(' ')} failed:\n${built.stdout}${built.stderr}`);
  }
  await bundle(ROOT);
  // Its files are ES modules: node_modules/ has no package.json of ours saying so.
  mkdirSync(COMPILED_MINIMAL, { recursive: true });
  writeFileSync(join(COMPILED_MINIMAL, 'package.json'), '{"type":"module"}\n');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

function healthStatus(port: number): Promise<number> {
  return new Promise((done) => {
    const asked = request({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (response) => {
      response.resume();
      done(response.statusCode ?? 0);
    });
    asked.on('error', () => done(0));
    asked.end();
  });
}

/** The RSS of a process, from /proc (the node process itself: spawned directly, not through npm). */
function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((each) => each.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN) * 1024;
}

const CLOCK_TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

/**
 * The CPU time (user + system) a process has used, from /proc: less swayed than the wall clock
 * by what else runs on a shared machine. Through npm it would be npm's, so it is not read there.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

interface Started {
  child: ChildProcess;
  port: number;
  /** Milliseconds from spawn to the first `GET /healthz` 200. */
  readyMs: number;
  /** CPU milliseconds the process used until then (not through npm). */
  readyCpuMs: number | undefined;
  stop(): Promise<void>;
}

async function start(variant: Variant, double: SlackDouble): Promise<Started> {
  const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-bench-start-'));
  const port = await freePort();
  const { command, args, cwd } = variant.command(folder);
  const env = {
    PATH: process.env.PATH ?? '',
    SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: double.apiUrl,
    PORT: String(port),
    STORE_URL: `sqlite://${join(folder, 'store.sqlite')}`,
    LOG_LEVEL: 'warn',
  };
  let output = '';
  const started = performance.now();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${variant.name} exited before it was healthy:\n${output}`);
    if ((await healthStatus(port)) === 200) break;
    if (performance.now() - started > 30_000) throw new Error(`${variant.name} not healthy within 30 s:\n${output}`);
    await new Promise((done) => setTimeout(done, 5));
  }
  const readyMs = performance.now() - started;
  const readyCpuMs = variant.how === 'npm start' ? undefined : cpuMs(child.pid!);
  return {
    child,
    port,
    readyMs,
    readyCpuMs,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** `count` lookups, CONCURRENCY at a time, each waited for until its card reached the response_url. */
async function lookups(sender: SlackSender, double: SlackDouble, count: number): Promise<void> {
  await timedLookups(sender, double, { count, concurrency: CONCURRENCY, text: PHONE });
}

const median = (values: number[]) => percentile(values, 50);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const msText = (value: number) => `${Math.round(value)} ms`;

export async function benchStartup(): Promise<void> {
  await build();
  const double = await startSlackDouble();
  const startMs = new Map<string, number[]>(VARIANTS.map((variant) => [variant.name, []]));
  const startCpuMs = new Map<string, number[]>(VARIANTS.map((variant) => [variant.name, []]));
  const idle = new Map<string, number[]>();
  const afterLookups = new Map<string, number[]>();
  try {
    // Start-up: every variant once per round, the order rotated each round.
    for (let round = 0; round < STARTS + 1; round++) {
      for (let i = 0; i < VARIANTS.length; i++) {
        const variant = VARIANTS[(i + round) % VARIANTS.length]!;
        const running = await start(variant, double);
        // Round 0 warms the disk cache and tsx's compile cache; it is not counted.
        if (round > 0) {
          startMs.get(variant.name)!.push(running.readyMs);
          if (running.readyCpuMs !== undefined) startCpuMs.get(variant.name)!.push(running.readyCpuMs);
        }
        await running.stop();
        double.clear();
      }
    }
    // Memory: RSS once healthy, and after LOOKUPS lookups (the node process itself, so not through npm).
    for (let run = 0; run < MEMORY_RUNS; run++) {
      for (const variant of MEMORY_VARIANTS) {
        const running = await start(variant, double);
        try {
          (idle.get(variant.name) ?? idle.set(variant.name, []).get(variant.name)!).push(rssBytes(running.child.pid!));
          await lookups(new SlackSender(`http://127.0.0.1:${running.port}/slack/events`, SIGNING_SECRET), double, LOOKUPS);
          await new Promise((done) => setTimeout(done, 300));
          (afterLookups.get(variant.name) ?? afterLookups.set(variant.name, []).get(variant.name)!).push(rssBytes(running.child.pid!));
        } finally {
          await running.stop();
          double.clear();
        }
      }
    }
  } finally {
    await double.close();
  }

  const row = (variant: Variant) => {
    const starts = startMs.get(variant.name);
    const cpu = startCpuMs.get(variant.name);
    const idleRss = idle.get(variant.name);
    const rss = afterLookups.get(variant.name);
    return {
      'start → /healthz 200 (median)': starts ? msText(median(starts)) : '–',
      'min–max': starts ? `${msText(Math.min(...starts))}–${msText(Math.max(...starts))}` : '–',
      'CPU until then (median)': cpu && cpu.length > 0 ? msText(median(cpu)) : '–',
      'RSS when healthy': idleRss ? mb(median(idleRss)) : '–',
      [`RSS after ${LOOKUPS} lookups`]: rss ? mb(median(rss)) : '–',
    };
  };
  console.log(
    `\nStart-up to GET /healthz 200 (median of ${STARTS} starts each) and RSS (median of ${MEMORY_RUNS}); Node ${process.version}, ${process.platform}`,
  );
  const shown = [...VARIANTS, ...MEMORY_VARIANTS.filter((variant) => !VARIANTS.includes(variant))];
  console.table(Object.fromEntries(shown.map((variant) => [variant.name, row(variant)])));
  const of = (bot: Variant['bot'], how: Variant['how']) => shown.find((variant) => variant.bot === bot && variant.how === how)!.name;
  for (const how of ['tsx', 'compiled'] as const) {
    const startRatio = median(startMs.get(of('freebit-ops', how))!) / median(startMs.get(of('bolt', how))!);
    const cpuRatio = median(startCpuMs.get(of('freebit-ops', how))!) / median(startCpuMs.get(of('bolt', how))!);
    const rssRatio = median(afterLookups.get(of('freebit-ops', how))!) / median(afterLookups.get(of('minimal', how))!);
    console.log(
      `freebit-ops, ${how}: start ${startRatio.toFixed(2)}× the Bolt-only app's (CPU ${cpuRatio.toFixed(2)}×), RSS after ${LOOKUPS} lookups ${rssRatio.toFixed(2)}× the minimal Bolt bot's (goal: ≤ 1.5× each)`,
    );
  }
  const npmStart = median(startMs.get(of('freebit-ops', 'npm start'))!);
  const compiledBolt = median(startMs.get(of('bolt', 'compiled'))!);
  console.log(
    `npm start (compiled) / Bolt-only app compiled: start ${(npmStart / compiledBolt).toFixed(2)}× (npm itself adds ${msText(npmStart - median(startMs.get(of('freebit-ops', 'compiled'))!))})`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchStartup();
