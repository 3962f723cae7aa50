import { setTimeout as sleep } from 'node:timers/promises';
import type { PhoneNumber } from '../../phone.js';
import { callFreebit, OutcomeUnknown, type CallContext } from '../call.js';
import { FreebitError } from '../errors.js';
import type { AnswerReading, ChangeResult, FreebitChange, Line } from '../types.js';
import { lookupLine } from './lookupLine.js';

export interface ChangeContext extends CallContext {
  detailPath: string;
  /**
   * How long to wait before the second look at a line whose first look showed no sign of the
   * change (default: the call's own deadline, `timeoutMs`).
   */
  settleDelayMs?: number;
}

/**
 * Sends one change operation (operations/*.ts) with its order: the call, the operation's
 * reading of the answer (by default 100 accepted, anything else refused), and a lost answer
 * settled by a lookup with the operation's `taken`.
 */
export function runChange<Order extends { phone: PhoneNumber }>(
  context: ChangeContext,
  operation: FreebitChange<Order>,
  order: Order,
): Promise<ChangeResult> {
  return settleChange(
    context,
    order.phone,
    (line) => operation.taken(line, order),
    async () => {
      const answered = await callFreebit(context, operation.name, operation.path, operation.payload(order), 'change');
      const reading: AnswerReading = {
        refused: (detailCode, statusClass) => ({
          outcome: 'refused',
          error: FreebitError.refused(operation.name, detailCode, statusClass),
        }),
        unreadable: (what) => {
          throw new OutcomeUnknown(FreebitError.badAnswer(operation.name, what));
        },
        logger: context.logger,
      };
      const own = operation.read?.(answered, reading);
      if (own) return own;
      const { resultCode, status } = answered.envelope;
      return resultCode === 100 ? { outcome: 'accepted' } : reading.refused(resultCode, status?.statusCode);
    },
  );
}

/** What a look at the line says about a change whose answer was lost. */
type Settlement = Pick<Extract<ChangeResult, { outcome: 'unknown' }>, 'settlement' | 'line'>;

/**
 * Runs a change; when it may have reached Freebit without an answer, looks the line up (twice
 * when the first look shows nothing) to settle what happened (a pending `async.func` for the operation means it was accepted),
 * so the person is told the truth instead of a guess. Errors become results: a change
 * never throws for something Freebit or the network did.
 */
async function settleChange(
  context: ChangeContext,
  phone: PhoneNumber,
  wasAccepted: (line: Line) => boolean,
  send: () => Promise<ChangeResult>,
): Promise<ChangeResult> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof FreebitError) return { outcome: 'refused', error };
    if (!(error instanceof OutcomeUnknown)) throw error;
    const cause = error.cause;
    context.logger.warn({ event: 'freebit.outcome_unknown', operation: cause.operation, phone }, 'settling an unknown outcome by a lookup');
    const first = await lookForChange(context, phone, wasAccepted);
    if (first.settlement !== 'not_accepted') return { outcome: 'unknown', cause, ...first };
    // A call that gave up may still be on its way through Freebit, and the change then appears a
    // moment later: a first look without it is not yet a "no". One more look, after
    // as long as the call itself had, before the request is told it failed.
    await sleep(context.settleDelayMs ?? context.timeoutMs);
    const second = await lookForChange(context, phone, wasAccepted);
    context.logger.info(
      { event: 'freebit.outcome_settled', operation: cause.operation, phone, settlement: second.settlement },
      'looked at the line a second time',
    );
    return { outcome: 'unknown', cause, ...second };
  }
}

async function lookForChange(context: ChangeContext, phone: PhoneNumber, wasAccepted: (line: Line) => boolean): Promise<Settlement> {
  try {
    const line = await lookupLine(context, context.detailPath, phone);
    return { settlement: wasAccepted(line) ? 'accepted' : 'not_accepted', line };
  } catch (lookupError) {
    if (lookupError instanceof FreebitError && lookupError.detailCode === 210) return { settlement: 'not_accepted' };
    if (lookupError instanceof FreebitError) return { settlement: 'unsettled' };
    throw lookupError;
  }
}
