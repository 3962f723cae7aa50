import { callFreebit } from '../call.js';
import { FreebitError } from '../errors.js';
import type { CancellationOrder, ChangeResult, Line } from '../types.js';
import { settleChange, type ChangeContext } from './settle.js';

const PATH = '/master/cnclAcnt/';

/** PA02-04: cancel a line now or on a run date; Freebit completes it within 10 min of that date. */
export async function cancelLine(context: ChangeContext, order: CancellationOrder): Promise<ChangeResult> {
  return settleChange(context, order.phone, cancellationTaken, async () => {
    const { envelope } = await callFreebit(
      context,
      'cancelLine',
      PATH,
      // Optional fields are left out when not used; never null (spec README).
      { kind: 'MVNO', account: order.phone, ...(order.runDate ? { runDate: order.runDate } : {}) },
      'change',
    );
    if (envelope.resultCode === 100) return { outcome: 'accepted' };
    // PA02-04: 101 "already satisfies request (already cancelled)" is a success.
    if (envelope.resultCode === 101) return { outcome: 'already_satisfied' };
    return { outcome: 'refused', error: FreebitError.refused('cancelLine', envelope.resultCode, envelope.status?.statusCode) };
  });
}

/**
 * Whether the line shows Freebit took a cancellation: a pending `cancel`, or already obsolete
 * (spec README, "What completion looks like"). The one definition: a call whose answer was lost
 * (settleChange) and a call the process died around (the workflow's settle) both read it.
 */
export function cancellationTaken(line: Line): boolean {
  return line.pendingChange?.func === 'cancel' || line.state === 'obsolete';
}
