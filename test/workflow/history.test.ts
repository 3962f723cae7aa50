import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/index.js';
import { Approvals, prepareStore, REQUEST_INDEX, requestCollections, type ApprovalRequest } from '../../src/workflow/index.js';
import { describeStoreBackends, freshStoreLocation } from '../store/support.js';
import { AGENT, DOMAIN_APPROVER, startWorkflowRig, type WorkflowRig } from '../support/workflow.js';
import { rawWriter, requestRecord, trailOf } from './historyRecords.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = 1_800_000_000_000;

/** A history like a team's: mostly finished, a few open, one accepted, one closed that still owes a reply. */
function history(): ApprovalRequest[] {
  const requests: ApprovalRequest[] = [];
  for (let i = 0; i < 300; i++) {
    requests.push(
      requestRecord(`FR-H${i}`, {
        requesterId: `U0R${i % 7}`,
        phone: `090${String(10_000_000 + (i % 40)).padStart(8, '0')}`,
        createdAt: NOW - (300 - i) * 60 * 60 * 1000,
      }),
    );
  }
  requests.push(
    requestRecord('FR-DUE', { state: 'pending', createdAt: NOW - 2 * DAY, expiresAt: NOW - DAY, phone: '07011110001' }),
    requestRecord('FR-WAIT', { state: 'pending', createdAt: NOW - 1_000, expiresAt: NOW + DAY, phone: '07011110002' }),
    requestRecord('FR-ACC', { state: 'accepted', createdAt: NOW - 3_600_000, phone: '07011110003' }),
    requestRecord('FR-OWES', {
      state: 'rejected',
      createdAt: NOW - 3_600_000,
      owedReplies: [{ kind: 'rejected', since: NOW - 3_600_000 }],
      phone: '07011110004',
    }),
  );
  return requests;
}

describeStoreBackends('a store written before the indexes, on %s', (backend) => {
  let url: string;
  let prefix: string;
  let cleanup: () => Promise<void>;
  const stores: Store[] = [];

  beforeEach(async () => {
    ({ prefix, url, cleanup } = await freshStoreLocation(backend));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await cleanup();
  });

  it('is upgraded at start (once, two replicas at a time) and nothing is lost', async () => {
    const written = history();
    const writer = await rawWriter(url, prefix);
    for (let i = 0; i < written.length; i += 100)
      await writer.write(written.slice(i, i + 100).map((request) => ({ request, trail: trailOf(request) })));
    await writer.close();

    const first = await openStore(url, { prefix });
    stores.push(first);
    // Before the upgrade the indexes know nothing: this is what today's stores look like.
    expect(await requestCollections(first).requests.countIndex(REQUEST_INDEX.sweep)).toBe(0);
    const second = backend === 'redis' ? await openStore(url, { prefix }) : first;
    if (second !== first) stores.push(second);
    const rewritten = await Promise.all([prepareStore(first), prepareStore(second)]);
    expect(rewritten[0] + rewritten[1]).toBe(written.length);
    expect(await prepareStore(first)).toBe(0);

    const { requests } = requestCollections(first);
    // Nothing lost: every record reads back as written, and so does its trail, by request and by line.
    const stored = await requests.list();
    expect(stored).toHaveLength(written.length);
    for (const request of written) expect(await requests.get(request.id)).toEqual(request);
    for (const request of written.slice(0, 20)) expect(await first.audit.forRequest(request.id)).toEqual(trailOf(request));
    const line = written[0]!.phones[0]!;
    expect(await first.audit.forLine(line)).toEqual(written.filter((request) => request.phones.includes(line)).flatMap(trailOf));

    // And the indexes say what the sweep and App Home need.
    const ids = (list: readonly ApprovalRequest[]) => list.map((request) => request.id).sort();
    expect(ids(await requests.inIndex(REQUEST_INDEX.open))).toEqual(['FR-DUE', 'FR-WAIT']);
    expect(ids(await requests.inIndex(REQUEST_INDEX.open, { max: NOW }))).toEqual(['FR-DUE']);
    expect(ids(await requests.inIndex(REQUEST_INDEX.sweep))).toEqual(['FR-ACC', 'FR-DUE', 'FR-OWES', 'FR-WAIT']);
    expect(await requests.countIndex(REQUEST_INDEX.closed)).toBe(300);
    expect(await requests.countIndex(REQUEST_INDEX.requester('U0R3'))).toBe(
      written.filter((request) => request.requesterId === 'U0R3').length,
    );
    const newest = await requests.inIndex(REQUEST_INDEX.requester('U0R3'), { descending: true, limit: 3 });
    expect(newest.map((request) => request.id)).toEqual(['FR-H297', 'FR-H290', 'FR-H283']);
  });
});

describe('the workflow on its indexes', () => {
  let rig: WorkflowRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  const seed = async (store: Store, requests: readonly ApprovalRequest[]) => {
    const { requests: collection } = requestCollections(store);
    for (const request of requests) {
      await collection.create(request.id, request);
      for (const entry of trailOf(request)) await store.audit.append(entry);
    }
  };

  it('App Home shows the newest of many, with "and N more", and what waits for an approver', async () => {
    rig = await startWorkflowRig();
    const now = rig.clock.now();
    const mine = Array.from({ length: 25 }, (_, i) =>
      requestRecord(`FR-M${i}`, { requesterId: AGENT, createdAt: now - (25 - i) * 60_000, phone: `0901111${String(1000 + i)}` }),
    );
    await seed(rig.store, [
      ...mine,
      requestRecord('FR-P', {
        state: 'pending',
        requesterId: 'U0OTHER',
        createdAt: now - 1_000,
        expiresAt: now + DAY,
        phone: '09022223333',
      }),
    ]);
    const overview = await rig.approvals.overviewFor(AGENT);
    expect(overview.mine.map((request) => request.id)).toEqual(Array.from({ length: 10 }, (_, i) => `FR-M${24 - i}`));
    expect(overview.moreMine).toBe(15);
    expect(overview.awaitingApproval.map((request) => request.id)).toEqual(['FR-P']);
    expect((await rig.approvals.overviewFor(DOMAIN_APPROVER)).moreMine).toBe(0);
  });

  it('one replica sweeps at a time: the sweep runs under a lease its holder renews', async () => {
    rig = await startWorkflowRig();
    expect((await rig.approvals.sweep('replica-a', 60_000)).swept).toBe(true);
    expect((await rig.approvals.sweep('replica-b', 60_000)).swept).toBe(false);
    expect((await rig.approvals.sweep('replica-a', 60_000)).swept).toBe(true);
    // Lapsed (a replica that died) or given up (one that stopped): another takes over.
    rig.clock.advance(60_001);
    expect((await rig.approvals.sweep('replica-b', 60_000)).swept).toBe(true);
    await rig.approvals.releaseSweep('replica-b');
    expect((await rig.approvals.sweep('replica-a', 60_000)).swept).toBe(true);
  });

  it('the expiry sweep reads what is due and expires it', async () => {
    rig = await startWorkflowRig();
    const now = rig.clock.now();
    await seed(rig.store, [
      requestRecord('FR-OLD', { createdAt: now - 30 * DAY }),
      requestRecord('FR-DUE', { state: 'pending', createdAt: now - 2 * DAY, expiresAt: now - 1, phone: '07011110001' }),
      requestRecord('FR-LATER', { state: 'pending', createdAt: now - 1_000, expiresAt: now + DAY, phone: '07011110002' }),
    ]);
    expect(await rig.approvals.expireDue()).toBe(1);
    expect((await rig.approvals.get('FR-DUE'))?.state).toBe('expired');
    expect((await rig.approvals.get('FR-LATER'))?.state).toBe('pending');
    const { requests } = requestCollections(rig.store);
    expect((await requests.inIndex(REQUEST_INDEX.open)).map((request) => request.id)).toEqual(['FR-LATER']);
  });

  it('HISTORY_RETENTION_DAYS deletes finished requests past it with their trail, and nothing open or owed', async () => {
    rig = await startWorkflowRig();
    const now = rig.clock.now();
    const phone = '09044445555';
    const old = Array.from({ length: 250 }, (_, i) => requestRecord(`FR-OLD${i}`, { createdAt: now - 100 * DAY - i * 1_000, phone }));
    const kept = [
      requestRecord('FR-RECENT', { createdAt: now - 10 * DAY, phone }),
      requestRecord('FR-OLDOWES', {
        state: 'rejected',
        createdAt: now - 100 * DAY,
        owedReplies: [{ kind: 'rejected', since: now - 100 * DAY }],
        phone: '09044446666',
      }),
      requestRecord('FR-OLDACC', { state: 'accepted', createdAt: now - 100 * DAY, phone: '09044447777' }),
    ];
    await seed(rig.store, [...old, ...kept]);
    const approvals = new Approvals({
      store: rig.store,
      freebit: rig.freebit,
      messenger: rig.messenger,
      directory: { membersOf: async () => new Set<string>() },
      people: { isGuest: async () => false },
      clock: rig.clock,
      logger: silentLogger,
      policy: { approverUserIds: [DOMAIN_APPROVER], allowedChannelIds: [], approvalsRequired: {} },
      approvalTtlMs: DAY,
      approvalChannelId: 'C0APPROVALS',
      freebitTimeoutMs: 2_000,
      historyRetentionMs: 90 * DAY,
    });
    // Deleted in small batches: 250 fit in one sweep (ten batches of 100 at most). The one that
    // owed a reply is told first (the same sweep), and only then, its outbox empty, deleted.
    const { pruned } = await approvals.sweep('replica-a');
    expect(rig.messenger.threadOf('FR-OLDOWES')).toEqual(['rejected']);
    expect(pruned).toBe(251);
    const { requests } = requestCollections(rig.store);
    expect((await requests.list()).map((request) => request.id).sort()).toEqual(['FR-OLDACC', 'FR-RECENT']);
    expect(await rig.store.audit.forRequest('FR-OLD7')).toEqual([]);
    expect(await rig.store.audit.forLine(phone)).toEqual(trailOf(kept[0]!));
    expect(await requests.countIndex(REQUEST_INDEX.requester(AGENT))).toBe(2);
    expect((await approvals.sweep('replica-a')).pruned).toBe(0);
  });
});
