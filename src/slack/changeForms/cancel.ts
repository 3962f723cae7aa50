import { formatFreebitDate, parseFutureDate, type FreebitDate } from '../../dates.js';
import type { PhoneNumber } from '../../phone.js';
import { problem, readNumbers } from '../commandReading.js';
import { Reader, type FormReading } from '../kit/formReader.js';
import type { ViewStateValues } from '../kit/payloads.js';
import { ACTIONS, FIELDS, VIEWS } from '../kit/ids.js';
import { esc, type Catalog } from '../i18n/index.js';
import type { FormOrigin } from '../kit/origin.js';
import { dateField } from '../kit/fields.js';
import type { Voice } from '../kit/voice.js';
import { changeModal } from './changeModal.js';
import type { FormContext, Prefill, SlackOperation } from './operation.js';

export interface CancellationForm {
  phone: PhoneNumber;
  runDate?: FreebitDate;
  reason: string;
}

type CancellationPrefill = Prefill & { runDate?: FreebitDate };

// A date as the command takes it (the forms PA02-04 accepts); anything else in that place is not a date.
const DATE_SHAPE = /^\d{4}[-/]?\d{1,2}[-/]?\d{1,2}$/;

/** PA02-04 as a request: number, optional run date (empty: as soon as possible), reason. */
function cancellationModal(voice: Voice, prefill: CancellationPrefill, origin: FormOrigin, context: Pick<FormContext, 'bulkMaxLines'>) {
  const { t } = voice;
  const runDate = dateField({
    blockId: FIELDS.runDate.block,
    actionId: FIELDS.runDate.action,
    label: t.fields.runDate,
    hint: t.fields.runDateHint,
    initial: prefill.runDate,
  });
  return changeModal(voice, { callbackId: VIEWS.cancellation, words: t.operations.cancel, prefill, fields: [runDate], origin, context });
}

export function readCancellationForm(values: ViewStateValues, t: Catalog, nowMs: number): FormReading<CancellationForm> {
  const read = new Reader(values, t);
  const phone = read.phone('phone', true);
  const runDate = read.futureDate('runDate', nowMs);
  const reason = read.reason();
  return read.result(() => ({ phone: phone!, ...(runDate ? { runDate } : {}), reason }));
}

export const cancel = {
  operation: 'cancel',
  subcommand: 'cancel',
  callbackId: VIEWS.cancellation,
  cardButton: { actionId: ACTIONS.requestCancellation, label: (t) => t.operations.cancel.cardButton },
  // `cancel <phone…> [date]`: only when the words before the last are numbers is the last read as the date.
  readCommand(args, nowMs) {
    if (args.length === 0) return problem({ kind: 'phone_missing', subcommand: 'cancel' });
    const whole = readNumbers(args);
    if (!('problem' in whole)) return { ok: true, prefill: whole };
    const dateArg = args.at(-1)!;
    const head = args.slice(0, -1);
    const numbers = head.length > 0 ? readNumbers(head) : undefined;
    if (!numbers || 'problem' in numbers) return problem(whole.problem);
    if (!DATE_SHAPE.test(dateArg)) return problem({ kind: 'date_invalid', input: dateArg });
    const date = parseFutureDate(dateArg, nowMs);
    if (!date.ok) return problem({ kind: date.reason === 'in_the_past' ? 'date_in_past' : 'date_invalid', input: dateArg });
    return { ok: true, prefill: { ...numbers, runDate: date.date } };
  },
  modal: (voice, prefill, origin, context) => cancellationModal(voice, prefill, origin, context),
  prefillOf: (change): CancellationPrefill => (change.runDate ? { runDate: change.runDate as FreebitDate } : {}),
  readForm: (values, t, context) => readCancellationForm(values, t, context.nowMs),
  draft: ({ phone, runDate }) => ({ operation: 'cancel', order: { phone, ...(runDate ? { runDate } : {}) } }),
  summary: (t, phone, change) => t.operations.cancel.summary(phone, change.runDate ? esc(formatFreebitDate(change.runDate)) : undefined),
  nextStep: (t, change) => t.operations.cancel.next(change.runDate ? esc(formatFreebitDate(change.runDate)) : undefined),
} satisfies SlackOperation<'cancel', CancellationPrefill, CancellationForm>;
