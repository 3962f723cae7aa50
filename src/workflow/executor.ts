import { forRequest, type Logger } from '../logger.js';
import type { ApprovalRequest } from './approvalRequest.js';
import { withLogger, type WorkflowContext } from './context.js';
import { execute, graceEnd, recoverInterrupted } from './execute.js';
import { REQUEST_INDEX } from './requestIndexes.js';

/** Requests carried through at once by one process (each runs its lines a few at once, at the shared Freebit pace). */
export const EXECUTOR_CONCURRENCY = 4;

export interface ExecutorOptions {
  /** Requests carried through at once (default EXECUTOR_CONCURRENCY). */
  concurrency?: number;
}

/** What the executor carries through for one request: the execution of a request just approved, or the recovery of one left half-way. */
interface Work {
  requestId: string;
  run: (context: WorkflowContext) => Promise<unknown>;
  logger?: Logger;
  /** Called once the work ran, or was dropped by a stop before it began. */
  settled?: () => void;
}

/**
 * The worker that carries approved requests through Freebit (ARCHITECTURE.md, "The life of a
 * request"): a decision ends with `approved` and wakes it, and the sweep hands it the requests a
 * stopped process (this one or another replica) left `approved` or `executing` past their grace.
 * It runs a bounded number of requests at once; each is claimed by the `approved → executing`
 * compare-and-set (execute.ts), so a request woken here and found by another replica's sweep
 * is carried through once.
 *
 * Started and stopped with the bot's workers, like the follow-up poller. A stop claims nothing
 * new, neither a request nor a line of one in flight (`halt`, read where execute.ts claims a
 * line), and waits only for the Freebit calls already out: what is left `approved`, or `held`,
 * is taken up once its grace has passed by the sweep of another replica or of the next process.
 */
export class Executor {
  /** Set when the executor stops: the executions it runs claim no new line (execute.ts). Shared by every context it runs with. */
  readonly halt = { requested: false };
  /** The workflow's context, with this executor's halt flag and the requests it executes now. */
  readonly context: WorkflowContext;
  private readonly concurrency: number;
  private readonly queue: Work[] = [];
  /** Requests queued or running here: a wake or a sweep finding one of them again adds nothing. */
  private readonly inHand = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private phase: 'new' | 'started' | 'stopped' = 'new';

  constructor(context: Omit<WorkflowContext, 'halt' | 'working'>, options: ExecutorOptions = {}) {
    this.context = { ...context, halt: this.halt, working: new Set() };
    this.concurrency = options.concurrency ?? EXECUTOR_CONCURRENCY;
  }

  /** Takes work from now on (what was woken before runs now). */
  start(): void {
    if (this.phase === 'started') return;
    this.phase = 'started';
    this.halt.requested = false;
    this.pump();
  }

  /**
   * A request was just approved: it is executed as soon as a place is free. `logger`: the
   * decision's (its lines then name the click too). A stopped executor leaves it `approved`,
   * for the sweep once its grace has passed.
   */
  wake(requestId: string, logger?: Logger): void {
    this.take({ requestId, run: (context) => execute(context, requestId), ...(logger ? { logger } : {}) });
  }

  /**
   * The sweep's recovery: of the open work `listed` (default: the sweep's index), every accepted
   * request is handed to the follow-up again (idempotent), and every request left `approved` or
   * `executing` past its grace is taken up, read afresh when its turn comes (execute.ts
   * recoverInterrupted: a line left `executing` is settled by a look-up, never sent again).
   * `found`: how many were taken up; `done` settles once they are carried through (or left for
   * a later sweep).
   */
  async findWork(listed?: readonly ApprovalRequest[]): Promise<{ found: number; done: Promise<void> }> {
    if (this.phase === 'stopped') return { found: 0, done: Promise.resolve() };
    const requests = listed ?? (await this.context.requests.inIndex(REQUEST_INDEX.sweep));
    await recoverInterrupted(
      this.context,
      requests.filter((request) => request.state === 'accepted'),
    );
    const now = this.context.clock.now();
    const stale = requests.filter(
      (request) => (request.state === 'approved' || request.state === 'executing') && graceEnd(this.context, request) <= now,
    );
    const taken = stale.flatMap((request) => {
      const settled = this.take({
        requestId: request.id,
        run: async (context) => {
          const current = await context.requests.get(request.id);
          if (current) await recoverInterrupted(context, [current]);
        },
      });
      return settled ? [settled] : [];
    });
    return { found: taken.length, done: Promise.all(taken).then(() => undefined) };
  }

  /**
   * Claims nothing new (no request, no line of a request in flight) and resolves once the work
   * running here is through: the Freebit calls already out answered, their outcomes written.
   * Queued requests stay as they are in the store (`approved`, or `executing` with lines
   * `held`), for the sweep of another replica or of the next process.
   */
  async stop(): Promise<void> {
    this.stopClaiming();
    await this.idle();
  }

  /** The first half of a stop, told at once when the bot begins to stop (the drain): nothing new is claimed from now on. */
  stopClaiming(): void {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    this.halt.requested = true;
    const left = this.queue.splice(0);
    for (const work of left) {
      this.inHand.delete(work.requestId);
      work.settled?.();
    }
    if (left.length > 0)
      this.context.logger.info(
        { event: 'executor.left_for_sweep', requests: left.map((work) => work.requestId) },
        'stopping: requests not begun are left for the sweep',
      );
  }

  /** Resolves once nothing is queued or running (tests and benchmarks wait for it). */
  async idle(): Promise<void> {
    // Queued work runs only once started, and always beside something running (pump).
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** The requests queued or running here (a stop that gives up names them: the sweep takes them up elsewhere or at the next start). */
  working(): string[] {
    return [...this.inHand];
  }

  /** Queues `work` unless its request is in hand already; the promise settles once it ran or was dropped (undefined: not taken). */
  private take(work: Work): Promise<void> | undefined {
    if (this.phase === 'stopped' || this.inHand.has(work.requestId)) return undefined;
    this.inHand.add(work.requestId);
    const settled = new Promise<void>((resolve) => this.queue.push({ ...work, settled: resolve }));
    this.pump();
    return settled;
  }

  private pump(): void {
    while (this.phase === 'started' && this.running.size < this.concurrency && this.queue.length > 0) {
      const work = this.queue.shift()!;
      const context = withLogger(this.context, forRequest(work.logger ?? this.context.logger, { requestId: work.requestId }));
      const running: Promise<void> = work
        .run(context)
        .then(
          () => undefined,
          (error: unknown) =>
            // Left `approved` or `executing`: the sweep takes it up again once its grace has passed.
            context.logger.error(
              { event: 'workflow.execute_failed', requestId: work.requestId, err: error },
              'could not carry the request through now; the sweep takes it up again',
            ),
        )
        .finally(() => {
          this.running.delete(running);
          this.inHand.delete(work.requestId);
          work.settled?.();
          this.pump();
        });
      this.running.add(running);
    }
  }
}
