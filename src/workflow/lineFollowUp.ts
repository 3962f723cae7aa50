import { BOT_ACTOR, type ApprovalRequest } from './approvalRequest.js';
import { announce, transition, type WorkflowContext } from './context.js';
import { allLinesDone, lineKeyOf, tallyOf } from './requestLines.js';

type LineContext = Pick<WorkflowContext, 'requests' | 'requestLines' | 'store' | 'clock' | 'messenger' | 'logger'>;

/**
 * One line of a request is done (`completed`) or past its deadline (`stuck`), as its follow-up
 * saw at `at`: written on the line's record (once: only an `accepted` line moves), with its
 * audit entry under the line's number. Safe to repeat: a replica that died in between is
 * followed by one that does it again, and nothing is written twice.
 */
export async function lineFinished(
  context: LineContext,
  requestId: string,
  phone: string,
  state: 'completed' | 'stuck',
  at: number,
): Promise<void> {
  const moved = await context.requestLines.update(lineKeyOf({ requestId, phone }), (line) =>
    line.state === 'accepted' ? { ...line, state, finishedAt: at } : undefined,
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

/**
 * The request's last transition once every line it sent is done or past its deadline: `completed`,
 * or `stuck` when any line is; its thread hears it once (`lines_done`, owed by the transition itself).
 * Each line's end is written on its record before this reads them all: of two lines ending at
 * once, the later reader sees both. Returns the request after the transition, or undefined when it was
 * not (yet) the request's time.
 */
export async function closeIfAllDone(
  context: LineContext,
  requestId: string,
  at = context.clock.now(),
): Promise<ApprovalRequest | undefined> {
  const moved = await transition(
    context,
    requestId,
    BOT_ACTOR,
    ['accepted'],
    (current) =>
      allLinesDone(current.lines)
        ? { ...current, state: tallyOf(current.lines).stuck > 0 ? 'stuck' : 'completed', finishedAt: at }
        : undefined,
    { owe: { kind: 'lines_done' } },
  );
  if (!moved) return undefined;
  await announce(context, moved.after, { kind: 'lines_done' });
  context.logger.info(
    { event: `follow_up.${moved.after.state}`, requestId, lines: tallyOf(moved.after.lines).total },
    'every line of the request is through',
  );
  return moved.after;
}
