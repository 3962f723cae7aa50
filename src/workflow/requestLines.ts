import { z } from 'zod';
import type { RecordCollection, Store } from '../store/index.js';
import { declareIndexes } from '../store/index.js';
import {
  LINE_STATES_OF_REQUEST,
  REQUEST_LINE_SCHEMA_VERSION,
  lineFactsSchema,
  owedReplySchema,
  requestLineSchema,
  requestRecordSchema,
  type ApprovalRequest,
  type RequestLine,
  type RequestLineState,
  type RequestRecord,
} from './approvalRequest.js';

/**
 * A request's lines, each in a record of its own keyed `<requestId>/<phone>` (as the follow-up
 * jobs are), in an index by request so that a request's lines are read in order, at what they
 * cost and never more: a line's progress (its claim, its outcome, its end) rewrites that line
 * only, never the request nor its other lines.
 */
export const REQUEST_LINES = 'request-lines';

/** How many lines the approval message lists; the rest are counted, and listed in a thread reply (Block Kit's limits). */
export const LINES_SHOWN_IN_MESSAGE = 20;

/** Lines executed at once; each also waits its turn at the shared Freebit pace. */
export const LINE_CONCURRENCY = 4;

/** The index of one request's lines (by their position in it). */
export const linesOfRequestIndex = (requestId: string) => `request:${requestId}`;

const lineIndexOptions = declareIndexes<RequestLine>(REQUEST_LINES, {
  indexes: (line) => [{ index: linesOfRequestIndex(line.requestId), score: line.position }],
});

export function requestLineCollection(store: Pick<Store, 'records'>): RecordCollection<RequestLine> {
  return store.records(REQUEST_LINES, requestLineSchema, REQUEST_LINE_SCHEMA_VERSION, lineIndexOptions);
}

/** Where a line of a request is stored (and its follow-up job, followUpJob.ts `jobKeyOf`). */
export function lineKeyOf(line: Pick<RequestLine, 'requestId' | 'phone'>): string {
  return `${line.requestId}/${line.phone}`;
}

/** The request's own fields, without its lines: what the request record stores. */
export function recordOf(request: ApprovalRequest | RequestRecord): RequestRecord {
  if (!('lines' in request)) return request;
  const { lines: _, ...record } = request;
  return record;
}

/** A new request's lines, held, in the order given. */
export function heldLines(requestId: string, lines: ReadonlyArray<Pick<RequestLine, 'phone' | 'lineAtRequest'>>): RequestLine[] {
  return lines.map((line, position) => ({
    requestId,
    phone: line.phone,
    position,
    ...(line.lineAtRequest ? { lineAtRequest: line.lineAtRequest } : {}),
    state: 'held',
  }));
}

/**
 * The requests as the workflow reads and writes them: each record with its lines, read through
 * the lines' index. What is written of a request is its record (`recordOf`): a change that
 * touches a line goes to that line's record (`lines`), never through here. A request is created
 * lines first: a reader never finds a request without its lines (a process killed in between
 * leaves lines naming no request, which nothing reads).
 */
export function requestsWithLines(
  records: RecordCollection<RequestRecord>,
  lines: RecordCollection<RequestLine>,
): RecordCollection<ApprovalRequest> {
  const linesOf = (requestId: string) => lines.inIndex(linesOfRequestIndex(requestId));
  const withLines = async (record: RequestRecord): Promise<ApprovalRequest> => ({ ...record, lines: await linesOf(record.id) });
  const allWithLines = (found: RequestRecord[]) => Promise.all(found.map(withLines));
  const changeOf =
    (read: RequestLine[], change: (current: ApprovalRequest) => ApprovalRequest | undefined) =>
    (current: RequestRecord): RequestRecord | undefined => {
      const next = change({ ...current, lines: read });
      return next && recordOf(next);
    };
  return {
    async get(id) {
      const record = await records.get(id);
      return record && withLines(record);
    },
    async create(id, value) {
      for (const line of value.lines) {
        if (!(await lines.create(lineKeyOf(line), line))) {
          // Written by this very create before (an error answered for a write that landed): the same line.
          const stored = await lines.get(lineKeyOf(line));
          if (JSON.stringify(stored) !== JSON.stringify(line)) return false;
        }
      }
      return records.create(id, recordOf(value));
    },
    async update(id, change) {
      const read = await linesOf(id);
      const outcome = await records.update(id, changeOf(read, change));
      if (outcome.updated) return { updated: true, value: { ...outcome.value, lines: read } };
      return { updated: false, current: outcome.current && { ...outcome.current, lines: read } };
    },
    async list() {
      return allWithLines(await records.list());
    },
    async delete(id) {
      for (const line of await linesOf(id)) await lines.delete(lineKeyOf(line));
      await records.delete(id);
    },
    async deleteIf(id, holds) {
      const read = await linesOf(id);
      if (!(await records.deleteIf(id, (current) => holds({ ...current, lines: read })))) return false;
      for (const line of read) await lines.delete(lineKeyOf(line));
      return true;
    },
    async updateMany(updates) {
      const read = await Promise.all(updates.map((update) => linesOf(update.id)));
      const outcomes = await records.updateMany(
        updates.map((update, index) => ({
          id: update.id,
          change: changeOf(read[index]!, update.change),
          ...(update.alongside
            ? { alongside: (after, before) => update.alongside!({ ...after, lines: read[index]! }, { ...before, lines: read[index]! }) }
            : {}),
        })),
      );
      return outcomes.map((outcome, index) =>
        outcome.updated
          ? { updated: true as const, value: { ...outcome.value, lines: read[index]! } }
          : { updated: false as const, current: outcome.current && { ...outcome.current, lines: read[index]! } },
      );
    },
    async inIndex(index, query) {
      return allWithLines(await records.inIndex(index, query));
    },
    countIndex: (index, query) => records.countIndex(index, query),
    async buildIndexes() {
      return (await records.buildIndexes()) + (await lines.buildIndexes());
    },
  };
}

/** How many lines are in each state: what the progress line of the approval message says. */
export type LineTally = Record<RequestLineState, number> & { total: number };

export function tallyOf(lines: readonly Pick<RequestLine, 'state'>[]): LineTally {
  const tally = Object.fromEntries(LINE_STATES_OF_REQUEST.map((state) => [state, 0])) as LineTally;
  tally.total = 0;
  for (const line of lines) {
    tally[line.state] += 1;
    tally.total += 1;
  }
  return tally;
}

/** Every line had its call (or was skipped): the request can leave `executing`. */
export function allLinesSent(lines: readonly Pick<RequestLine, 'state'>[]): boolean {
  return lines.every((line) => line.state !== 'held' && line.state !== 'executing');
}

/** Every accepted line is done or past its deadline: the request can leave `accepted`. */
export function allLinesDone(lines: readonly Pick<RequestLine, 'state'>[]): boolean {
  return lines.every((line) => line.state === 'failed' || line.state === 'completed' || line.state === 'stuck');
}

// ---------------------------------------------------------------------------------------------
// Older stored shapes, read by one normaliser.

/** A line kept inside its request (the records of several lines before the lines had records of their own). */
const embeddedLineSchema = z.object({
  phone: z.string(),
  lineAtRequest: lineFactsSchema.optional(),
  state: z.enum(LINE_STATES_OF_REQUEST),
  claim: z.string().optional(),
  graceUntil: z.number().optional(),
  execution: requestLineSchema.shape.execution,
  finishedAt: z.number().optional(),
});

/**
 * A request record of any version: the current one (`phones`), the record of one line (`phone`,
 * `lineAtRequest`, its progress on the request: `execution`, `executionClaim`, `graceUntil`,
 * `finishedAt`), and the record of several lines (`phone` the first of `lines[]`, each line's
 * progress inside it).
 */
export const storedRequestOfAnyVersionSchema = requestRecordSchema.extend({
  phones: requestRecordSchema.shape.phones.optional(),
  // A request of several lines owed its close as `lines_done`: the close is `completed` or `stuck` now.
  owedReplies: z.array(owedReplySchema.extend({ kind: z.union([owedReplySchema.shape.kind, z.literal('lines_done')]) })).optional(),
  phone: z.string().optional(),
  lineAtRequest: lineFactsSchema.optional(),
  lines: z.array(embeddedLineSchema).min(1).optional(),
});
export type StoredRequestOfAnyVersion = z.infer<typeof storedRequestOfAnyVersionSchema>;

/** Whether a stored request is of an older shape (its lines inside it, or its one line on it). */
export function isOlderShape(stored: StoredRequestOfAnyVersion): boolean {
  return stored.phones === undefined || stored.phone !== undefined || stored.lines !== undefined || stored.lineAtRequest !== undefined;
}

/** Where the one line of a record of one line stood, read from its request's state. */
function stateOfTheOneLine(state: RequestRecord['state']): RequestLineState {
  switch (state) {
    case 'executing':
    case 'accepted':
    case 'failed':
    case 'completed':
    case 'stuck':
      return state;
    // Never sent: a request still waiting, approved and not yet claimed, or closed before it was sent.
    case 'pending':
    case 'approved':
    case 'rejected':
    case 'expired':
    case 'withdrawn':
      return 'held';
  }
}

/**
 * The one normaliser of older stored shapes: a stored request of any version as its record and
 * its lines (1..N). A record of one line: its line in the request's state, with the request's
 * claim and grace when it was left `executing` (settled by a look-up, never sent again), its
 * outcome when it had one. A record of several: each line as it was kept inside.
 */
export function normaliseStoredRequest(stored: StoredRequestOfAnyVersion): { record: RequestRecord; lines: RequestLine[] } {
  const { phone, lineAtRequest, lines: embedded, phones, owedReplies, ...rest } = stored;
  const lines: RequestLine[] = embedded
    ? embedded.map((line, position) => ({ requestId: stored.id, position, ...line }))
    : [
        {
          requestId: stored.id,
          phone: phones?.[0] ?? phone ?? '',
          position: 0,
          ...(lineAtRequest ? { lineAtRequest } : {}),
          state: stateOfTheOneLine(stored.state),
          ...(stored.state === 'executing' && stored.executionClaim ? { claim: stored.executionClaim } : {}),
          ...(stored.state === 'executing' && stored.graceUntil !== undefined ? { graceUntil: stored.graceUntil } : {}),
          ...(stored.execution && stored.state !== 'executing' ? { execution: stored.execution } : {}),
          ...(stored.finishedAt !== undefined && (stored.state === 'completed' || stored.state === 'stuck')
            ? { finishedAt: stored.finishedAt }
            : {}),
        },
      ];
  const close = stored.state === 'stuck' ? 'stuck' : 'completed';
  const owed = owedReplies?.map((reply) => ({ ...reply, kind: reply.kind === 'lines_done' ? close : reply.kind }));
  return { record: { ...rest, ...(owed ? { owedReplies: owed } : {}), phones: phones ?? lines.map((line) => line.phone) }, lines };
}
