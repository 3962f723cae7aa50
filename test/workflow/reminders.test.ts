/**
 * The reminder of a waiting request (README.md, "Approvals"): after APPROVAL_REMIND_AFTER_MS a pending request
 * gets one reply in its thread for the approvers (workflow/remind.ts, a step of the sweep);
 * once per request, whichever replica sweeps, and never after a decision or the expiry, not
 * even when a stopped process left the reminder owed (reconcile.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { FreebitClient } from '../../src/freebit/index.js';
import { silentLogger } from '../../src/logger.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  Approvals,
  BOT_ACTOR,
  executionGraceOf,
  REQUEST_INDEX,
  requestCollections,
  type ApprovalRequest,
} from '../../src/workflow/index.js';
import { remindWaiting } from '../../src/workflow/remind.js';
import { describeStoreBackends, freshStoreLocation } from '../store/support.js';
import {
  approveAndExecute,
  AGENT,
  DOMAIN_APPROVER,
  RecordingMessenger,
  cancellation,
  startWorkflowRig,
  type WorkflowRig,
} from '../support/workflow.js';
import { requestRecord } from './historyRecords.js';

const MINUTE = 60_000;
const REMIND_AFTER_MS = 30 * MINUTE;
/** freebitTimeoutMs is 2 s in the workflow rig: what is owed is settled by the sweep a grace later. */
const PAST_THE_GRACE_MS = executionGraceOf(2_000) + 1;

describe('a reminder while a request waits', () => {
  let rig: WorkflowRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  const waiting = async (options: { remindAfterMs?: number; ttlMs?: number } = {}) => {
    rig = await startWorkflowRig({ remindAfterMs: REMIND_AFTER_MS, ...options });
    const { reference } = await rig.approvals.submit({
      draft: cancellation(),
      reason: 'customer moved abroad',
      requesterId: AGENT,
      channelId: 'C0SUPPORT',
    });
    return { rig, id: reference };
  };

  it('comes once APPROVAL_REMIND_AFTER_MS has passed, not before, and never again', async () => {
    const { rig, id } = await waiting();
    rig.clock.advance(REMIND_AFTER_MS - 1);
    await rig.approvals.sweep('replica-a');
    expect(rig.messenger.threadOf(id)).toEqual([]);

    rig.clock.advance(1);
    const redrawsBefore = rig.messenger.updates.length;
    await rig.approvals.sweep('replica-a');
    expect(rig.messenger.threadOf(id)).toEqual(['reminder']);
    // The reply is posted from the request as reminded (the Slack side says how long it waited from it), and removed from the outbox.
    expect(rig.messenger.thread.at(-1)).toMatchObject({ requestId: id, event: { kind: 'reminder' }, state: 'pending' });
    const request = await rig.approvals.get(id);
    expect(request).toMatchObject({ state: 'pending', remindedAt: rig.clock.now() });
    expect(request?.owedReplies).toBeUndefined();
    // The message shows nothing new: it is not drawn again (a copy drawn now could undo a decision taken meanwhile).
    expect(rig.messenger.updates).toHaveLength(redrawsBefore);
    // The trail says what it was, without a move of state.
    expect((await rig.store.audit.forRequest(id)).map(({ action, actor, from, to }) => ({ action, actor, from, to }))).toEqual([
      { action: 'requested', actor: AGENT, from: undefined, to: 'pending' },
      { action: 'reminded', actor: BOT_ACTOR, from: 'pending', to: 'pending' },
    ]);

    for (const later of [MINUTE, REMIND_AFTER_MS, 3 * REMIND_AFTER_MS]) {
      rig.clock.advance(later);
      await rig.approvals.sweep('replica-a');
    }
    expect(rig.messenger.threadOf(id)).toEqual(['reminder']);
    // And the request is approved as any other.
    await approveAndExecute(rig.approvals, id, DOMAIN_APPROVER);
    expect(rig.messenger.threadOf(id)).toEqual(['reminder', 'approved', 'executed']);
  });

  it.each([0, undefined])('APPROVAL_REMIND_AFTER_MS=%s: no reminder, however long it waits', async (remindAfterMs) => {
    rig = await startWorkflowRig(remindAfterMs === undefined ? {} : { remindAfterMs });
    const { reference: id } = await rig.approvals.submit({
      draft: cancellation(),
      reason: 'r',
      requesterId: AGENT,
      channelId: 'C0SUPPORT',
    });
    for (let hour = 0; hour < 5; hour++) {
      rig.clock.advance(60 * MINUTE);
      await rig.approvals.sweep('replica-a');
    }
    expect(rig.messenger.threadOf(id)).toEqual([]);
    expect((await rig.approvals.get(id))?.remindedAt).toBeUndefined();
  });

  it.each([
    ['approved', (rig: WorkflowRig, id: string) => approveAndExecute(rig.approvals, id, DOMAIN_APPROVER), ['approved', 'executed']],
    ['rejected', (rig: WorkflowRig, id: string) => rig.approvals.reject(id, DOMAIN_APPROVER, 'not now'), ['rejected']],
    ['withdrawn', (rig: WorkflowRig, id: string) => rig.approvals.withdraw(id, AGENT), ['withdrawn']],
  ] as const)('never after a decision: %s before the delay, nothing reminds later', async (_, decide, thread) => {
    const { rig, id } = await waiting();
    rig.clock.advance(REMIND_AFTER_MS - MINUTE);
    await decide(rig, id);
    for (let round = 0; round < 3; round++) {
      rig.clock.advance(REMIND_AFTER_MS);
      await rig.approvals.sweep('replica-a');
    }
    expect(rig.messenger.threadOf(id)).toEqual(thread);
  });

  it('never after the expiry: a request that expires before its reminder is due, or as it falls due, is not reminded', async () => {
    const early = await waiting({ ttlMs: 20 * MINUTE });
    early.rig.clock.advance(REMIND_AFTER_MS);
    await early.rig.approvals.sweep('replica-a');
    expect(early.rig.messenger.threadOf(early.id)).toEqual(['expired']);
    await early.rig.close();

    // Due at the same sweep: the expiry goes first.
    const together = await waiting({ ttlMs: REMIND_AFTER_MS });
    together.rig.clock.advance(REMIND_AFTER_MS);
    await together.rig.approvals.sweep('replica-a');
    expect(together.rig.messenger.threadOf(together.id)).toEqual(['expired']);
  });

  it('a reminder Slack refused stays owed, and the sweep posts it once while the request still waits', async () => {
    const { rig, id } = await waiting();
    let refusals = 1;
    rig.messenger.onThread = async (_requestId, event) => {
      if (event.kind === 'reminder' && refusals-- > 0) throw new Error('slack said: fatal_error');
    };
    rig.clock.advance(REMIND_AFTER_MS);
    await rig.approvals.sweep('replica-a');
    expect(rig.messenger.threadOf(id)).toEqual([]);
    expect((await rig.approvals.get(id))?.owedReplies).toMatchObject([{ kind: 'reminder' }]);

    rig.clock.advance(PAST_THE_GRACE_MS);
    await rig.approvals.sweep('replica-a');
    rig.clock.advance(PAST_THE_GRACE_MS);
    await rig.approvals.sweep('replica-a');
    expect(rig.messenger.threadOf(id)).toEqual(['reminder']);
    expect((await rig.approvals.get(id))?.owedReplies).toBeUndefined();
  });

  it.each([
    [
      'rejected',
      (rig: WorkflowRig, id: string) => rig.approvals.reject(id, DOMAIN_APPROVER, 'not now').then(() => undefined),
      ['rejected'],
    ],
    ['withdrawn', (rig: WorkflowRig, id: string) => rig.approvals.withdraw(id, AGENT).then(() => undefined), ['withdrawn']],
    [
      'approved',
      (rig: WorkflowRig, id: string) => approveAndExecute(rig.approvals, id, DOMAIN_APPROVER).then(() => undefined),
      ['approved', 'executed'],
    ],
    ['expired', (rig: WorkflowRig) => Promise.resolve(rig.clock.advance(24 * 60 * MINUTE)), ['expired']],
  ] as const)('a reminder still owed when the request is %s is struck off, never posted', async (_, decide, thread) => {
    const { rig, id } = await waiting();
    // Slack refuses the reminder (or its process stops before posting it): it is owed...
    rig.messenger.onThread = async (_requestId, event) => {
      if (event.kind === 'reminder') throw new Error('slack said: fatal_error');
    };
    rig.clock.advance(REMIND_AFTER_MS);
    await rig.approvals.sweep('replica-a');
    rig.messenger.onThread = undefined;
    // ...and then it is decided, or expires.
    await decide(rig, id);
    rig.clock.advance(PAST_THE_GRACE_MS);
    await rig.approvals.sweep('replica-a');
    rig.clock.advance(PAST_THE_GRACE_MS);
    await rig.approvals.sweep('replica-a');
    expect(rig.messenger.threadOf(id)).toEqual(thread);
    expect((await rig.approvals.get(id))?.owedReplies).toBeUndefined();
  });
});

describeStoreBackends('two replicas remind once, on %s', (backend) => {
  const clock = new ManualClock();
  const stores: Store[] = [];
  let sandbox: RunningSandbox;
  let freebit: FreebitClient | undefined;
  let location: Awaited<ReturnType<typeof freshStoreLocation>>;
  let messenger: RecordingMessenger;

  beforeEach(async () => {
    location = await freshStoreLocation(backend);
    messenger = new RecordingMessenger();
    sandbox = await startSandbox({ clock });
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await freebit?.close();
    freebit = undefined;
    await sandbox.close();
    await location.cleanup();
  });

  /** Another process on the same store (its own connection). */
  const replica = async () => {
    const store = await openStore(location.url, { prefix: location.prefix, clock });
    stores.push(store);
    return store;
  };

  /** Requests as they wait: three due a reminder, and three that are not (too early, no message yet, decided). */
  const seed = async (store: Store): Promise<string[]> => {
    const now = clock.now();
    const due = ['FR-DUE1', 'FR-DUE2', 'FR-DUE3'];
    const records: ApprovalRequest[] = [
      ...due.map((id, index) =>
        requestRecord(id, {
          state: 'pending',
          phone: `0901234000${index}`,
          createdAt: now - REMIND_AFTER_MS - index * MINUTE,
          expiresAt: now + 60 * MINUTE,
        }),
      ),
      requestRecord('FR-EARLY', {
        state: 'pending',
        phone: '09012340010',
        createdAt: now - REMIND_AFTER_MS + 1,
        expiresAt: now + 60 * MINUTE,
      }),
      requestRecord('FR-DECIDED', {
        state: 'rejected',
        phone: '09012340011',
        createdAt: now - 2 * REMIND_AFTER_MS,
        decidedBy: DOMAIN_APPROVER,
        decidedAt: now - MINUTE,
      }),
    ];
    const { approvalMessageTs: _, ...unplaced } = requestRecord('FR-NOMSG', {
      state: 'pending',
      phone: '09012340012',
      createdAt: now - REMIND_AFTER_MS,
      expiresAt: now + 60 * MINUTE,
    });
    const { requests } = requestCollections(store);
    for (const record of [...records, unplaced]) await requests.create(record.id, record);
    return due;
  };

  const remindersOf = async (store: Store, ids: readonly string[]) => {
    const reminded = await Promise.all(
      ids.map(async (id) => (await store.audit.forRequest(id)).filter((entry) => entry.action === 'reminded').length),
    );
    return { posted: ids.map((id) => messenger.threadOf(id).filter((kind) => kind === 'reminder').length), reminded };
  };

  it('two sweeps at once, each with the same list read before either reminded, remind each request once', async () => {
    const [first, second] = [await replica(), await replica()];
    const due = await seed(first);
    const context = (store: Store) => ({ store, requests: requestCollections(store).requests, clock, logger: silentLogger, messenger });
    const listed = await requestCollections(first).requests.inIndex(REQUEST_INDEX.sweep);
    expect(listed.map((request) => request.id).sort()).toEqual(['FR-DUE1', 'FR-DUE2', 'FR-DUE3', 'FR-EARLY', 'FR-NOMSG']);

    const counts = await Promise.all([
      remindWaiting(context(first), listed, REMIND_AFTER_MS),
      remindWaiting(context(second), listed, REMIND_AFTER_MS),
    ]);
    expect(counts[0] + counts[1]).toBe(due.length);
    expect(await remindersOf(first, due)).toEqual({ posted: [1, 1, 1], reminded: [1, 1, 1] });
    expect(messenger.thread.map((entry) => entry.requestId).sort()).toEqual(due);
    for (const id of due)
      expect(await requestCollections(second).requests.get(id)).toMatchObject({ state: 'pending', remindedAt: clock.now() });

    // Again, later: nothing more.
    clock.advance(REMIND_AFTER_MS);
    const again = await requestCollections(second).requests.inIndex(REQUEST_INDEX.sweep);
    expect(await remindWaiting(context(second), again, REMIND_AFTER_MS)).toBe(1); // FR-EARLY, now due
    expect(await remindWaiting(context(first), again, REMIND_AFTER_MS)).toBe(0);
    expect(await remindersOf(first, due)).toEqual({ posted: [1, 1, 1], reminded: [1, 1, 1] });
  });

  it('replicas sweeping in turn remind each request once', async () => {
    const [first, second] = [await replica(), await replica()];
    // Nothing here reaches Freebit (a waiting request is not sent); the sweep is built as in production all the same.
    const client = (freebit = new FreebitClient({
      baseUrl: sandbox.url,
      credentials: { oemId: 'o', oemKey: 'k' },
      authKeyCache: first.authKey,
      timeoutMs: 2_000,
    }));
    const approvalsOn = (store: Store) =>
      new Approvals({
        store,
        freebit: client,
        messenger,
        directory: { membersOf: async () => new Set<string>() },
        people: { isGuest: async () => false },
        clock,
        logger: silentLogger,
        policy: { approverUserIds: [DOMAIN_APPROVER], allowedChannelIds: [], approvalsRequired: {} },
        approvalTtlMs: 24 * 60 * MINUTE,
        approvalChannelId: 'C0APPROVALS',
        freebitTimeoutMs: 2_000,
        remindAfterMs: REMIND_AFTER_MS,
      });
    const due = await seed(first);
    const [a, b] = [approvalsOn(first), approvalsOn(second)];
    expect((await a.sweep('replica-a')).swept).toBe(true);
    await a.releaseSweep('replica-a');
    expect((await b.sweep('replica-b')).swept).toBe(true);
    expect(await remindersOf(first, due)).toEqual({ posted: [1, 1, 1], reminded: [1, 1, 1] });
    // The request without a message got it from the sweep (reconcile.ts), and its reminder at the next round, once.
    expect(messenger.posted.map((request) => request.id)).toEqual(['FR-NOMSG']);
    expect(messenger.threadOf('FR-NOMSG')).toEqual(['reminder']);
    expect(messenger.threadOf('FR-EARLY')).toEqual([]);
    expect(messenger.threadOf('FR-DECIDED')).toEqual([]);
    clock.advance(MINUTE);
    await b.sweep('replica-b');
    await b.releaseSweep('replica-b');
    await a.sweep('replica-a');
    expect(await remindersOf(first, [...due, 'FR-NOMSG', 'FR-EARLY'])).toEqual({ posted: [1, 1, 1, 1, 1], reminded: [1, 1, 1, 1, 1] });
  });
});
