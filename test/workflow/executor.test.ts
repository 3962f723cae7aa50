import { afterEach, describe, expect, it } from 'vitest';
import { phoneNumber } from '../../src/phone.js';
import type { ApprovalRequest, BulkChangeInput } from '../../src/workflow/index.js';
import { PATHS } from '../support/freebit.js';
import { putLines } from '../support/lines.js';
import { sleep, until } from '../support/waiting.js';
import { AGENT, DOMAIN_APPROVER, cancellation, startWorkflowRig, type WorkflowRig } from '../support/workflow.js';

let rig: WorkflowRig;
afterEach(async () => {
  await rig?.close();
  rig = undefined!;
});

/** Calls Freebit received on `path`, for `phone` when given. */
function callsTo(path: string, phone?: string): number {
  return rig.sandbox.received.filter((entry) => entry.path === path && (phone === undefined || JSON.stringify(entry.json).includes(phone)))
    .length;
}

async function requestLines(phones: readonly string[]): Promise<ApprovalRequest> {
  const input: BulkChangeInput = {
    draft: cancellation(phones[0]),
    phones: phones.map((phone) => phoneNumber(phone)),
    reason: 'corporate customer leaves',
    requesterId: AGENT,
    channelId: 'C0SUPPORT',
  };
  const check = await rig.approvals.checkLines(input);
  return (await rig.approvals.requestChecked(check.id, AGENT)).request;
}

async function requestOne(phone: string): Promise<string> {
  const { reference } = await rig.approvals.submit({ draft: cancellation(phone), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' });
  return reference;
}

describe('the executor', () => {
  it('an approval ends with the decision: the click returns before the Freebit call, which the executor makes', async () => {
    rig = await startWorkflowRig();
    const [phone] = putLines(rig.sandbox, 1);
    const id = await requestOne(phone!);
    // The look-up right before the call is slow: the click must not wait for it.
    rig.sandbox.injectFault(PATHS.lookup, { kind: 'delay', ms: 500 }, 1);

    const decision = await rig.approvals.approve(id, DOMAIN_APPROVER);

    expect(decision).toMatchObject({ outcome: 'approved', request: { state: 'approved' } });
    expect(rig.changeCalls()).toBe(0);
    await rig.approvals.executor.idle();
    expect((await rig.approvals.get(id))?.state).toBe('accepted');
    expect(rig.changeCalls()).toBe(1);
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed']);
  });

  it('carries a bounded number of requests at once; the others wait for a place', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 6);
    const ids: string[] = [];
    for (const phone of phones) ids.push(await requestOne(phone));
    // Each call is answered a second late: the first requests hold their places meanwhile.
    rig.sandbox.injectFault(PATHS.cancel, { kind: 'delay', ms: 1_000 }, phones.length);

    for (const id of ids) await rig.approvals.approve(id, DOMAIN_APPROVER);
    await until('the first calls', () => (callsTo(PATHS.cancel) >= 4 ? true : undefined));
    await sleep(300);
    expect(callsTo(PATHS.cancel)).toBe(4); // EXECUTOR_CONCURRENCY

    await rig.approvals.executor.idle();
    expect(callsTo(PATHS.cancel)).toBe(phones.length);
    for (const id of ids) expect((await rig.approvals.get(id))?.state).toBe('accepted');
  });

  it('a request woken on two replicas at once is claimed, and sent, once', async () => {
    rig = await startWorkflowRig();
    const [phone] = putLines(rig.sandbox, 1);
    const id = await requestOne(phone!);
    const other = await rig.replica();

    await rig.approvals.approve(id, DOMAIN_APPROVER);
    other.approvals.executor.wake(id);
    await Promise.all([rig.approvals.executor.idle(), other.approvals.executor.idle()]);

    expect(rig.changeCalls()).toBe(1);
    expect((await rig.approvals.get(id))?.state).toBe('accepted');
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed']);
  });

  it('a stop claims nothing new: a request approved after it is left approved, and another replica’s sweep carries it through past its grace', async () => {
    rig = await startWorkflowRig();
    const [phone] = putLines(rig.sandbox, 1);
    const id = await requestOne(phone!);
    await rig.approvals.executor.stop();

    expect((await rig.approvals.approve(id, DOMAIN_APPROVER)).outcome).toBe('approved');
    await sleep(100);
    expect((await rig.approvals.get(id))?.state).toBe('approved');
    expect(rig.changeCalls()).toBe(0);

    const other = await rig.replica();
    await other.approvals.sweep('replica-b');
    await other.approvals.executor.idle();
    expect(rig.changeCalls()).toBe(0); // within the grace: the deciding process may still be at it
    rig.clock.advance(13_000);
    expect((await other.approvals.sweep('replica-b')).recovered).toBe(1);
    await other.approvals.executor.idle();
    expect((await rig.approvals.get(id))?.state).toBe('accepted');
    expect(rig.changeCalls()).toBe(1);
  });

  it('a stop during a 150-line batch returns once the calls in flight are answered; the lines left held are sent by the sweep of another replica, each exactly once', async () => {
    // The shared pace of the bot's Freebit calls opened wide: the batch is as fast as Freebit answers.
    rig = await startWorkflowRig({ freebitCallsPerSecond: 10_000 });
    const phones = putLines(rig.sandbox, 150);
    const request = await requestLines(phones);
    expect(request.lines).toHaveLength(150);
    // Each change is answered 200 ms late: a stop finds calls out.
    rig.sandbox.injectFault(PATHS.cancel, { kind: 'delay', ms: 200 }, phones.length);

    expect((await rig.approvals.approve(request.id, DOMAIN_APPROVER)).outcome).toBe('approved');
    await until('a few lines sent', () => (callsTo(PATHS.cancel) >= 6 ? true : undefined));
    const stopping = performance.now();
    await rig.approvals.executor.stop();
    const stopMs = performance.now() - stopping;

    // Every call out was answered and its outcome written: no line is left mid-call, and no call follows.
    const stopped = (await rig.approvals.get(request.id))!;
    const sent = callsTo(PATHS.cancel);
    expect(stopped.state).toBe('executing');
    expect(stopped.lines!.filter((line) => line.state === 'executing')).toEqual([]);
    expect(stopped.lines!.filter((line) => line.state === 'accepted')).toHaveLength(sent);
    expect(stopped.lines!.filter((line) => line.state === 'held')).toHaveLength(phones.length - sent);
    expect(sent).toBeLessThan(phones.length / 2);
    // It waited for the calls out (200 ms each) and no more: far less than the batch would take.
    expect(stopMs).toBeLessThan(2_000);
    await sleep(300);
    expect(callsTo(PATHS.cancel)).toBe(sent);

    // Another replica's sweep, once the stopped process's grace has passed, carries the rest through.
    const next = await rig.replica();
    rig.clock.advance(13_000);
    expect((await next.approvals.sweep('replica-b')).recovered).toBe(1);
    await next.approvals.executor.idle();
    const after = (await next.approvals.get(request.id))!;
    expect(after.state).toBe('accepted');
    expect(after.lines!.every((line) => line.state === 'accepted')).toBe(true);
    expect(callsTo(PATHS.cancel)).toBe(phones.length);
    for (const phone of phones) expect(callsTo(PATHS.cancel, phone)).toBe(1);
    expect(rig.messenger.threadOf(request.id).filter((kind) => kind === 'executed')).toHaveLength(1);
  }, 60_000);
});
