import { formatFreebitDate, type FreebitDate } from '../../dates.js';
import type { PhoneNumber } from '../../phone.js';
import { input, staticSelect } from '../kit/blocks.js';
import { numbersOrProblem } from '../commandReading.js';
import { Reader, type FormReading } from '../kit/formReader.js';
import type { ViewStateValues } from '../kit/payloads.js';
import { FIELDS, VIEWS } from '../kit/ids.js';
import { esc, type Catalog } from '../i18n/index.js';
import type { FormOrigin } from '../kit/origin.js';
import { dateField } from '../kit/fields.js';
import type { Voice } from '../kit/voice.js';
import { changeModal } from './changeModal.js';
import type { FormContext, Prefill, SlackOperation } from './operation.js';

export interface RegistrationForm {
  phone: PhoneNumber;
  planCode: string;
  startDate?: FreebitDate;
  reason: string;
}

type RegistrationPrefill = Prefill & { planCode?: string; startDate?: FreebitDate };

/** PA02-01 as a request: number, one of FREEBIT_PLAN_CODES, optional start date, reason. */
function registrationModal(
  voice: Voice,
  prefill: RegistrationPrefill,
  context: Pick<FormContext, 'planCodes' | 'bulkMaxLines'>,
  origin: FormOrigin,
) {
  const { t } = voice;
  const { planCodes } = context;
  return changeModal(voice, {
    callbackId: VIEWS.registration,
    words: t.operations.register,
    prefill,
    origin,
    context,
    fields: [
      input({
        blockId: FIELDS.planCode.block,
        label: t.fields.planCode,
        element: staticSelect({
          actionId: FIELDS.planCode.action,
          choices: planCodes.map((code) => ({ text: code, value: code })),
          // With one plan there is nothing to choose: it is chosen.
          ...(planCodes.length === 1 ? { initialValue: planCodes[0] } : prefill.planCode ? { initialValue: prefill.planCode } : {}),
        }),
      }),
      dateField({
        blockId: FIELDS.startDate.block,
        actionId: FIELDS.startDate.action,
        label: t.fields.startDate,
        hint: t.fields.startDateHint,
        initial: prefill.startDate,
      }),
    ],
  });
}

export function readRegistrationForm(
  values: ViewStateValues,
  t: Catalog,
  planCodes: readonly string[],
  nowMs: number,
): FormReading<RegistrationForm> {
  const read = new Reader(values, t);
  const phone = read.phone('phone', true);
  const chosen = read.option('planCode');
  // The menu only offers configured plans; anything else is refused here, not by Freebit (220).
  const planCode = chosen !== undefined && planCodes.includes(chosen) ? chosen : read.failWith('planCode', t.fieldErrors.planUnknown);
  const startDate = read.futureDate('startDate', nowMs);
  const reason = read.reason();
  return read.result(() => ({ phone: phone!, planCode: planCode!, ...(startDate ? { startDate } : {}), reason }));
}

export const register = {
  operation: 'register',
  subcommand: 'register',
  callbackId: VIEWS.registration,
  // `register [<phone…>]`: the form asks for whatever is missing.
  readCommand: (args) =>
    args.length === 0 ? { ok: true, prefill: {} } : numbersOrProblem(args, (numbers) => ({ ok: true, prefill: numbers })),
  modal: (voice, prefill, origin, context) => registrationModal(voice, prefill, context, origin),
  prefillOf: (change): RegistrationPrefill => ({
    planCode: change.planCode,
    ...(change.startDate ? { startDate: change.startDate as FreebitDate } : {}),
  }),
  readForm: (values, t, context) => readRegistrationForm(values, t, context.planCodes, context.nowMs),
  draft: ({ phone, planCode, startDate }) => ({ operation: 'register', order: { phone, planCode, ...(startDate ? { startDate } : {}) } }),
  summary: (t, phone, change) =>
    t.operations.register.summary(phone, esc(change.planCode), change.startDate ? esc(formatFreebitDate(change.startDate)) : undefined),
  nextStep: (t, change) => t.operations.register.next(change.startDate ? esc(formatFreebitDate(change.startDate)) : undefined),
} satisfies SlackOperation<'register', RegistrationPrefill, RegistrationForm>;
