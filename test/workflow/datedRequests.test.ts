/**
 * Dates that cross midnight (README.md, "Approvals"). A cancellation (or registration) dated today in
 * Japan, approved after Japan's midnight, would go out with a past date, which Freebit refuses
 * (204). The date is checked again at the approval, by the sweep, and right before the call;
 * a passed date is never sent: the request ends, failed, saying so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { todayInJapan } from '../../src/dates.js';
import { PATHS } from '../support/freebit.js';
import { until } from '../support/waiting.js';
import {
  approveAndExecute,
  AGENT,
  DOMAIN_APPROVER,
  SECOND_APPROVER,
  cancellation,
  startWorkflowRig,
  type WorkflowRig,
} from '../support/workflow.js';

/** The rig's clock starts at 2026-11-22 12:00 in Japan: this is 00:01 on the 23rd there. */
const PAST_MIDNIGHT_MS = 12 * 60 * 60 * 1000 + 60_000;

let rig: WorkflowRig;
afterEach(async () => {
  await rig?.close();
});

const lineHold = () => rig.store.records('line-holds', z.object({ requestId: z.string() }), 1).get('09012345678');

async function datedToday(options: Parameters<typeof startWorkflowRig>[0] = {}) {
  rig = await startWorkflowRig(options);
  const today = todayInJapan(rig.clock.now());
  expect(today).toBe('20261122');
  const { request } = await rig.approvals.submit({
    draft: cancellation('09012345678', today),
    reason: 'moving out tonight',
    requesterId: AGENT,
    channelId: 'C0SUPPORT',
  });
  return request;
}

describe('a request dated today, decided after midnight in Japan', () => {
  it('approved after midnight: nothing is sent, the request ends (failed, date passed), the thread says so, the line is free', async () => {
    const request = await datedToday();
    rig.clock.advance(PAST_MIDNIGHT_MS);
    const decision = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    expect(decision.outcome).toBe('ended');
    expect(decision.request).toMatchObject({ state: 'failed', execution: { result: 'date_passed' } });
    expect(rig.changeCalls()).toBe(0);
    expect(rig.messenger.threadOf(request.id)).toEqual(['executed']);
    expect(rig.messenger.updates.at(-1)?.state).toBe('failed');
    expect(await lineHold()).toBeUndefined();
    // Asking again (as soon as possible) is possible at once.
    const again = await rig.approvals.submit({
      draft: cancellation('09012345678'),
      reason: 'as soon as possible',
      requesterId: AGENT,
      channelId: 'C0SUPPORT',
    });
    expect(again.request.state).toBe('pending');
  });

  it('approved just before midnight still goes out with its date', async () => {
    const request = await datedToday();
    rig.clock.advance(PAST_MIDNIGHT_MS - 2 * 60_000); // 23:59 in Japan
    const decision = await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    expect(decision.request.state).toBe('accepted');
    expect(rig.changeCalls()).toBe(1);
  });

  it('with two approvals needed, the second one after midnight ends it too', async () => {
    const request = await datedToday({ policy: { approvalsRequired: { cancel: 2 } } });
    expect((await approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER)).outcome).toBe('counted');
    rig.clock.advance(PAST_MIDNIGHT_MS);
    const decision = await approveAndExecute(rig.approvals, request.id, SECOND_APPROVER);
    expect(decision.outcome).toBe('ended');
    expect(rig.changeCalls()).toBe(0);
    expect(rig.messenger.threadOf(request.id)).toEqual(['approval_counted', 'executed']);
  });

  it('left pending past midnight: the sweep ends it, and the line is free for a new request', async () => {
    const request = await datedToday();
    rig.clock.advance(PAST_MIDNIGHT_MS);
    await rig.approvals.sweep('replica-a');
    expect(await rig.approvals.get(request.id)).toMatchObject({ state: 'failed', execution: { result: 'date_passed' } });
    expect(rig.messenger.threadOf(request.id)).toEqual(['executed']);
    expect(await lineHold()).toBeUndefined();
    expect(rig.changeCalls()).toBe(0);
  });

  it('midnight passes during the look-up right before the call: nothing is sent', async () => {
    const request = await datedToday();
    rig.clock.advance(PAST_MIDNIGHT_MS - 2 * 60_000); // 23:59: the approval itself is in time
    const lookupsBefore = rig.sandbox.received.filter((entry) => entry.path === PATHS.lookup).length;
    rig.sandbox.injectFault(PATHS.lookup, { kind: 'delay', ms: 400 });
    const approving = approveAndExecute(rig.approvals, request.id, DOMAIN_APPROVER);
    await until('the look-up before the call', () =>
      rig.sandbox.received.filter((entry) => entry.path === PATHS.lookup).length > lookupsBefore ? true : undefined,
    );
    rig.clock.advance(3 * 60_000); // 00:02 when Freebit answers
    const decision = await approving;
    expect(decision.request).toMatchObject({ state: 'failed', execution: { result: 'date_passed' } });
    expect(rig.changeCalls()).toBe(0);
    expect(rig.messenger.threadOf(request.id)).toEqual(['approved', 'executed']);
  });
});
