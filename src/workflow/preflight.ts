import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { z } from 'zod';
import { FreebitError, type Line } from '../freebit/index.js';
import type { PhoneNumber } from '../phone.js';
import { declareIndexes, type RecordCollection, type Store } from '../store/index.js';
import { factsOf, isOpen, lineFactsSchema, type LineFacts, type RequestedChange } from './approvalRequest.js';
import { LINE_CONCURRENCY } from './requestLines.js';
import type { Exposure } from './accessLog.js';
import type { WorkflowContext } from './context.js';
import { WorkflowError, type WorkflowErrorCode } from './errors.js';
import { operationOf, requestedChangeSchema, type ChangeDraft } from './operations/index.js';

/** What a form of several numbers asks for, before anything is recorded. */
export interface BulkChangeInput {
  /** The change every line gets: the operation and its order, made for the first number (its `phone` is not used). */
  draft: ChangeDraft;
  /** At least two, each once, at most BULK_MAX_LINES. */
  phones: readonly PhoneNumber[];
  reason: string;
  requesterId: string;
  /** The conversation the request came from (the default approval channel). */
  channelId?: string;
}

/**
 * Why a line cannot be requested: the refusal one line would get (unknown, cancelled, on that
 * contract line already, a change pending, an open request holding it, registered already), or
 * `lookup_failed` when Freebit did not answer its look-up (`freebitCode` says how).
 */
const verdictSchema = z.object({
  phone: z.string(),
  /** The line as seen (its facts only: no ICCID, no IMSI); absent when Freebit does not know the number (or did not answer). */
  line: lineFactsSchema.optional(),
  refusal: z.string().optional(),
  /** `open_request_exists`: the request holding the line. */
  holderId: z.string().optional(),
  /** `lookup_failed`: the Freebit layer's error code (timeout, unreachable, …). */
  freebitCode: z.string().optional(),
});
export type LineVerdict = { phone: PhoneNumber; line?: LineFacts } & (
  { refusal?: undefined } | { refusal: WorkflowErrorCode | 'lookup_failed'; holderId?: string; freebitCode?: string }
);

/** A pre-flight, kept until the requester submits its summary (or goes back, or an hour passes). */
const lineCheckSchema = z.object({
  id: z.string(),
  requesterId: z.string(),
  channelId: z.string().optional(),
  reason: z.string(),
  change: requestedChangeSchema,
  verdicts: z.array(verdictSchema),
  checkedAt: z.number(),
  /** How long the look-ups took. */
  tookMs: z.number(),
});
export type LineCheck = Omit<z.infer<typeof lineCheckSchema>, 'verdicts'> & { verdicts: LineVerdict[] };

/** A pre-flight older than this is not trusted: the lines are checked again. */
export const LINE_CHECK_TTL_MS = 60 * 60 * 1000;

/** 2: the verdicts keep the lines' facts only (no ICCID, no IMSI); checks stored before are stripped at start (prepare.ts). */
const checkIndexOptions = declareIndexes<z.infer<typeof lineCheckSchema>>('line-checks', {
  indexes: (check) => [{ index: 'all', score: check.checkedAt }],
  indexVersion: 2,
});

export type StoredLineCheck = z.infer<typeof lineCheckSchema>;

export function lineChecks(store: Pick<Store, 'records'>): RecordCollection<StoredLineCheck> {
  return store.records('line-checks', lineCheckSchema, 1, checkIndexOptions);
}

/**
 * The pre-flight of a request for several lines: every line is looked up, at the
 * shared Freebit pace and a few at once, and given the verdict one line would get, before
 * anything is recorded or any approver bothered. PA03-02 takes one account per call (its
 * `requestDatas` is a list of one): there is no batching. The verdicts are kept (`LineCheck`)
 * so that the requester's "request these" records what they saw.
 */
export async function checkLines(context: WorkflowContext, input: BulkChangeInput): Promise<LineCheck> {
  const look = { userId: input.requesterId, phones: input.phones, surface: 'form_check' as const, channelId: input.channelId };
  await refuseUnlessMayRequest(context, input.draft.operation, input.requesterId, input.channelId, true, look);
  // Every verdict shows the requester something of the line: one entry per line, written (one
  // write) before any is looked up; past LOOKUP_MAX_PER_HOUR or unrecordable, none is.
  await context.access.admit(look);
  const started = Date.now();
  const change = operationOf(input.draft).changeOf(input.draft.order);
  const limit = pLimit(LINE_CONCURRENCY);
  const verdicts = await Promise.all(input.phones.map((phone) => limit(() => verdictFor(context, phone, change))));
  const check: LineCheck = {
    id: randomUUID(),
    requesterId: input.requesterId,
    ...(input.channelId ? { channelId: input.channelId } : {}),
    reason: input.reason,
    change,
    verdicts,
    checkedAt: context.clock.now(),
    tookMs: Date.now() - started,
  };
  await context.lineChecks.create(check.id, check);
  context.logger.info(
    {
      event: 'workflow.lines_checked',
      lines: verdicts.length,
      requestable: verdicts.filter((verdict) => !verdict.refusal).length,
      tookMs: check.tookMs,
    },
    'checked the lines of a request for several',
  );
  return check;
}

async function verdictFor(context: WorkflowContext, phone: PhoneNumber, change: RequestedChange): Promise<LineVerdict> {
  let line: Line | undefined;
  try {
    await context.pace.turn();
    line = await context.freebit.lookupLine(phone);
  } catch (error) {
    if (!(error instanceof FreebitError)) throw error;
    if (error.detailCode !== 210) return { phone, refusal: 'lookup_failed', freebitCode: error.code };
  }
  const refusal = operationOf(change).refusal(line, change);
  const seen = factsOf(line);
  if (refusal) return { phone, ...(seen ? { line: seen } : {}), refusal };
  const hold = await context.lineHolds.get(phone);
  const holder = hold ? await context.requests.get(hold.requestId).catch(() => undefined) : undefined;
  if (holder && isOpen(holder)) return { phone, ...(seen ? { line: seen } : {}), refusal: 'open_request_exists', holderId: holder.id };
  return { phone, ...(seen ? { line: seen } : {}) };
}

function isAccessRefusal(code: WorkflowErrorCode): code is 'guest_not_allowed' | 'lookup_not_allowed' | 'access_unknown' {
  return code === 'guest_not_allowed' || code === 'lookup_not_allowed' || code === 'access_unknown';
}

/** A pre-flight this person made, not older than LINE_CHECK_TTL_MS; refused otherwise. */
export async function checkFor(context: WorkflowContext, checkId: string, userId: string): Promise<LineCheck> {
  const check = await context.lineChecks.get(checkId);
  if (!check || check.requesterId !== userId || check.checkedAt + LINE_CHECK_TTL_MS < context.clock.now())
    throw new WorkflowError('check_outdated');
  return check as LineCheck;
}

/** Deletes pre-flights nobody submitted (the sweep). Returns how many. */
export async function pruneLineChecks(context: Pick<WorkflowContext, 'lineChecks' | 'clock'>): Promise<number> {
  const checks = context.lineChecks;
  const old = await checks.inIndex('all', { max: context.clock.now() - LINE_CHECK_TTL_MS });
  for (const check of old) await checks.delete(check.id);
  return old.length;
}

/** What refuses a request whatever its lines: nobody to approve it (enough times), a requester or channel not allowed. */
export async function refuseUnlessMayRequest(
  context: WorkflowContext,
  operation: ChangeDraft['operation'],
  requesterId: string,
  channelId: string | undefined,
  bulk: boolean,
  look?: Exposure,
): Promise<string> {
  if (!context.policy.hasApprovers()) throw new WorkflowError('no_approvers');
  // A request nobody could approve enough times would only hold the line until it expires.
  if (context.policy.tooFewApprovers(operation, requesterId, bulk)) throw new WorkflowError('not_enough_approvers');
  const refusal = await context.policy.refusalToRequest(requesterId, channelId);
  // Someone who may not look was about to probe these numbers: the refusal is in the access log.
  if (refusal && look && isAccessRefusal(refusal)) await context.access.refuse({ ...look, reason: refusal });
  if (refusal) throw new WorkflowError(refusal);
  const approvalChannelId = context.approvalChannelId ?? channelId;
  // Without a channel there is nowhere to post the approval message (a shortcut from App Home).
  if (!approvalChannelId) throw new WorkflowError('channel_not_allowed');
  // The approval message shows the line (state, plan, pending change) and the reason: never to another organisation's people.
  if (context.externalChannels) {
    const external = await context.externalChannels.isSharedExternally(approvalChannelId).catch(() => undefined);
    if (external === undefined) throw new WorkflowError('channel_unchecked');
    if (external) throw new WorkflowError('channel_shared_externally');
  }
  return approvalChannelId;
}
