/**
 * A store error between two steps of a request, with the bot running on. In
 * each place below, the request ends in a final state, without a
 * restart: carried through at once when that is safe, else by the sweep once the grace passed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executionGraceOf, type ApprovalRequest } from '../../src/workflow/index.js';
import { faultyStore, type FaultyStore } from '../support/faultyStore.js';
import { approveAndExecute, DOMAIN_APPROVER, AGENT, cancellation, startWorkflowRig, type WorkflowRig } from '../support/workflow.js';
import { sleep, until } from '../support/waiting.js';

/** freebitTimeoutMs is 2 s in the workflow rig: the grace of half-done work follows from it. */
const PAST_THE_GRACE_MS = executionGraceOf(2_000) + 1;
const MINUTE = 60_000;

let rig: WorkflowRig;
let faults: FaultyStore;
afterEach(async () => {
  await rig?.close();
});

async function asked(): Promise<ApprovalRequest> {
  faults = faultyStore();
  rig = await startWorkflowRig({ wrapStore: (store) => faults.wrap(store) });
  const { request } = await rig.approvals.submit({
    draft: cancellation(),
    reason: 'moved abroad',
    requesterId: AGENT,
    channelId: 'C0SUPPORT',
  });
  return request;
}

const holdSchema = z.object({ requestId: z.string() });
const lineHold = () => rig.store.records('line-holds', holdSchema, 1).get('09012345678');

describe('a store error right after a transition, the bot running on', () => {
  it('the audit entry of the approval is refused: the approval stands, the change is sent at once, the approver hears no error', async () => {
    const request = await asked();
    faults.failNth(1, 'before', (label) => label.startsWith('audit.append(approved'), 2);
    const decision = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    expect(faults.fired?.call).toMatch(/^audit\.append\(approved/);
    expect(decision.request.state).toBe('accepted');
    expect(rig.changeCalls()).toBe(1);
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed']);
    expect(await lineHold()).toBeUndefined();
  });

  it('the approval is written but the store answers an error: the sweep tells the approval, then sends the change, once', async () => {
    const request = await asked();
    faults.failNth(1, 'after', (label) => label.startsWith('requests.update('));
    await expect(approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER)).rejects.toThrow(/injected store fault/);
    expect((await rig.approvals.get(request.id))?.state).toBe('approved');
    expect(rig.changeCalls()).toBe(0);

    // Within the grace a live process may still be at it: the sweep leaves it alone.
    await rig.approvals.sweep('replica-a');
    expect(rig.changeCalls()).toBe(0);
    rig.clock.advance(PAST_THE_GRACE_MS);
    await rig.approvals.sweep('replica-a');
    await rig.approvals.executor.idle(); // the sweep hands the request to the executor
    expect((await rig.approvals.get(request.id))?.state).toBe('accepted');
    expect(rig.changeCalls()).toBe(1);
    // In the order it happened: the approval's reply (owed by its transition) before the execution's.
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed']);
    expect(rig.messenger.updates.at(-1)?.state).toBe('accepted');
    expect(await lineHold()).toBeUndefined();

    rig.clock.advance(PAST_THE_GRACE_MS);
    await rig.approvals.sweep('replica-a');
    await rig.approvals.executor.idle();
    expect(rig.changeCalls()).toBe(1);
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed']);
  });

  it('approved → executing: its audit entry refused, the change is still sent at once', async () => {
    const request = await asked();
    faults.failNth(1, 'before', (label) => label.startsWith('audit.append(executing'), 2);
    const decision = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    expect(decision.request.state).toBe('accepted');
    expect(rig.changeCalls()).toBe(1);
    expect(await lineHold()).toBeUndefined();
  });

  it('approved → executing: the claim written but answered with an error, its taker knows it and goes on', async () => {
    const request = await asked();
    // Writes after the request: the approval, the approval reply removed from the outbox, then the claim.
    faults.failNth(3, 'after', (label) => label.startsWith('requests.update('));
    const decision = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    expect(decision.request.state).toBe('accepted');
    expect(rig.changeCalls()).toBe(1);
  });

  it('approved → executing: the authKey cache fails in the re-check: nothing is sent, the request fails saying why, the line is free', async () => {
    const request = await asked();
    // Freebit expired its keys: the look-up before the call authenticates again and stores the new key.
    rig.sandbox.revokeAuthKeys();
    faults.failNth(1, 'before', (label) => label.startsWith('authKey.set'));
    const decision = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    expect(faults.fired?.call).toMatch(/^authKey\.set/);
    expect(decision.request.state).toBe('failed');
    expect(decision.request.execution).toMatchObject({ result: 'not_checked', errorCode: 'internal' });
    expect(rig.changeCalls()).toBe(0);
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed']);
    expect(await lineHold()).toBeUndefined();
  });

  it('Freebit accepted, and recording it fails (twice): the sweep settles it by a look-up, the follow-up completes it, each reply once', async () => {
    const request = await asked();
    // Writes of the line after the request: its claim, then its outcome (and its retry). The
    // approval's reply goes out beside the execution (the courier): held here until the faults
    // fired, so that its removal from the outbox is not among the writes counted.
    rig.messenger.onThread = async () => {
      await until('the faults', () => faults.fired, 10_000);
      await sleep(100);
    };
    faults.failNth(2, 'before', (label) => label.startsWith('request-lines.update('), 2);
    const decision = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    rig.messenger.onThread = undefined;
    expect(decision.outcome).toBe('approved');
    expect((await rig.approvals.get(request.id))?.state).toBe('executing');
    expect(rig.changeCalls()).toBe(1);
    expect(await lineHold()).toEqual({ requestId: request.id });

    rig.clock.advance(PAST_THE_GRACE_MS);
    await rig.approvals.sweep('replica-a');
    await rig.approvals.executor.idle(); // the sweep hands the request to the executor
    const settled = await rig.approvals.get(request.id);
    expect(settled).toMatchObject({ state: 'accepted', execution: { result: 'interrupted', settlement: 'accepted' } });
    expect(await lineHold()).toBeUndefined();
    expect(await rig.followUps.get(request.id, '09012345678')).toBeDefined();

    rig.clock.advance(15 * MINUTE); // Freebit completes the cancellation
    await rig.followUps.pollOnce();
    expect((await rig.approvals.get(request.id))?.state).toBe('completed');
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed', 'completed']);
    expect(rig.changeCalls()).toBe(1);
  });

  it('Freebit accepted, and recording it is written but answered with an error: carried on at once', async () => {
    const request = await asked();
    // The line's outcome (after its claim).
    faults.failNth(2, 'after', (label) => label.startsWith('request-lines.update('));
    const decision = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    expect(decision.request.state).toBe('accepted');
    expect(await rig.followUps.get(request.id, '09012345678')).toBeDefined();
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed']);
    expect(await lineHold()).toBeUndefined();
  });

  it('the line’s release fails after the request closed: the sweep releases it', async () => {
    const request = await asked();
    faults.failNth(1, 'before', (label) => label.startsWith('line-holds.delete'));
    await rig.approvals.reject(request.id, DOMAIN_APPROVER, 'not needed');
    expect(await lineHold()).toEqual({ requestId: request.id });
    await rig.approvals.sweep('replica-a');
    expect(await lineHold()).toBeUndefined();
  });
});
