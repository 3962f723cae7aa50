import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../src/store/index.js';
import { deleteRedisKeys, describeRedis, randomPrefix, REDIS_URL } from './support.js';

const WORKER = fileURLToPath(new URL('./claim-worker.ts', import.meta.url));
const CLAIMS = 200;
const UPDATES = 40;

interface Worker {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with each line the worker prints, in turn. */
  nextLine: () => Promise<string>;
  exited: Promise<number | null>;
}

function startWorker(prefix: string, owner: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, REDIS_URL, prefix, owner, String(CLAIMS), String(UPDATES)], {
    stdio: 'pipe',
  });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    child,
    exited,
    nextLine: () =>
      new Promise((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined) return resolve(line);
        waiting.push(resolve);
        void exited.then((code) => reject(new Error(`worker ${owner} exited (${code}) early: ${stderr}`)));
      }),
  };
}

describeRedis('two store instances in two processes on one Redis', () => {
  let prefix: string;
  const workers: Worker[] = [];
  beforeEach(() => {
    prefix = randomPrefix();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) worker.child.kill();
    await deleteRedisKeys(prefix);
  });

  it('give every claim to exactly one of them, and lose none of their updates', async () => {
    const store = await openStore(REDIS_URL, { prefix });
    const shared = store.records('shared', z.object({ names: z.array(z.string()) }), 1);
    await shared.create('list', { names: [] });

    workers.push(startWorker(prefix, 'alpha'), startWorker(prefix, 'beta'));
    expect(await Promise.all(workers.map((w) => w.nextLine()))).toEqual(['ready', 'ready']);
    // Both are connected and waiting: release them together.
    for (const worker of workers) worker.child.stdin.write('go\n');
    const results = (await Promise.all(workers.map((w) => w.nextLine()))).map(
      (line) => JSON.parse(line) as { owner: string; won: string[] },
    );
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);

    const winners = new Map<string, string[]>();
    for (const { owner, won } of results) for (const key of won) winners.set(key, [...(winners.get(key) ?? []), owner]);
    expect(winners.size).toBe(CLAIMS);
    expect([...winners.values()].every((owners) => owners.length === 1)).toBe(true);
    // Not a race one side always wins before the other starts: report the split for the curious.
    console.info(`claims won: ${results.map((r) => `${r.owner} ${r.won.length}`).join(', ')}`);

    const names = (await shared.get('list'))?.names ?? [];
    expect(names).toHaveLength(2 * UPDATES);
    expect(new Set(names).size).toBe(2 * UPDATES);
    await store.close();
  }, 20_000);
});
