import { z } from 'zod';
import type { FreebitDate } from '../../dates.js';
import { cancelLine, type CancellationOrder } from '../../freebit/operations/cancelLine.js';
import { refusalForExistingLine, type OperationDescriptor } from './descriptor.js';

/** Stored in request records: fields are added (optional), never renamed. */
const cancelChangeSchema = z.object({ operation: z.literal('cancel'), runDate: z.string().optional() });
type CancelChange = z.infer<typeof cancelChangeSchema>;

/** PA02-04: cancel a line now or on a run date. */
export const cancel = {
  name: 'cancel',
  freebit: cancelLine,
  change: cancelChangeSchema,
  changeOf: (order) => ({ operation: 'cancel', ...(order.runDate ? { runDate: order.runDate } : {}) }),
  orderOf: (phone, change) => ({ phone, ...(change.runDate ? { runDate: change.runDate as FreebitDate } : {}) }),
  dateOf: (change) => change.runDate,
  // PA02-04: 210 no such line, 101 already cancelled, 230 another change waiting.
  refusal: (line) => refusalForExistingLine(line),
  followUpTarget: () => ({}),
  // docs/freebit.md, "What completion looks like": obsolete (before that, a pending `cancel`).
  isComplete: (line) => line.state === 'obsolete',
} satisfies OperationDescriptor<'cancel', CancelChange, CancellationOrder>;
