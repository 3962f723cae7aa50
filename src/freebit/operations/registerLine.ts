import type { FreebitDate } from '../../dates.js';
import type { PhoneNumber } from '../../phone.js';
import type { FreebitChange } from '../types.js';
import { registrationAnswerSchema } from '../wire.js';

export interface RegistrationOrder {
  phone: PhoneNumber;
  planCode: string;
  /** Absent: immediately (PA02-01). */
  startDate?: FreebitDate;
}

/**
 * PA02-01 without the User Management Service (docs/freebit.md): `createType: "new"`, one MVNO
 * entry, no password, `startDate` only when given. Freebit completes it within 10 minutes
 * of the start.
 */
export const registerLine: FreebitChange<RegistrationOrder> = {
  name: 'registerLine',
  path: '/master/addAcnt/',
  payload: (order) => ({
    ...(order.startDate ? { startDate: order.startDate } : {}),
    createType: 'new',
    requestDatas: [{ kind: 'MVNO', account: order.phone, planCode: order.planCode }],
  }),
  read({ envelope, answer }, reading) {
    if (envelope.resultCode !== 100) return undefined;
    // PA02-01: each requested account carries its own result code.
    const perLine = registrationAnswerSchema.safeParse(answer);
    if (!perLine.success) {
      // A 100 whose per-line results cannot be read may or may not have registered the line:
      // never success, an unknown outcome settled by a lookup.
      reading.logger.warn(
        { event: 'freebit.unreadable_registration', issues: perLine.error.issues.slice(0, 5) },
        'PA02-01 per-line results did not parse',
      );
      return reading.unreadable('the per-line results were not in the documented shape');
    }
    const refusedLine = perLine.data.responseDatas?.find((entry) => entry.resultCode !== undefined && entry.resultCode !== 100);
    return refusedLine?.resultCode !== undefined ? reading.refused(refusedLine.resultCode) : undefined;
  },
  // The number was unknown when the request was made, so any line under it now is ours (a
  // number Freebit does not know, 210, was not taken: the settle's lookup says so).
  taken: () => true,
};
