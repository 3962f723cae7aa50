/**
 * A restart in the middle of a request for several lines. The bot runs as a child
 * process on Redis and is killed (SIGKILL) while its lines are being sent; started again, it
 * carries the batch through. No line is called twice, no line is lost without being reported,
 * and the thread hears the execution once.
 */
import { afterEach, expect, test } from 'vitest';
import { approvalMessageFor, click, freshLine, APPROVER } from '../../tools/slackDouble/approvals.js';
import { startBotProcessWorld, type BotProcessWorld } from '../support/botProcesses.js';
import { submitCancellation, submitSummary, summaryIn } from '../../tools/slackDouble/bulk.js';
import { PATHS } from '../support/freebit.js';
import { replyKeys, storedRequest, waitForReply } from '../support/requestState.js';
import { describeRedis } from '../store/support.js';
import { until } from '../support/waiting.js';

const LINES = 20;

describeRedis('a request for several lines, its bot killed mid-batch (redis)', () => {
  let world: BotProcessWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  test('is carried through by the restarted bot: every line called at most once, each line accounted for, one execution reply', async () => {
    world = await startBotProcessWorld({ store: 'redis', timeScale: 200, env: { FREEBIT_TIMEOUT_MS: '500', POLL_INTERVAL_MS: '200' } });
    await world.start();
    const phones = Array.from({ length: LINES }, (_, i) => `0804400${String(i).padStart(4, '0')}`);
    for (const phone of phones) freshLine(world.rig, phone);
    const { viewId } = await submitCancellation(world.rig, phones.join('\n'), { reason: 'fleet leaves' });
    const summary = await summaryIn(world.rig, viewId, { timeoutMs: 20_000 });
    await submitSummary(world.rig, summary, viewId);
    const message = await approvalMessageFor(world.double, { text: 'fleet leaves' }, { timeoutMs: 10_000 });

    // Each cancellation is applied at once but answered 150 ms later: the batch takes seconds.
    world.sandbox.injectFault(PATHS.cancel, { kind: 'delay', ms: 150 }, LINES);
    const cancelCalls = (phone?: string) =>
      world!.sandbox.received.filter(
        (entry) => entry.path === PATHS.cancel && (phone === undefined || JSON.stringify(entry.json).includes(phone)),
      ).length;
    await click(world.rig, message, 'approve', APPROVER);
    await until('a few lines sent', () => (cancelCalls() >= 6 ? true : undefined), 20_000);
    await world.kill();
    const sentBeforeKill = cancelCalls();
    expect(sentBeforeKill).toBeLessThan(LINES);

    await world.start();
    await waitForReply(world.double, message, 'executed', { timeoutMs: 30_000 });
    const request = await storedRequest(world.storeAt, message.requestId);

    expect(['accepted', 'completed']).toContain(request.state);
    const calls = phones.map((phone) => cancelCalls(phone));
    expect(calls.every((count) => count <= 1)).toBe(true);
    for (const line of request.lines!) {
      const called = calls[phones.indexOf(line.phone)] === 1;
      // A line called is accepted (settled by a look-up when its answer died with the process);
      // a line never called is one the killed process had claimed: reported, never sent twice.
      if (called) expect(['accepted', 'completed']).toContain(line.state);
      else expect(line).toMatchObject({ state: 'failed', execution: { result: 'interrupted' } });
    }
    expect(calls.filter((count) => count === 1).length).toBeGreaterThanOrEqual(LINES - 4);
    expect(replyKeys(world.double, message).filter((key) => key === 'executed')).toEqual(['executed']);
  }, 120_000);
});
