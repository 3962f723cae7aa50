/**
 * One "replica" for the two-process test: opens its own store on Redis, says `ready`, waits
 * for `go` on stdin, then races the other worker for every claim while appending its name to
 * one shared record many times, and prints the claims it won as one JSON line.
 *
 *   node --import tsx test/store/claim-worker.ts <redis-url> <prefix> <owner> <claims> <updates>
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { openStore } from '../../src/store/index.js';

const [url = '', prefix = '', owner = '', claims = '0', updates = '0'] = process.argv.slice(2);
const store = await openStore(url, { prefix });
const shared = store.records('shared', z.object({ names: z.array(z.string()) }), 1);

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await once(lines, 'line');

// Each worker takes the keys in its own random order, a few at a time, so the two really
// collide key by key instead of one pipelining all its claims before the other starts.
const keys = Array.from({ length: Number(claims) }, (_, i) => `key-${i}`).sort(() => Math.random() - 0.5);
const won: string[] = [];
const claiming = (async () => {
  for (let i = 0; i < keys.length; i += 5) {
    const batch = keys.slice(i, i + 5);
    const results = await Promise.all(batch.map((key) => store.claim(key, owner, 30_000)));
    batch.forEach((key, index) => results[index] && won.push(key));
  }
})();
const updating = Promise.all(
  Array.from({ length: Number(updates) }, (_, i) => shared.update('list', (r) => ({ names: [...r.names, `${owner}-${i}`] }))),
);
await Promise.all([claiming, updating]);
process.stdout.write(`${JSON.stringify({ owner, won })}\n`);
lines.close();
await store.close();
