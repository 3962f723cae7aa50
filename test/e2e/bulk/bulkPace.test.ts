/**
 * A batch goes out at the shared Freebit pace (20 calls a second by default), and a
 * person's own look-up is never queued behind it. Forty lines take the batch seconds; a card
 * asked for while it runs is answered while lines are still waiting their turn.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APPROVAL_ENV, APPROVER, approvalMessageFor, click, freshLine } from '../../../tools/slackDouble/approvals.js';
import { submitCancellation, submitSummary, summaryIn } from '../../../tools/slackDouble/bulk.js';
import { PATHS } from '../../support/freebit.js';
import { storedRequest } from '../../support/requestState.js';
import { startSlackRig, visibleText, type RestartableSlackRig } from '../../../tools/slackDouble/rig.js';
import { until } from '../../support/waiting.js';

describe('a person’s look-up while a batch is being sent', () => {
  let rig: RestartableSlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ env: APPROVAL_ENV });
  });
  afterAll(async () => {
    await rig?.close();
  });

  test('is answered at once, while the batch’s lines still wait for the pace', async () => {
    const phones = Array.from({ length: 40 }, (_, i) => `0806600${String(i).padStart(4, '0')}`);
    for (const phone of phones) freshLine(rig, phone);
    const { viewId } = await submitCancellation(rig, phones.join('\n'), { reason: 'pace check' });
    await submitSummary(rig, await summaryIn(rig, viewId, { timeoutMs: 20_000 }), viewId);
    const message = await approvalMessageFor(rig.double, { text: 'pace check' });

    const cancels = () => rig.sandbox.received.filter((entry) => entry.path === PATHS.cancel).length;
    await click(rig, message, 'approve', APPROVER);
    await until('the batch under way', () => (cancels() >= 1 ? true : undefined), 10_000);

    const { responseUrl } = await rig.command('090-1234-5678');
    const card = await rig.double.waitForResponse(responseUrl);
    const sentWhenAnswered = cancels();

    expect(visibleText(card.body.blocks)).toContain('090-1234-5678');
    // Answered before the batch was through: it did not wait behind the 80 paced calls.
    expect(sentWhenAnswered).toBeLessThan(phones.length);
    expect((await storedRequest(rig, message.requestId)).state).toBe('executing');
    await until(
      'the batch through',
      async () => ((await storedRequest(rig, message.requestId)).state === 'accepted' ? true : undefined),
      20_000,
    );
    expect(cancels()).toBe(phones.length);
  }, 60_000);
});
