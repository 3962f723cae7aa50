import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { phoneNumber, type PhoneNumber } from '../../src/phone.js';
import type { ApprovalRequest, BulkChangeInput, RequestLine } from '../../src/workflow/index.js';
import { PATHS } from '../support/freebit.js';
import { putLines } from '../support/lines.js';
import { faultyStore } from '../support/faultyStore.js';
import { until } from '../support/waiting.js';
import { requestCollections } from '../../src/workflow/context.js';
import { lineKeyOf } from '../../src/workflow/requestLines.js';
import { describeStoreBackends, freshStoreLocation } from '../store/support.js';
import {
  approveAndExecute,
  AGENT,
  DOMAIN_APPROVER,
  SECOND_APPROVER,
  cancellation,
  contractChange,
  refusedWith,
  startWorkflowRig,
  type WorkflowRig,
} from '../support/workflow.js';

let rig: WorkflowRig;
afterEach(async () => {
  await rig?.close();
});

const MINUTE = 60_000;

function bulkCancellation(phones: readonly string[], overrides: Partial<BulkChangeInput> = {}): BulkChangeInput {
  return {
    draft: cancellation(phones[0]),
    phones: phones.map((phone) => phoneNumber(phone)),
    reason: 'corporate customer leaves',
    requesterId: AGENT,
    channelId: 'C0SUPPORT',
    ...overrides,
  };
}

/** Pre-flight, then the request for the lines that passed. */
async function requestLines(phones: readonly string[], overrides: Partial<BulkChangeInput> = {}) {
  const check = await rig.approvals.checkLines(bulkCancellation(phones, overrides));
  return rig.approvals.requestChecked(check.id, overrides.requesterId ?? AGENT);
}

/** Calls Freebit received on `path`, for `phone` when given. */
function callsTo(path: string, phone?: string): number {
  return rig.sandbox.received.filter((entry) => entry.path === path && (phone === undefined || JSON.stringify(entry.json).includes(phone)))
    .length;
}

const statesOf = (request: ApprovalRequest | undefined) =>
  Object.fromEntries((request?.lines ?? []).map((line) => [line.phone, line.state]));

/** The request as a process that died mid-batch leaves it: `executing`, its grace ending at `graceUntil`, its lines as `lines` makes them. */
async function leftExecuting(requestId: string, graceUntil: number, lines: (lines: RequestLine[]) => RequestLine[]) {
  const { requests, requestLines } = requestCollections(rig.store);
  const moved = await requests.update(requestId, (current) => ({
    ...current,
    state: 'executing',
    executingSince: rig.clock.now(),
    graceUntil,
  }));
  // Each line's progress is in its own record.
  for (const line of lines(moved.updated ? moved.value.lines : [])) await requestLines.update(lineKeyOf(line), () => line);
}

describe('the pre-flight of several lines', () => {
  it('gives each line the verdict one line would get, and records no request', async () => {
    rig = await startWorkflowRig();
    const good = putLines(rig.sandbox, 3);
    const [cancelled] = putLines(rig.sandbox, 1, { first: 50, overrides: { state: 'obsolete' } });
    const held = await rig.approvals.submit({ draft: cancellation(good[2]), reason: 'single', requesterId: AGENT, channelId: 'C0SUPPORT' });
    const phones = [...good, cancelled!, '09099990000'];

    const check = await rig.approvals.checkLines(bulkCancellation(phones));

    expect(check.verdicts.map((verdict) => [verdict.phone, verdict.refusal ?? 'ok'])).toEqual([
      [good[0], 'ok'],
      [good[1], 'ok'],
      [good[2], 'open_request_exists'],
      [cancelled, 'line_cancelled'],
      ['09099990000', 'line_not_found'],
    ]);
    expect(check.verdicts[2]).toMatchObject({ holderId: held.reference });
    expect(check.verdicts[0]!.line).toMatchObject({ state: 'active', contractLine: '4G' });
    expect(callsTo(PATHS.lookup)).toBe(1 + phones.length); // the single request's, then one per line
    expect(rig.messenger.posted).toHaveLength(1); // only the single request's
  });

  it('says which lines Freebit did not answer for, and still checks the others', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 3);
    rig.sandbox.injectFault(PATHS.lookup, { kind: 'hang' }, 1); // one line's look-up never answers
    const check = await rig.approvals.checkLines(bulkCancellation(phones));
    expect(check.verdicts.filter((verdict) => verdict.refusal === 'lookup_failed')).toMatchObject([{ freebitCode: 'timeout' }]);
    expect(check.verdicts.filter((verdict) => !verdict.refusal)).toHaveLength(2);
  });

  it('is refused whole when BULK_APPROVALS_REQUIRED asks for more approvers than there are', async () => {
    rig = await startWorkflowRig({ policy: { approverUserIds: [DOMAIN_APPROVER], bulkApprovalsRequired: { cancel: 2 } } });
    const phones = putLines(rig.sandbox, 2);
    expect(await refusedWith(rig.approvals.checkLines(bulkCancellation(phones)))).toBe('not_enough_approvers');
    // One line of them still asks with APPROVALS_REQUIRED (1).
    expect(
      (await rig.approvals.submit({ draft: cancellation(phones[0]), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' })).request
        .requiredApprovals,
    ).toBe(1);
  });
});

describe('one request for several lines', () => {
  it('is one request and one approval message, holding every line it asks for', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 4);
    const { request, leftOut } = await requestLines([...phones, '09099990000']);

    expect(leftOut).toEqual([]);
    expect(request.lines!.map((line) => line.phone)).toEqual(phones);
    expect(request).toMatchObject({ state: 'pending', phones, requiredApprovals: 1, reason: 'corporate customer leaves' });
    expect(rig.messenger.posted.map((posted) => posted.id)).toEqual([request.id]);
    // Every line is held: a request for one of them is refused while this one is open.
    expect(
      await refusedWith(rig.approvals.submit({ draft: cancellation(phones[3]), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' })),
    ).toBe('open_request_exists');
    // The history of any of its lines finds it.
    expect((await rig.approvals.historyOf(phones[2]!)).map((entry) => entry.requestId)).toEqual([request.id]);
  });

  it('leaves out, and names, a line another request took after the pre-flight', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 3);
    const check = await rig.approvals.checkLines(bulkCancellation(phones));
    const other = await rig.approvals.submit({ draft: cancellation(phones[1]), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' });
    const { request, leftOut } = await rig.approvals.requestChecked(check.id, AGENT);
    expect(leftOut).toMatchObject([{ phone: phones[1], refusal: 'open_request_exists', holderId: other.reference }]);
    expect(request.lines!.map((line) => line.phone)).toEqual([phones[0], phones[2]]);
  });

  it('is refused as a whole, saying so, when every line was taken by other requests after the pre-flight', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 2);
    const check = await rig.approvals.checkLines(bulkCancellation(phones));
    for (const phone of phones)
      await rig.approvals.submit({ draft: cancellation(phone), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' });
    expect(await refusedWith(rig.approvals.requestChecked(check.id, AGENT))).toBe('lines_taken');
    expect(rig.messenger.posted).toHaveLength(2);
  });

  it('is asked from its own pre-flight only, and once', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 2);
    const check = await rig.approvals.checkLines(bulkCancellation(phones));
    expect(await refusedWith(rig.approvals.requestChecked(check.id, DOMAIN_APPROVER))).toBe('check_outdated');
    await rig.approvals.requestChecked(check.id, AGENT);
    expect(await refusedWith(rig.approvals.requestChecked(check.id, AGENT))).toBe('check_outdated');
    expect(rig.messenger.posted).toHaveLength(1);
  });

  it('lists every line in its thread when the message cannot show them all', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 25);
    const { request } = await requestLines(phones);
    // Posted in the background (the requester does not wait for Slack's pace).
    await rig.approvals.delivered();
    expect(rig.messenger.threadOf(request.id)).toEqual(['line_list']);
    expect((await rig.approvals.get(request.id))!.owedReplies).toBeUndefined();
  });

  it('lets go of every line when rejected', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 3);
    const { request } = await requestLines(phones);
    await rig.approvals.reject(request.id, DOMAIN_APPROVER, 'not this month');
    const again = await rig.approvals.submit({ draft: cancellation(phones[2]), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' });
    expect(again.request.state).toBe('pending');
    expect(rig.changeCalls()).toBe(0);
  });

  it('needs BULK_APPROVALS_REQUIRED approvers, as a whole', async () => {
    rig = await startWorkflowRig({ policy: { bulkApprovalsRequired: { cancel: 2 } } });
    const phones = putLines(rig.sandbox, 3);
    const { request } = await requestLines(phones);
    expect(request.requiredApprovals).toBe(2);
    expect((await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER)).outcome).toBe('counted');
    expect(rig.changeCalls()).toBe(0);
    expect((await approveAndExecute(rig.approvals, request.id, SECOND_APPROVER)).outcome).toBe('approved');
    expect(rig.changeCalls()).toBe(3);
  });
});

describe('executing a request for several lines', () => {
  it('sends each line exactly once, re-checked right before its own call, and tells the thread once', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 10);
    const { request } = await requestLines(phones);
    const lookupsBefore = callsTo(PATHS.lookup);

    const { request: after } = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);

    expect(after.state).toBe('accepted');
    for (const phone of phones) expect(callsTo(PATHS.cancel, phone)).toBe(1);
    expect(callsTo(PATHS.lookup) - lookupsBefore).toBe(phones.length);
    expect(new Set(Object.values(statesOf(after)))).toEqual(new Set(['accepted']));
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed']);
    // Progress is the message drawn again, far fewer times than there are lines.
    expect(rig.messenger.updates.filter((update) => update.id === request.id).length).toBeLessThan(phones.length);
  });

  it('skips and reports a line that moved since the approval, and sends the others', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 4);
    const { request } = await requestLines(phones);
    putLines(rig.sandbox, 1, { first: 3, overrides: { contractLine: '5G' } }); // phones[2] moved to 5G meanwhile

    const { request: after } = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);

    expect(statesOf(after)).toEqual({
      [phones[0]!]: 'accepted',
      [phones[1]!]: 'accepted',
      [phones[2]!]: 'failed',
      [phones[3]!]: 'accepted',
    });
    expect(after.lines![2]!.execution).toMatchObject({
      result: 'line_changed',
      lineChanges: [{ fact: 'contractLine', before: '4G', after: '5G' }],
    });
    expect(callsTo(PATHS.cancel, phones[2])).toBe(0);
    expect(rig.changeCalls()).toBe(3);
    expect(after.state).toBe('accepted');
  });

  it('keeps Freebit’s refusal of one line on that line, and goes on with the others', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 3);
    const { request } = await requestLines(phones);
    rig.sandbox.injectFault(PATHS.cancel, { kind: 'result-code', code: 230 }, 1);

    const { request: after } = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);

    const refused = after.lines!.filter((line) => line.state === 'failed');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.execution).toMatchObject({ result: 'refused', detailCode: 230 });
    expect(after.lines!.filter((line) => line.state === 'accepted')).toHaveLength(2);
    expect(rig.changeCalls()).toBe(3);
  });

  it('fails as a whole when no line was accepted', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 2);
    const { request } = await requestLines(phones);
    rig.sandbox.injectFault(PATHS.cancel, { kind: 'result-code', code: 230 }, 2);
    const { request: after } = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    expect(after.state).toBe('failed');
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed']);
  });

  it('records each line’s call and outcome in the audit trail, under the line', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 2);
    const { request } = await requestLines(phones);
    await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    const [entry] = await rig.approvals.historyOf(phones[1]!);
    expect(entry!.trail.filter((each) => each.phone === phones[1]).map((each) => each.action)).toEqual(['line_requested', 'line_accepted']);
  });

  it('switches every line of a contract change to its target', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 3);
    const check = await rig.approvals.checkLines({ ...bulkCancellation(phones), draft: contractChange(phones[0]!, '5G') });
    const { request } = await rig.approvals.requestChecked(check.id, AGENT);
    await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    expect(callsTo(PATHS.contract)).toBe(3);
    rig.clock.advance(31 * MINUTE);
    await rig.followUps.pollOnce();
    expect((await rig.approvals.get(request.id))!.state).toBe('completed');
    for (const phone of phones) expect(rig.sandbox.line(phone)!.contractLine).toBe('5G');
  });
});

describe('following several lines up', () => {
  it('follows each line to its end and tells the thread once, when all are done', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 5);
    const { request } = await requestLines(phones);
    await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    expect(await rig.followUps.jobsActive()).toHaveLength(5);

    await rig.followUps.pollOnce(); // the baseline
    rig.clock.advance(11 * MINUTE);
    await rig.followUps.pollOnce();

    const done = await rig.approvals.get(request.id);
    expect(done!.state).toBe('completed');
    expect(new Set(Object.values(statesOf(done)))).toEqual(new Set(['completed']));
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed', 'completed']);
    expect(await rig.followUps.jobsActive()).toHaveLength(0);
  });

  it('names the lines still pending when the deadline passes', async () => {
    rig = await startWorkflowRig({ deadlineAfterDueMs: 5 * MINUTE });
    const phones = putLines(rig.sandbox, 3);
    const { request } = await requestLines(phones);
    await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    // One line never completes at Freebit: its cancellation stays pending.
    const stuck = rig.sandbox.line(phones[1]!)!;
    rig.sandbox.putLine({ ...stuck, pending: { ...stuck.pending!, completesAt: Number.MAX_SAFE_INTEGER } });
    rig.clock.advance(11 * MINUTE);
    await rig.followUps.pollOnce();

    const done = await rig.approvals.get(request.id);
    expect(done!.state).toBe('stuck');
    expect(statesOf(done)).toEqual({ [phones[0]!]: 'completed', [phones[1]!]: 'stuck', [phones[2]!]: 'completed' });
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed', 'stuck']);
  });
});

describeStoreBackends('a batch interrupted (%s)', (backend) => {
  let location: Awaited<ReturnType<typeof freshStoreLocation>>;
  beforeEach(async () => {
    location = await freshStoreLocation(backend);
  });
  afterEach(async () => {
    // Closed before its store is removed (the file's own afterEach then finds nothing to close).
    await rig?.close();
    rig = undefined!;
    await location.cleanup();
  });
  const startRig = () => startWorkflowRig(backend === 'redis' ? { redis: { url: location.url, prefix: location.prefix } } : {});

  /** Where a process that died mid-batch leaves the request: `sent` lines called (their answers lost), `claimed` lines claimed but not sent, the rest held. */
  async function dieMidBatch(requestId: string, phones: readonly string[], { sent, claimed }: { sent: number; claimed: number }) {
    const graceUntil = rig.clock.now() + 12_000;
    for (const phone of phones.slice(0, sent)) await rig.freebit.cancelLine({ phone: phone as PhoneNumber });
    await leftExecuting(requestId, graceUntil, (lines) =>
      lines.map((line, index) => (index < sent + claimed ? { ...line, state: 'executing', claim: 'dead-process', graceUntil } : line)),
    );
  }

  it('after a restart, settles the lines a dead process claimed and sends the rest, each line called once', async () => {
    rig = await startRig();
    const staged = putLines(rig.sandbox, 8);
    const { request: second } = await requestLines(staged);
    await dieMidBatch(second.id, staged, { sent: 3, claimed: 2 });
    const restarted = await rig.restart();

    expect(await restarted.approvals.recoverInterrupted()).toBe(0); // within the dead process's grace: left alone
    rig.clock.advance(13_000);
    expect(await restarted.approvals.recoverInterrupted()).toBe(1);

    const after = await restarted.approvals.get(second.id);
    expect(after!.state).toBe('accepted');
    // The claimed lines that were never sent settle as not accepted: nothing is sent for them, ever (the call might be in flight).
    expect(staged.map((phone) => callsTo(PATHS.cancel, phone))).toEqual([1, 1, 1, 0, 0, 1, 1, 1]);
    expect(statesOf(after)).toEqual(
      Object.fromEntries(staged.map((phone, index) => [phone, index >= 3 && index < 5 ? 'failed' : 'accepted'])),
    );
    expect(after!.lines![3]!.execution).toMatchObject({ result: 'interrupted', settlement: 'not_accepted' });
    expect(rig.messenger.threadOf(second.id)).toEqual(['executed']);
  });

  it('two replicas resuming the same batch at once call each line once and tell it once', async () => {
    rig = await startRig();
    const phones = putLines(rig.sandbox, 12);
    const { request } = await requestLines(phones);
    await dieMidBatch(request.id, phones, { sent: 2, claimed: 0 });
    const a = await rig.replica();
    const b = await rig.replica();
    rig.clock.advance(13_000);

    await Promise.all([a.approvals.recoverInterrupted(), b.approvals.recoverInterrupted()]);

    for (const phone of phones) expect(callsTo(PATHS.cancel, phone)).toBe(1);
    const after = await a.approvals.get(request.id);
    expect(after!.state).toBe('accepted');
    expect(rig.messenger.threadOf(request.id).filter((kind) => kind === 'executed')).toHaveLength(1);
  });
});

describe('what a review found', () => {
  it('a batch whose accepted lines finished before its last line was sent ends completed, not failed', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 2);
    const { request } = await requestLines(phones);
    const at = rig.clock.now();
    // A process sent line 1 (its follow-up has ended it since) and died before line 2, which has moved meanwhile.
    await leftExecuting(request.id, at, ([first, second]) => [
      { ...first!, state: 'completed', execution: { result: 'accepted', at }, finishedAt: at },
      second!,
    ]);
    putLines(rig.sandbox, 1, { first: 2, overrides: { state: 'suspended' } });
    rig.clock.advance(1);

    await rig.approvals.recoverInterrupted();

    const after = await rig.approvals.get(request.id);
    expect(after!.state).toBe('completed');
    expect(statesOf(after)).toEqual({ [phones[0]!]: 'completed', [phones[1]!]: 'failed' });
    expect(rig.messenger.threadOf(request.id)).toEqual(['executed', 'completed']);
  });

  it('a line a dead process left executing, whose look-up Freebit does not answer, ends as not done (check by hand) instead of holding the request forever', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 2);
    const { request } = await requestLines(phones);
    const at = rig.clock.now();
    await leftExecuting(request.id, at, (lines) =>
      lines.map((line) => ({ ...line, state: 'executing', claim: 'dead-process', graceUntil: at })),
    );
    rig.sandbox.injectFault(PATHS.lookup, { kind: 'http-status', status: 500 }, 100);
    rig.clock.advance(1);

    await rig.approvals.recoverInterrupted();

    const after = await rig.approvals.get(request.id);
    expect(after!.state).toBe('failed');
    expect(after!.lines!.map((line) => line.execution)).toMatchObject([
      { result: 'interrupted', settlement: 'unsettled' },
      { result: 'interrupted', settlement: 'unsettled' },
    ]);
    expect(rig.changeCalls()).toBe(0);
    // Its lines are free again.
    rig.sandbox.injectFault(PATHS.lookup, { kind: 'delay', ms: 0 }, 1);
    expect(
      (await rig.approvals.submit({ draft: cancellation(phones[0]), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' })).request
        .state,
    ).toBe('pending');
  });

  it('a line’s follow-up backs off when Freebit fails its poll', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 2);
    const { request } = await requestLines(phones);
    await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    rig.sandbox.injectFault(PATHS.lookup, { kind: 'http-status', status: 500 }, 100);
    await rig.followUps.pollOnce();
    const job = await rig.followUps.get(request.id, phones[0]!);
    expect(job).toMatchObject({ failures: 1 });
    expect(job!.nextPollAt).toBeGreaterThan(rig.clock.now());
  });

  it('a store error while its lines are being held leaves no request and no hold behind', async () => {
    const faults = faultyStore();
    rig = await startWorkflowRig({ wrapStore: (store) => faults.wrap(store) });
    const phones = putLines(rig.sandbox, 3);
    const check = await rig.approvals.checkLines(bulkCancellation(phones));
    faults.failNth(2, 'after', (label) => label.startsWith('line-holds.create'));

    await expect(rig.approvals.requestChecked(check.id, AGENT)).rejects.toThrow();

    // Every line can be asked for again at once, by anyone: nothing holds it.
    for (const phone of phones) {
      expect(
        (await rig.approvals.submit({ draft: cancellation(phone), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' })).request
          .phones,
      ).toEqual([phone]);
    }
    expect(rig.messenger.posted).toHaveLength(3);
  });

  it('the history of a line other than the first shows who approved the request', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 3);
    const { request } = await requestLines(phones);
    await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    const [entry] = await rig.approvals.historyOf(phones[2]!);
    expect(entry!.trail.map((step) => step.action)).toEqual(['line_requested', 'approved', 'executing', 'line_accepted', 'accepted']);
    expect(entry!.trail.find((step) => step.action === 'approved')!.actor).toBe(DOMAIN_APPROVER);
    expect(entry!.trail.some((step) => step.phone !== phones[2] && step.action.startsWith('line_'))).toBe(false);
  });
});

describe('stopping in the middle of a batch', () => {
  it('claims no new line once the process begins to stop; the next process sends the rest, each line once', async () => {
    rig = await startWorkflowRig();
    const phones = putLines(rig.sandbox, 10);
    const { request } = await requestLines(phones);
    // Each change is answered 100 ms late: the batch is still running when the stop begins.
    rig.sandbox.injectFault(PATHS.cancel, { kind: 'delay', ms: 100 }, 10);
    expect((await rig.approvals.approve(request.id, DOMAIN_APPROVER)).outcome).toBe('approved');
    await until('a first line sent', () => (callsTo(PATHS.cancel) >= 1 ? true : undefined));
    await rig.approvals.executor.stop();

    const stopped = await rig.approvals.get(request.id);
    const sent = callsTo(PATHS.cancel);
    expect(stopped!.state).toBe('executing');
    expect(sent).toBeLessThan(phones.length);
    // Nothing was cut mid-call: every line is either through or untouched.
    expect(stopped!.lines!.filter((line) => line.state === 'executing')).toEqual([]);
    expect(stopped!.lines!.filter((line) => line.state === 'held')).toHaveLength(phones.length - sent);

    const next = await rig.replica();
    rig.clock.advance(13_000);
    await next.approvals.recoverInterrupted();
    expect((await next.approvals.get(request.id))!.state).toBe('accepted');
    for (const phone of phones) expect(callsTo(PATHS.cancel, phone)).toBe(1);
  });
});
