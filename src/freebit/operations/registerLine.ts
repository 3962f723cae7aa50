import { callFreebit, OutcomeUnknown } from '../call.js';
import { FreebitError } from '../errors.js';
import type { ChangeResult, Line, RegistrationOrder } from '../types.js';
import { registrationAnswerSchema } from '../wire.js';
import { settleChange, type ChangeContext } from './settle.js';

const PATH = '/master/addAcnt/';

/**
 * PA02-01 without the User Management Service (spec README): `createType: "new"`, one MVNO
 * entry, no password, `startDate` only when given. Freebit completes it within 10 minutes
 * of the start.
 */
export async function registerLine(context: ChangeContext, order: RegistrationOrder): Promise<ChangeResult> {
  return settleChange(context, order.phone, registrationTaken, async () => {
    const { answer, envelope } = await callFreebit(
      context,
      'registerLine',
      PATH,
      {
        ...(order.startDate ? { startDate: order.startDate } : {}),
        createType: 'new',
        requestDatas: [{ kind: 'MVNO', account: order.phone, planCode: order.planCode }],
      },
      'change',
    );
    if (envelope.resultCode !== 100) {
      return { outcome: 'refused', error: FreebitError.refused('registerLine', envelope.resultCode, envelope.status?.statusCode) };
    }
    // PA02-01: each requested account carries its own result code.
    const perLine = registrationAnswerSchema.safeParse(answer);
    if (!perLine.success) {
      // A 100 whose per-line results cannot be read may or may not have registered the line:
      // never success, an unknown outcome settled by a lookup (settleChange).
      context.logger.warn({ event: 'freebit.unreadable_registration', issues: perLine.error.issues.slice(0, 5) }, 'PA02-01 per-line results did not parse');
      throw new OutcomeUnknown(FreebitError.badAnswer('registerLine', 'the per-line results were not in the documented shape'));
    }
    const refusedLine = perLine.data.responseDatas?.find((entry) => entry.resultCode !== undefined && entry.resultCode !== 100);
    if (refusedLine?.resultCode !== undefined) {
      return { outcome: 'refused', error: FreebitError.refused('registerLine', refusedLine.resultCode) };
    }
    return { outcome: 'accepted' };
  });
}

/**
 * Whether the line shows Freebit took a registration: the number was unknown when the request
 * was made, so any line under it now is ours (a number Freebit does not know, 210, was not
 * taken: settleChange). The one definition, read by settleChange and the workflow's settle.
 */
export function registrationTaken(_line: Line): boolean {
  return true;
}
