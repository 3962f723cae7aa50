import { randomUUID } from 'node:crypto';
import type { ApprovalRequest } from './approvalRequest.js';
import { clearOutdated, eventOf, noteOutdated, removeFromOutbox, type WorkflowContext } from './context.js';
import { keepRenewing, LEASE_MS, LEASE_RENEWAL_MS } from './leases.js';
import { replyKeyOf, retryAfterOf, type ThreadEvent } from './messenger.js';

export type CourierContext = Pick<WorkflowContext, 'store' | 'requests' | 'messenger' | 'logger' | 'clock'>;

export interface CourierOptions {
  /**
   * How long a call Slack answered "not now" (429) is tried again, after each `Retry-After`,
   * from its first try. Past it the call is left to the sweep: a reply stays owed on its request
   * (reconcile.ts posts it), a drawing is noted as outdated (the sweep draws it again).
   */
  giveUpAfterMs?: number;
  /** And at most this many tries. */
  maxTries?: number;
}

/** A minute of Slack saying "not now" is a minute of tries; then the sweep takes over (it runs every 5 s: SWEEP_EVERY_MS). */
const GIVE_UP_AFTER_MS = 60_000;
const MAX_TRIES = 12;
/**
 * Holds the request's `reconcile:` lease while one reply is posted (its call, its client's
 * retries, the removal from the outbox), renewed while it lasts: a courier killed mid-post frees it within a
 * lease (leases.ts), and the next process posts what is owed.
 */
const POST_LEASE_MS = LEASE_MS;
/** Another process (the sweep) holds the request: look again this soon. */
const LEASE_BUSY_MS = 1_000;

type Job =
  { kind: 'redraw'; waiting: Array<() => void> } | { kind: 'reply'; event: ThreadEvent; owed: boolean; waiting: Array<() => void> };

/**
 * The background courier of what the approval message and its thread are owed: the message
 * drawn again, the replies a transition recorded (the request's outbox, `owedReplies`). Whoever took
 * the transition hands the work over and goes on: an approval does not wait for Slack before the
 * Freebit call goes out.
 *
 * - One queue per request, worked in order: a reply waits behind an earlier one still owed
 *   (the thread tells the story in order), and the message is drawn before the reply that
 *   follows the transition.
 * - Coalesced drawings: a drawing waiting its turn takes the place of any asked for after it,
 *   and draws the request as stored when the turn comes (the latest state wins; the drawings in
 *   between are never made).
 * - "Not now" from Slack (MessengerBusy, a 429): the call is made again after its Retry-After,
 *   here, without holding anything but this request's queue, for at most `giveUpAfterMs`.
 *   Past that, and on any other refusal, the reply stays owed on the record and the sweep posts
 *   it (reconcile.ts); the replies queued behind it are left to the sweep too, in order. Never
 *   lost: the outbox is on the record. Never twice: each post holds the request's `reconcile:`
 *   lease (the sweep's), and a reply no longer owed when its turn comes is not posted.
 */
export class Courier {
  private readonly queues = new Map<string, Job[]>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private readonly owner = `courier-${randomUUID()}`;
  private readonly giveUpAfterMs: number;
  private readonly maxTries: number;
  private stopped = false;

  constructor(
    private readonly context: CourierContext,
    options: CourierOptions = {},
  ) {
    this.giveUpAfterMs = options.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
    this.maxTries = options.maxTries ?? MAX_TRIES;
  }

  /** The approval message drawn again, from the request as stored when its turn comes. Resolves once drawn (or left to the sweep). */
  redraw(requestId: string): Promise<void> {
    const jobs = this.queueOf(requestId);
    const last = jobs.at(-1);
    // A drawing still waiting will draw the latest state: this one rides on it.
    if (last?.kind === 'redraw') return this.waitFor(last, requestId);
    const job: Job = { kind: 'redraw', waiting: [] };
    jobs.push(job);
    return this.waitFor(job, requestId);
  }

  /**
   * The reply `event` in the request's thread, after everything queued for the request before
   * it. `owed`: the reply is in the request's outbox (removed once posted); the follow-up's
   * progress replies are not. Resolves once posted, or left to the sweep; never rejects.
   */
  reply(requestId: string, event: ThreadEvent, options: { owed: boolean }): Promise<void> {
    const job: Job = { kind: 'reply', event, owed: options.owed, waiting: [] };
    this.queueOf(requestId).push(job);
    return this.waitFor(job, requestId);
  }

  /** Whether this process still has something queued for the request (the sweep then leaves it to this courier). */
  busyWith(requestId: string): boolean {
    return this.queues.has(requestId);
  }

  /** Resolves once nothing is queued. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /**
   * The process stops: what is queued is still tried once, but no more waits (a wait under way
   * ends now): what Slack refuses is left to the sweep (of this process's successor, or of
   * another replica); it is all on the records.
   */
  stop(): void {
    this.stopped = true;
    for (const wake of this.sleepers) wake();
  }

  private queueOf(requestId: string): Job[] {
    let jobs = this.queues.get(requestId);
    if (!jobs) {
      jobs = [];
      this.queues.set(requestId, jobs);
    }
    return jobs;
  }

  private waitFor(job: Job, requestId: string): Promise<void> {
    const done = new Promise<void>((resolve) => job.waiting.push(resolve));
    this.ensureWorking(requestId);
    return done;
  }

  private ensureWorking(requestId: string): void {
    if (this.running.has(requestId)) return;
    const run = this.work(requestId).finally(() => {
      this.running.delete(requestId);
      // Work handed over while the last job was finishing is taken up at once.
      if ((this.queues.get(requestId)?.length ?? 0) > 0) this.ensureWorking(requestId);
      else this.queues.delete(requestId);
    });
    this.running.set(requestId, run);
  }

  private async work(requestId: string): Promise<void> {
    const jobs = this.queueOf(requestId);
    // Once a reply is left to the sweep, so are the replies behind it: the sweep posts them in order.
    let repliesLeft = false;
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const finished = [...job.waiting];
      try {
        if (job.kind === 'redraw') await this.draw(requestId, jobs, finished);
        else if (!repliesLeft) repliesLeft = !(await this.post(requestId, job.event, job.owed));
      } catch (error) {
        this.context.logger.error(
          { event: 'workflow.courier_failed', requestId, job: job.kind, err: error },
          'could not deliver to the request’s message or thread; the sweep settles what is owed',
        );
        if (job.kind === 'reply') repliesLeft = true;
      } finally {
        for (const resolve of [...finished, ...job.waiting]) resolve();
      }
    }
  }

  /** One drawing, retried after "not now" while within the bound; drawings queued right behind it ride on it. */
  private async draw(requestId: string, jobs: Job[], finished: Array<() => void>): Promise<void> {
    const started = Date.now();
    let drawn: ApprovalRequest | undefined;
    const latest = async () => {
      // Drawings asked for while this one waited for its turn are this one now.
      while (jobs[0]?.kind === 'redraw') finished.push(...jobs.shift()!.waiting);
      const read = await this.context.requests.get(requestId).catch(() => undefined);
      if (read) drawn = read;
      return drawn;
    };
    for (let tries = 1, again = 0; ; tries++) {
      const request = drawn ?? (await this.context.requests.get(requestId).catch(() => undefined));
      if (!request?.approvalMessageTs) return;
      try {
        await this.context.messenger.updateRequest(request, latest);
      } catch (error) {
        const waitMs = retryAfterOf(error);
        if (waitMs !== undefined && (await this.waitToRetry({ requestId, what: 'redraw' }, started, tries, waitMs))) continue;
        this.context.logger.warn(
          { event: 'workflow.update_failed', requestId, err: error },
          'could not update the approval message; the sweep draws it again',
        );
        await noteOutdated(this.context, requestId);
        return;
      }
      const shown = drawn ?? request;
      await clearOutdated(this.context, shown);
      // Another process may have moved the request while this drawing was on its way: drawn once
      // more, so that the message ends on the latest state (unless a drawing is queued anyway).
      const now = await this.context.requests.get(requestId).catch(() => undefined);
      if (!now || again > 0 || jobs[0]?.kind === 'redraw' || !moved(shown, now)) return;
      again += 1;
      drawn = now;
    }
  }

  /** One reply; false when it is left to the sweep (still owed on the record). */
  private async post(requestId: string, event: ThreadEvent, owed: boolean): Promise<boolean> {
    const started = Date.now();
    const key = replyKeyOf(event);
    const lease = `reconcile:${requestId}`;
    for (let tries = 1; ; tries++) {
      const request = await this.context.requests.get(requestId);
      if (!request) return true;
      // Posted meanwhile (by the sweep), or never owed by this record.
      if (owed && !(request.owedReplies ?? []).some((reply) => replyKeyOf(eventOf(reply)) === key)) return true;
      // A reminder is never posted after a decision: it would ask for one already made.
      if (event.kind === 'reminder' && request.state !== 'pending') {
        await removeFromOutbox(this.context, requestId, key);
        return true;
      }
      if (owed && !(await this.holdLease(lease))) {
        // The sweep is settling this request now: it posts what it finds owed, in order.
        if (Date.now() - started + LEASE_BUSY_MS <= this.giveUpAfterMs && (await this.sleep(LEASE_BUSY_MS))) continue;
        return false;
      }
      let refusal: unknown;
      const renewal = owed
        ? keepRenewing(
            () => this.context.store.acquireLease(lease, this.owner, POST_LEASE_MS),
            LEASE_RENEWAL_MS,
            () => undefined,
          )
        : undefined;
      try {
        await this.context.messenger.postInThread(request, event);
        // A store failure here leaves the reply owed: the sweep finds it in the thread and posts nothing twice.
        if (owed) {
          await removeFromOutbox(this.context, requestId, key).catch((error: unknown) =>
            this.context.logger.warn(
              { event: 'workflow.strike_off_failed', requestId, kind: event.kind, err: error },
              'could not mark the reply as posted',
            ),
          );
        }
        return true;
      } catch (error) {
        refusal = error;
      } finally {
        renewal?.stop();
        // Given back before any wait: the sweep may settle the request meanwhile.
        if (owed) await this.context.store.releaseLease(lease, this.owner).catch(() => undefined);
      }
      const waitMs = retryAfterOf(refusal);
      if (waitMs !== undefined && (await this.waitToRetry({ requestId, what: event.kind }, started, tries, waitMs))) continue;
      this.context.logger.error(
        { event: 'workflow.announce_failed', requestId, kind: event.kind, err: refusal },
        owed ? 'could not post in the request’s thread; the sweep posts it' : 'could not post in the request’s thread',
      );
      return false;
    }
  }

  /**
   * The request's `reconcile:` lease for one post. A store that took the lease but answered an
   * error leaves it held by nobody who knows: it is given back at once, so that the sweep need not
   * wait a lease for a reply this courier leaves to it.
   */
  private async holdLease(lease: string): Promise<boolean> {
    try {
      return await this.context.store.acquireLease(lease, this.owner, POST_LEASE_MS);
    } catch (error) {
      await this.context.store.releaseLease(lease, this.owner).catch(() => undefined);
      throw error;
    }
  }

  /** Waits out a Retry-After when the bound allows another try; false when the call is to be left to the sweep. */
  private async waitToRetry(fields: { requestId: string; what: string }, started: number, tries: number, waitMs: number): Promise<boolean> {
    if (tries >= this.maxTries || Date.now() - started + waitMs > this.giveUpAfterMs) {
      this.context.logger.warn({ event: 'workflow.courier_gave_up', ...fields, tries }, 'Slack kept saying "not now"; left to the sweep');
      return false;
    }
    this.context.logger.info(
      { event: 'workflow.courier_waiting', ...fields, tries, retryAfterMs: waitMs },
      'Slack said "not now"; trying again after its Retry-After',
    );
    return this.sleep(waitMs);
  }

  /** False when the courier stopped meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve(!this.stopped);
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.sleepers.add(wake);
    });
  }
}

function moved(drawn: ApprovalRequest, now: ApprovalRequest): boolean {
  return (
    now.state !== drawn.state ||
    JSON.stringify(now.lines) !== JSON.stringify(drawn.lines) ||
    now.approvals.length !== drawn.approvals.length
  );
}
