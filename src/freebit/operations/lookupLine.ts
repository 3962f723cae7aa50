import type { PhoneNumber } from '../../phone.js';
import { callFreebit, type CallContext } from '../call.js';
import { FreebitError } from '../errors.js';
import type { Line } from '../types.js';
import { lineAnswerSchema, toLine } from '../wire.js';

/** PA03-02: the line as Freebit holds it now. A well-formed unknown number is 210, "not found". */
export async function lookupLine(context: CallContext, detailPath: string, phone: PhoneNumber): Promise<Line> {
  const { envelope, answer } = await callFreebit(
    context,
    'lookupLine',
    detailPath,
    // PA03-02: a list, but only the first entry is recognised.
    { requestDatas: [{ kind: 'MVNO', account: phone }] },
    'lookup',
  );
  if (envelope.resultCode !== 100) throw FreebitError.refused('lookupLine', envelope.resultCode, envelope.status?.statusCode);
  const parsed = lineAnswerSchema.safeParse(answer);
  if (!parsed.success) {
    context.logger.warn({ event: 'freebit.unreadable_line', issues: parsed.error.issues.slice(0, 5) }, 'PA03-02 answer did not parse');
    throw FreebitError.badAnswer('lookupLine', 'the line details were not in the documented shape');
  }
  return toLine(parsed.data);
}
