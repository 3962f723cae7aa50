/**
 * Follow-ups end to end, when Slack refuses the completion reply outright (an error answer, not a
 * 429 the client retries by itself): the reply is owed on the job and posted again on a later
 * round, so it arrives late but exactly once. A real bot (`startBot` over HTTP), the Slack
 * double, and a sandbox the test started.
 */
import { afterEach, expect, test } from 'vitest';
import { A_FEW_ROUNDS_MS, MINUTE, acceptedChange, pollsOf, startWorld, type World } from '../../support/followUpWorld.js';
import { eventually, sleep } from '../../support/waiting.js';
import { requestCancellation, type ApprovalMessage } from '../../../tools/slackDouble/approvals.js';
import type { SlackDouble } from '../../../tools/slackDouble/double.js';
import { repliesOf, waitForState } from '../../support/requestState.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(): Promise<World> {
  const started = await startWorld();
  cleanups.push(() => started.close());
  return started;
}

/** Completion replies in the thread, split by what Slack answered. */
function completionPosts(double: SlackDouble, message: ApprovalMessage) {
  const posts = repliesOf(double, message, 'completed');
  return {
    refused: posts.filter((call) => call.answer?.ok !== true).length,
    delivered: posts.filter((call) => call.answer?.ok === true).length,
  };
}

test('a completion reply Slack refuses is posted again on a later round, and arrives once', async () => {
  const shared = await world();
  const bot = await shared.startReplica();
  const message = await acceptedChange(bot, '090-1234-5678', () => requestCancellation(bot, '090-1234-5678'));
  await eventually(() => pollsOf(shared.sandbox, '09012345678') >= 1, 'the first follow-up poll');

  shared.double.failNext('chat.postMessage', 'fatal_error'); // the next post, the completion, is refused
  shared.clock.advance(2 * MINUTE); // Freebit finishes the cancellation
  await eventually(() => completionPosts(shared.double, message).refused === 1, 'the refused completion');
  expect((await waitForState(shared, message.requestId, 'completed')).state).toBe('completed');
  await sleep(A_FEW_ROUNDS_MS);
  expect(completionPosts(shared.double, message)).toEqual({ refused: 1, delivered: 0 }); // owed, not due again yet

  shared.clock.advance(MINUTE); // the retry is due
  await eventually(() => completionPosts(shared.double, message).delivered === 1, 'the completion, posted again');
  shared.clock.advance(10 * MINUTE);
  await sleep(A_FEW_ROUNDS_MS);
  expect(completionPosts(shared.double, message)).toEqual({ refused: 1, delivered: 1 });
});
