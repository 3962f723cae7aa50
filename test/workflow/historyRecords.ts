/**
 * Requests and audit entries as the bot stores them, written straight into a store the way the
 * code before the indexes wrote them (a versioned envelope `{ v, data }`, no index entries), for
 * the migration test and the history benchmark. SQLite: rows of keyv's table, audit rows keyed
 * by a zero-padded sequence; Redis: plain keys and lists (src/store/keys.ts).
 */
import KeyvSqlite from '@keyv/sqlite';
import { createClient } from '@keyv/redis';
import type { AuditEntry } from '../../src/store/index.js';
import {
  APPROVAL_REQUEST_SCHEMA_VERSION,
  REQUEST_LINE_SCHEMA_VERSION,
  type ApprovalRequest,
  type RequestLine,
} from '../../src/workflow/approvalRequest.js';
import { requestIndexes } from '../../src/workflow/requestIndexes.js';
import {
  lineKeyOf,
  linesOfRequestIndex,
  normaliseStoredRequest,
  recordOf,
  REQUEST_LINES,
  storedRequestOfAnyVersionSchema,
} from '../../src/workflow/requestLines.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * A schema-valid request of one line; `overrides` set what the test is about (`phone`: its
 * number). Made as the record of one line was stored before its line had a record of its own,
 * and read as the store reads that (its one normaliser), so that it is both what `rawWriter`
 * writes as an older build did and what the store reads back.
 */
export function requestRecord(
  id: string,
  overrides: Partial<Omit<ApprovalRequest, 'lines' | 'phones'>> & { phone?: string } = {},
): ApprovalRequest {
  const { record, lines } = normaliseStoredRequest(storedRequestOfAnyVersionSchema.parse(olderRequestRecord(id, overrides)));
  return { ...record, lines };
}

/** The record of one line, as builds before the lines' own records stored it. */
export function olderRequestRecord(id: string, overrides: Partial<Omit<ApprovalRequest, 'lines' | 'phones'>> & { phone?: string }) {
  const createdAt = overrides.createdAt ?? 1_700_000_000_000;
  const base: Record<string, unknown> & Partial<ApprovalRequest> = {
    id,
    phone: '09012345678',
    change: { operation: 'contract', contractLine: '5G' },
    requesterId: 'U0AGENT',
    reason: 'customer asked on the phone',
    lineAtRequest: { state: 'active', contractLine: '4G', planCode: 'LTE3G_P01' },
    originChannelId: 'C0SUPPORT',
    approvalChannelId: 'C0APPROVALS',
    approvalMessageTs: '1700000000.000100',
    createdAt,
    expiresAt: createdAt + DAY,
    state: 'completed',
    requiredApprovals: 1,
    approvals: [{ userId: 'U0APPROVER', at: createdAt + 60_000 }],
    decidedBy: 'U0APPROVER',
    decidedAt: createdAt + 60_000,
    execution: { result: 'accepted', at: createdAt + 61_000 },
    finishedAt: createdAt + 600_000,
  };
  const request = { ...base, ...overrides };
  if (request.state === 'pending') {
    delete request.decidedBy;
    delete request.decidedAt;
    delete request.execution;
    delete request.finishedAt;
    request.approvals = overrides.approvals ?? [];
  }
  return request;
}

/** What an older build stored for a request of one line (the shape `requestRecord` is made from). */
function olderShapeOf(request: ApprovalRequest): Record<string, unknown> {
  const { phones: _, ...record } = recordOf(request);
  const line = request.lines[0]!;
  return { ...record, phone: line.phone, ...(line.lineAtRequest ? { lineAtRequest: line.lineAtRequest } : {}) };
}

/** The four transitions of a finished request (requested, approved, executing, accepted), as `transition` writes them. */
export function trailOf(request: ApprovalRequest): AuditEntry[] {
  const at = request.createdAt;
  const entry = (action: string, from: string | undefined, to: string, offset: number): AuditEntry => ({
    requestId: request.id,
    phone: request.phones[0]!,
    actor: action === 'requested' ? request.requesterId : 'freebit-ops',
    action,
    ...(from ? { from } : {}),
    to,
    at: at + offset,
  });
  return [
    entry('requested', undefined, 'pending', 0),
    entry('approved', 'pending', 'approved', 60_000),
    entry('executing', 'approved', 'executing', 60_500),
    entry('accepted', 'executing', 'accepted', 61_000),
  ];
}

export interface RawWriter {
  /** Writes records and their audit entries in one go (a batch of a few hundred at most on SQLite). */
  write(batch: ReadonlyArray<{ request: ApprovalRequest; trail: readonly AuditEntry[] }>): Promise<void>;
  /** Writes a plain key (e.g. the index version a store written with its indexes carries). */
  set(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/** The index entries the store writes with a request (src/store/records.ts): names URI-encoded, one per index. */
const indexEntriesOf = (request: ApprovalRequest): Array<[string, number]> => [
  ...new Map(requestIndexes(recordOf(request)).map(({ index, score }) => [encodeURIComponent(index), score])),
];
/** Indexed: as the store writes a request now (its record, its lines apart); else as a build before the indexes did (the record of one line, version 1). */
const recordEnvelope = (request: ApprovalRequest, indexed: boolean) =>
  indexed
    ? JSON.stringify({ v: APPROVAL_REQUEST_SCHEMA_VERSION, data: recordOf(request), ix: indexEntriesOf(request) })
    : JSON.stringify({ v: 1, data: olderShapeOf(request) });
const lineEntryOf = (line: RequestLine): [string, number] => [encodeURIComponent(linesOfRequestIndex(line.requestId)), line.position];
const lineEnvelope = (line: RequestLine) => JSON.stringify({ v: REQUEST_LINE_SCHEMA_VERSION, data: line, ix: [lineEntryOf(line)] });
const auditEnvelope = (entry: AuditEntry) => JSON.stringify({ v: 1, data: entry });
const enc = encodeURIComponent;

/**
 * Writes past the store, into `url` under `prefix`, exactly what the store before the indexes
 * wrote. `indexed` (the benchmark's fast fill): what the store writes now instead, the index
 * entries with each record (SQLite: the triggers the store created at its first open make the
 * index rows; Redis: the sorted sets, in the same MULTI), and SQLite without waiting for the disk.
 */
export async function rawWriter(url: string, prefix: string, options: { indexed?: boolean } = {}): Promise<RawWriter> {
  const indexed = options.indexed ?? false;
  if (url.startsWith('sqlite://')) {
    const adapter = new KeyvSqlite({ uri: url, busyTimeout: 5_000 });
    await adapter.query('PRAGMA journal_mode = WAL');
    if (indexed) await adapter.query('PRAGMA synchronous = OFF');
    const table = adapter.opts.table ?? 'keyv';
    const sequenceKey = `${prefix}:audit:sequence`;
    let sequence = Number((await adapter.get<string>(sequenceKey)) ?? '0');
    return {
      async write(batch) {
        const rows: Array<[string, string]> = [];
        for (const { request, trail } of batch) {
          rows.push([`${prefix}:records:requests:${enc(request.id)}`, recordEnvelope(request, indexed)]);
          if (indexed)
            for (const line of request.lines) rows.push([`${prefix}:records:${REQUEST_LINES}:${enc(lineKeyOf(line))}`, lineEnvelope(line)]);
          for (const entry of trail) {
            const seq = String(++sequence).padStart(12, '0');
            const raw = auditEnvelope(entry);
            rows.push(
              [`${prefix}:audit:request:${enc(entry.requestId)}:${seq}`, raw],
              [`${prefix}:audit:line:${enc(entry.phone)}:${seq}`, raw],
            );
          }
        }
        rows.push([sequenceKey, String(sequence)]);
        // SQLite caps a statement's parameters (32,766): a few thousand rows a statement, one transaction (this connection is the only one writing).
        await adapter.query('BEGIN');
        for (let i = 0; i < rows.length; i += 8_000) {
          const slice = rows.slice(i, i + 8_000);
          await adapter.query(
            `INSERT INTO ${table} (key, value) VALUES ${slice.map(() => '(?, ?)').join(', ')} ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
            ...slice.flat(),
          );
        }
        await adapter.query('COMMIT');
      },
      set: async (key, value) => {
        await adapter.set(key, value);
      },
      close: () => adapter.disconnect(),
    };
  }
  const client = createClient({ url });
  await client.connect();
  return {
    async write(batch) {
      const transaction = client.multi();
      for (const { request, trail } of batch) {
        transaction.set(`${prefix}:records:requests:${enc(request.id)}`, recordEnvelope(request, indexed));
        if (indexed) {
          for (const [name, score] of indexEntriesOf(request))
            transaction.zAdd(`${prefix}:index:requests:${name}`, { score, value: enc(request.id) });
          for (const line of request.lines) {
            transaction.set(`${prefix}:records:${REQUEST_LINES}:${enc(lineKeyOf(line))}`, lineEnvelope(line));
            const [name, score] = lineEntryOf(line);
            transaction.zAdd(`${prefix}:index:${REQUEST_LINES}:${name}`, { score, value: enc(lineKeyOf(line)) });
          }
        }
        for (const entry of trail) {
          const raw = auditEnvelope(entry);
          transaction.rPush(`${prefix}:audit:request:${enc(entry.requestId)}`, raw);
          transaction.rPush(`${prefix}:audit:line:${enc(entry.phone)}`, raw);
        }
      }
      await transaction.exec();
    },
    set: async (key, value) => {
      await client.set(key, value);
    },
    close: async () => {
      await client.close();
    },
  };
}
