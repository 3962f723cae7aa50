import { BOT_ACTOR, type ApprovalRequest } from './approvalRequest.js';
import { allLinesDone, tallyOf, withLine } from './bulkRequest.js';
import { announce, transition, type WorkflowContext } from './context.js';

type LineContext = Pick<WorkflowContext, 'requests' | 'store' | 'clock' | 'messenger' | 'logger'>;

/**
 * One line of a request for several is done (`completed`) or past its deadline (`stuck`), as its
 * follow-up saw at `at`: written on the request's line (once: only an `accepted` line moves),
 * with its audit entry under the line's number. Then the request itself, if that was its last
 * line (closeIfAllDone). Safe to repeat: a replica that died in between is followed by one that
 * does it again, and nothing is written or said twice.
 */
export async function lineFinished(
  context: LineContext,
  requestId: string,
  phone: string,
  state: 'completed' | 'stuck',
  at: number,
): Promise<void> {
  const moved = await context.requests.update(requestId, (current) =>
    withLine(current, phone, (line) => (line.state === 'accepted' ? { ...line, state, finishedAt: at } : undefined)),
  );
  if (moved.updated) {
    await context.store.audit
      .append({ requestId, phone, actor: BOT_ACTOR, action: `line_${state}`, from: 'accepted', to: state, at })
      .catch((error: unknown) =>
        context.logger.error(
          { event: 'workflow.audit_lost', requestId, phone, state, err: error },
          'could not write the audit entry of a line',
        ),
      );
  }
  await closeIfAllDone(context, requestId, at);
}

/**
 * The request's last arrow once every line it sent is done or past its deadline: `completed`,
 * or `stuck` when any line is; its thread hears it once (`lines_done`, owed by the arrow itself).
 * Returns the request after the arrow, or undefined when it was not (yet) the request's time.
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
      allLinesDone(current) ? { ...current, state: tallyOf(current).stuck > 0 ? 'stuck' : 'completed', finishedAt: at } : undefined,
    { owe: { kind: 'lines_done' } },
  );
  if (!moved) return undefined;
  await announce(context, moved.after, { kind: 'lines_done' });
  context.logger.info(
    { event: `follow_up.${moved.after.state}`, requestId, lines: tallyOf(moved.after).total },
    'every line of the request is through',
  );
  return moved.after;
}
