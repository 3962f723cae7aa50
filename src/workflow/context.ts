import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { FreebitService } from '../freebit/index.js';
import type { Logger } from '../logger.js';
import type { RecordCollection, Store } from '../store/index.js';
import { APPROVAL_REQUEST_SCHEMA_VERSION, approvalRequestSchema, type ApprovalRequest, type RequestState } from './approvalRequest.js';
import type { ApprovalMessenger, ThreadEvent } from './messenger.js';
import type { ApprovalPolicy } from './policy.js';

/** What every workflow step works with; built once by `createApprovals`. */
export interface WorkflowContext {
  store: Store;
  requests: RecordCollection<ApprovalRequest>;
  /** One open destructive request per line: the line's number → the request holding it. */
  lineHolds: RecordCollection<{ requestId: string }>;
  freebit: FreebitService;
  messenger: ApprovalMessenger;
  policy: ApprovalPolicy;
  clock: Clock;
  logger: Logger;
  approvalTtlMs: number;
  /** APPROVAL_CHANNEL_ID; unset: the channel the request came from. */
  approvalChannelId?: string;
  /** Beyond this an `executing` request is taken for interrupted by a restart (several Freebit deadlines). */
  executionGraceMs: number;
  /** An accepted asynchronous change is handed on (the follow-up poller, issue 7). */
  onAccepted: (request: ApprovalRequest) => Promise<void>;
}

/** The same context speaking through `logger`: its own lines and its Freebit client's. */
export function withLogger<C extends Pick<WorkflowContext, 'freebit' | 'logger'>>(context: C, logger: Logger): C {
  return { ...context, logger, freebit: context.freebit.withLogger(logger) };
}

export function requestCollections(store: Store) {
  return {
    requests: store.records('requests', approvalRequestSchema, APPROVAL_REQUEST_SCHEMA_VERSION),
    lineHolds: store.records('line-holds', z.object({ requestId: z.string() }), 1),
  };
}

/**
 * One arrow of the request's life: a compare-and-set from one of `from`, plus one audit
 * entry. Returns the request after the arrow, or undefined when somebody else took it first
 * (a double click, a Slack retry, another replica).
 */
export async function transition(
  context: Pick<WorkflowContext, 'requests' | 'store' | 'clock'>,
  id: string,
  actor: string,
  from: readonly RequestState[],
  change: (request: ApprovalRequest) => ApprovalRequest | undefined,
  detail?: string,
): Promise<{ before: ApprovalRequest; after: ApprovalRequest } | undefined> {
  let before: ApprovalRequest | undefined;
  const outcome = await context.requests.update(id, (current) => {
    if (!from.includes(current.state)) return undefined;
    before = current;
    return change(current);
  });
  if (!outcome.updated || !before) return undefined;
  const after = outcome.value;
  await context.store.audit.append({
    requestId: id,
    phone: after.phone,
    actor,
    action: after.state === before.state ? 'approval_counted' : after.state,
    from: before.state,
    to: after.state,
    at: context.clock.now(),
    ...(detail ? { detail } : {}),
  });
  return { before, after };
}

/** Lets the line take a new request once this one no longer holds it. */
export async function releaseLine(context: WorkflowContext, request: ApprovalRequest): Promise<void> {
  const hold = await context.lineHolds.get(request.phone);
  if (hold?.requestId === request.id) await context.lineHolds.delete(request.phone);
}

/** The message and the thread follow the request; a Slack failure here loses nothing in the store. */
export async function announce(context: Pick<WorkflowContext, 'messenger' | 'logger'>, request: ApprovalRequest, event: ThreadEvent): Promise<void> {
  try {
    await context.messenger.updateRequest(request);
    await context.messenger.postInThread(request, event);
  } catch (error) {
    context.logger.error({ event: 'workflow.announce_failed', requestId: request.id, kind: event.kind, err: error }, 'could not update the approval message');
  }
}
