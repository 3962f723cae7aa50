import type { Clock } from '../clock.js';
import { AccessLog, type Exposure } from './accessLog.js';
import type { FreebitService } from '../freebit/index.js';
import { forRequest, type Logger } from '../logger.js';
import type { AuditEntry, Store } from '../store/index.js';
import type { ApprovalRequest } from './approvalRequest.js';
import { auditedUnder, requestCollections, withLogger, type WorkflowContext } from './context.js';
import { Courier } from './courier.js';
import { approve, endPastDated, expireDue, reject, stateRefusal, withdraw, type Decision } from './decide.js';
import type { WorkflowError, WorkflowErrorCode } from './errors.js';
import { Executor } from './executor.js';
import type { ApprovalMessenger, Channels, Directory, People } from './messenger.js';
import { ApprovalPolicy, type ConfigurationWarning, type PolicyConfig } from './policy.js';
import type { MessageRef } from './messenger.js';
import { reconcileMessages, releaseStaleHolds, requesterTold } from './reconcile.js';
import { checkFor, checkLines, pruneLineChecks, type BulkChangeInput, type LineCheck } from './preflight.js';
import { FREEBIT_BACKGROUND_PACE, FREEBIT_BACKGROUND_RATE } from './pace.js';
import {
  placeMessage,
  requestChange,
  requestChecked,
  type BulkChangeOutcome,
  type ChangeRequestInput,
  type ChangeRequestOutcome,
} from './requestChange.js';
import { remindWaiting } from './remind.js';
import { REQUEST_INDEX } from './requestIndexes.js';
import { pruneHistory } from './retention.js';
import { keepRenewing, LEASE_MS, LEASE_RENEWAL_MS } from './leases.js';

/** The sweep's lease: one replica sweeps at a time (see Approvals.sweep). */
const SWEEP_LEASE = 'sweep';
const DEFAULT_SWEEP_LEASE_MS = LEASE_MS;

export interface ApprovalsOptions {
  store: Store;
  freebit: FreebitService;
  messenger: ApprovalMessenger;
  directory: Directory;
  /** Who is a guest (refused everything unless ALLOW_GUESTS). */
  people: People;
  clock: Clock;
  logger: Logger;
  policy: PolicyConfig;
  approvalTtlMs: number;
  approvalChannelId?: string;
  /**
   * Which channels are shared with another organisation (Slack Connect): an approval message is
   * never posted in one. Absent: not asked (SHARE_EXTERNAL_CHANNELS=true allows them).
   */
  externalChannels?: Channels;
  /** FREEBIT_TIMEOUT_MS: an `executing` request older than a few of these was interrupted. */
  freebitTimeoutMs: number;
  onAccepted?: (request: ApprovalRequest, phone?: string) => Promise<void>;
  /** HISTORY_RETENTION_DAYS in ms: finished requests older than this are deleted by the sweep. Unset: kept forever. */
  historyRetentionMs?: number;
  /** Calls per second the bot's own work (pre-flights, a request's lines, follow-ups) makes to Freebit, across replicas. */
  freebitCallsPerSecond?: number;
  /** APPROVAL_REMIND_AFTER_MS: a pending request waiting this long gets one reminder in its thread (remind.ts). Unset or 0: none. */
  remindAfterMs?: number;
  /** Delivers the messages and replies in the background (courier.ts); default: one of its own, on `messenger`. */
  courier?: Courier;
  /** Where every look is recorded before it is shown; default: the store's access log with the default ceiling. */
  accessLog?: AccessLog;
  /** Requests the executor carries through at once (default EXECUTOR_CONCURRENCY, executor.ts). */
  executorConcurrency?: number;
}

/** LOOKUP_MAX_PER_HOUR's default (config.ts), for an Approvals built without an access log of its own (tests, benchmarks). */
const DEFAULT_LOOKUP_MAX_PER_HOUR = 1_000;

/**
 * How long a process that took `approved` or `executing` is given before the sweep steps in:
 * the look-up before the call, the call, and a settling look-up, a pause as long and a second
 * look-up (freebit/operations/settle.ts), each within its own deadline; and one more deadline
 * for the announcement and for clocks that differ between replicas.
 */
export function executionGraceOf(freebitTimeoutMs: number): number {
  return freebitTimeoutMs * 6;
}

/** The gate in front of every destructive change: what the Slack surface calls. */
export class Approvals {
  private readonly context: WorkflowContext;
  /**
   * Carries approved requests through Freebit (executor.ts); started and stopped with the
   * bot's workers. An approval wakes it; the sweep hands it what a stopped process left.
   */
  readonly executor: Executor;
  private readonly historyRetentionMs: number | undefined;
  private readonly remindAfterMs: number;

  constructor(options: ApprovalsOptions) {
    this.historyRetentionMs = options.historyRetentionMs;
    this.remindAfterMs = options.remindAfterMs ?? 0;
    const collections = requestCollections(options.store);
    this.executor = new Executor(
      {
        store: options.store,
        ...collections,
        freebit: options.freebit,
        messenger: options.messenger,
        courier:
          options.courier ??
          new Courier({
            store: options.store,
            requests: collections.requests,
            messenger: options.messenger,
            logger: options.logger,
            clock: options.clock,
          }),
        policy: new ApprovalPolicy(options.policy, options.directory, options.clock, options.people),
        access:
          options.accessLog ??
          new AccessLog(options.store.access, options.clock, options.logger, {
            retentionDays: 400,
            maxPerHour: DEFAULT_LOOKUP_MAX_PER_HOUR,
            claim: (key, owner, ttlMs) => options.store.claim(key, owner, ttlMs),
          }),
        clock: options.clock,
        logger: options.logger,
        approvalTtlMs: options.approvalTtlMs,
        ...(options.approvalChannelId ? { approvalChannelId: options.approvalChannelId } : {}),
        ...(options.externalChannels ? { externalChannels: options.externalChannels } : {}),
        executionGraceMs: executionGraceOf(options.freebitTimeoutMs),
        claimLeaseMs: Math.min(LEASE_MS, executionGraceOf(options.freebitTimeoutMs)),
        onAccepted: options.onAccepted ?? (async () => {}),
        pace: options.store.pace(FREEBIT_BACKGROUND_PACE, options.freebitCallsPerSecond ?? FREEBIT_BACKGROUND_RATE),
      },
      options.executorConcurrency !== undefined ? { concurrency: options.executorConcurrency } : {},
    );
    // One context for the whole workflow: its halt flag is the executor's.
    this.context = this.executor.context;
  }

  /** `log`: the Slack request's logger (its lines then name that request too). */
  submit(input: ChangeRequestInput, log?: Logger): Promise<ChangeRequestOutcome> {
    return requestChange(log ? withLogger(this.context, log) : this.context, input);
  }

  /**
   * The pre-flight of a request for several lines: each line looked up and given its verdict,
   * nothing recorded but the check itself (what `requestChecked` records from). Refused whole,
   * like `submit`, when the requester may not ask or nobody could approve it.
   */
  checkLines(input: BulkChangeInput, log?: Logger): Promise<LineCheck> {
    return checkLines(log ? withLogger(this.context, log) : this.context, input);
  }

  /** A pre-flight its requester made, while it is fresh (to draw its summary again, or go back to the form). */
  lineCheck(checkId: string, userId: string): Promise<LineCheck> {
    return checkFor(this.context, checkId, userId);
  }

  /** The requester asks for the lines their pre-flight passed: one request, one approval message. */
  requestChecked(checkId: string, userId: string, log?: Logger): Promise<BulkChangeOutcome> {
    return requestChecked(log ? withLogger(this.context, log) : this.context, checkId, userId);
  }

  /**
   * The decision only: once it is `approved`, the executor is woken and the click returns (the
   * Freebit calls follow in the background, executor.ts).
   */
  approve(requestId: string, approverId: string, log?: Logger): Promise<Decision> {
    const context = this.scoped(log, requestId);
    return approve(context, requestId, approverId, (approved) => this.executor.wake(approved.id, context.logger));
  }

  reject(requestId: string, approverId: string, reason: string, log?: Logger): Promise<Decision> {
    return reject(this.scoped(log, requestId), requestId, approverId, reason);
  }

  withdraw(requestId: string, userId: string, log?: Logger): Promise<Decision> {
    return withdraw(this.scoped(log, requestId), requestId, userId);
  }

  /** The context for one request: its lines, Freebit's included, name it (and the Slack request behind `log`). */
  private scoped(log: Logger | undefined, requestId: string): WorkflowContext {
    return withLogger(this.context, forRequest(log ?? this.context.logger, { requestId }));
  }

  /** Expires what is due now (the sweep does it too). */
  expireDue(): Promise<number> {
    return expireDue(this.context);
  }

  /**
   * What the sweep's recovery does, at once (a start-up, a test): the executor finds the work a
   * stopped process left; resolves with how many requests it took up, once they are carried through.
   */
  async recoverInterrupted(): Promise<number> {
    const { found, done } = await this.executor.findWork();
    await done;
    return found;
  }

  /**
   * What runs at start and then every 5 s on every replica (sweeper.ts, one at a time): pending requests past their
   * expiry expire, and those whose date passed end (decide.ts); what a stopped process, or a
   * step the store or Slack failed, owed people (an approval message, a thread reply, the
   * requester's notice) is settled (reconcile.ts); requests left `approved` or `executing`
   * past their grace are handed to the executor (executor.ts `findWork`); requests waiting long get their one reminder
   * (remind.ts); and holds left by closed requests are released.
   * What was owed goes first, so the thread reads in the order things happened ("approved"
   * before "executed"). `owner`: this replica.
   *
   * It reads the open work only (indexes: requestIndexes.ts), never everything stored, and one
   * replica sweeps at a time: a round starts only under the sweep's lease (`leaseMs`, renewed by
   * its holder each round, so one replica keeps sweeping while it lives and another takes over
   * once its lease lapses). A round that did not get the lease does nothing (`swept: false`).
   */
  async sweep(
    owner: string,
    leaseMs = DEFAULT_SWEEP_LEASE_MS,
  ): Promise<{ expired: number; recovered: number; reconciled: number; pruned: number; swept: boolean }> {
    if (!(await this.context.store.acquireLease(SWEEP_LEASE, owner, leaseMs)))
      return { expired: 0, recovered: 0, reconciled: 0, pruned: 0, swept: false };
    // Renewed while the round runs (it may resume a batch of minutes); one that cannot be
    // renewed may lapse to another replica: this round starts no further step.
    const renewal = keepRenewing(
      () => this.context.store.acquireLease(SWEEP_LEASE, owner, leaseMs),
      Math.min(LEASE_RENEWAL_MS, leaseMs / 3),
      (error) =>
        this.context.logger.warn(
          { event: 'approvals.sweep_lease_lost', err: error },
          'could not renew the sweep’s lease; this round stops after its current step',
        ),
    );
    try {
      return await this.sweepHeld(owner, renewal);
    } finally {
      renewal.stop();
    }
  }

  private async sweepHeld(
    owner: string,
    renewal: { readonly lost: boolean },
  ): Promise<{ expired: number; recovered: number; reconciled: number; pruned: number; swept: boolean }> {
    // Each step on its own: a store or Slack error in one (tried again at the next sweep) does not hold the others up.
    const step = async (name: string, work: () => Promise<number>): Promise<number> => {
      if (renewal.lost) return 0;
      try {
        return await work();
      } catch (error) {
        this.context.logger.error(
          { event: 'approvals.sweep_step_failed', step: name, err: error },
          'a step of the sweep failed; tried again at the next sweep',
        );
        return 0;
      }
    };
    const expiredNow = await step('expire', () => expireDue(this.context));
    const requests = await this.context.requests.inIndex(REQUEST_INDEX.sweep);
    const expired = expiredNow + (await step('date_passed', () => endPastDated(this.context, requests)));
    const reconciled = await step('reconcile', () => reconcileMessages(this.context, requests, owner));
    // Handed to the executor, not waited for: a batch resumed here runs beside the next rounds.
    const recovered = await step('recover', async () => (await this.executor.findWork(requests)).found);
    await step('remind', () => remindWaiting(this.context, requests, this.remindAfterMs));
    await step('release_holds', () => releaseStaleHolds(this.context, requests));
    await step('line_checks', () => pruneLineChecks(this.context));
    const retentionMs = this.historyRetentionMs;
    const pruned = retentionMs === undefined ? 0 : await step('retention', () => pruneHistory(this.context, retentionMs));
    return { expired, recovered, reconciled, pruned, swept: true };
  }

  /** Resolves once the courier has delivered (or left to the sweep) everything handed to it. */
  delivered(): Promise<void> {
    return this.context.courier.idle();
  }

  /** A replica that stops gives the sweep's lease up, so that another sweeps at once. */
  async releaseSweep(owner: string): Promise<void> {
    await this.context.store.releaseLease(SWEEP_LEASE, owner);
  }

  /** The requester has been told the request's id (the sweep would otherwise tell them by DM). */
  requesterTold(requestId: string): Promise<void> {
    return requesterTold(this.context, requestId);
  }

  /**
   * A click on an approval message, for a request that does not know where its message is (its
   * process stopped before it learnt): the message clicked is adopted when it is in the
   * request's approval channel, so that the update and the thread go where they belong.
   */
  async adoptMessage(requestId: string, clicked: MessageRef): Promise<void> {
    const request = await this.context.requests.get(requestId);
    if (!request || request.approvalMessageTs || request.approvalChannelId !== clicked.channelId) return;
    const placed = await placeMessage(this.context, requestId, clicked);
    if (placed.updated) this.context.logger.info({ event: 'workflow.message_adopted', requestId }, 'adopted the clicked approval message');
  }

  get(requestId: string): Promise<ApprovalRequest | undefined> {
    return this.context.requests.get(requestId);
  }

  isApprover(userId: string): Promise<boolean> {
    return this.context.policy.isApprover(userId);
  }

  /**
   * Throws the refusal (a WorkflowError naming whom to ask) when this person may not see a
   * customer's line; with `look`, the refusal is recorded in the access log (who, the numbers, where, why).
   */
  async refuseUnlessMayLook(userId: string, look?: Omit<Exposure, 'userId'>): Promise<void> {
    const refusal = await this.context.policy.refusalToLook(userId);
    if (!refusal) return;
    if (look) await this.context.access.refuse({ ...look, userId, reason: refusal });
    throw this.context.policy.accessError(refusal);
  }

  /**
   * A person is about to be shown these lines, as `read` reads them: refused (and recorded as
   * refused) when they may not look or are past LOOKUP_MAX_PER_HOUR; a look the store cannot
   * record is refused (`access_unrecorded`). What `read` returns is handed back only once the
   * look is written to the store: far from the ceiling the two run side by side (the reading
   * waits for the write, and is dropped if the write fails), near it the write comes first so
   * that a refused look reads nothing.
   */
  async admitLook<T>(look: Exposure, read: () => Promise<T>): Promise<T> {
    await this.refuseUnlessMayLook(look.userId, look);
    const access = this.context.access;
    if (!access.mayReadAhead(look)) {
      await access.admit(look);
      return read();
    }
    const reading = read();
    // Settled below, once the look is recorded; never left unhandled if the record fails.
    reading.catch(() => undefined);
    await access.admit(look);
    return reading;
  }

  /** The access log every look of this gate is recorded in. */
  get accessLog(): AccessLog {
    return this.context.access;
  }

  /** Why this person may ask for no change at all (a guest; one who may not look, when that is required), said before a form opens. */
  async refusalToAsk(userId: string): Promise<WorkflowError | undefined> {
    const refusal = await this.context.policy.refusalToAsk(userId);
    return refusal ? this.context.policy.accessError(refusal) : undefined;
  }

  /** `/freebit history <phone>`: every request for the line, newest first, with its trail. */
  async historyOf(phone: string): Promise<Array<{ request: ApprovalRequest | undefined; requestId: string; trail: AuditEntry[] }>> {
    const entries = await this.context.store.audit.forLine(phone);
    const byRequest = new Map<string, AuditEntry[]>();
    for (const entry of entries) byRequest.set(entry.requestId, [...(byRequest.get(entry.requestId) ?? []), entry]);
    const history = await Promise.all(
      [...byRequest].map(async ([requestId, trail]) => {
        const request = await this.context.requests.get(requestId).catch(() => undefined);
        // A request writes its own transitions (approved, rejected, …) under one of its lines
        // (auditedUnder): another line's history reads them from the request's trail, beside its own steps.
        if (!request || auditedUnder(request) === phone) return { requestId, trail, request };
        const own = await this.context.store.audit.forRequest(requestId).catch(() => trail);
        return {
          requestId,
          request,
          trail: own.filter((entry) => entry.phone === phone || (entry.action !== 'requested' && !entry.action.startsWith('line_'))),
        };
      }),
    );
    return history.sort((a, b) => (b.trail[0]?.at ?? 0) - (a.trail[0]?.at ?? 0));
  }

  /** What the configuration gets wrong about approving (said at start-up; such requests are refused when asked). */
  configurationWarnings(): ConfigurationWarning[] {
    return this.context.policy.configurationWarnings();
  }

  /** Why a change request from this channel would be refused whatever it asks (no approvers, a channel not allowed). */
  refusalBeforeAsking(channelId: string | undefined): WorkflowErrorCode | undefined {
    const refusal = this.context.policy.refusalBeforeAsking(channelId);
    if (refusal) return refusal;
    // Without a channel there is nowhere to post the approval message: requestChange refuses the same.
    if (!(this.context.approvalChannelId ?? channelId)) return 'channel_not_allowed';
    return undefined;
  }

  /**
   * Why this person may not approve or reject the request now, if they may not: the checks
   * approve() and reject() make at the click, asked ahead (Reject opens a reason modal first,
   * and a person who may not decide should hear so before writing a reason). Otherwise the
   * request as read, so the caller needs no second read.
   */
  async refusalToDecide(requestId: string, userId: string): Promise<{ refusal: WorkflowErrorCode } | { request: ApprovalRequest }> {
    const request = await this.context.requests.get(requestId);
    const refusal = stateRefusal(request, this.context.clock.now()) ?? (await this.context.policy.refusalToDecide(request!, userId));
    return refusal ? { refusal } : { request: request! };
  }

  /**
   * App Home: what this person asked for lately, and what waits for their approval (pending,
   * not expired, not their own, not already approved by them: a request they approved waits
   * for someone else). Each list is cut to `limit` after filtering; `moreMine` and `moreAwaiting`
   * count the rest. `approver`: whether the person is one (the awaiting list is then shown even
   * when empty). Read through indexes: the person's own requests (the newest `limit`, and a
   * count) and the open ones, never the whole history.
   */
  async overviewFor(
    userId: string,
    limit = 10,
  ): Promise<{ mine: ApprovalRequest[]; moreMine: number; awaitingApproval: ApprovalRequest[]; moreAwaiting: number; approver: boolean }> {
    const now = this.context.clock.now();
    const requests = this.context.requests;
    const [mine, mineCount, approver] = await Promise.all([
      requests.inIndex(REQUEST_INDEX.requester(userId), { descending: true, limit }),
      requests.countIndex(REQUEST_INDEX.requester(userId)),
      this.isApprover(userId),
    ]);
    const open = approver ? (await requests.inIndex(REQUEST_INDEX.open, { min: now })).sort((a, b) => b.createdAt - a.createdAt) : [];
    const awaiting = approver
      ? open.filter(
          (request) =>
            request.state === 'pending' &&
            request.expiresAt > now &&
            request.requesterId !== userId &&
            !request.approvals.some((approval) => approval.userId === userId),
        )
      : [];
    return {
      mine,
      moreMine: Math.max(0, mineCount - mine.length),
      awaitingApproval: awaiting.slice(0, limit),
      moreAwaiting: Math.max(0, awaiting.length - limit),
      approver,
    };
  }
}
