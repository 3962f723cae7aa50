import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { deleteRedisKeys, describeRedis, describeStoreBackends, makeTempDir, randomPrefix, REDIS_URL } from './support.js';

const WORKER = fileURLToPath(new URL('./pace-worker.ts', import.meta.url));
const PER_SECOND = 10;
const TURNS = 15;

/** Starts a worker and resolves once it is ready; `go()` starts its turns, `result` is when it got each. */
async function startWorker(prefix: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, REDIS_URL, prefix, String(PER_SECOND), String(TURNS)], {
    stdio: 'pipe',
  });
  const exited = once(child, 'exit');
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async () => {
    const line = await iterator.next();
    if (line.done) throw new Error(`pace worker exited early: ${stderr}`);
    return line.value;
  };
  expect(await next()).toBe('ready');
  return {
    exited,
    go: () => child.stdin.write('go\n'),
    result: async () => (JSON.parse(await next()) as { at: number[] }).at,
  };
}

describeRedis('one rate limit toward Freebit for every replica', () => {
  const prefix = randomPrefix();
  afterEach(() => deleteRedisKeys(prefix));

  it('two processes on one Redis share the pace: together they go at its rate, not twice it', async () => {
    const workers = await Promise.all([startWorker(prefix), startWorker(prefix)]);
    for (const worker of workers) worker.go();
    const at = (await Promise.all(workers.map((worker) => worker.result()))).flat().sort((a, b) => a - b);
    await Promise.all(workers.map((worker) => worker.exited));
    expect(at).toHaveLength(2 * TURNS);
    // 30 turns at 10 a second, in one-second windows: the last is at least two windows after the
    // first. Each process pacing itself alone would have finished both within about one.
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(1_900);
    // Nor did the two go faster than the rate over the first second: at most one window's worth in it.
    expect(at.filter((ms) => ms - at[0]! < 900)).toHaveLength(PER_SECOND);
  }, 30_000);
});

describeStoreBackends('the pace on %s', (backend) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('lets `perSecond` turns through a second, and makes the rest wait', async () => {
    let url = REDIS_URL;
    const prefix = randomPrefix();
    if (backend === 'sqlite') {
      const temp = await makeTempDir();
      url = `sqlite://${temp.dir}/store.sqlite`;
      cleanup = temp.remove;
    } else {
      cleanup = () => deleteRedisKeys(prefix);
    }
    const store = await openStore(url, { prefix });
    try {
      const pace = store.pace('background', 5);
      const started = Date.now();
      const at = await Promise.all(Array.from({ length: 8 }, async () => (await pace.turn(), Date.now() - started)));
      expect(at.filter((ms) => ms < 500)).toHaveLength(5);
      expect(Math.max(...at)).toBeGreaterThanOrEqual(900);
    } finally {
      await store.close();
    }
  });
});
