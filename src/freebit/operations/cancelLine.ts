import type { FreebitDate } from '../../dates.js';
import type { PhoneNumber } from '../../phone.js';
import type { FreebitChange } from '../types.js';

export interface CancellationOrder {
  phone: PhoneNumber;
  /** Absent: immediately (PA02-04). */
  runDate?: FreebitDate;
}

/** PA02-04: cancel a line now or on a run date; Freebit completes it within 10 min of that date. */
export const cancelLine: FreebitChange<CancellationOrder> = {
  name: 'cancelLine',
  path: '/master/cnclAcnt/',
  payload: (order) => ({ kind: 'MVNO', account: order.phone, ...(order.runDate ? { runDate: order.runDate } : {}) }),
  // PA02-04: 101 "already satisfies request (already cancelled)" is a success.
  read: ({ envelope }) => (envelope.resultCode === 101 ? { outcome: 'already_satisfied' } : undefined),
  // A pending `cancel`, or already obsolete.
  taken: (line) => line.pendingChange?.func === 'cancel' || line.state === 'obsolete',
};
