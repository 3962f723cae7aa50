import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { FreebitError, type ChangeResult, type Line } from '../freebit/index.js';
import type { PhoneNumber } from '../phone.js';
import { BOT_ACTOR, passedDate, type ApprovalRequest, type Execution, type RequestLine } from './approvalRequest.js';
import { announce, leftToSweep, redrawLatest, releaseLines, transition, type WorkflowContext } from './context.js';
import { describeLineChanges, lineChangesBetween } from './lineChanges.js';
import { closeIfAllDone } from './lineFollowUp.js';
import { changeTaken, operationOf } from './operations/index.js';
import { REQUEST_INDEX } from './requestIndexes.js';
import { allLinesSent, LINE_CONCURRENCY, lineKeyOf, tallyOf } from './requestLines.js';
import { keepRenewing, type Renewal } from './leases.js';

/**
 * An approved request reaches Freebit exactly once per line: the `approved → executing`
 * transition is the request's claim, taken before any call, so a second click, a Slack retry or
 * another replica finds it taken; then each line is carried to its end (`executeLines`).
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
  return executeLines(context, claimed.after);
}

/**
 * After a restart: a request left `approved` is executed; one left `executing` has its lines
 * carried on (`executeLines`: a line left `executing` is settled by a look-up, never sent again;
 * a line still `held` is run). Only requests past their grace, so another replica's call in
 * flight is left alone. And every `accepted` request is handed to the follow-up again (watch is
 * idempotent): one whose hand-off was lost (a crash right after the transition, a failed watch)
 * gets its jobs now.
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
      // A request whose last line's follow-up stopped before the request's own transition.
      if (await closeIfAllDone(context, request.id)) continue;
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
      if (request.state === 'approved') await execute(context, request.id);
      else await executeLines(context, request);
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
function holdExecution(context: WorkflowContext, requestId: string, claims: () => ReadonlyMap<string, string>): Renewal {
  const renew = async () => {
    const until = context.clock.now() + context.claimLeaseMs;
    const renewed = await context.requests.update(requestId, (current) =>
      current.state === 'executing' ? { ...current, graceUntil: Math.max(current.graceUntil ?? 0, until) } : undefined,
    );
    // Each line this process claimed: its own record (a line another process took over is left to it).
    for (const [phone, token] of claims()) {
      await context.requestLines.update(lineKeyOf({ requestId, phone }), (line) =>
        line.state === 'executing' && line.claim === token ? { ...line, graceUntil: Math.max(line.graceUntil ?? 0, until) } : undefined,
      );
    }
    // A request no longer executing needs no hold (its work is through).
    return renewed.updated || renewed.current?.state !== 'executing';
  };
  return keepRenewing(renew, context.claimLeaseMs / 3, (error) =>
    context.logger.warn(
      { event: 'workflow.claim_renewal_failed', requestId, err: error },
      'could not renew the hold on the request being executed; no further line is claimed',
    ),
  );
}

/** When the process that took the request's last transition is taken for gone: the grace it wrote, else the reader's. */
export function graceEnd(context: WorkflowContext, request: ApprovalRequest): number {
  if (request.graceUntil !== undefined) return request.graceUntil;
  const since = request.state === 'executing' ? request.executingSince : request.decidedAt;
  return (since ?? 0) + context.executionGraceMs;
}

/**
 * Whose look the re-check before the call is: the approver whose click made the request
 * approved (the last one), also when the sweep resumes the execution after a restart: it is
 * still their approval being carried out.
 */
function approverOf(request: Pick<ApprovalRequest, 'decidedBy' | 'approvals'>): string {
  return request.decidedBy ?? request.approvals.at(-1)?.userId ?? BOT_ACTOR;
}

/** The target of one line's call: the request's change, for that line. */
interface LineTarget {
  requestId: string;
  phone: string;
  change: ApprovalRequest['change'];
  lineAtRequest?: RequestLine['lineAtRequest'];
}

/** What makes the line unsafe to send now, as a failed execution; undefined when it is safe. */
async function recheckLine(context: WorkflowContext, target: LineTarget, approverId: string): Promise<Execution | undefined> {
  const at = context.clock.now();
  // Read on the approver's behalf (what changed is shown in the thread): recorded first, counted
  // toward their LOOKUP_MAX_PER_HOUR, but never refused by it: an approved change is not stopped mid-batch.
  await context.access.admit({ userId: approverId, phones: [target.phone], surface: 'recheck' }, { enforce: false });
  let line: Line | undefined;
  try {
    line = await context.freebit.lookupLine(target.phone as PhoneNumber);
  } catch (error) {
    if (!(error instanceof FreebitError)) {
      // Not Freebit's answer: the bot's own part failed (its store, read for the authKey).
      // Nothing was sent, and that is known now: the line ends so, instead of waiting for
      // the sweep to find it `executing` and settle by a look-up what is certain.
      context.logger.error(
        { event: 'workflow.recheck_failed', requestId: target.requestId, phone: target.phone, err: error },
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
  const lineChanges = lineChangesBetween(target.lineAtRequest, line);
  // `detail` stays an English sentence for the log and the audit trail; Slack words `lineChanges`.
  return lineChanges.length > 0 ? { result: 'line_changed', lineChanges, detail: describeLineChanges(lineChanges), at } : undefined;
}

/**
 * The date asked for, checked right before a line is looked up and again right before its call
 * (the look-up may straddle midnight): a date in the past is never sent (Freebit would refuse
 * it, 204). Undefined while the date is today or later.
 */
function datePassed(context: WorkflowContext, request: Pick<ApprovalRequest, 'change'>): Execution | undefined {
  const now = context.clock.now();
  return passedDate(request, now) ? { result: 'date_passed', detail: 'the date had passed (Japan time)', at: now } : undefined;
}

/**
 * The workflow's only call of a mutating Freebit operation, kept here behind the claims so that
 * nothing else reaches one (test/e2e/approvals/noMutatingPath.test.ts). What is sent is the descriptor's
 * (operations/): its Freebit operation, with the order made from the recorded change.
 */
function send(context: WorkflowContext, target: LineTarget): Promise<ChangeResult> {
  const operation = operationOf(target.change);
  return context.freebit.sendChange(operation.freebit, operation.orderOf(target.phone as PhoneNumber, target.change));
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

/**
 * The lines of a request once it is `executing`: each line is looked up again right before its
 * call, claimed (`held → executing`, a compare-and-set of its own record), and sent, exactly
 * once, a few at once and each at the shared Freebit pace. A line that moved since the approval
 * is not sent and is reported; it never holds the others up. The approval message shows the
 * progress, drawn again at most once a `PROGRESS_REDRAW_MS`. Run by the process that took the
 * request's claim, and by the sweep on any replica once the request's grace has passed (the
 * process is taken for gone): lines a dead process left `executing` are settled by a look-up,
 * never sent again; lines still `held` are run. When every line had its call the request moves
 * on, with one thread reply.
 */
async function executeLines(context: WorkflowContext, request: ApprovalRequest): Promise<ApprovalRequest | undefined> {
  const progress = new ProgressRedraw(context, request.id);
  const now = context.clock.now();
  const limit = pLimit(LINE_CONCURRENCY);
  // The lines this process claimed and has not finished (number → claim): their claims, and the request's grace, are renewed while it works.
  const claims = new Map<string, string>();
  const renewal = holdExecution(context, request.id, () => claims);
  const batch: Batch = { claims, renewal };
  context.working.add(request.id);
  try {
    await Promise.all(
      request.lines.map((line) =>
        limit(async () => {
          try {
            if (line.state === 'held') await executeLine(context, request, line, progress, batch);
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
  return everyLineHadItsCall(context, request.id);
}

/** A request this process is carrying through: the line claims it holds (number → claim), and whether it may still claim (its renewal holds). */
interface Batch {
  claims: Map<string, string>;
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
  line: RequestLine,
  progress: ProgressRedraw,
  batch: Batch,
): Promise<void> {
  // The process is stopping, or its hold on the request could not be renewed: the line stays
  // `held` for the sweep of the next one (Executor.stop), or of another replica.
  if (context.halt.requested || batch.renewal.lost) return;
  const target: LineTarget = {
    requestId: request.id,
    phone: line.phone,
    change: request.change,
    ...(line.lineAtRequest ? { lineAtRequest: line.lineAtRequest } : {}),
  };
  let refusal = datePassed(context, request);
  if (!refusal) {
    await context.pace.turn();
    refusal = (await recheckLine(context, target, approverOf(request))) ?? datePassed(context, request);
  }
  if (!refusal) await context.pace.turn();
  if (context.halt.requested || batch.renewal.lost) return;

  const token = randomUUID();
  const key = lineKeyOf(line);
  const claimed = await context.requestLines
    .update(key, (current) =>
      current.state === 'held'
        ? { ...current, state: 'executing', claim: token, graceUntil: context.clock.now() + context.claimLeaseMs }
        : undefined,
    )
    .catch(async (error: unknown) => {
      const current = await context.requestLines.get(key).catch(() => undefined);
      if (current?.claim === token) return { updated: true as const, value: current };
      throw error;
    });
  // Another process took the line meanwhile (a replica resuming the request): it is its to send.
  if (!claimed.updated) return;
  batch.claims.set(line.phone, token);
  try {
    if (refusal) return await finishLine(context, request, line.phone, token, 'failed', refusal, progress);
    const result = await send(context, target);
    const { state, execution } = interpret(result, context.clock.now());
    return await finishLine(context, request, line.phone, token, state, execution, progress);
  } finally {
    batch.claims.delete(line.phone);
  }
}

/**
 * A line a stopped process left `executing`: the line tells whether Freebit took the change;
 * it is never sent again. A look-up that does not settle it (Freebit did not answer) ends the
 * line as not done, `unsettled`, and the thread says to check it by hand.
 */
async function settleLine(context: WorkflowContext, request: ApprovalRequest, line: RequestLine, progress: ProgressRedraw): Promise<void> {
  await context.pace.turn();
  const at = context.clock.now();
  let execution: Execution;
  try {
    const seen = await context.freebit.lookupLine(line.phone as PhoneNumber);
    // The same reading as the Freebit layer's settle of a lost answer (the Freebit operation's `taken`).
    const taken = changeTaken(seen, line.phone as PhoneNumber, request.change);
    execution = { result: 'interrupted', settlement: taken ? 'accepted' : 'not_accepted', at };
  } catch (error) {
    execution =
      error instanceof FreebitError && error.detailCode === 210
        ? { result: 'interrupted', settlement: 'not_accepted', at }
        : { result: 'interrupted', settlement: 'unsettled', ...(error instanceof Error ? { detail: error.message } : {}), at };
  }
  await finishLine(
    context,
    request,
    line.phone,
    line.claim,
    execution.settlement === 'accepted' ? 'accepted' : 'failed',
    execution,
    progress,
  );
}

/**
 * A line's outcome: one compare-and-set of that line's record (only while the claim `token`
 * holds it), its audit entry (under the line's number, so its history shows it), its follow-up,
 * and its hold released.
 */
async function finishLine(
  context: WorkflowContext,
  request: ApprovalRequest,
  phone: string,
  token: string | undefined,
  state: 'accepted' | 'failed',
  execution: Execution,
  progress: ProgressRedraw,
): Promise<void> {
  const key = lineKeyOf({ requestId: request.id, phone });
  const write = () =>
    context.requestLines.update(key, (line) =>
      line.state === 'executing' && line.claim === token ? { ...line, state, execution } : undefined,
    );
  // What Freebit answered is known only here: tried twice, then the line stays `executing` and the sweep settles it by a look-up.
  let moved = await write().catch(() => write());
  if (!moved.updated) {
    // The first write may have gone through, its answer lost on the way back: the record says.
    const line = moved.current;
    if (line?.state !== state || line.execution?.at !== execution.at) return;
    moved = { updated: true, value: line };
  }
  await context.store.audit
    .append({
      requestId: request.id,
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
        { event: 'workflow.audit_lost', requestId: request.id, phone, state, err: error },
        'could not write the audit entry of a line',
      ),
    );
  if (state === 'accepted') {
    const finished = moved.value;
    try {
      await context.onAccepted({ ...request, lines: request.lines.map((line) => (line.phone === phone ? finished : line)) }, phone);
    } catch (error) {
      context.logger.error(
        { event: 'workflow.follow_up_failed', requestId: request.id, phone, err: error },
        'could not hand the line to the follow-up',
      );
    }
  }
  await releaseLines(context, request, [phone]).catch(leftToSweep(context, request.id));
  context.logger.info(
    { event: 'workflow.line_executed', requestId: request.id, phone, state, result: execution.result, detailCode: execution.detailCode },
    'line executed',
  );
  progress.moved();
}

/**
 * What the request's execution as a whole says: `accepted` when any line was taken (or already
 * ended by its follow-up: a slow last line, a request resumed after a restart), else `failed`;
 * its outcome is its lines' when they all had the same (the latest of them: a refusal and its
 * detail code, a date that had passed, what moved on the line), else `accepted` or `refused`.
 */
function executionOfRequest(lines: readonly RequestLine[], at: number): { state: 'accepted' | 'failed'; execution: Execution } {
  const tally = tallyOf(lines);
  const state = tally.accepted + tally.completed + tally.stuck > 0 ? 'accepted' : 'failed';
  const outcomes = lines.map((line) => line.execution);
  const alike = (execution: Execution | undefined) => execution && JSON.stringify({ ...execution, at: 0 });
  const shared = outcomes.every((execution) => execution && alike(execution) === alike(outcomes[0]))
    ? outcomes.reduce((latest, execution) => (execution!.at > latest!.at ? execution : latest))
    : undefined;
  return { state, execution: shared ?? { result: state === 'accepted' ? 'accepted' : 'refused', at } };
}

/** Every line had its call: the request leaves `executing` (accepted when any line was), and its thread hears it once. */
async function everyLineHadItsCall(context: WorkflowContext, requestId: string): Promise<ApprovalRequest | undefined> {
  const at = context.clock.now();
  const moved = await transition(
    context,
    requestId,
    BOT_ACTOR,
    ['executing'],
    (current) => {
      if (!allLinesSent(current.lines)) return undefined;
      const { state, execution } = executionOfRequest(current.lines, at);
      return { ...current, state, execution };
    },
    { owe: { kind: 'executed' }, detail: (after) => after.execution?.detail },
  );
  if (!moved) return context.requests.get(requestId);
  await releaseLines(context, moved.after).catch(leftToSweep(context, requestId));
  await announce(context, moved.after, { kind: 'executed' });
  const tally = tallyOf(moved.after.lines);
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

  /** The lines are through: no more progress drawings (the request's transition draws the last one). */
  async done(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async draw(): Promise<void> {
    const request = await this.context.requests.get(this.requestId).catch(() => undefined);
    // Once the request left `executing`, its transition drew it (or another process's did).
    if (request?.state === 'executing') await redrawLatest(this.context, this.requestId).catch(() => undefined);
  }
}
