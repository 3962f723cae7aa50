/**
 * Suspicions about completion replies, each checked by a test:
 * - posted twice on the retry path: a post Slack answered with an error may have landed all the
 *   same (an answer lost on the way back), and a retried post may have gone out before its job
 *   could be deleted. Confirmed (the retry posted without looking): the retry now reads the
 *   thread first.
 * - lost when the lease lapses during a slow Slack call: ruled out. A replica that takes a
 *   job over (its poster died) reads the thread and posts what is not there.
 * - told twice when a post outlasts the lease and then lands: confirmed (another replica took
 *   the job over and posted too); the poster now renews its lease while it posts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { FollowUps, type ThreadEvent } from '../../src/workflow/index.js';
import { requestCollections } from '../../src/workflow/context.js';
import { faultyStore, type FaultyStore } from '../support/faultyStore.js';
import { sleep } from '../support/waiting.js';
import { approveAndExecute, AGENT, DOMAIN_APPROVER, cancellation, startWorkflowRig, type WorkflowRig } from '../support/workflow.js';

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
  await approveAndExecute(rig.approvals, reference, DOMAIN_APPROVER);
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

describe('a completion reply is posted once', () => {
  it('Slack answered the post with an error, but it landed: the retry finds it in the thread and posts nothing', async () => {
    const id = await accepted();
    nextCompletion(async (_, land) => {
      land();
      throw new Error('an_error_after_the_post_landed');
    });
    rig.clock.advance(15 * MINUTE);
    await rig.followUps.pollOnce();
    expect(completions(id)).toBe(1);
    expect((await rig.followUps.get(id, '09012345678'))?.owed?.retryAt).toBeDefined();

    rig.clock.advance(2 * MINUTE); // the retry is due
    await rig.followUps.pollOnce();
    expect(completions(id)).toBe(1);
    expect(await rig.followUps.get(id, '09012345678')).toBeUndefined();
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
    expect(await rig.followUps.get(id, '09012345678')).toBeDefined();

    rig.clock.advance(2 * MINUTE);
    await rig.followUps.pollOnce();
    expect(completions(id)).toBe(1);
    expect(await rig.followUps.get(id, '09012345678')).toBeUndefined();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
  });

  /** Replica B on the same store, polling as the rig's replica A does. */
  const replicaB = () =>
    new FollowUps(
      {
        store: rig.store,
        freebit: rig.freebit,
        messenger: rig.messenger,
        clock: rig.clock,
        logger: silentLogger,
        requests: requestCollections(rig.store).requests,
      },
      { pollIntervalMs: MINUTE, lookupsPerSecond: 1_000, owner: 'replica-b', leaseRenewalMs: 50 },
    );

  /** Replica A's next completion post enters and waits; `finish` lets it land or be refused. */
  function slowCompletion(): { entered: Promise<void>; finish: (outcome: 'land' | 'refuse') => void } {
    let entered!: () => void;
    let finish!: (outcome: 'land' | 'refuse') => void;
    const finished = new Promise<'land' | 'refuse'>((resolve) => (finish = resolve));
    const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
    nextCompletion(async () => {
      entered();
      if ((await finished) === 'refuse') throw new Error('slow, then refused');
    });
    return { entered: enteredPromise, finish };
  }

  it('a post slower than the lease that lands: the poster kept its lease, no other replica posted it', async () => {
    const id = await accepted();
    const b = replicaB();
    const post = slowCompletion();
    rig.clock.advance(15 * MINUTE); // Freebit completes
    const roundA = rig.followUps.pollOnce();
    await post.entered; // replica A took the transition and is posting, slowly
    rig.clock.advance(PAST_THE_LEASE_MS); // longer than one lease…
    await sleep(200); // …while A renews it
    await b.pollOnce();
    expect(completions(id)).toBe(0);
    post.finish('land');
    await roundA;
    await b.pollOnce();
    expect(completions(id)).toBe(1);
    expect(await rig.followUps.get(id, '09012345678')).toBeUndefined();
  });

  it('a post slower than the lease, then refused: retried later by whichever replica, told once', async () => {
    const id = await accepted();
    const b = replicaB();
    const post = slowCompletion();
    rig.clock.advance(15 * MINUTE);
    const roundA = rig.followUps.pollOnce();
    await post.entered;
    rig.clock.advance(PAST_THE_LEASE_MS);
    await sleep(200);
    await b.pollOnce();
    expect(completions(id)).toBe(0);
    post.finish('refuse');
    await roundA;
    expect((await rig.followUps.get(id, '09012345678'))?.owed?.retryAt).toBeDefined();
    rig.clock.advance(30 * MINUTE);
    await b.pollOnce();
    await rig.followUps.pollOnce();
    expect(completions(id)).toBe(1);
    expect(await rig.followUps.get(id, '09012345678')).toBeUndefined();
  });
});
