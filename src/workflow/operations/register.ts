import { z } from 'zod';
import type { FreebitDate } from '../../dates.js';
import { registerLine, type RegistrationOrder } from '../../freebit/operations/registerLine.js';
import type { OperationDescriptor } from './descriptor.js';

/** Stored in request records: fields are added (optional), never renamed. */
const registerChangeSchema = z.object({ operation: z.literal('register'), planCode: z.string(), startDate: z.string().optional() });
type RegisterChange = z.infer<typeof registerChangeSchema>;

/** PA02-01: register a new line, now or on a start date. */
export const register = {
  name: 'register',
  freebit: registerLine,
  change: registerChangeSchema,
  changeOf: (order) => ({ operation: 'register', planCode: order.planCode, ...(order.startDate ? { startDate: order.startDate } : {}) }),
  orderOf: (phone, change) => ({
    phone,
    planCode: change.planCode,
    ...(change.startDate ? { startDate: change.startDate as FreebitDate } : {}),
  }),
  dateOf: (change) => change.startDate,
  // PA02-01: 208, the number is already an account.
  refusal: (line) => (line ? 'line_exists' : undefined),
  followUpTarget: () => ({}),
  // docs/freebit.md, "What completion looks like": active, and no `regist` pending.
  isComplete: (line) => line.state === 'active' && line.pendingChange?.func !== 'regist',
} satisfies OperationDescriptor<'register', RegisterChange, RegistrationOrder>;
