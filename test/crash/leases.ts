/**
 * Leases that die with their holder: a bot killed outright (SIGKILL) just after its start-up
 * sweep, mid-batch or mid-poll, on the bot's own sweep period and leases (no test overrides),
 * is started again; the restarted bot takes the dead one's work up within seconds, not after a
 * long lease: the rest of the batch within 30 s of being ready, each line called once, and the
 * interrupted follow-up polled again within 20 s.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { approvalMessageFor, click, freshLine, APPROVER, submitCancellation as submitOne } from '../../tools/slackDouble/approvals.js';
import { startBotProcessWorld, type BotProcessWorld } from '../support/botProcesses.js';
import { submitCancellation, submitSummary, summaryIn } from '../../tools/slackDouble/bulk.js';
import { PATHS } from '../support/freebit.js';
import { replyKeys, storedRequest, waitForReply } from '../support/requestState.js';
import { until } from '../support/waiting.js';

const LINES = 12;

export function leaseSuite(store: 'sqlite' | 'redis'): void {
  describe(`a bot killed just after its start-up sweep, restarted (${store}, its own sweep period and leases)`, () => {
    let world: BotProcessWorld | undefined;
    afterEach(async () => {
      await world?.close();
      world = undefined;
    });

    test('sends the rest of the batch within 30 s of being ready, each line once', async () => {
      world = await startBotProcessWorld({ store, timeScale: 200, sweepMs: 'default' });
      const phones = Array.from({ length: LINES }, (_, i) => `0804500${String(i + (store === 'redis' ? 50 : 0)).padStart(4, '0')}`);
      for (const phone of phones) freshLine(world.rig, phone);
      await world.start();
      try {
        const { viewId } = await submitCancellation(world.rig, phones.join('\n'), { reason: `lease batch ${store}` });
        const summary = await summaryIn(world.rig, viewId, { timeoutMs: 20_000 });
        await submitSummary(world.rig, summary, viewId);
        const message = await approvalMessageFor(world.double, { text: `lease batch ${store}` }, { timeoutMs: 10_000 });
        const cancelCalls = (phone?: string) =>
          world!.sandbox.received.filter(
            (entry) => entry.path === PATHS.cancel && (phone === undefined || JSON.stringify(entry.json).includes(phone)),
          ).length;

        // A bot started moments ago (its start-up sweep done, its sweep lease held) is killed with calls in flight.
        await world.kill();
        await world.start();
        world.sandbox.injectFault(PATHS.cancel, { kind: 'delay', ms: 400 }, LINES);
        await click(world.rig, message, 'approve', APPROVER);
        await until('a few lines sent', () => (cancelCalls() >= 3 ? true : undefined), 20_000);
        await world.kill();
        expect(cancelCalls()).toBeLessThan(LINES);

        await world.start();
        const ready = performance.now();
        await waitForReply(world.double, message, 'executed', { timeoutMs: 30_000 });
        const tookMs = performance.now() - ready;
        console.log(`[${store}] the restarted bot finished the dead one's batch ${Math.round(tookMs)} ms after it was ready`);
        expect(tookMs).toBeLessThan(30_000);

        const request = await storedRequest(world.storeAt, message.requestId);
        const calls = phones.map((phone) => cancelCalls(phone));
        expect(
          calls.every((count) => count <= 1),
          'no line called twice',
        ).toBe(true);
        for (const line of request.lines!) {
          // A line called is accepted (settled by a look-up when its answer died with the process); one never called was claimed by the dead process: reported, never sent.
          if (calls[phones.indexOf(line.phone)] === 1) expect(['accepted', 'completed']).toContain(line.state);
          else expect(line).toMatchObject({ state: 'failed', execution: { result: 'interrupted' } });
        }
        expect(replyKeys(world.double, message).filter((key) => key === 'executed')).toEqual(['executed']);
      } catch (error) {
        throw new Error(`${String(error)}\n--- bot output (last 4000 characters) ---\n${world.output().slice(-4_000)}`);
      }
    }, 120_000);

    test('polls an interrupted follow-up again within 20 s of being ready', async () => {
      world = await startBotProcessWorld({ store, timeScale: 200, sweepMs: 'default', env: { POLL_INTERVAL_MS: '2000' } });
      const phone = `0804600${store === 'redis' ? '0002' : '0001'}`;
      freshLine(world.rig, phone);
      await world.start();
      try {
        await submitOne(world.rig, phone, { reason: `lease follow-up ${store}` });
        const message = await approvalMessageFor(world.double, { text: `lease follow-up ${store}` }, { timeoutMs: 10_000 });
        await click(world.rig, message, 'approve', APPROVER);
        await waitForReply(world.double, message, 'executed', { timeoutMs: 20_000 });
        const lookups = () =>
          world!.sandbox.received.filter((entry) => entry.path === PATHS.lookup && JSON.stringify(entry.json).includes(phone)).length;
        // The follow-up's look-up never answers: the bot is killed while it holds the job.
        world.sandbox.injectFault(PATHS.lookup, { kind: 'delay', ms: 60_000 });
        const before = lookups();
        await until('a follow-up look-up', () => (lookups() > before ? true : undefined), 20_000);
        await world.kill();

        const polled = lookups();
        await world.start();
        const ready = performance.now();
        await until('the follow-up polled again', () => (lookups() > polled ? true : undefined), 20_000);
        console.log(
          `[${store}] the restarted bot polled the interrupted follow-up ${Math.round(performance.now() - ready)} ms after it was ready`,
        );
        await waitForReply(world.double, message, 'completed', { timeoutMs: 20_000 });
      } catch (error) {
        throw new Error(`${String(error)}\n--- bot output (last 4000 characters) ---\n${world.output().slice(-4_000)}`);
      }
    }, 120_000);
  });
}
