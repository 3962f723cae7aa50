import type { PhoneNumber } from '../../phone.js';
import { OutcomeUnknown, type CallContext } from '../call.js';
import { FreebitError } from '../errors.js';
import type { ChangeResult, Line } from '../types.js';
import { lookupLine } from './lookupLine.js';

export interface ChangeContext extends CallContext {
  detailPath: string;
}

/**
 * Runs a change; when it may have reached Freebit without an answer, looks the line up to
 * settle what happened (a pending `async.func` for the operation means it was accepted),
 * so the person is told the truth instead of a guess. Errors become results: a change
 * never throws for something Freebit or the network did.
 */
export async function settleChange(
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
    try {
      const line = await lookupLine(context, context.detailPath, phone);
      return { outcome: 'unknown', cause, settlement: wasAccepted(line) ? 'accepted' : 'not_accepted', line };
    } catch (lookupError) {
      if (lookupError instanceof FreebitError && lookupError.detailCode === 210) {
        return { outcome: 'unknown', cause, settlement: 'not_accepted' };
      }
      if (lookupError instanceof FreebitError) return { outcome: 'unknown', cause, settlement: 'unsettled' };
      throw lookupError;
    }
  }
}
