/**
 * The Freebit client benchmark: lookups through the Freebit client against the sandbox, next to raw
 * undici requests to the same sandbox in the same run. Target: the client adds under 10 %.
 *
 * The sandbox runs as its own process (`npm run sandbox`), as Freebit is another machine: in
 * this process it would share one event loop with the client, and every microsecond the
 * client spends parsing would also delay the sandbox's answers to the other 19 requests in
 * flight. What the client costs in CPU is printed beside the latencies, per lookup.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Pool } from 'undici';
import { FreebitClient, memoryAuthKeyCache } from '../src/freebit/index.js';
import { phoneNumber } from '../src/phone.js';
import { ms, summarise, timeConcurrently } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');

/** `npm run sandbox` on a free port; resolves with its URL once it prints it. */
async function startSandboxProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/sandbox/cli.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', SANDBOX_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((done, fail) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening at (\S+)/.exec(output)?.[1];
      if (found) done(found);
    });
    child.once('exit', (code) => fail(new Error(`the sandbox exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    url,
    close: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** CPU this process spent per call of `task`, in microseconds. */
async function cpuPerCall(total: number, task: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await timeConcurrently(total, CONCURRENCY, task);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / total;
}

const TOTAL = 2_000;
const CONCURRENCY = 20;
const LOOKUP = '/master/getAcnt/';

export async function benchFreebitClient(): Promise<void> {
  const sandbox = await startSandboxProcess();
  const client = new FreebitClient({
    baseUrl: sandbox.url,
    credentials: { oemId: 'bench', oemKey: 'bench' },
    authKeyCache: memoryAuthKeyCache(),
  });
  const url = new URL(sandbox.url);
  const raw = new Pool(url.origin, { connections: 32 });
  const phone = phoneNumber('09012345678');
  try {
    const authAnswer = await raw.request({
      method: 'POST',
      path: `${url.pathname}/authOem/`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ json: JSON.stringify({ oemId: 'bench', oemKey: 'bench' }) }).toString(),
    });
    const { authKey } = (await authAnswer.body.json()) as { authKey: string };
    const rawBody = new URLSearchParams({ json: JSON.stringify({ authKey, requestDatas: [{ kind: 'MVNO', account: phone }] }) }).toString();
    const rawLookup = async () => {
      const answer = await raw.request({
        method: 'POST',
        path: `${url.pathname}${LOOKUP}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: rawBody,
      });
      await answer.body.text();
    };
    const clientLookup = () => client.lookupLine(phone);

    // Warm both paths (JIT, keep-alive connections), then alternate rounds so neither is favoured.
    await timeConcurrently(200, CONCURRENCY, rawLookup);
    await timeConcurrently(200, CONCURRENCY, clientLookup);
    const rawRuns: number[] = [];
    const clientRuns: number[] = [];
    let rawElapsed = 0;
    let clientElapsed = 0;
    for (let round = 0; round < 4; round++) {
      const r = await timeConcurrently(TOTAL / 4, CONCURRENCY, rawLookup);
      rawRuns.push(...r.durations);
      rawElapsed += r.elapsedMs;
      const c = await timeConcurrently(TOTAL / 4, CONCURRENCY, clientLookup);
      clientRuns.push(...c.durations);
      clientElapsed += c.elapsedMs;
    }
    const rawCpu = await cpuPerCall(TOTAL / 2, rawLookup);
    const clientCpu = await cpuPerCall(TOTAL / 2, clientLookup);
    const rawStats = summarise(rawRuns, rawElapsed);
    const clientStats = summarise(clientRuns, clientElapsed);
    console.log(
      `\nFreebit client vs raw undici: ${TOTAL} PA03-02 lookups each, ${CONCURRENCY} at a time, sandbox in its own process on loopback`,
    );
    console.table({
      'raw undici': {
        'lookups/s': rawStats.perSecond.toFixed(0),
        p50: ms(rawStats.p50),
        p99: ms(rawStats.p99),
        'CPU per lookup': `${rawCpu.toFixed(0)} µs`,
      },
      FreebitClient: {
        'lookups/s': clientStats.perSecond.toFixed(0),
        p50: ms(clientStats.p50),
        p99: ms(clientStats.p99),
        'CPU per lookup': `${clientCpu.toFixed(0)} µs`,
      },
    });
    console.log(
      `client / raw: throughput ${(clientStats.perSecond / rawStats.perSecond).toFixed(3)}, p50 ${(clientStats.p50 / rawStats.p50).toFixed(3)}, p99 ${(clientStats.p99 / rawStats.p99).toFixed(3)} (target: p50 under 1.10)`,
    );
    console.log(
      `the client's own work (auth, deadline, encoding, lossless parse, zod): ${(clientCpu - rawCpu).toFixed(0)} µs of CPU per lookup`,
    );
  } finally {
    await client.close();
    await raw.close();
    await sandbox.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFreebitClient();
