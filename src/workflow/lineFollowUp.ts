import { BOT_ACTOR, type ApprovalRequest, type RequestLine } from './approvalRequest.js';
import { announce, transition, type WorkflowContext } from './context.js';
import { allLinesDone, lineKeyOf, tallyOf } from './requestLines.js';

type LineContext = Pick<WorkflowContext, 'requests' | 'requestLines' | 'store' | 'clock' | 'messenger' | 'logger'>;

/** How a line ended, as its follow-up saw it: what the thread's close reply says of it (`RequestLine`). */
export type LineEnd = { state: 'completed' | 'stuck'; at: number } & Pick<RequestLine, 'lastSeen' | 'tookMs' | 'deadlineAt'>;

/**
 * One line of a request is done (`completed`) or past its deadline (`stuck`), as its follow-up
 * saw at `end.at`: written on the line's record with what it showed (once: only an `accepted`
 * line moves), with its audit entry under the line's number. Safe to repeat: a replica that died
 * in between is followed by one that does it again, and nothing is written twice.
 */
export async function lineFinished(context: LineContext, requestId: string, phone: string, end: LineEnd): Promise<void> {
  const { state, at, ...seen } = end;
  const moved = await context.requestLines.update(lineKeyOf({ requestId, phone }), (line) =>
    line.state === 'accepted' ? { ...line, state, finishedAt: at, ...seen } : undefined,
  );
  if (!moved.updated) return;
  await context.store.audit
    .append({ requestId, phone, actor: BOT_ACTOR, action: `line_${state}`, from: 'accepted', to: state, at })
    .catch((error: unknown) =>
      context.logger.error(
        { event: 'workflow.audit_lost', requestId, phone, state, err: error },
        'could not write the audit entry of a line',
      ),
    );
}

/** How a request whose accepted lines all ended closes: `stuck` when any line is, else `completed`. */
export function closeOf(lines: readonly Pick<RequestLine, 'state'>[]): 'completed' | 'stuck' {
  return tallyOf(lines).stuck > 0 ? 'stuck' : 'completed';
}

/**
 * The request's last transition once every line it sent is done or past its deadline: `completed`,
 * or `stuck` when any line is; its thread hears it once (a reply of that kind). Each line's end is
 * written on its record before this reads them all: of two lines ending at once, the later reader
 * sees both. The reply is owed by the transition itself (the request's outbox) and announced,
 * unless `replyOwedByJob`: the follow-up job whose line ended last owes it in its own outbox and
 * posts it (followUps.ts). Returns the request after the transition, or undefined when it was
 * not (yet) the request's time.
 */
export async function closeIfAllDone(
  context: LineContext,
  requestId: string,
  at = context.clock.now(),
  { replyOwedByJob = false }: { replyOwedByJob?: boolean } = {},
): Promise<ApprovalRequest | undefined> {
  const moved = await transition(
    context,
    requestId,
    BOT_ACTOR,
    ['accepted'],
    (current) => (allLinesDone(current.lines) ? { ...current, state: closeOf(current.lines), finishedAt: at } : undefined),
    replyOwedByJob ? {} : { owe: (after) => ({ kind: closeOf(after.lines) }) },
  );
  if (!moved) return undefined;
  if (!replyOwedByJob) await announce(context, moved.after, { kind: closeOf(moved.after.lines) });
  context.logger.info(
    { event: `follow_up.${moved.after.state}`, requestId, lines: tallyOf(moved.after.lines).total },
    'every line of the request is through',
  );
  return moved.after;
}
