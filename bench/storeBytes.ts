/**
 * What a request costs the store, in bytes written: a counting wrapper around the store (the
 * JSON of every record created or updated, every audit and access entry appended; leases,
 * claims and the pace's counters are left out). Measured on the workflow alone (the Slack
 * layer adds nothing to the store but what the workflow writes), for one request of `lines`
 * lines and for as many one-line requests, each from its request to its follow-up's end.
 */
import type { RecordCollection, Store } from '../src/store/index.js';
import { phoneNumber } from '../src/phone.js';
import { putLines } from '../test/support/lines.js';
import { AGENT, DOMAIN_APPROVER, cancellation, startWorkflowRig } from '../test/support/workflow.js';

const MINUTE = 60_000;

interface Counter {
  bytes: number;
}

function size(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

function countingCollection<T>(collection: RecordCollection<T>, counter: Counter): RecordCollection<T> {
  return {
    ...collection,
    async create(id, value) {
      const created = await collection.create(id, value);
      if (created) counter.bytes += size(value);
      return created;
    },
    async update(id, change) {
      const outcome = await collection.update(id, change);
      if (outcome.updated) counter.bytes += size(outcome.value);
      return outcome;
    },
    async updateMany(updates) {
      const outcomes = await collection.updateMany(updates);
      for (const outcome of outcomes) if (outcome.updated) counter.bytes += size(outcome.value);
      return outcomes;
    },
    get: (id) => collection.get(id),
    list: () => collection.list(),
    delete: (id) => collection.delete(id),
    deleteIf: (id, holds) => collection.deleteIf(id, holds),
    inIndex: (index, query) => collection.inIndex(index, query),
    countIndex: (index, query) => collection.countIndex(index, query),
    buildIndexes: () => collection.buildIndexes(),
  };
}

function countingStore(store: Store, counter: Counter): Store {
  return {
    ...store,
    backend: store.backend,
    records: (namespace, schema, version, options) => countingCollection(store.records(namespace, schema, version, options), counter),
    pace: (name, rate) => store.pace(name, rate),
    claim: (key, owner, ttlMs) => store.claim(key, owner, ttlMs),
    acquireLease: (key, owner, ttlMs) => store.acquireLease(key, owner, ttlMs),
    releaseLease: (key, owner) => store.releaseLease(key, owner),
    audit: {
      ...store.audit,
      append: async (entry) => {
        await store.audit.append(entry);
        counter.bytes += size(entry);
      },
      forRequest: (requestId) => store.audit.forRequest(requestId),
      forLine: (phone) => store.audit.forLine(phone),
      forgetRequest: (requestId) => store.audit.forgetRequest(requestId),
    },
    access: {
      ...store.access,
      append: async (entries) => {
        await store.access.append(entries);
        counter.bytes += size(entries);
      },
      admit: async (userId, asks, ceiling) => {
        const admitted = await store.access.admit(userId, asks, ceiling);
        counter.bytes += size(asks.map((ask) => ask.entries));
        return admitted;
      },
      forLine: (phone, limit) => store.access.forLine(phone, limit),
      forPerson: (userId, limit) => store.access.forPerson(userId, limit),
      pruneBefore: (before, batch) => store.access.pruneBefore(before, batch),
    },
    authKey: store.authKey,
    durability: () => store.durability(),
    close: () => store.close(),
  };
}

/** Bytes written from the requests to their follow-up's end: one request of `lines` lines (`batch`), or `lines` one-line requests. */
export async function bytesWritten(lines: number, shape: 'batch' | 'singles'): Promise<number> {
  const counter: Counter = { bytes: 0 };
  const rig = await startWorkflowRig({ wrapStore: (store) => countingStore(store, counter) });
  try {
    const phones = putLines(rig.sandbox, lines);
    // The Freebit client's authKey and the rig's start are not the requests'.
    await rig.freebit.lookupLine(phoneNumber(phones[0]!));
    counter.bytes = 0;
    const ids: string[] = [];
    if (shape === 'batch') {
      const check = await rig.approvals.checkLines({
        draft: cancellation(phones[0]),
        phones: phones.map((phone) => phoneNumber(phone)),
        reason: 'bench: bytes of a batch',
        requesterId: AGENT,
        channelId: 'C0SUPPORT',
      });
      const { request } = await rig.approvals.requestChecked(check.id, AGENT);
      await rig.approvals.approve(request.id, DOMAIN_APPROVER);
      await rig.approvals.executor.idle();
      ids.push(request.id);
    } else {
      for (const phone of phones) {
        const { request } = await rig.approvals.submit({
          draft: cancellation(phone),
          reason: 'bench: bytes of one line',
          requesterId: AGENT,
          channelId: 'C0SUPPORT',
        });
        await rig.approvals.approve(request.id, DOMAIN_APPROVER);
        await rig.approvals.executor.idle();
        ids.push(request.id);
      }
    }
    await rig.followUps.pollOnce(); // the baseline
    rig.clock.advance(11 * MINUTE);
    await rig.followUps.pollOnce();
    // Let the courier deliver what the thread is owed (removing each reply from the outbox is a write too).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const written = counter.bytes;
    // Measured only if every request went the whole way.
    for (const id of ids) {
      const state = (await rig.approvals.get(id))?.state;
      if (state !== 'completed') throw new Error(`request ${id} ended ${state}, not completed: the measure is void`);
    }
    return written;
  } finally {
    await rig.close();
  }
}
