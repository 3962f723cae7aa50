/**
 * Nothing is kept that need not be: after a whole story (a look-up, a request for one line, a
 * request for several, each followed up to completion, and a form's check left unsubmitted),
 * the store holds neither the line's ICCID nor its IMSI, anywhere: the SQLite file's raw bytes
 * (with its WAL), every Redis key under the test's prefix. What is compared and shown from the
 * line (state, contract line, plan, pending change) still reaches the approval message and the
 * thread.
 */
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  approvalMessageFor,
  click,
  freshLine,
  requestContractChange,
  shown,
  APPROVER,
  type ApprovalMessage,
} from '../../../tools/slackDouble/approvals.js';
import { submitCancellation, submitSummary, summaryIn } from '../../../tools/slackDouble/bulk.js';
import { FOLLOW_UP_ENV, MINUTE } from '../../support/followUpWorld.js';
import { waitForReply, waitForState, type StoreAt } from '../../support/requestState.js';
import { startSlackRig, visibleText, type RestartableSlackRig } from '../../../tools/slackDouble/rig.js';
import { describeStoreBackends, randomPrefix, REDIS_URL } from '../../store/support.js';

/** The line the story is about: identifiers found nowhere else (the sandbox's own lines do not have them). */
const LINE = '07077770001';
const ICCID = '8981100005550123456';
const IMSI = '440105550987654';
const OTHERS = ['07077770002', '07077770003'];

describeStoreBackends('a whole story on %s keeps no ICCID and no IMSI', (backend) => {
  let rig: RestartableSlackRig;
  let at: StoreAt;
  const prefix = randomPrefix();
  let contractMessage: ApprovalMessage;
  let bulkMessage: ApprovalMessage;
  let contractThread = '';
  let bulkMessageText = '';

  beforeAll(async () => {
    const redis = backend === 'redis' ? { env: { STORE_URL: REDIS_URL }, overrides: { storePrefix: prefix } } : {};
    rig = await startSlackRig({ env: { ...FOLLOW_UP_ENV, ...redis.env }, ...(redis.overrides ? { overrides: redis.overrides } : {}) });
    at =
      backend === 'redis' ? { clock: rig.clock, storeUrl: REDIS_URL, storePrefix: prefix } : { clock: rig.clock, storeFile: rig.storeFile };
    freshLine(rig, LINE, { iccid: ICCID, imsi: IMSI });
    for (const phone of OTHERS) freshLine(rig, phone);

    // A look-up: the card shows the identifiers to the person who asked (and nothing keeps them).
    const { responseUrl } = await rig.command(LINE);
    const card = visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    expect(card).toContain(ICCID.slice(-4));

    // A request for one line, approved, followed up to completion.
    await requestContractChange(rig, LINE, '5G');
    contractMessage = await approvalMessageFor(rig.double, { phone: shown(LINE) });
    await click(rig, contractMessage, 'approve', APPROVER);
    await waitForReply(rig.double, contractMessage, 'executed');
    rig.clock.advance(10 * MINUTE);
    contractThread = visibleText((await waitForReply(rig.double, contractMessage, 'completed', { timeoutMs: 20_000 })).body.blocks);
    await waitForState(at, contractMessage.requestId, 'completed', 20_000);

    // A request for several lines (the same line among them), approved, followed up to completion.
    const { viewId } = await submitCancellation(rig, [LINE, ...OTHERS].join('\n'), { reason: 'whole story' });
    const summary = await summaryIn(rig, viewId, { timeoutMs: 20_000 });
    await submitSummary(rig, summary, viewId);
    bulkMessage = await approvalMessageFor(rig.double, { text: 'whole story' });
    bulkMessageText = visibleText(bulkMessage.call.body.blocks);
    await click(rig, bulkMessage, 'approve', APPROVER);
    await waitForReply(rig.double, bulkMessage, 'executed', { timeoutMs: 20_000 });
    rig.clock.advance(30 * MINUTE);
    await waitForReply(rig.double, bulkMessage, 'completed', { timeoutMs: 20_000 });
    await waitForState(at, bulkMessage.requestId, 'completed', 20_000);

    // A form's check left unsubmitted: its verdicts stay in the store for an hour.
    const { viewId: leftOpen } = await submitCancellation(rig, [LINE, ...OTHERS].join('\n'), { reason: 'checked, not asked' });
    await summaryIn(rig, leftOpen, { timeoutMs: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
    if (backend === 'redis') await redisValues(prefix, { remove: true });
  });

  test('what is compared and shown still reaches people: state, contract line and plan in the approval message and the thread', () => {
    expect(visibleText(contractMessage.call.body.blocks)).toContain('4G');
    expect(contractThread).toContain('5G');
    expect(bulkMessageText).toContain('3 lines');
  });

  test('the store holds the number, and neither its ICCID nor its IMSI', async () => {
    const stored = backend === 'sqlite' ? await sqliteBytes(rig.storeFile) : await redisValues(prefix);
    // The control: the scan reads what the store holds (the number is there, in requests and the audit trail).
    expect(stored).toContain(LINE);
    expect(stored).toContain('whole story');
    expect(stored).not.toContain(ICCID);
    expect(stored).not.toContain(IMSI);
  });
});

/** The SQLite store's files as they are on disk (the database, its WAL and shared memory), as text. */
async function sqliteBytes(file: string): Promise<string> {
  const folder = dirname(file);
  const names = (await readdir(folder)).filter((name) => name.startsWith('store.sqlite'));
  const contents = await Promise.all(names.map((name) => readFile(join(folder, name))));
  return Buffer.concat(contents).toString('latin1');
}

/** Every value under `prefix` in Redis, whatever its type, as one text (and the keys, removed with `remove`). */
async function redisValues(prefix: string, options: { remove?: boolean } = {}): Promise<string> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const parts: string[] = [];
    for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 })) {
      for (const key of keys) {
        if (options.remove) {
          await client.del(key);
          continue;
        }
        parts.push(key);
        const type = await client.type(key);
        if (type === 'string') parts.push((await client.get(key)) ?? '');
        else if (type === 'list') parts.push(...(await client.lRange(key, 0, -1)));
        else if (type === 'zset') parts.push(...(await client.zRange(key, 0, -1)));
        else if (type === 'hash') parts.push(JSON.stringify(await client.hGetAll(key)));
        else if (type === 'set') parts.push(...(await client.sMembers(key)));
        else parts.push(`<${type}>`);
      }
    }
    return parts.join('\n');
  } finally {
    await client.close();
  }
}
