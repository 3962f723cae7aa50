/**
 * Issue 17, the suspicions about completion replies, each checked by a test:
 * - posted twice on the retry path: a post Slack answered with an error may have landed all the
 *   same (an answer lost on the way back), and a retried post may have gone out before its job
 *   could be deleted. Confirmed (the retry posted without looking): the retry now reads the
 *   thread first.
 * - lost when the lease lapses during a slow Slack call: ruled out. The replica that takes the
 *   job over reads the thread and posts what is not there; the slow poster's later failure
 *   finds the job gone and posts nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { FollowUps, type ThreadEvent } from '../../src/workflow/index.js';
import { requestCollections } from '../../src/workflow/context.js';
import { faultyStore, type FaultyStore } from '../support/faultyStore.js';
import { AGENT, DOMAIN_APPROVER, cancellation, startWorkflowRig, type WorkflowRig } from '../support/workflow.js';

const MINUTE = 60_000;
/** The workflow rig polls every minute: a job's lease is three of them. */
const PAST_THE_LEASE_MS = 3 * MINUTE + 1;

let rig: WorkflowRig;
let faults: FaultyStore;
afterEach(async () => {
  await rig?.close();
});

async function accepted(): Promise<string> {
  faults = faultyStore();
  rig = await startWorkflowRig({ wrapStore: (store) => faults.wrap(store) });
  const { reference } = await rig.approvals.submit({ draft: cancellation(), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' });
  await rig.approvals.approve(reference, DOMAIN_APPROVER);
  await rig.followUps.pollOnce(); // the baseline
  return reference;
}

const completions = (id: string) => rig.messenger.threadOf(id).filter((kind) => kind === 'completed').length;

/** Makes the messenger's next completion post behave as `behave` says (once). */
function nextCompletion(behave: (event: ThreadEvent, land: () => void) => Promise<void>): void {
  let used = false;
  rig.messenger.onThread = async (requestId, event) => {
    if (used || event.kind !== 'completed') return;
    used = true;
    await behave(event, () => rig.messenger.thread.push({ requestId, event, state: 'completed' }));
  };
}

describe('a completion reply is posted once (issue 17)', () => {
  it('Slack answered the post with an error, but it landed: the retry finds it in the thread and posts nothing', async () => {
    const id = await accepted();
    nextCompletion(async (_, land) => {
      land();
      throw new Error('an_error_after_the_post_landed');
    });
    rig.clock.advance(15 * MINUTE);
    await rig.followUps.pollOnce();
    expect(completions(id)).toBe(1);
    expect((await rig.followUps.get(id))?.owed?.retryAt).toBeDefined();

    rig.clock.advance(2 * MINUTE); // the retry is due
    await rig.followUps.pollOnce();
    expect(completions(id)).toBe(1);
    expect(await rig.followUps.get(id)).toBeUndefined();
  });

  it('the retried post went out, and deleting the job failed: the next round finds the reply and only deletes the job', async () => {
    const id = await accepted();
    nextCompletion(async () => {
      throw new Error('refused');
    });
    rig.clock.advance(15 * MINUTE);
    await rig.followUps.pollOnce();
    expect(completions(id)).toBe(0);

    faults.failNth(1, 'before', (label) => label.startsWith('follow-ups.delete'));
    rig.clock.advance(2 * MINUTE);
    await expect(rig.followUps.pollOnce()).rejects.toThrow(/injected store fault/);
    expect(completions(id)).toBe(1);
    expect(await rig.followUps.get(id)).toBeDefined();

    rig.clock.advance(2 * MINUTE);
    await rig.followUps.pollOnce();
    expect(completions(id)).toBe(1);
    expect(await rig.followUps.get(id)).toBeUndefined();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
  });

  it('a post slower than the lease, then refused: the replica that took the job over posted it; nothing is lost or told twice', async () => {
    const id = await accepted();
    const replicaB = new FollowUps(
      { store: rig.store, freebit: rig.freebit, messenger: rig.messenger, clock: rig.clock, logger: silentLogger, requests: requestCollections(rig.store).requests },
      { pollIntervalMs: MINUTE, lookupsPerSecond: 1_000, owner: 'replica-b' },
    );
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    let fail!: () => void;
    const failing = new Promise<void>((resolve) => (fail = resolve));
    nextCompletion(async () => {
      entered();
      await failing;
      throw new Error('slow, then refused');
    });

    rig.clock.advance(15 * MINUTE); // Freebit completes
    const roundA = rig.followUps.pollOnce();
    await inFlight; // replica A took the arrow and is posting, slowly
    expect((await rig.approvals.get(id))?.state).toBe('completed');

    rig.clock.advance(PAST_THE_LEASE_MS); // A's lease lapses mid-post
    await replicaB.pollOnce();
    expect(completions(id)).toBe(1); // B read the thread, did not find it, posted it
    expect(await rig.followUps.get(id)).toBeUndefined();

    fail(); // A's post is refused at last: it finds no job to retry
    await roundA;
    expect(await rig.followUps.get(id)).toBeUndefined();
    rig.clock.advance(30 * MINUTE);
    await rig.followUps.pollOnce();
    await replicaB.pollOnce();
    expect(completions(id)).toBe(1);
  });
});
