import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import { withDeadline } from '../timeout.js';
import type { OemAuthenticator } from './auth.js';
import { FreebitError, type FreebitErrorCode, type FreebitOperation } from './errors.js';
import { TransportError, type FreebitTransport, type TransportFailure } from './transport.js';
import { envelopeSchema, type Envelope } from './wire.js';

export interface CallContext {
  transport: FreebitTransport;
  auth: OemAuthenticator;
  timeoutMs: number;
  logger: Logger;
  /** Told of every operation once it ends (metrics); never allowed to break the call. */
  observe?: FreebitObserver;
}

/** One Freebit operation as it ended: retries and authentication included. */
export interface FreebitCallEvent {
  operation: FreebitOperation;
  /** `answered`: Freebit gave a detail code (see `detailCode`); otherwise why there is no answer. */
  result: 'answered' | FreebitErrorCode | 'outcome_unknown';
  /** Freebit's `resultCode`, when it answered. */
  detailCode?: number;
  durationMs: number;
}

export type FreebitObserver = (event: FreebitCallEvent) => void;

/** Reports to the observer, if any; an observer that throws is the observer's problem, not the call's. */
export function report(observe: FreebitObserver | undefined, event: FreebitCallEvent, logger: Logger): void {
  if (!observe) return;
  try {
    observe(event);
  } catch (error) {
    logger.warn({ event: 'freebit.observer_failed', err: error }, 'the Freebit call observer failed');
  }
}

/**
 * A lookup may be sent again freely; a change may be sent again only when the previous
 * attempt certainly never left (connection refused), because Freebit has no idempotency key.
 */
export type CallKind = 'lookup' | 'change';

/** The change may have reached Freebit, and no answer says whether it did. */
export class OutcomeUnknown extends Error {
  constructor(override readonly cause: FreebitError) {
    super(cause.message);
  }
}

const MAX_ATTEMPTS = 3;
const BACKOFF_MS = [150, 400];

/**
 * One Freebit operation: authKey in, 205 renewed once, bounded retries with backoff, all
 * within one deadline (FREEBIT_TIMEOUT_MS). Returns the raw answer once its envelope says
 * something other than 205; interpreting the detail code is the operation's business.
 */
export async function callFreebit(
  context: CallContext,
  operation: FreebitOperation,
  path: string,
  payload: Record<string, unknown>,
  kind: CallKind,
): Promise<{ envelope: Envelope; answer: unknown }> {
  // One timer per operation, cleared at the end (AbortSignal.timeout would keep each
  // signal and its timer alive for the whole deadline, even after the answer came).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), context.timeoutMs);
  const started = performance.now();
  const ended = (result: FreebitCallEvent['result'], detailCode: number | undefined) =>
    report(
      context.observe,
      { operation, result, ...(detailCode === undefined ? {} : { detailCode }), durationMs: performance.now() - started },
      context.logger,
    );
  try {
    const answered = await attempts(context, operation, path, payload, kind, controller.signal);
    ended('answered', answered.envelope.resultCode);
    return answered;
  } catch (error) {
    if (error instanceof OutcomeUnknown) ended('outcome_unknown', undefined);
    else if (error instanceof FreebitError) ended(error.code, error.detailCode);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function attempts(
  context: CallContext,
  operation: FreebitOperation,
  path: string,
  payload: Record<string, unknown>,
  kind: CallKind,
  deadline: AbortSignal,
): Promise<{ envelope: Envelope; answer: unknown }> {
  const started = performance.now();
  let renewedAuth = false;
  let attempt = 0;
  let authKey = context.auth.currentKey() ?? (await withDeadline(context.auth.key(), deadline, timedOut(operation, context.timeoutMs)));
  for (;;) {
    attempt += 1;
    let answer: unknown;
    try {
      answer = await context.transport.post(path, { authKey, ...payload }, deadline);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      const failure = toFreebitError(error.failure, operation, context.timeoutMs);
      const retry = mayRetry(kind, error.failure, attempt);
      context.logger.warn({ event: 'freebit.call_failed', operation, failure: error.failure, attempt, retry }, 'Freebit call failed');
      if (retry && (await backoff(attempt, deadline))) continue;
      if (kind === 'change' && error.failure.kind !== 'not_sent') throw new OutcomeUnknown(failure);
      throw failure.code === 'timeout' || !deadline.aborted ? failure : FreebitError.timeout(operation, context.timeoutMs);
    }
    const envelope = envelopeSchema.safeParse(answer);
    if (!envelope.success) {
      const error = FreebitError.badAnswer(operation, 'no result code');
      if (kind === 'lookup' && attempt < MAX_ATTEMPTS && (await backoff(attempt, deadline))) continue;
      // A change answered with something unreadable may or may not have been applied.
      if (kind === 'change') throw new OutcomeUnknown(error);
      throw error;
    }
    const detailCode = envelope.data.resultCode;
    if (detailCode === 205 && !renewedAuth) {
      // PA02-04/PA05-38/PA03-02: 205 is an authKey problem; nothing was applied.
      renewedAuth = true;
      authKey = await withDeadline(context.auth.renew(authKey), deadline, timedOut(operation, context.timeoutMs));
      continue;
    }
    if (detailCode === 900 && kind === 'lookup' && attempt < MAX_ATTEMPTS && (await backoff(attempt, deadline))) continue;
    context.logger.debug(
      { event: 'freebit.call', operation, detailCode, attempt, ms: Math.round(performance.now() - started) },
      'Freebit answered',
    );
    return { envelope: envelope.data, answer };
  }
}

function mayRetry(kind: CallKind, failure: TransportFailure, attempt: number): boolean {
  if (attempt >= MAX_ATTEMPTS || failure.kind === 'deadline') return false;
  if (failure.kind === 'not_sent') return true;
  if (kind === 'change') return false;
  return failure.kind === 'no_answer' || failure.kind === 'unreadable' || (failure.kind === 'http_status' && failure.status >= 500);
}

/** Sleeps before the next attempt; false when the deadline would pass first. */
async function backoff(attempt: number, deadline: AbortSignal): Promise<boolean> {
  try {
    await sleep(BACKOFF_MS[attempt - 1] ?? BACKOFF_MS.at(-1), undefined, { signal: deadline });
    return true;
  } catch {
    return false;
  }
}

function toFreebitError(failure: TransportFailure, operation: FreebitOperation, timeoutMs: number): FreebitError {
  switch (failure.kind) {
    case 'deadline':
      return FreebitError.timeout(operation, timeoutMs);
    case 'http_status':
      return FreebitError.badAnswer(operation, `HTTP ${failure.status}`);
    case 'unreadable':
      return FreebitError.badAnswer(operation, 'not JSON');
    case 'not_sent':
    case 'no_answer':
      return FreebitError.unreachable(operation);
  }
}

/** Authentication shares the operation's deadline (withDeadline): the person waits for one answer, not two. */
function timedOut(operation: FreebitOperation, timeoutMs: number): () => never {
  return () => {
    throw FreebitError.timeout(operation, timeoutMs);
  };
}
