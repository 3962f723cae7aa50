/**
 * Follow-ups end to end, when bots come and go: a restart mid-follow-up, two replicas on one
 * Redis, and Slack rate-limiting the completion reply. Each still delivers the completion
 * exactly once. The bots are real (`startBot` over HTTP); Freebit is a sandbox the test started
 * itself (FREEBIT_BASE_URL with matching OEM credentials), so it outlives any one bot.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { A_FEW_ROUNDS_MS, MINUTE, acceptedChange, pollsOf, startWorld, type World } from '../../support/followUpWorld.js';
import {
  currentBlocks,
  requestCancellation,
  requestContractChange,
  requestRegistration,
  type ApprovalMessage,
  approvalMessageFor,
  APPROVER,
  click,
  freshLine,
} from '../../../tools/slackDouble/approvals.js';
import { eventually, sleep } from '../../support/waiting.js';
import { visibleText } from '../../../tools/slackDouble/rig.js';
import type { SlackDouble } from '../../../tools/slackDouble/double.js';
import { HAS_REDIS, REDIS_URL } from '../../store/support.js';
import { repliesOf, waitForRedraw, waitForReply, waitForState } from '../../support/requestState.js';
import { submitCancellation, submitSummary, summaryIn } from '../../../tools/slackDouble/bulk.js';
import { PATHS } from '../../support/freebit.js';

/** The test run's Redis; the world gives its replicas a key prefix of their own and deletes those keys at the end. */
const REDIS_STORE_URL = REDIS_URL;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(options: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  const started = await startWorld(options);
  cleanups.push(() => started.close());
  return started;
}

const completions = (double: SlackDouble, message: ApprovalMessage) => repliesOf(double, message, 'completed');

describe('exactly once, whatever happens to the bot', () => {
  test('a bot restarted mid-follow-up (same SQLite file, same Freebit) still delivers the completion once', async () => {
    const shared = await world();
    const first = await shared.startReplica();
    const message = await acceptedChange(first, '090-1234-5678', () => requestCancellation(first, '090-1234-5678'));
    await eventually(() => pollsOf(shared.sandbox, '09012345678') >= 1, 'the first follow-up poll');

    await first.bot.stop();
    const pollsWhileDown = pollsOf(shared.sandbox, '09012345678');
    shared.clock.advance(MINUTE);
    await sleep(A_FEW_ROUNDS_MS);
    expect(pollsOf(shared.sandbox, '09012345678')).toBe(pollsWhileDown); // nobody is watching

    const second = await shared.startReplica();
    shared.clock.advance(MINUTE); // Freebit finishes the cancellation 2 min after it was accepted
    await waitForReply(second.double, message, 'completed');
    expect((await waitForState(shared, message.requestId, 'completed')).finishedAt).toBe(shared.clock.now());
    expect(shared.sandbox.line('09012345678')?.state).toBe('obsolete');
    shared.clock.advance(10 * MINUTE);
    await sleep(A_FEW_ROUNDS_MS);
    expect(completions(shared.double, message)).toHaveLength(1);
    await waitForRedraw(shared.double, message, (call) => visibleText(call.body.blocks).includes('2026-11-22 12:02 JST'));
    expect(visibleText(currentBlocks(shared.double, message))).toContain('2026-11-22 12:02 JST');
  });

  test.skipIf(!HAS_REDIS)('two replicas on one Redis, both polling, deliver each completion once', async () => {
    const shared = await world({ storeUrl: REDIS_STORE_URL });
    const [a, b] = [await shared.startReplica(), await shared.startReplica()];

    // Asked on one replica, approved on the other: Slack sends each request to either.
    const messages = [
      await acceptedChange(a, '090-1234-5678', () => requestCancellation(a, '090-1234-5678'), b),
      await acceptedChange(b, '090-8765-4321', () => requestContractChange(b, '090-8765-4321', '4G'), a),
      await acceptedChange(a, '080-1111-3333', () => requestRegistration(a, '080-1111-3333'), b),
    ];
    await eventually(
      () => ['09012345678', '09087654321', '08011113333'].every((phone) => pollsOf(shared.sandbox, phone) >= 1),
      'a first poll of every change',
    );

    shared.clock.advance(6 * MINUTE); // every one of them is done at Freebit now
    for (const message of messages) await waitForReply(shared.double, message, 'completed');
    for (const message of messages) expect((await waitForState(shared, message.requestId, 'completed')).state).toBe('completed');
    shared.clock.advance(10 * MINUTE);
    await sleep(A_FEW_ROUNDS_MS);
    for (const message of messages) expect(completions(shared.double, message)).toHaveLength(1);
  });
});

describe('a request for several lines on two replicas sharing one Redis', () => {
  test.skipIf(!HAS_REDIS)(
    'asked on one, approved on the other, both polling: every line called once, the execution and the completion each told once',
    async () => {
      const shared = await world({ storeUrl: REDIS_STORE_URL });
      const [a, b] = [await shared.startReplica(), await shared.startReplica()];
      const phones = Array.from({ length: 12 }, (_, i) => `0805500${String(i).padStart(4, '0')}`);
      for (const phone of phones) freshLine(a, phone);

      const { viewId } = await submitCancellation(a, phones.join('\n'), { reason: 'two replicas share it' });
      await submitSummary(b, await summaryIn(a, viewId), viewId);
      const message = await approvalMessageFor(shared.double, { text: 'two replicas share it' });
      await click(b, message, 'approve', APPROVER);
      await waitForReply(shared.double, message, 'executed', { timeoutMs: 20_000 });
      await eventually(() => phones.every((phone) => pollsOf(shared.sandbox, phone) >= 1), 'a first poll of every line, by either replica');

      shared.clock.advance(6 * MINUTE); // every line is done at Freebit now
      await waitForReply(shared.double, message, 'completed', { timeoutMs: 20_000 });
      expect((await waitForState(shared, message.requestId, 'completed')).state).toBe('completed');
      shared.clock.advance(10 * MINUTE);
      await sleep(A_FEW_ROUNDS_MS);

      const changeCalls = (phone: string) =>
        shared.sandbox.received.filter((entry) => entry.path === PATHS.cancel && JSON.stringify(entry.json).includes(phone)).length;
      expect(phones.map(changeCalls)).toEqual(phones.map(() => 1));
      expect(repliesOf(shared.double, message, 'executed')).toHaveLength(1);
      expect(repliesOf(shared.double, message, 'completed')).toHaveLength(1);
    },
  );
});

/**
 * A loopback proxy in front of the Slack double: the next `n` chat.postMessage calls get HTTP
 * 429 with `Retry-After: 1`, the way Slack rate-limits; everything else is passed through (the
 * double records only what got through).
 */
async function startRateLimiter(double: SlackDouble) {
  let armed = 0;
  let limited = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        if (armed > 0 && request.url?.endsWith('/chat.postMessage')) {
          armed -= 1;
          limited += 1;
          response
            .writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' })
            .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'authorization']) {
          const value = request.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        const answer = await fetch(`${double.url}${request.url ?? '/'}`, {
          method: request.method ?? 'POST',
          headers,
          body: Buffer.concat(chunks),
        });
        response
          .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
          .end(await answer.text());
      })().catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    limitNext: (n: number) => {
      armed = n;
    },
    limited: () => limited,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('Slack rate limits', () => {
  test('a completion reply Slack answers 429 (Retry-After: 1) is tried again after its Retry-After and arrives once', async () => {
    const shared = await world();
    const limiter = await startRateLimiter(shared.double);
    cleanups.push(() => limiter.close());
    const bot = await shared.startReplica({ SLACK_API_URL: limiter.apiUrl });
    const message = await acceptedChange(bot, '090-1234-5678', () => requestCancellation(bot, '090-1234-5678'));
    await eventually(() => pollsOf(shared.sandbox, '09012345678') >= 1, 'the first follow-up poll');

    limiter.limitNext(1); // the next post, the completion, is rate-limited once
    shared.clock.advance(2 * MINUTE);
    await waitForReply(shared.double, message, 'completed');
    expect((await waitForState(shared, message.requestId, 'completed')).state).toBe('completed');
    expect(limiter.limited()).toBe(1);
    shared.clock.advance(10 * MINUTE);
    await sleep(A_FEW_ROUNDS_MS);
    expect(completions(shared.double, message)).toHaveLength(1);
  });
});
