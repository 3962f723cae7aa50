/**
 * One "replica" for the shared rate-limit test: opens its own store on Redis, says `ready`,
 * waits for `go` on stdin, then takes `turns` turns of the store's shared pace and prints when
 * it got each (epoch ms) as one JSON line.
 *
 *   node --import tsx test/store/pace-worker.ts <redis-url> <prefix> <per-second> <turns>
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { openStore } from '../../src/store/index.js';

const [url = '', prefix = '', perSecond = '10', turns = '0'] = process.argv.slice(2);
const store = await openStore(url, { prefix });
const pace = store.pace('freebit-background', Number(perSecond));

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await once(lines, 'line');
const at: number[] = [];
// As the poller does: several lookups waiting for their turn at once.
await Promise.all(
  Array.from({ length: Number(turns) }, async () => {
    await pace.turn();
    at.push(Date.now());
  }),
);
process.stdout.write(`${JSON.stringify({ at })}\n`);
lines.close();
await store.close();
