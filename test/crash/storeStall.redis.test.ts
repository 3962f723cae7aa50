/**
 * A stalled Redis (its server stopped with SIGSTOP: connected, silent): a lookup is still
 * answered within seconds, SIGTERM still ends the bot within its grace plus 5 s, logging what
 * it drops, and the next start finds what the store had kept. On a redis-server of the test's
 * own, never the shared one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { approvalMessageFor, freshLine, submitCancellation } from '../../tools/slackDouble/approvals.js';
import { startBotProcessWorld, type BotProcessWorld } from '../support/botProcesses.js';
import { visibleText } from '../../tools/slackDouble/blockText.js';
import { storedRequest } from '../support/requestState.js';
import { slashCommand } from '../../tools/slackDouble/requests.js';
import { onPath, startRedisServer, stopChild } from '../setup/redis.js';

const REDIS_SERVER = onPath('redis-server');
/** The world's shutdownGraceMs (test/support/botProcesses.ts). */
const GRACE_MS = 2_000;

describe.skipIf(!REDIS_SERVER)('a stalled Redis (SIGSTOP), on a redis-server of the test’s own', () => {
  let redis: { url: string; child: ChildProcess } | undefined;
  let world: BotProcessWorld | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    if (redis?.child.pid) process.kill(redis.child.pid, 'SIGCONT');
    await world?.close();
    if (redis) await stopChild(redis.child);
    if (folder) await rm(folder, { recursive: true, force: true });
    world = redis = folder = undefined;
  });

  test('a lookup is answered within seconds; SIGTERM exits within the grace plus 5 s naming what it drops; the next start finds what the store kept', async () => {
    folder = await mkdtemp(join(tmpdir(), 'freebit-ops-stall-'));
    redis = await startRedisServer(REDIS_SERVER!, folder);
    world = await startBotProcessWorld({ store: 'redis', storeUrl: redis.url, timeScale: 200, env: { FREEBIT_TIMEOUT_MS: '1000' } });
    const kept = '08047000001';
    const looked = '08047000002';
    freshLine(world.rig, kept);
    freshLine(world.rig, looked);
    await world.start();
    try {
      // Written before the stall: a request waiting for approval.
      await submitCancellation(world.rig, kept, { reason: 'kept through the stall' });
      const message = await approvalMessageFor(world.double, { text: 'kept through the stall' }, { timeoutMs: 10_000 });

      process.kill(redis.child.pid!, 'SIGSTOP');
      const responseUrl = world.double.responseUrl();
      const asked = performance.now();
      await world.rig.send(slashCommand({ text: looked, response_url: responseUrl }));
      const answer = await world.double.waitForResponse(responseUrl, { timeoutMs: 8_000 });
      const answeredMs = performance.now() - asked;
      console.log(
        `a lookup during the stall was answered in ${Math.round(answeredMs)} ms: ${visibleText(answer.body.blocks ?? []) || String(answer.body.text)}`,
      );
      expect(answeredMs).toBeLessThan(8_000);

      const { tookMs, code } = await world.terminate();
      console.log(`SIGTERM with Redis stalled: exited (${code}) in ${Math.round(tookMs)} ms`);
      expect(tookMs).toBeLessThan(GRACE_MS + 5_000);
      const output = world.output();
      // What could not be written is named in the log: the access entry of the lookup (its line), or the stop's own account.
      expect(output).toMatch(/"event":"(access_log\.[a-z_]+|[a-z]+\.stop_gave_up|bot\.stop_gave_up)"/);

      process.kill(redis.child.pid!, 'SIGCONT');
      await world.start();
      const request = await storedRequest(world.storeAt, message.requestId);
      expect(request.state).toBe('pending');
    } catch (error) {
      throw new Error(`${String(error)}\n--- bot output (last 6000 characters) ---\n${world.output().slice(-6_000)}`);
    }
  }, 120_000);
});
