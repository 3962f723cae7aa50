import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { FreebitError, type ChangeResult, type Line } from '../freebit/index.js';
import type { PhoneNumber } from '../phone.js';
import { BOT_ACTOR, passedDate, type ApprovalRequest, type BulkLine, type Execution } from './approvalRequest.js';
import { allLinesSent, BULK_CONCURRENCY, isBulk, lineOf, tallyOf, withLine } from './bulkRequest.js';
import { announce, letGoOfLine, redrawLatest, transition, type WorkflowContext } from './context.js';
import { describeLineChanges, lineChangesBetween } from './lineChanges.js';
import { closeIfAllDone } from './lineFollowUp.js';
import { changeTaken, operationOf } from './operations/index.js';
import { REQUEST_INDEX } from './requestIndexes.js';
import { keepRenewing, type Renewal } from './leases.js';

/**
 * An approved request reaches Freebit exactly once: the `approved → executing` arrow is the
 * claim, taken before the call, so a second click, a Slack retry or another replica finds it
 * taken. Right before the call the line is looked up again; if it moved since the approver
 * saw it, nothing is sent and the thread says what changed.
 */
export async function execute(context: WorkflowContext, requestId: string): Promise<ApprovalRequest | undefined> {
  // The claim names its taker: a store that did the write and then failed to say so leaves a
  // record this caller can recognise as its own claim (and go on), where another's is not.
  const token = randomUUID();
  const claimed = await transition(context, requestId, BOT_ACTOR, ['approved'], (current) => ({
    ...current,
    state: 'executing',
    executingSince: context.clock.now(),
    graceUntil: context.clock.now() + context.claimLeaseMs,
    executionClaim: token,
  })).catch(async (error: unknown) => {
    const current = await context.requests.get(requestId).catch(() => undefined);
    if (current?.state !== 'executing' || current.executionClaim !== token) throw error;
    context.logger.warn(
      { event: 'workflow.claim_confirmed', requestId, err: error },
      'the store took the claim but answered an error; going on',
    );
    return { before: current, after: current };
  });
  if (!claimed) return undefined;
  const request = claimed.after;
  if (isBulk(request)) return executeLines(context, request);
  // The claim holds while this process works on it (the look-up, the call, a settling look-up).
  const renewal = holdExecution(
    context,
    request.id,
    (current) => current.executionClaim === token,
    () => new Set(),
  );
  context.working.add(request.id);
  try {
    return await executeOne(context, request);
  } finally {
    renewal.stop();
    context.working.delete(request.id);
  }
}

async function executeOne(context: WorkflowContext, request: ApprovalRequest): Promise<ApprovalRequest | undefined> {
  // Checked at the claim and again right before the call (the look-up may straddle midnight):
  // a date in the past is never sent (Freebit would refuse it, 204).
  const dateCheck = () =>
    passedDate(request, context.clock.now())
      ? { result: 'date_passed' as const, detail: 'the date had passed (Japan time)', at: context.clock.now() }
      : undefined;
  const lateAtClaim = dateCheck();
  if (lateAtClaim) return finish(context, request, 'failed', lateAtClaim);

  const recheck = await recheckLine(context, request, approverOf(request));
  if (recheck) return finish(context, request, 'failed', recheck);
  const lateAtCall = dateCheck();
  if (lateAtCall) return finish(context, request, 'failed', lateAtCall);

  const result = await send(context, request);
  const { state, execution } = interpret(result, context.clock.now());
  return finish(context, request, state, execution);
}

/**
 * After a restart: a request left `approved` is executed; one left `executing` (the process
 * died around the Freebit call) is settled by a lookup, never sent again. Only requests
 * past their grace, so another replica's call in flight is left alone. And every
 * `accepted` request is handed to the follow-up again (watch is idempotent): one whose
 * hand-off was lost (a crash right after the arrow, a failed watch) gets its job now.
 */
export async function recoverInterrupted(context: WorkflowContext, listed?: readonly ApprovalRequest[]): Promise<number> {
  const now = context.clock.now();
  // The open work only (the `sweep` index): approved, executing and accepted requests are in it.
  const requests = listed ?? (await context.requests.inIndex(REQUEST_INDEX.sweep));
  for (const listed of requests) {
    if (listed.state !== 'accepted') continue;
    // Read again: one the follow-up finished since the list needs no job (and would get none told twice: followUps.ts).
    const request = await context.requests.get(listed.id);
    if (request?.state !== 'accepted') continue;
    try {
      // A request for several lines whose last line's follow-up stopped before the request's own arrow.
      if (isBulk(request) && (await closeIfAllDone(context, request.id))) continue;
      await context.onAccepted(request);
    } catch (error) {
      context.logger.error(
        { event: 'workflow.follow_up_failed', requestId: request.id, err: error },
        'could not hand the change to the follow-up',
      );
    }
  }
  const stale = requests.filter(
    (request) => (request.state === 'approved' || request.state === 'executing') && graceEnd(context, request) <= now,
  );
  for (const request of stale) {
    // One request's store or Slack error does not hold the others up: it is tried again at the next sweep.
    try {
      if (request.state === 'approved') {
        await execute(context, request.id);
        continue;
      }
      if (isBulk(request)) {
        await executeLines(context, request);
        continue;
      }
      const execution = await settleInterrupted(context, request);
      await finish(context, request, execution.settlement === 'accepted' ? 'accepted' : 'failed', execution);
    } catch (error) {
      context.logger.error(
        { event: 'workflow.recovery_failed', requestId: request.id, err: error },
        'could not resume the request; tried again at the next sweep',
      );
    }
  }
  return stale.length;
}

/**
 * Renews the request's `graceUntil` (and that of the lines this process claimed, `claims()`)
 * while this process works on it, every third of a claim's lease: a process killed outright
 * leaves a request the sweep takes up within one lease, a slow one is never overtaken.
 */
function holdExecution(
  context: WorkflowContext,
  requestId: string,
  ours: (current: ApprovalRequest) => boolean,
  claims: () => ReadonlySet<string>,
): Renewal {
  const renew = async () => {
    const until = context.clock.now() + context.claimLeaseMs;
    const mine = claims();
    const renewed = await context.requests.update(requestId, (current) => {
      if (current.state !== 'executing' || !ours(current)) return undefined;
      const lines = current.lines?.map((line) =>
        line.state === 'executing' && line.claim !== undefined && mine.has(line.claim)
          ? { ...line, graceUntil: Math.max(line.graceUntil ?? 0, until) }
          : line,
      );
      return { ...current, graceUntil: Math.max(current.graceUntil ?? 0, until), ...(lines ? { lines } : {}) };
    });
    // A request no longer executing needs no hold (its work is through); one executing under another's claim was taken over.
    return renewed.updated || renewed.current?.state !== 'executing';
  };
  return keepRenewing(renew, context.claimLeaseMs / 3, (error) =>
    context.logger.warn(
      { event: 'workflow.claim_renewal_failed', requestId, err: error },
      'could not renew the hold on the request being executed; no further line is claimed',
    ),
  );
}

/** When the process that took the request's last arrow is taken for gone: the grace it wrote, else the reader's. */
export function graceEnd(context: WorkflowContext, request: ApprovalRequest): number {
  if (request.graceUntil !== undefined) return request.graceUntil;
  const since = request.state === 'executing' ? request.executingSince : request.decidedAt;
  return (since ?? 0) + context.executionGraceMs;
}

async function finish(
  context: WorkflowContext,
  request: ApprovalRequest,
  state: 'accepted' | 'failed',
  execution: Execution,
): Promise<ApprovalRequest | undefined> {
  const arrow = () =>
    transition(context, request.id, BOT_ACTOR, ['executing'], (current) => ({ ...current, state, execution }), {
      ...(execution.detail ? { detail: execution.detail } : {}),
      owe: { kind: 'executed' },
    });
  // What Freebit answered is known only here: a store error on this arrow is tried once more
  // at once. Past that the request stays `executing`, and the sweep settles it by a look-up.
  const moved = await arrow().catch(async (error: unknown) => {
    context.logger.warn(
      { event: 'workflow.finish_retried', requestId: request.id, err: error },
      'could not record the outcome of the call; trying again',
    );
    const retried = await arrow();
    if (retried) return retried;
    // The first write may have gone through, its answer lost on the way back: the record says.
    const current = await context.requests.get(request.id);
    return current?.state === state && current.execution?.at === execution.at ? { before: request, after: current } : undefined;
  });
  if (!moved) return undefined;
  // Handed to the follow-up right after the arrow, before anything slow (the announcement can
  // take seconds): a crash or a failed watch now leaves an accepted request without a job,
  // which recoverInterrupted hands on again at the next start.
  if (state === 'accepted') {
    try {
      await context.onAccepted(moved.after);
    } catch (error) {
      context.logger.error(
        { event: 'workflow.follow_up_failed', requestId: request.id, err: error },
        'could not hand the change to the follow-up',
      );
    }
  }
  await letGoOfLine(context, moved.after);
  await announce(context, moved.after, { kind: 'executed' });
  context.logger.info(
    { event: 'workflow.executed', requestId: request.id, state, result: execution.result, detailCode: execution.detailCode },
    'change executed',
  );
  return moved.after;
}

/**
 * Whose look the re-check before the call is: the approver whose click made the request
 * approved (the last one), also when the sweep resumes the execution after a restart: it is
 * still their approval being carried out.
 */
function approverOf(request: Pick<ApprovalRequest, 'decidedBy' | 'approvals'>): string {
  return request.decidedBy ?? request.approvals.at(-1)?.userId ?? BOT_ACTOR;
}

/** What makes the request unsafe to send now, as a failed execution; undefined when it is safe. */
async function recheckLine(
  context: WorkflowContext,
  request: Pick<ApprovalRequest, 'id' | 'phone' | 'lineAtRequest'>,
  approverId: string,
): Promise<Execution | undefined> {
  const at = context.clock.now();
  // Read on the approver's behalf (what changed is shown in the thread): recorded first, counted
  // toward their LOOKUP_MAX_PER_HOUR, but never refused by it: an approved change is not stopped mid-batch.
  await context.access.admit({ userId: approverId, phones: [request.phone], surface: 'recheck' }, { enforce: false });
  let line: Line | undefined;
  try {
    line = await context.freebit.lookupLine(request.phone as PhoneNumber);
  } catch (error) {
    if (!(error instanceof FreebitError)) {
      // Not Freebit's answer: the bot's own part failed (its store, read for the authKey).
      // Nothing was sent, and that is known now: the request ends so, instead of waiting for
      // the sweep to find it `executing` and settle by a look-up what is certain.
      context.logger.error(
        { event: 'workflow.recheck_failed', requestId: request.id, err: error },
        'could not look the line up before the call; nothing was sent',
      );
      return { result: 'not_checked', errorCode: 'internal', at };
    }
    if (error.detailCode !== 210) {
      return {
        result: 'not_checked',
        errorCode: error.code,
        ...(error.detailCode !== undefined ? { detailCode: error.detailCode } : {}),
        detail: error.message,
        at,
      };
    }
  }
  const lineChanges = lineChangesBetween(request.lineAtRequest, line);
  // `detail` stays an English sentence for the log and the audit trail; Slack words `lineChanges`.
  return lineChanges.length > 0 ? { result: 'line_changed', lineChanges, detail: describeLineChanges(lineChanges), at } : undefined;
}

/**
 * The workflow's only call of a mutating Freebit operation, kept here behind the claim so that
 * nothing else reaches one (issue 6; test/slack/noMutatingPath.test.ts). What is sent is the
 * descriptor's (operations/): its Freebit operation, with the order made from the recorded change.
 */
function send(context: WorkflowContext, request: Pick<ApprovalRequest, 'phone' | 'change'>): Promise<ChangeResult> {
  const operation = operationOf(request.change);
  return context.freebit.sendChange(operation.freebit, operation.orderOf(request.phone as PhoneNumber, request.change));
}

function interpret(result: ChangeResult, at: number): { state: 'accepted' | 'failed'; execution: Execution } {
  switch (result.outcome) {
    case 'accepted':
      return { state: 'accepted', execution: { result: 'accepted', at } };
    case 'already_satisfied':
      return { state: 'accepted', execution: { result: 'already_satisfied', at } };
    case 'refused':
      return {
        state: 'failed',
        execution: {
          result: 'refused',
          detail: result.error.message,
          ...(result.error.detailCode ? { detailCode: result.error.detailCode } : {}),
          at,
        },
      };
    case 'unknown':
      return {
        state: result.settlement === 'accepted' ? 'accepted' : 'failed',
        execution: { result: 'unknown', settlement: result.settlement, detail: result.cause.message, at },
      };
  }
}

/** The process died around the call: the line tells whether Freebit took the change. */
async function settleInterrupted(context: WorkflowContext, request: Pick<ApprovalRequest, 'phone' | 'change'>): Promise<Execution> {
  const at = context.clock.now();
  try {
    const line = await context.freebit.lookupLine(request.phone as PhoneNumber);
    // The same reading as the Freebit layer's settle of a lost answer (the Freebit operation's `taken`).
    const taken = changeTaken(line, request.phone as PhoneNumber, request.change);
    return { result: 'interrupted', settlement: taken ? 'accepted' : 'not_accepted', at };
  } catch (error) {
    if (error instanceof FreebitError && error.detailCode === 210) return { result: 'interrupted', settlement: 'not_accepted', at };
    return { result: 'interrupted', settlement: 'unsettled', ...(error instanceof Error ? { detail: error.message } : {}), at };
  }
}

/**
 * The lines of a request for several, once it is `executing`: each line is claimed
 * (`held → executing`, a compare-and-set of its own on the request), looked up again right
 * before its call, and sent, exactly once, a few at once and each at the shared Freebit pace.
 * A line that moved since the approval is skipped and reported; it never holds the others up.
 * The approval message shows the progress, drawn again at most once a `PROGRESS_REDRAW_MS`.
 * Run by the process that took the claim, and by the sweep on any replica once the request's
 * grace has passed (the process is taken for gone): lines a dead process left `executing` are
 * settled by a look-up, never sent again; lines still `held` are run. When every line had its
 * call the request moves on, with one thread reply.
 */
async function executeLines(
  context: WorkflowContext,
  request: ApprovalRequest & { lines: BulkLine[] },
): Promise<ApprovalRequest | undefined> {
  const progress = new ProgressRedraw(context, request.id);
  const now = context.clock.now();
  const limit = pLimit(BULK_CONCURRENCY);
  // The lines this process claimed and has not finished: their claims, and the request's grace, are renewed while it works.
  const claims = new Set<string>();
  const renewal = holdExecution(
    context,
    request.id,
    () => true,
    () => claims,
  );
  const batch: Batch = { claims, renewal };
  context.working.add(request.id);
  try {
    await Promise.all(
      request.lines.map((line) =>
        limit(async () => {
          try {
            if (line.state === 'held') await executeLine(context, request, line.phone, progress, batch);
            else if (line.state === 'executing' && (line.graceUntil ?? 0) <= now) await settleLine(context, request, line, progress);
          } catch (error) {
            // Left `held` or `executing`: the sweep takes it up once the request's grace has passed.
            context.logger.error(
              { event: 'workflow.line_failed', requestId: request.id, phone: line.phone, err: error },
              'could not carry one line of the request through; the sweep resumes it',
            );
          }
        }),
      ),
    );
  } finally {
    renewal.stop();
    context.working.delete(request.id);
  }
  await progress.done();
  return finishLines(context, request.id);
}

/** A batch this process is carrying through: the line claims it holds, and whether it may still claim (its renewal holds). */
interface Batch {
  claims: Set<string>;
  renewal: Renewal;
}

/**
 * One line: the look-up right before its call, its claim, the call, its outcome. The claim is
 * taken after the look-up and the wait for the pace, right before the call: a process that dies
 * leaves a line `executing` only if it was (all but) sent, and that line is settled by a look-up
 * (settleLine); a line it had only looked at stays `held`, and is run again, not lost.
 */
async function executeLine(
  context: WorkflowContext,
  request: ApprovalRequest,
  phone: string,
  progress: ProgressRedraw,
  batch: Batch,
): Promise<void> {
  // The process is stopping, or its hold on the request could not be renewed: the line stays
  // `held` for the sweep of the next one (Executor.stop), or of another replica.
  if (context.halt.requested || batch.renewal.lost) return;
  const lineAtRequest = lineOf(request, phone)?.lineAtRequest;
  const target = { id: request.id, phone, change: request.change, ...(lineAtRequest ? { lineAtRequest } : {}) };
  const dateCheck = () =>
    passedDate(request, context.clock.now())
      ? { result: 'date_passed' as const, detail: 'the date had passed (Japan time)', at: context.clock.now() }
      : undefined;
  let refusal: Execution | undefined = dateCheck();
  if (!refusal) {
    await context.pace.turn();
    refusal = (await recheckLine(context, target, approverOf(request))) ?? dateCheck();
  }
  if (!refusal) await context.pace.turn();
  if (context.halt.requested || batch.renewal.lost) return;

  const token = randomUUID();
  const claim = (current: ApprovalRequest) => {
    if (current.state !== 'executing') return undefined;
    const graceUntil = context.clock.now() + context.claimLeaseMs;
    const claimed = withLine(current, phone, (line) =>
      line.state === 'held' ? { ...line, state: 'executing', claim: token, graceUntil } : undefined,
    );
    // The request's own grace follows its lines: while one is claimed now and then, its process is alive.
    return claimed && { ...claimed, graceUntil: Math.max(claimed.graceUntil ?? 0, graceUntil) };
  };
  const claimed = await context.requests.update(request.id, claim).catch(async (error: unknown) => {
    const current = await context.requests.get(request.id).catch(() => undefined);
    if (current && lineOf(current, phone)?.claim === token) return { updated: true as const, value: current };
    throw error;
  });
  // Another process took the line meanwhile (a replica resuming the batch): it is its to send.
  if (!claimed.updated) return;
  batch.claims.add(token);
  try {
    if (refusal) return await finishLine(context, request.id, phone, token, 'failed', refusal, progress);
    const result = await send(context, target);
    const { state, execution } = interpret(result, context.clock.now());
    return await finishLine(context, request.id, phone, token, state, execution, progress);
  } finally {
    batch.claims.delete(token);
  }
}

/** A line a stopped process left `executing`: settled by a look-up, never sent again. */
async function settleLine(context: WorkflowContext, request: ApprovalRequest, line: BulkLine, progress: ProgressRedraw): Promise<void> {
  await context.pace.turn();
  // As for one line: a look-up that does not settle it (Freebit did not answer) ends the line as
  // not done, `unsettled`, and the thread says to check it by hand; it is never sent again.
  const execution = await settleInterrupted(context, { phone: line.phone, change: request.change });
  await finishLine(
    context,
    request.id,
    line.phone,
    line.claim,
    execution.settlement === 'accepted' ? 'accepted' : 'failed',
    execution,
    progress,
  );
}

/**
 * A line's outcome: one compare-and-set of that line (only while the claim `token` holds it),
 * its audit entry (under the line's number, so its history shows it), its follow-up, and its
 * hold let go of.
 */
async function finishLine(
  context: WorkflowContext,
  requestId: string,
  phone: string,
  token: string | undefined,
  state: 'accepted' | 'failed',
  execution: Execution,
  progress: ProgressRedraw,
): Promise<void> {
  const arrow = () =>
    context.requests.update(requestId, (current) =>
      withLine(current, phone, (line) => (line.state === 'executing' && line.claim === token ? { ...line, state, execution } : undefined)),
    );
  // What Freebit answered is known only here: tried twice, then the line stays `executing` and the sweep settles it by a look-up.
  let moved = await arrow().catch(() => arrow());
  if (!moved.updated) {
    // The first write may have gone through, its answer lost on the way back: the record says.
    const current = moved.current;
    const line = current && lineOf(current, phone);
    if (!current || line?.state !== state || line.execution?.at !== execution.at) return;
    moved = { updated: true, value: current };
  }
  await context.store.audit
    .append({
      requestId,
      phone,
      actor: BOT_ACTOR,
      action: `line_${state}`,
      from: 'executing',
      to: state,
      at: execution.at,
      ...(execution.detail ? { detail: execution.detail } : {}),
    })
    .catch((error: unknown) =>
      context.logger.error(
        { event: 'workflow.audit_lost', requestId, phone, state, err: error },
        'could not write the audit entry of a line',
      ),
    );
  if (state === 'accepted') {
    try {
      await context.onAccepted(moved.value, phone);
    } catch (error) {
      context.logger.error(
        { event: 'workflow.follow_up_failed', requestId, phone, err: error },
        'could not hand the line to the follow-up',
      );
    }
  }
  await letGoOfLine(context, moved.value, [phone]);
  context.logger.info(
    { event: 'workflow.line_executed', requestId, phone, state, result: execution.result, detailCode: execution.detailCode },
    'line executed',
  );
  progress.moved();
}

/** Every line had its call: the request leaves `executing` (accepted when any line was), and its thread hears it once. */
async function finishLines(context: WorkflowContext, requestId: string): Promise<ApprovalRequest | undefined> {
  const at = context.clock.now();
  const moved = await transition(
    context,
    requestId,
    BOT_ACTOR,
    ['executing'],
    (current) => {
      if (!allLinesSent(current)) return undefined;
      // Lines accepted, and those whose follow-up already ended them (a slow last line, a batch resumed after a restart).
      const tally = tallyOf(current);
      const taken = tally.accepted + tally.completed + tally.stuck > 0;
      return { ...current, state: taken ? 'accepted' : 'failed', execution: { result: taken ? 'accepted' : 'refused', at } };
    },
    { owe: { kind: 'executed' } },
  );
  if (!moved) return context.requests.get(requestId);
  await letGoOfLine(context, moved.after);
  await announce(context, moved.after, { kind: 'executed' });
  const tally = tallyOf(moved.after);
  context.logger.info(
    { event: 'workflow.executed', requestId, state: moved.after.state, lines: tally.total, accepted: tally.accepted, failed: tally.failed },
    'lines executed',
  );
  // Lines Freebit finished while others were still being sent (their follow-up could not close a request still `executing`).
  if (moved.after.state === 'accepted') return (await closeIfAllDone(context, requestId)) ?? moved.after;
  return moved.after;
}

/** How often, at most, the approval message is drawn again while lines are sent: far fewer Slack calls than lines. */
export const PROGRESS_REDRAW_MS = 1_500;

/**
 * Draws the approval message again as lines move, at most once a PROGRESS_REDRAW_MS (real time:
 * Slack's pace, not the clock's). The drawing is the courier's (courier.ts): coalesced with any
 * still waiting for Slack's budget, and never waited for by the lines (a Slack limit never
 * delays a Freebit call).
 */
class ProgressRedraw {
  private last = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: WorkflowContext,
    private readonly requestId: string,
  ) {}

  moved(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + PROGRESS_REDRAW_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.last = Date.now();
      void this.draw();
    }, wait);
    this.timer.unref();
  }

  /** The lines are through: no more progress drawings (the request's arrow draws the last one). */
  async done(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async draw(): Promise<void> {
    const request = await this.context.requests.get(this.requestId).catch(() => undefined);
    // Once the request left `executing`, its arrow drew it (or another process's did).
    if (request?.state === 'executing') await redrawLatest(this.context, this.requestId).catch(() => undefined);
  }
}
