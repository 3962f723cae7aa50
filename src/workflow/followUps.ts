import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { FreebitError, type Line } from '../freebit/index.js';
import { forRequest } from '../logger.js';
import type { PhoneNumber } from '../phone.js';
import { declareIndexes, type RecordCollection, type SharedPace, type Store } from '../store/index.js';
import type { ApprovalRequest, RequestLine } from './approvalRequest.js';
import { announce, redraw, redrawLatest, withLogger, type WorkflowContext } from './context.js';
import type { Courier } from './courier.js';
import { closeIfAllDone, closeOf, lineFinished, type LineEnd } from './lineFollowUp.js';
import { allLinesDone, requestLineCollection } from './requestLines.js';
import {
  FOLLOW_UP_SCHEMA_VERSION,
  dueTimeOf,
  jobKeyOf,
  factsOf,
  followUpJobSchema,
  isComplete,
  sameFacts,
  type FollowUpJob,
  type LineFacts,
} from './followUpJob.js';
import { replyKeyOf, retryAfterOf } from './messenger.js';
import { operationOf } from './operations/index.js';
import { FREEBIT_BACKGROUND_PACE, FREEBIT_BACKGROUND_RATE } from './pace.js';
import { LEASE_MS } from './leases.js';

/**
 * Rounds come at least this often, whatever POLL_INTERVAL_MS (each job is still polled once an
 * interval: its `nextPollAt`): a job whose holder died is polled again within a lease and a
 * round, not a whole interval later. A round with nothing due reads two indexes.
 */
const MAX_ROUND_GAP_MS = 5_000;

export interface FollowUpOptions {
  /** POLL_INTERVAL_MS. */
  pollIntervalMs: number;
  /** After the due time, how long Freebit gets before the follow-up gives up (default 2 h). */
  deadlineAfterDueMs?: number;
  /** Lookups in flight at once (default 4). */
  concurrency?: number;
  /**
   * The rate limit toward Freebit of background work (default 20 lookups/s), shared by every
   * replica on the store (Store.pace: one counter in Redis), so three replicas still send 20.
   */
  lookupsPerSecond?: number;
  /**
   * How long a replica's hold on a job lasts without renewal (default LEASE_MS, leases.ts). The
   * hold is taken for one poll (and its reply) and given back after it, and renewed while the
   * poll or the post runs: a slow holder is never overtaken, a dead one's job is free within it.
   */
  leaseMs?: number;
  /**
   * How often a replica polling a job or posting its reply renews its hold (default a third of
   * `leaseMs`, real time): a post that outlasts one lease (Slack slow, its retries) is not taken
   * over, and told twice, by another replica.
   */
  leaseRenewalMs?: number;
  /** This replica, as lease holder. */
  owner?: string;
}

/** `courier`: the drawings and progress replies go through it (courier.ts); without one, inline. */
type FollowUpContext = Pick<WorkflowContext, 'store' | 'requests' | 'requestLines' | 'freebit' | 'messenger' | 'clock' | 'logger'> & {
  courier?: Courier;
};
/** What a FollowUps is given: the lines' records it opens itself on the store. */
type FollowUpParts = Omit<FollowUpContext, 'requestLines'>;

export { FREEBIT_BACKGROUND_PACE } from './pace.js';

/**
 * The jobs, indexed: `watching` by next poll (a round reads what is due), `finished` (a reply
 * still owed) by when to try it again. Finished jobs are deleted once told, so both are small.
 */
const jobIndexOptions = declareIndexes<FollowUpJob>('follow-ups', {
  indexes: (job) =>
    job.state === 'watching' ? [{ index: 'watching', score: job.nextPollAt }] : [{ index: 'finished', score: job.owed?.retryAt ?? 0 }],
  // 2: a job keeps a line's facts only; one stored with more is stripped at start (prepare.ts).
  indexVersion: 2,
});

export function followUpJobs(store: Pick<Store, 'records'>): RecordCollection<FollowUpJob> {
  return store.records('follow-ups', followUpJobSchema, FOLLOW_UP_SCHEMA_VERSION, jobIndexOptions);
}

/**
 * The count rule of progress replies: a line's progress (it moved while its change is under
 * way) is told in the thread while the request has at most this many lines; beyond, the
 * approval message shows it (drawn once a round), and the thread hears the request's close only.
 */
export const PROGRESS_REPLIES_MAX_LINES = 1;

/** How a finished job's line ended, as its line record keeps it (`at`: when the poll saw it). */
function lineEndOf(job: FollowUpJob, at: number): LineEnd {
  return job.state === 'stuck'
    ? { state: 'stuck', at, lastSeen: job.lastSeen, deadlineAt: job.deadlineAt }
    : // How long Freebit took from when it was due to start: a cancellation dated next month did not "take a month".
      { state: 'completed', at, lastSeen: job.lastSeen, tookMs: at - Math.max(job.acceptedAt, job.dueAt) };
}

const MAX_BACKOFF_STEPS = 5;
/** Posts of one close reply (completed or stuck) Slack may refuse before it is given up: retried 1, 2, 4, 8, 16 intervals apart. */
const MAX_ANNOUNCE_ATTEMPTS = 6;
/** A close reply Slack rate-limits is tried again after its Retry-After this many times, within this long, before a later round takes it. */
const RATE_LIMITED_TRIES = 4;
const RATE_LIMITED_WAIT_MS = 30_000;

type OwedReply = NonNullable<FollowUpJob['owed']>;

/**
 * Watches each accepted line through PA03-02, one job per line (`<requestId>/<phone>`), and
 * tells the request's thread once when its last accepted line ended: `completed`, or `stuck`
 * when any line is past its deadline (and, for a request of one line, when the line moves:
 * `PROGRESS_REPLIES_MAX_LINES`). Restart-safe (jobs live in the store) and replica-safe: a job is
 * polled under a lease, and every announcement follows a compare-and-set of what was last seen,
 * so the same change is never announced twice.
 *
 * A line's end is the job's compare-and-set, then the line's record (`lineFinished`). The job
 * whose line was the last to end keeps the request's close reply in its outbox (`owed`); the
 * request takes its transition, the reply is posted, and only then is the job deleted. A post
 * Slack refused (a 429 past the client's retries, a 500) is retried on later rounds, so a Slack
 * failure delays the reply instead of losing it. A crash while a post is in flight is
 * different: the post may have gone out, so the thread is read first (the reply carries its key
 * in its metadata) and the reply is posted only when it is not there (see `settle`): told
 * once, never lost.
 */
export class FollowUps {
  private readonly jobs: RecordCollection<FollowUpJob>;
  private readonly owner: string;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly pace: SharedPace;
  private readonly deadlineAfterDueMs: number;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> | undefined;
  private stopped = true;
  /** Jobs whose lease this replica holds, given up on stop so that a successor takes over at once. */
  private readonly leases = new Set<string>();
  /** Finished jobs whose reply this instance is posting now (a concurrent round leaves them alone). */
  private readonly delivering = new Set<string>();
  /** Requests whose close reply this instance is posting or looking for now: one job of a request at a time. */
  private readonly closing = new Set<string>();

  private readonly context: FollowUpContext;

  constructor(
    parts: FollowUpParts,
    private readonly options: FollowUpOptions,
  ) {
    this.context = { ...parts, requestLines: requestLineCollection(parts.store) };
    this.jobs = followUpJobs(parts.store);
    this.owner = options.owner ?? `replica-${randomUUID()}`;
    this.limit = pLimit(options.concurrency ?? 4);
    this.pace = parts.store.pace(FREEBIT_BACKGROUND_PACE, options.lookupsPerSecond ?? FREEBIT_BACKGROUND_RATE);
    this.deadlineAfterDueMs = options.deadlineAfterDueMs ?? 2 * 60 * 60 * 1000;
    this.leaseMs = options.leaseMs ?? LEASE_MS;
  }

  /**
   * Hands accepted lines to the poller (idempotent: a second call for the same line does
   * nothing): the accepted line `phone` (a request hands its lines on one by one as they are
   * taken), or every accepted line of the request (recovery). Each line is its own job.
   */
  async watch(request: ApprovalRequest, phone?: string): Promise<void> {
    for (const line of request.lines) {
      if (line.state !== 'accepted' || (phone !== undefined && line.phone !== phone)) continue;
      await this.create(request, line);
    }
  }

  private async create(request: ApprovalRequest, line: RequestLine): Promise<void> {
    const acceptedAt = line.execution?.at ?? this.context.clock.now();
    const dueAt = dueTimeOf(request, acceptedAt);
    const before = line.lineAtRequest ? factsOf(line.lineAtRequest as Line) : null;
    const job: FollowUpJob = {
      requestId: request.id,
      phone: line.phone,
      linesOfRequest: request.phones.length,
      operation: request.change.operation,
      ...operationOf(request.change).followUpTarget(request.change),
      requesterId: request.requesterId,
      dueAt,
      deadlineAt: dueAt + this.deadlineAfterDueMs,
      acceptedAt,
      state: 'watching',
      lastSeen: before,
      before,
      nextPollAt: dueAt,
      polls: 0,
      failures: 0,
    };
    if (await this.jobs.create(jobKeyOf(job), job)) {
      this.context.logger.info({ event: 'follow_up.watching', requestId: request.id, phone: line.phone, dueAt }, 'following the change up');
    }
  }

  /**
   * Polls every due job once, and posts the replies finished jobs still owe. Returns how many
   * were polled. Read through the jobs' indexes (what is due to poll, what owes a reply now),
   * so a round costs what is under way, not everything stored.
   */
  async pollOnce(): Promise<number> {
    const now = this.context.clock.now();
    const due = (await this.jobs.inIndex('watching', { max: now })).filter((job) => job.state === 'watching' && job.nextPollAt <= now);
    // Requests of several lines whose lines moved this round: each message is drawn again once, after the round.
    const moved = new Set<string>();
    await Promise.all(due.map((job) => this.limit(() => this.pollJob(this.contextFor(job.requestId), jobKeyOf(job), moved))));
    // One at a time: replies owed after Slack refused some should not flood it.
    for (const job of await this.jobs.inIndex('finished', { max: now })) {
      if (job.state !== 'watching' && !this.delivering.has(jobKeyOf(job))) await this.settle(this.contextFor(job.requestId), job, now);
    }
    for (const requestId of moved) await redrawLatest(this.contextFor(requestId), requestId);
    return due.length;
  }

  /** One job's context: its lines, Freebit's included, name its request. */
  private contextFor(requestId: string): FollowUpContext {
    return withLogger(this.context, forRequest(this.context.logger, { requestId }));
  }

  async jobsActive(): Promise<FollowUpJob[]> {
    return (await this.jobs.inIndex('watching')).filter((job) => job.state === 'watching');
  }

  /** The job of the line `phone` of the request. */
  get(requestId: string, phone: string): Promise<FollowUpJob | undefined> {
    return this.jobs.get(jobKeyOf({ requestId, phone }));
  }

  /** Polls every POLL_INTERVAL_MS (with jitter, so replicas do not poll in step). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const schedule = () => {
      if (this.stopped) return;
      const jitter = 0.8 + Math.random() * 0.4;
      this.timer = setTimeout(
        () => {
          this.round = this.pollOnce()
            .catch((error: unknown) => this.context.logger.error({ event: 'follow_up.round_failed', err: error }, 'follow-up round failed'))
            .finally(schedule);
        },
        Math.min(this.options.pollIntervalMs, MAX_ROUND_GAP_MS) * jitter,
      );
      this.timer.unref?.();
    };
    // A starting process looks at once: lapsed leases of a dead replica are taken over now.
    this.round = this.pollOnce()
      .catch((error: unknown) => this.context.logger.error({ event: 'follow_up.round_failed', err: error }, 'follow-up round failed'))
      .finally(schedule);
  }

  /** What this replica holds now: the jobs it polls and the replies it is posting (a stop that gives up names them; they stay in the store, owed). */
  holding(): { jobs: string[]; repliesBeingPosted: string[] } {
    return { jobs: [...this.leases], repliesBeingPosted: [...this.delivering] };
  }

  /** Stops polling and waits for the round in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round;
    // A graceful stop hands its jobs over now rather than when the leases lapse.
    const held = [...this.leases];
    this.leases.clear();
    await Promise.allSettled(held.map((requestId) => this.context.store.releaseLease(`follow-up:${requestId}`, this.owner)));
  }

  private async pollJob(context: FollowUpContext, key: string, moved: Set<string>): Promise<void> {
    // Held for this poll only, renewed while it runs, given back after it: the next poll may be
    // any replica's, and a holder that dies mid-poll frees the job within one lease.
    if (!(await this.context.store.acquireLease(`follow-up:${key}`, this.owner, this.leaseMs))) return;
    this.leases.add(key);
    try {
      await this.holdingLease(`follow-up:${key}`, () => this.pollHeld(context, key, moved));
    } finally {
      this.leases.delete(key);
      await this.context.store.releaseLease(`follow-up:${key}`, this.owner).catch(() => undefined);
    }
  }

  private async pollHeld(context: FollowUpContext, key: string, moved: Set<string>): Promise<void> {
    const job = await this.jobs.get(key);
    if (!job || job.state !== 'watching') return;
    // The list this round started from may be stale: another replica may have polled the job since.
    if (job.nextPollAt > this.context.clock.now()) return;

    await this.pace.turn();
    // What the lookup shows is the line as of now: the time of the sighting is taken with it, so
    // that the next poll, the completion time and "how long it took" follow what Freebit said.
    const now = this.context.clock.now();
    let facts: LineFacts | null;
    try {
      facts = factsOf(await context.freebit.lookupLine(job.phone as PhoneNumber));
    } catch (error) {
      if (error instanceof FreebitError && error.detailCode === 210) facts = null;
      // Freebit failing past the deadline does not keep the job alive: it stops and says so.
      else if (now >= job.deadlineAt) return this.finish(context, job, 'stuck', job.lastSeen, now, moved);
      else return this.backOff(context, job, error);
    }
    if (isComplete(job, facts)) return this.finish(context, job, 'completed', facts, now, moved);
    if (now >= job.deadlineAt) return this.finish(context, job, 'stuck', facts, now, moved);

    // The first poll only takes a baseline: the acceptance itself (a pending change appearing)
    // was already told by the execution reply.
    const changed = job.polls > 0 && !sameFacts(job.lastSeen, facts);
    const updated = await this.jobs.update(key, (current) =>
      current.state === 'watching' && sameFacts(current.lastSeen, job.lastSeen)
        ? { ...current, lastSeen: facts, polls: current.polls + 1, failures: 0, nextPollAt: now + this.options.pollIntervalMs }
        : undefined,
    );
    if (!updated.updated || !changed) return;
    if (job.linesOfRequest !== undefined && job.linesOfRequest > PROGRESS_REPLIES_MAX_LINES) return void moved.add(job.requestId);
    const request = await this.context.requests.get(job.requestId);
    if (!request) return;
    if (request.phones.length > PROGRESS_REPLIES_MAX_LINES) return void moved.add(job.requestId);
    await announce(context, request, { kind: 'progress', before: job.lastSeen, after: facts });
  }

  /**
   * The poll that saw the line's end: the job's compare-and-set decides it (so a replica that
   * dies next leaves a finished job the next round settles), then the line's end and, when it
   * was the last, the request's close (`lineThrough`).
   */
  private async finish(
    context: FollowUpContext,
    job: FollowUpJob,
    state: 'completed' | 'stuck',
    facts: LineFacts | null,
    now: number,
    moved: Set<string>,
  ): Promise<void> {
    const updated = await this.jobs.update(jobKeyOf(job), (current) =>
      current.state === 'watching' ? { ...current, state, endedAt: now, lastSeen: facts, polls: current.polls + 1 } : undefined,
    );
    if (!updated.updated) return;
    context.logger.info(
      { event: `follow_up.line_${state}`, requestId: job.requestId, phone: job.phone, polls: updated.value.polls },
      `follow-up of a line ${state}`,
    );
    await this.lineThrough(context, updated.value, now, moved);
  }

  /**
   * A finished job's line is through: its end is written on the line's record; when every
   * accepted line of the request is done, the job owes the request's close reply (its outbox),
   * posted under the request's lease (`deliverOwed`); else the job goes, and the message is drawn
   * after the round. Safe to repeat (lineFollowUp.ts): a replica that died anywhere in between is
   * made up for by the round that settles the job.
   */
  private async lineThrough(context: FollowUpContext, job: FollowUpJob, now: number, moved?: Set<string>): Promise<void> {
    const key = jobKeyOf(job);
    const at = job.endedAt ?? now;
    this.delivering.add(key);
    let closeOwed: FollowUpJob | undefined;
    try {
      closeOwed = await this.holdingLease(`follow-up:${key}`, async () => {
        await lineFinished(context, job.requestId, job.phone, lineEndOf(job, at));
        const request = await this.context.requests.get(job.requestId);
        // Not yet the request's time (another line under way, or lines still being sent: the
        // executor closes it then), or already closed by another line's job or by recovery.
        if (request?.state !== 'accepted' || !allLinesDone(request.lines)) return undefined;
        const close = closeOf(request.lines);
        const updated = await this.jobs.update(key, (current) =>
          current.state !== 'watching' && !current.owed
            ? { ...current, endedAt: at, owed: { event: { kind: close }, since: at, failures: 0 } }
            : undefined,
        );
        return updated.updated ? updated.value : undefined;
      });
      if (!closeOwed) {
        await this.jobs.delete(key);
        // A round draws the message once after it; a job taken on later (its replica stopped)
        // draws it now: the request may have closed meanwhile (the sweep's recovery).
        if (moved) moved.add(job.requestId);
        else await redrawLatest(context, job.requestId);
      }
    } finally {
      this.delivering.delete(key);
      await this.context.store.releaseLease(`follow-up:${key}`, this.owner);
      this.leases.delete(key);
    }
    if (closeOwed) await this.deliverOwed(context, closeOwed, now);
  }

  /**
   * A finished job seen by a round: one whose replica stopped between the line's end and the
   * request's side of it is taken on from there; a close reply is retried once due after Slack
   * refused it, and one left mid-post by a process that died (its lease lapsed) is finished when
   * that is safe.
   */
  private async settle(context: FollowUpContext, listed: FollowUpJob, now: number): Promise<void> {
    const key = jobKeyOf(listed);
    if (!listed.owed) {
      const lease = `follow-up:${key}`;
      if (!(await this.context.store.acquireLease(lease, this.owner, this.leaseMs))) return;
      const job = await this.jobs.get(key);
      // lineThrough gives the lease back when done.
      if (job && job.state !== 'watching' && !job.owed) return this.lineThrough(context, job, now);
      await this.context.store.releaseLease(lease, this.owner);
      return;
    }
    if (listed.owed.retryAt !== undefined && listed.owed.retryAt > now) return;
    await this.deliverOwed(context, listed, now);
  }

  /**
   * The close reply a job owes, under the request's lease (renewed while it is posted): of the
   * jobs of one request, one at a time posts or looks for it, so it is told once. A lease another
   * replica holds leaves it to a later round.
   */
  private async deliverOwed(context: FollowUpContext, job: FollowUpJob, now: number): Promise<void> {
    const key = jobKeyOf(job);
    const lease = `follow-up:${job.requestId}`;
    // The lease keeps other replicas out; this one's own jobs of the request (two last lines
    // ending in one round) are kept apart here, since a lease is its holder's to take again.
    if (this.closing.has(job.requestId)) return;
    this.closing.add(job.requestId);
    try {
      if (!(await this.context.store.acquireLease(lease, this.owner, this.leaseMs))) return;
      this.delivering.add(key);
      this.leases.add(job.requestId);
      try {
        await this.holdingLease(lease, () => this.settleHeld(context, key, now));
      } finally {
        this.delivering.delete(key);
        this.leases.delete(job.requestId);
        await this.context.store.releaseLease(lease, this.owner);
      }
    } finally {
      this.closing.delete(job.requestId);
    }
  }

  /** `deliverOwed` under the request's lease. */
  private async settleHeld(context: FollowUpContext, key: string, now: number): Promise<void> {
    const job = await this.jobs.get(key);
    if (!job || job.state === 'watching') return;
    if (!job.owed) return await this.jobs.delete(key);
    // The line's end first (jobs of older builds took the request's transition before it): the
    // request closes only once every line's end is written.
    await lineFinished(context, job.requestId, job.phone, lineEndOf(job, job.owed.since));
    if (job.owed.retryAt !== undefined) {
      if (job.owed.retryAt > now) return;
      // An error answer does not prove the post failed (it may have landed, its answer lost
      // on the way back): the thread is read before the reply is posted again.
      const request = await this.context.requests.get(job.requestId);
      if (request && (await this.context.messenger.repliesIn(request)).has(replyKeyOf(job.owed.event))) {
        context.logger.info(
          { event: 'follow_up.reply_found', requestId: job.requestId, kind: job.owed.event.kind },
          'the reply Slack answered with an error is in the thread',
        );
        return await this.jobs.delete(key);
      }
      return await this.deliver(context, job, false);
    }
    // Until the request took its transition nothing was posted: carry on. After it, the post
    // may have gone out (its poster died mid-reply): the thread says whether it did, so the
    // reply is neither lost nor told twice. A request whose close the recovery took
    // (execute.ts `recoverInterrupted`) owes the reply in its own outbox: that one is posted.
    const request = await this.context.requests.get(job.requestId);
    if (request?.state === 'accepted') return await this.deliver(context, job, true);
    const owedByRequest = request?.owedReplies?.some((reply) => reply.kind === job.owed!.event.kind);
    if (request && !owedByRequest && !(await this.context.messenger.repliesIn(request)).has(replyKeyOf(job.owed.event)))
      return await this.deliver(context, job, false);
    context.logger.info(
      { event: 'follow_up.reply_found', requestId: job.requestId, kind: job.owed.event.kind },
      'the close reply is in the thread, or owed by the request',
    );
    await this.jobs.delete(key);
    await redrawLatest(context, job.requestId);
  }

  /** Runs `work` while renewing this replica's lease `key` (see `leaseRenewalMs`). */
  private async holdingLease<T>(key: string, work: () => Promise<T>): Promise<T> {
    const renew = () => void this.context.store.acquireLease(key, this.owner, this.leaseMs).catch(() => undefined);
    const timer = setInterval(renew, this.options.leaseRenewalMs ?? this.leaseMs / 3);
    timer.unref();
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * The request's close (when `takeTransition`: every line's end is written), the approval
   * message, then the reply; the job is deleted once Slack took it. A request some other job
   * closed first (two last lines ending at once) was told by that job: nothing is posted.
   */
  private async deliver(context: FollowUpContext, job: FollowUpJob, takeTransition: boolean): Promise<void> {
    const owed = job.owed!;
    const request = takeTransition
      ? await closeIfAllDone(context, job.requestId, owed.since, { replyOwedByJob: true })
      : await this.context.requests.get(job.requestId);
    if (!request) return this.jobs.delete(jobKeyOf(job));
    // A refused update is noted on the request, and the sweep draws the message again (the
    // completion is the last transition: nothing else would).
    await redraw(context, request);
    // A reply never passes one this process's courier still carries for the request (its approval,
    // its execution, paced by Slack's limits): the close stays owed by the job, for a later round.
    // (What a stopped process left owed is the sweep's, and may come after.)
    if (this.context.courier?.busyWith(job.requestId)) return;
    const started = Date.now();
    for (let tries = 1; ; tries++) {
      try {
        await this.context.messenger.postInThread(request, owed.event);
        break;
      } catch (error) {
        // Slack's "not now" (429): tried again after its Retry-After, under the request's lease, a few
        // times within half a minute; past that (or any other refusal) on a later round.
        const waitMs = retryAfterOf(error);
        if (waitMs === undefined || tries >= RATE_LIMITED_TRIES || Date.now() - started + waitMs > RATE_LIMITED_WAIT_MS)
          return this.postRefused(context, job, owed, error);
        context.logger.info(
          { event: 'follow_up.reply_waiting', requestId: job.requestId, kind: owed.event.kind, retryAfterMs: waitMs },
          'Slack said "not now"; trying again after its Retry-After',
        );
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
    await this.jobs.delete(jobKeyOf(job));
  }

  /** Slack refused the reply, so nothing was posted: try again on a later round, further apart each time, a bounded number of times. */
  private async postRefused(context: FollowUpContext, job: FollowUpJob, owed: OwedReply, error: unknown): Promise<void> {
    const failures = owed.failures + 1;
    const fields = { requestId: job.requestId, kind: owed.event.kind, failures, err: error };
    if (failures >= MAX_ANNOUNCE_ATTEMPTS) {
      context.logger.error(
        { event: 'follow_up.announce_gave_up', ...fields },
        'Slack refused the follow-up reply every time; given up: tell the requester by hand',
      );
      await this.jobs.delete(jobKeyOf(job));
      return;
    }
    const retryAt = this.context.clock.now() + this.options.pollIntervalMs * 2 ** (failures - 1);
    context.logger.warn(
      { event: 'follow_up.announce_failed', ...fields, retryAt },
      'Slack refused the follow-up reply; it is posted again on a later round',
    );
    await this.jobs.update(jobKeyOf(job), (current) =>
      current.owed ? { ...current, owed: { ...current.owed, failures, retryAt } } : undefined,
    );
  }

  /** Freebit errored: try again later, further apart each time (at most 32 intervals, and never past the deadline). */
  private async backOff(context: FollowUpContext, job: FollowUpJob, error: unknown): Promise<void> {
    const failures = job.failures + 1;
    const delay = this.options.pollIntervalMs * 2 ** Math.min(failures, MAX_BACKOFF_STEPS);
    context.logger.warn(
      {
        event: 'follow_up.poll_failed',
        requestId: job.requestId,
        failures,
        code: error instanceof FreebitError ? error.code : 'unexpected',
      },
      'follow-up poll failed; backing off',
    );
    await this.jobs.update(jobKeyOf(job), (current) =>
      current.state === 'watching'
        ? { ...current, failures, nextPollAt: Math.min(this.context.clock.now() + delay, current.deadlineAt) }
        : undefined,
    );
  }
}
