/**
 * The expiry sweep expires the due requests together (decide.ts expireDue: one write of the
 * store for all of their transitions, one for removing their replies from the outbox). Each still ends as if it
 * had expired on its own: expired, its audit entry, its line free, its message redrawn, its
 * reply once; and when the store fails the write (refused, or written but answered an error),
 * every one of them still ends expired, told once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executionGraceOf } from '../../src/workflow/index.js';
import { freshLine } from '../../tools/slackDouble/approvals.js';
import { faultyStore, type FaultTiming, type FaultyStore } from '../support/faultyStore.js';
import { AGENT, cancellation, startWorkflowRig, type WorkflowRig } from '../support/workflow.js';

const TTL_MS = 60_000;
/** freebitTimeoutMs is 2 s in the workflow rig: what is owed is settled by the sweep a grace later. */
const PAST_THE_GRACE_MS = executionGraceOf(2_000) + 1;
const PHONES = ['09012340001', '09012340002', '09012340003', '09012340004', '09012340005'];

let rig: WorkflowRig;
let faults: FaultyStore;
afterEach(async () => {
  await rig?.close();
});

async function pendingOnEachLine(): Promise<string[]> {
  faults = faultyStore();
  rig = await startWorkflowRig({ ttlMs: TTL_MS, wrapStore: (store) => faults.wrap(store) });
  const ids: string[] = [];
  for (const phone of PHONES) freshLine(rig, phone);
  for (const phone of PHONES)
    ids.push(
      (await rig.approvals.submit({ draft: cancellation(phone), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' })).reference,
    );
  return ids;
}

async function expectAllExpiredAndTold(ids: readonly string[]): Promise<void> {
  const holds = rig.store.records('line-holds', z.object({ requestId: z.string() }), 1);
  for (const [index, id] of ids.entries()) {
    const request = await rig.approvals.get(id);
    expect(request?.state).toBe('expired');
    expect(request?.owedReplies ?? []).toEqual([]);
    expect(rig.messenger.threadOf(id)).toEqual(['expired']);
    expect(rig.messenger.updates.filter((update) => update.id === id).at(-1)?.state).toBe('expired');
    expect((await rig.store.audit.forRequest(id)).map((entry) => [entry.action, entry.from, entry.to])).toEqual([
      ['requested', undefined, 'pending'],
      ['expired', 'pending', 'expired'],
    ]);
    expect(await holds.get(PHONES[index]!)).toBeUndefined();
  }
}

describe('the expiry sweep expires the due requests together', () => {
  it('each ends expired with its audit entry, its line free, its message redrawn and its reply once; two writes of the store for all of them', async () => {
    const ids = await pendingOnEachLine();
    faults.failNth(Number.MAX_SAFE_INTEGER);
    rig.clock.advance(TTL_MS);
    expect(await rig.approvals.expireDue()).toBe(PHONES.length);
    // The read of what is due, the transitions in one write, the removals from the outboxes in
    // another (each request's lines are read with it, through their index: reads only).
    const calls = [...faults.log].filter((call) => !call.startsWith('request-lines.inIndex('));
    expect(calls).toEqual(['requests.inIndex(open)', 'requests.updateMany()', 'requests.updateMany()']);
    await expectAllExpiredAndTold(ids);
    // A new request for each line is taken: the holds went with the transitions.
    for (const phone of PHONES)
      expect(
        (await rig.approvals.submit({ draft: cancellation(phone), reason: 'again', requesterId: AGENT, channelId: 'C0SUPPORT' })).reference,
      ).toMatch(/^FR-/);
  });

  it.each<FaultTiming>(['before', 'after'])(
    'the write of their transitions fails (%s it reached the store): every one still ends expired, told once',
    async (timing) => {
      const ids = await pendingOnEachLine();
      faults.failNth(1, timing, (label) => label === 'requests.updateMany()');
      rig.clock.advance(TTL_MS);
      await rig.approvals.expireDue();
      expect(faults.fired?.call).toBe('requests.updateMany()');
      for (const id of ids) expect((await rig.approvals.get(id))?.state).toBe('expired');
      // Written but not told (the store answered an error): owed, and the sweep tells it once the grace passed.
      rig.clock.advance(PAST_THE_GRACE_MS);
      await rig.approvals.sweep('replica-a');
      await expectAllExpiredAndTold(ids);
    },
  );

  it('the write striking their replies off fails: the replies stay owed, and the sweep finds them in the threads (none posted twice)', async () => {
    const ids = await pendingOnEachLine();
    let transitions = 0;
    faults.failNth(1, 'before', (label) => label === 'requests.updateMany()' && ++transitions === 2);
    rig.clock.advance(TTL_MS);
    expect(await rig.approvals.expireDue()).toBe(PHONES.length);
    expect(faults.fired?.call).toBe('requests.updateMany()');
    for (const id of ids) expect((await rig.approvals.get(id))?.owedReplies?.map((reply) => reply.kind)).toEqual(['expired']);
    rig.clock.advance(PAST_THE_GRACE_MS);
    await rig.approvals.sweep('replica-a');
    await expectAllExpiredAndTold(ids);
  });
});
