/**
 * Requests stored by builds before a request's lines had records of their own: the record of
 * one line (`phone`, `lineAtRequest`, its progress on the request) and the record of several
 * (`lines[]` inside the request). Each is read as 1..N lines by the one normaliser
 * (requestLines.ts `normaliseStoredRequest`) and written apart by the migration at start
 * (prepare.ts); a request such a build left `executing` or `accepted` is settled and followed up
 * after the upgrade as if this build had left it.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import type { Store } from '../../src/store/index.js';
import { prepareStore, requestCollections, requestIndexes } from '../../src/workflow/index.js';
import { normaliseStoredRequest, storedRequestOfAnyVersionSchema } from '../../src/workflow/requestLines.js';
import { describeStoreBackends, freshStoreLocation } from '../store/support.js';
import { putLines } from '../support/lines.js';
import { startWorkflowRig, type WorkflowRig } from '../support/workflow.js';
import { olderRequestRecord } from './historyRecords.js';

const MINUTE = 60_000;
const FACTS = { state: 'active', contractLine: '4G', planCode: 'LTE3G_P01' } as const;

/** Writes `records` as an older build did: version 1, with the index entries it had. */
async function writeAsOlderBuild(store: Store, records: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const requests = store.records<Record<string, unknown>>('requests', z.any(), 1, {
    indexes: (stored) => requestIndexes(normaliseStoredRequest(storedRequestOfAnyVersionSchema.parse(stored)).record),
    indexVersion: 2,
  });
  for (const record of records) await requests.create(String(record.id), record);
}

describeStoreBackends('requests stored by an older build, on %s', (backend) => {
  let location: Awaited<ReturnType<typeof freshStoreLocation>>;
  let rig: WorkflowRig | undefined;

  beforeEach(async () => {
    location = await freshStoreLocation(backend);
  });
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
    await location.cleanup();
  });

  const startOnTheStore = () =>
    startWorkflowRig(
      backend === 'redis'
        ? { redis: { url: location.url, prefix: location.prefix } }
        : { storeFile: location.url.slice('sqlite://'.length) },
    );

  it('reads every older shape as its lines, each in a record of its own, once', async () => {
    rig = await startOnTheStore();
    const now = rig.clock.now();
    const [one, executing, accepted, completed, first, second, third] = putLines(rig.sandbox, 7);
    await writeAsOlderBuild(rig.store, [
      { ...olderRequestRecord('FR-PEND1', { state: 'pending', phone: one!, createdAt: now, expiresAt: now + 60 * MINUTE }) },
      {
        ...olderRequestRecord('FR-EXEC1', { state: 'executing', phone: executing!, createdAt: now, decidedAt: now, finishedAt: undefined }),
        execution: undefined,
        executionClaim: 'older-build',
        executingSince: now,
        graceUntil: now + MINUTE,
      },
      { ...olderRequestRecord('FR-ACCP1', { state: 'accepted', phone: accepted!, createdAt: now, finishedAt: undefined }) },
      { ...olderRequestRecord('FR-DONE1', { state: 'completed', phone: completed!, createdAt: now - 60 * MINUTE }) },
      {
        ...olderRequestRecord('FR-MANY1', { state: 'executing', phone: first!, createdAt: now, finishedAt: undefined }),
        lineAtRequest: undefined,
        execution: undefined,
        graceUntil: now + MINUTE,
        lines: [
          { phone: first!, lineAtRequest: FACTS, state: 'accepted', execution: { result: 'accepted', at: now } },
          { phone: second!, lineAtRequest: FACTS, state: 'executing', claim: 'older-build', graceUntil: now + MINUTE },
          { phone: third!, lineAtRequest: FACTS, state: 'held' },
        ],
      },
    ]);

    expect(await prepareStore(rig.store)).toBe(5);
    expect(await prepareStore(rig.store)).toBe(0);

    const { requests } = requestCollections(rig.store);
    const linesOf = async (id: string) =>
      (await requests.get(id))!.lines.map(({ phone, position, state, claim }) => ({ phone, position, state, ...(claim ? { claim } : {}) }));
    expect(await requests.get('FR-PEND1')).toMatchObject({ phones: [one], state: 'pending' });
    expect((await requests.get('FR-PEND1'))!.lines).toEqual([
      { requestId: 'FR-PEND1', phone: one, position: 0, lineAtRequest: FACTS, state: 'held' },
    ]);
    expect(await linesOf('FR-EXEC1')).toEqual([{ phone: executing, position: 0, state: 'executing', claim: 'older-build' }]);
    expect((await requests.get('FR-ACCP1'))!.lines[0]).toMatchObject({ state: 'accepted', execution: { result: 'accepted' } });
    expect((await requests.get('FR-DONE1'))!.lines[0]).toMatchObject({ state: 'completed', finishedAt: now - 60 * MINUTE + 600_000 });
    expect(await requests.get('FR-MANY1')).toMatchObject({ phones: [first, second, third], state: 'executing' });
    expect(await linesOf('FR-MANY1')).toEqual([
      { phone: first, position: 0, state: 'accepted' },
      { phone: second, position: 1, state: 'executing', claim: 'older-build' },
      { phone: third, position: 2, state: 'held' },
    ]);
    // The request records no longer hold a line's state.
    const stored = await rig.store.records('requests', z.record(z.string(), z.unknown()), 2, {}).list();
    for (const record of stored) {
      expect(record).not.toHaveProperty('lines');
      expect(record).not.toHaveProperty('phone');
      expect(record).not.toHaveProperty('lineAtRequest');
    }
  });

  it('settles a request an older build left executing, never sending it again, and follows up one it left accepted', async () => {
    rig = await startOnTheStore();
    const now = rig.clock.now();
    const [executing, accepted, first, second, third] = putLines(rig.sandbox, 5);
    await writeAsOlderBuild(rig.store, [
      {
        ...olderRequestRecord('FR-EXEC1', { state: 'executing', phone: executing!, createdAt: now, decidedAt: now, finishedAt: undefined }),
        change: { operation: 'cancel' },
        execution: undefined,
        executionClaim: 'older-build',
        executingSince: now,
        graceUntil: now + MINUTE,
      },
      {
        ...olderRequestRecord('FR-ACCP1', { state: 'accepted', phone: accepted!, createdAt: now, finishedAt: undefined }),
        change: { operation: 'cancel' },
      },
      {
        ...olderRequestRecord('FR-MANY1', { state: 'executing', phone: first!, createdAt: now, finishedAt: undefined }),
        change: { operation: 'cancel' },
        lineAtRequest: undefined,
        execution: undefined,
        graceUntil: now + MINUTE,
        lines: [
          { phone: first!, lineAtRequest: FACTS, state: 'failed', execution: { result: 'refused', detailCode: 230, at: now } },
          { phone: second!, lineAtRequest: FACTS, state: 'executing', claim: 'older-build', graceUntil: now + MINUTE },
          { phone: third!, lineAtRequest: FACTS, state: 'held' },
        ],
      },
    ]);
    await prepareStore(rig.store);
    rig.clock.advance(2 * MINUTE); // past the grace the older build wrote

    await rig.approvals.recoverInterrupted();

    // The line the older build left mid-call is settled by a look-up (the sandbox shows no cancellation): never sent again.
    expect(await rig.approvals.get('FR-EXEC1')).toMatchObject({
      state: 'failed',
      execution: { result: 'interrupted', settlement: 'not_accepted' },
      lines: [{ state: 'failed', execution: { result: 'interrupted', settlement: 'not_accepted' } }],
    });
    // Of several: the executing line settled, the held one sent (once), the request on its way.
    const many = await rig.approvals.get('FR-MANY1');
    expect(many!.lines.map((line) => line.state)).toEqual(['failed', 'failed', 'accepted']);
    expect(many!.state).toBe('accepted');
    expect(rig.changeCalls()).toBe(1);
    // The accepted requests are handed to the follow-up: one job per accepted line.
    expect(await rig.followUps.get('FR-ACCP1', accepted!)).toMatchObject({ state: 'watching', phone: accepted });
    expect(await rig.followUps.get('FR-MANY1', third!)).toMatchObject({ state: 'watching' });
    expect(rig.messenger.threadOf('FR-EXEC1')).toEqual(['executed']);
    expect(rig.messenger.threadOf('FR-MANY1')).toEqual(['executed']);
  });

  it('follows up the jobs an older build keyed by the request, and the close a request of several lines owed as lines_done', async () => {
    rig = await startOnTheStore();
    const now = rig.clock.now();
    const [watched, finished, first, second] = putLines(rig.sandbox, 4);
    await writeAsOlderBuild(rig.store, [
      {
        ...olderRequestRecord('FR-JOBW1', { state: 'accepted', phone: watched!, createdAt: now, finishedAt: undefined }),
        change: { operation: 'cancel' },
      },
      {
        ...olderRequestRecord('FR-JOBF1', { state: 'accepted', phone: finished!, createdAt: now, finishedAt: undefined }),
        change: { operation: 'cancel' },
      },
      {
        ...olderRequestRecord('FR-DONE1', { state: 'stuck', phone: first!, createdAt: now }),
        lineAtRequest: undefined,
        lines: [
          { phone: first!, lineAtRequest: FACTS, state: 'completed', execution: { result: 'accepted', at: now }, finishedAt: now },
          { phone: second!, lineAtRequest: FACTS, state: 'stuck', execution: { result: 'accepted', at: now }, finishedAt: now },
        ],
        owedReplies: [{ kind: 'lines_done', since: now }],
      },
    ]);
    // The jobs as the older build stored them: under the request's id, one still watching, one
    // finished whose poster died before the request's transition (its reply carried its facts).
    const olderJobs = rig.store.records<Record<string, unknown>>('follow-ups', z.any(), 1, {
      indexes: (job) =>
        job.state === 'watching'
          ? [{ index: 'watching', score: Number(job.nextPollAt) }]
          : [{ index: 'finished', score: Number((job.owed as { retryAt?: number } | undefined)?.retryAt ?? 0) }],
      indexVersion: 2,
    });
    const job = (phone: string) => ({
      phone,
      operation: 'cancel',
      requesterId: 'U0AGENT',
      dueAt: now,
      deadlineAt: now + 120 * MINUTE,
      acceptedAt: now,
      lastSeen: FACTS,
      before: FACTS,
      nextPollAt: now,
      polls: 1,
      failures: 0,
    });
    await olderJobs.create('FR-JOBW1', { requestId: 'FR-JOBW1', ...job(watched!), state: 'watching' });
    const obsolete = { ...FACTS, state: 'obsolete' };
    await olderJobs.create('FR-JOBF1', {
      requestId: 'FR-JOBF1',
      ...job(finished!),
      state: 'completed',
      lastSeen: obsolete,
      owed: { event: { kind: 'completed', before: FACTS, after: obsolete, tookMs: 5 * MINUTE }, since: now + 5 * MINUTE, failures: 0 },
    });
    await prepareStore(rig.store);

    // Each moved to its line's key: nothing left under the request's id.
    expect(await olderJobs.get('FR-JOBW1')).toBeUndefined();
    expect(await olderJobs.get('FR-JOBF1')).toBeUndefined();
    expect(await rig.followUps.get('FR-JOBW1', watched!)).toMatchObject({ state: 'watching' });
    // The close owed as `lines_done` is the request's close now.
    expect((await rig.approvals.get('FR-DONE1'))!.owedReplies).toEqual([{ kind: 'stuck', since: now }]);

    rig.sandbox.putLine({ ...rig.sandbox.line(watched!)!, state: 'obsolete' });
    rig.clock.advance(10 * MINUTE);
    await rig.followUps.pollOnce();

    for (const [id, phone] of [
      ['FR-JOBW1', watched!],
      ['FR-JOBF1', finished!],
    ] as const) {
      expect(rig.messenger.threadOf(id)).toEqual(['completed']);
      const request = await rig.approvals.get(id);
      expect(request).toMatchObject({ state: 'completed' });
      expect(request!.lines[0]).toMatchObject({ state: 'completed', lastSeen: { state: 'obsolete' } });
      expect(await rig.followUps.get(id, phone)).toBeUndefined();
    }
  });
});
