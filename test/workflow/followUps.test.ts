import { afterEach, describe, expect, it } from 'vitest';
import { todayInJapan } from '../../src/dates.js';
import { FollowUps } from '../../src/workflow/index.js';
import { requestCollections } from '../../src/workflow/context.js';
import { FOLLOW_UP_SCHEMA_VERSION, followUpJobSchema } from '../../src/workflow/followUpJob.js';
import { silentLogger } from '../../src/logger.js';
import { LEASE_MS } from '../../src/workflow/leases.js';
import {
  approveAndExecute,
  AGENT,
  DOMAIN_APPROVER,
  cancellation,
  contractChange,
  registration,
  startWorkflowRig,
  type WorkflowRig,
} from '../support/workflow.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let rig: WorkflowRig;
afterEach(async () => {
  await rig?.close();
});

async function approved(
  draft: Parameters<WorkflowRig['approvals']['submit']>[0]['draft'],
  options: Parameters<typeof startWorkflowRig>[0] = {},
) {
  rig = await startWorkflowRig(options);
  const { reference } = await rig.approvals.submit({ draft, reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' });
  await approveAndExecute(rig.approvals, reference, DOMAIN_APPROVER);
  return reference;
}

function lookups(): number {
  return rig.sandbox.received.filter((entry) => entry.path === '/master/getAcnt/').length;
}

describe('following an accepted change up', () => {
  it('a cancellation ends with one completion reply and the request completed', async () => {
    const id = await approved(cancellation());
    await rig.followUps.pollOnce();
    rig.clock.advance(10 * MINUTE);
    await rig.followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
    // What the follow-up saw is kept on the line, for the close reply to say.
    const [line] = (await rig.approvals.get(id))!.lines;
    expect(line).toMatchObject({ lineAtRequest: { state: 'active' }, lastSeen: { state: 'obsolete' }, tookMs: 10 * MINUTE });
    expect(await rig.approvals.get(id)).toMatchObject({ state: 'completed', finishedAt: rig.clock.now() });
    // Told, so the job is gone: the request and its audit trail keep the history.
    expect(await rig.followUps.get(id, '09012345678')).toBeUndefined();
  });

  it('a contract change completes when the line is on the target type', async () => {
    const id = await approved(contractChange('09012345678', '5G'));
    await rig.followUps.pollOnce();
    rig.clock.advance(15 * MINUTE);
    await rig.followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed']);
    rig.clock.advance(15 * MINUTE);
    await rig.followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
    expect((await rig.approvals.get(id))!.lines[0]).toMatchObject({
      lineAtRequest: { contractLine: '4G' },
      lastSeen: { contractLine: '5G' },
    });
  });

  it('a registration completes when the new line is active', async () => {
    const id = await approved(registration('09055550001'));
    await rig.followUps.pollOnce();
    rig.clock.advance(10 * MINUTE);
    await rig.followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
    const [line] = (await rig.approvals.get(id))!.lines;
    expect(line!.lineAtRequest).toBeUndefined(); // Freebit did not know the number when it was asked for
    expect(line).toMatchObject({ lastSeen: { state: 'active' } });
  });

  it('tells the thread when the line moves while the change is under way', async () => {
    const id = await approved(contractChange('09012345678', '5G'));
    await rig.followUps.pollOnce();
    rig.sandbox.putLine({ ...rig.sandbox.line('09012345678')!, state: 'suspended' });
    rig.clock.advance(MINUTE);
    await rig.followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'progress']);
    expect(rig.messenger.thread.at(-1)!.event).toMatchObject({ before: { state: 'active' }, after: { state: 'suspended' } });
  });

  it('makes no call for a cancellation dated later until its day', async () => {
    rig = await startWorkflowRig();
    const inThreeDays = todayInJapan(rig.clock.now() + 3 * DAY);
    const { reference } = await rig.approvals.submit({
      draft: cancellation('09012345678', inThreeDays),
      reason: 'r',
      requesterId: AGENT,
      channelId: 'C0SUPPORT',
    });
    await approveAndExecute(rig.approvals, reference, DOMAIN_APPROVER);
    const before = lookups();
    for (let day = 0; day < 2; day++) {
      rig.clock.advance(DAY);
      expect(await rig.followUps.pollOnce()).toBe(0);
    }
    expect(lookups()).toBe(before);
    rig.clock.advance(DAY);
    expect(await rig.followUps.pollOnce()).toBe(1);
    rig.clock.advance(10 * MINUTE);
    await rig.followUps.pollOnce();
    expect((await rig.approvals.get(reference))?.state).toBe('completed');
  });

  it('gives up at the deadline with one reply saying so', async () => {
    const id = await approved(contractChange('09012345678', '5G'), { deadlineAfterDueMs: 60 * MINUTE });
    // Freebit silently drops the change: the line stays 4G with nothing pending.
    const { pending: _dropped, ...line } = rig.sandbox.line('09012345678')!;
    rig.sandbox.putLine(line);
    await rig.followUps.pollOnce();
    rig.clock.advance(61 * MINUTE);
    await rig.followUps.pollOnce();
    await rig.followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'stuck']);
    expect((await rig.approvals.get(id))!.lines[0]).toMatchObject({ lastSeen: { contractLine: '4G' } });
    expect((await rig.approvals.get(id))?.state).toBe('stuck');
    expect(await rig.followUps.jobsActive()).toHaveLength(0);
  });

  it('stops at the deadline even when Freebit keeps failing', async () => {
    const id = await approved(contractChange('09012345678', '5G'), { deadlineAfterDueMs: 60 * MINUTE });
    await rig.followUps.pollOnce();
    rig.sandbox.injectFault('/master/getAcnt/', { kind: 'http-status', status: 503 }, 1_000);
    for (let minute = 0; minute < 80; minute += 20) {
      rig.clock.advance(20 * MINUTE);
      await rig.followUps.pollOnce();
      const job = await rig.followUps.get(id, '09012345678'); // gone once the stuck reply is told
      if (job) expect(job.nextPollAt).toBeLessThanOrEqual(job.deadlineAt);
    }
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'stuck']);
    expect((await rig.approvals.get(id))?.state).toBe('stuck');
    expect(await rig.followUps.jobsActive()).toHaveLength(0);
  });

  it('backs off when Freebit errors, and carries on afterwards', async () => {
    const id = await approved(cancellation());
    rig.sandbox.injectFault('/master/getAcnt/', { kind: 'http-status', status: 500 }, 3);
    await rig.followUps.pollOnce();
    const job = await rig.followUps.get(id, '09012345678');
    expect(job).toMatchObject({ failures: 1, nextPollAt: rig.clock.now() + 2 * MINUTE });
    rig.clock.advance(MINUTE);
    expect(await rig.followUps.pollOnce()).toBe(0);
    rig.clock.advance(10 * MINUTE);
    await rig.followUps.pollOnce();
    expect((await rig.approvals.get(id))?.state).toBe('completed');
  });
});

describe('exactly once, across restarts and replicas', () => {
  it('a restart mid-follow-up still delivers the completion once', async () => {
    const id = await approved(cancellation());
    await rig.followUps.pollOnce();
    const { followUps } = await rig.restart();
    rig.clock.advance(10 * MINUTE);
    await followUps.pollOnce();
    await followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
  });

  it('a graceful stop hands the jobs over at once, without waiting for the lease to lapse', async () => {
    const id = await approved(contractChange('09012345678', '5G'));
    await rig.followUps.pollOnce(); // holds the lease now
    await rig.followUps.stop();
    const second = new FollowUps(
      {
        store: rig.store,
        freebit: rig.freebit,
        messenger: rig.messenger,
        clock: rig.clock,
        logger: silentLogger,
        requests: requestCollections(rig.store).requests,
      },
      { pollIntervalMs: 60_000, lookupsPerSecond: 1_000 },
    );
    rig.clock.advance(MINUTE); // due again, but well inside the first poller's lease
    const before = lookups();
    expect(await second.pollOnce()).toBe(1);
    expect(lookups()).toBe(before + 1);
    rig.clock.advance(30 * MINUTE);
    await second.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
  });

  it('two pollers on one store announce the completion once', async () => {
    const id = await approved(cancellation());
    const second = new FollowUps(
      {
        store: rig.store,
        freebit: rig.freebit,
        messenger: rig.messenger,
        clock: rig.clock,
        logger: silentLogger,
        requests: requestCollections(rig.store).requests,
      },
      { pollIntervalMs: 60_000, lookupsPerSecond: 1_000 },
    );
    rig.clock.advance(10 * MINUTE);
    await Promise.all([rig.followUps.pollOnce(), second.pollOnce(), rig.followUps.pollOnce(), second.pollOnce()]);
    expect(rig.messenger.threadOf(id).filter((kind) => kind === 'completed')).toHaveLength(1);
  });

  it('a replica takes a job over once the lease of a holder that died mid-poll lapses, not before', async () => {
    const id = await approved(contractChange('09012345678', '5G'));
    rig.clock.advance(30 * MINUTE);
    // Another replica took the job for its poll, then died: its lease is never renewed nor given back.
    await rig.store.acquireLease(`follow-up:${id}/09012345678`, 'replica-that-died', LEASE_MS);
    const second = new FollowUps(
      {
        store: rig.store,
        freebit: rig.freebit,
        messenger: rig.messenger,
        clock: rig.clock,
        logger: silentLogger,
        requests: requestCollections(rig.store).requests,
      },
      { pollIntervalMs: 60_000, lookupsPerSecond: 1_000 },
    );
    const before = lookups();
    await second.pollOnce();
    expect(lookups()).toBe(before);
    rig.clock.advance(LEASE_MS);
    await second.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
  });
});

describe('no follow-up lost, none kept for ever', () => {
  it('hands the change to the poller before the thread hears it was executed', async () => {
    rig = await startWorkflowRig();
    const jobAtExecutedReply: Array<string | undefined> = [];
    rig.messenger.onThread = async (requestId, event) => {
      if (event.kind === 'executed') jobAtExecutedReply.push((await rig.followUps.get(requestId, '09012345678'))?.state);
    };
    const { reference } = await rig.approvals.submit({ draft: cancellation(), reason: 'r', requesterId: AGENT, channelId: 'C0SUPPORT' });
    await approveAndExecute(rig.approvals, reference, DOMAIN_APPROVER);
    expect(jobAtExecutedReply).toEqual(['watching']);
  });

  it('an accepted request left without a job (a crash after the transition) is followed to completion after a restart', async () => {
    const id = await approved(cancellation());
    // What a crash between `accepted` and the hand-off leaves: the request accepted, no job.
    await rig.store.records('follow-ups', followUpJobSchema, FOLLOW_UP_SCHEMA_VERSION).delete(id);
    const { approvals, followUps } = await rig.restart();
    await approvals.recoverInterrupted();
    await followUps.pollOnce();
    rig.clock.advance(10 * MINUTE);
    await followUps.pollOnce();
    await followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
    expect((await approvals.get(id))?.state).toBe('completed');
  });

  it('a job re-created for a request already finished announces nothing more', async () => {
    const id = await approved(cancellation());
    rig.clock.advance(10 * MINUTE);
    await rig.followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
    // Recovery read the request while it was still accepted, and hands it on after the job finished.
    await rig.followUps.watch({ ...(await rig.approvals.get(id))!, state: 'accepted' });
    await rig.followUps.pollOnce();
    await rig.followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
    expect(await rig.followUps.get(id, '09012345678')).toBeUndefined();
  });

  it('a completion Slack refused is told on a later round, once; then the job is gone', async () => {
    const id = await approved(cancellation());
    await rig.followUps.pollOnce();
    let refusals = 1;
    rig.messenger.onThread = async (_requestId, event) => {
      if (event.kind === 'completed' && refusals-- > 0) throw new Error('slack said: fatal_error');
    };
    rig.clock.advance(10 * MINUTE);
    await rig.followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed']);
    expect((await rig.approvals.get(id))?.state).toBe('completed');
    expect(await rig.followUps.jobsActive()).toHaveLength(0);
    rig.clock.advance(MINUTE);
    await rig.followUps.pollOnce();
    await rig.followUps.pollOnce();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed', 'completed']);
    expect(await rig.followUps.get(id, '09012345678')).toBeUndefined();
  });

  it('gives a completion up after a bounded number of refused posts', async () => {
    const id = await approved(cancellation());
    rig.messenger.onThread = async (_requestId, event) => {
      if (event.kind === 'completed') throw new Error('slack said: fatal_error');
    };
    rig.clock.advance(10 * MINUTE);
    for (let round = 0; round < 12; round++) {
      await rig.followUps.pollOnce();
      rig.clock.advance(60 * MINUTE);
    }
    expect(await rig.followUps.get(id, '09012345678')).toBeUndefined();
    expect(rig.messenger.threadOf(id)).toEqual(['approved', 'executed']);
  });
});
