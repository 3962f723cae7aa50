import { z } from 'zod';
import { parseFutureDate, type FreebitDate } from '../../dates.js';
import { parsePhoneNumber, type PhoneNumber } from '../../phone.js';
import { clipTo } from '../kit/limits.js';
import { FIELDS, type FieldName } from '../kit/ids.js';
import type { Catalog } from '../i18n/index.js';

/**
 * Reading a submitted modal: pure and local, because the answer (`response_action: errors`,
 * the message under each field) must go back in the `ack()` itself, within Slack's 3 s.
 */

/** `view.state.values`: the parts of Slack's shape we read; anything else passes by. */
export const viewStateValuesSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      type: z.string(),
      value: z.string().nullish(),
      selected_date: z.string().nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
    }),
  ),
);
export type ViewStateValues = z.infer<typeof viewStateValuesSchema>;

/** Keyed by input block id, as `response_action: errors` wants it. */
export type FieldErrors = Record<string, string>;
export type FormReading<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Reads one submitted form field by field, collecting each field's error in the reader's language. */
export class Reader {
  readonly errors: FieldErrors = {};

  constructor(
    private readonly values: ViewStateValues,
    private readonly t: Catalog,
  ) {}

  private entry(field: FieldName) {
    return this.values[FIELDS[field].block]?.[FIELDS[field].action];
  }

  private fail(field: FieldName, message: string): undefined {
    this.errors[FIELDS[field].block] = clipTo(message, 'fieldError');
    return undefined;
  }

  text(field: FieldName): string {
    return (this.entry(field)?.value ?? '').trim();
  }

  phone(field: FieldName, required: boolean): PhoneNumber | undefined {
    const typed = this.text(field);
    if (typed === '') return required ? this.fail(field, this.t.fieldErrors.phoneRequired) : undefined;
    const parsed = parsePhoneNumber(typed);
    return parsed.ok ? parsed.phone : this.fail(field, this.t.fieldErrors.phoneInvalid(parsed.reason));
  }

  /** A date picker's `YYYY-MM-DD`, checked against today in Japan. */
  futureDate(field: FieldName, nowMs: number): FreebitDate | undefined {
    const picked = this.entry(field)?.selected_date;
    if (!picked) return undefined;
    const parsed = parseFutureDate(picked, nowMs);
    if (parsed.ok) return parsed.date;
    return this.fail(field, parsed.reason === 'in_the_past' ? this.t.fieldErrors.dateInPast : this.t.fieldErrors.dateInvalid);
  }

  option(field: FieldName): string | undefined {
    return this.entry(field)?.selected_option?.value;
  }

  /** A reason that must not be blank: the request forms' own, or `field` (the reject form's) with its `blank` sentence. */
  reason(field: FieldName = 'reason', blank = this.t.fieldErrors.reasonBlank): string {
    const reason = this.text(field);
    if (reason === '') this.fail(field, blank);
    return reason;
  }

  failWith(field: FieldName, message: string): undefined {
    return this.fail(field, message);
  }

  result<T>(value: () => T): FormReading<T> {
    return Object.keys(this.errors).length > 0 ? { ok: false, errors: this.errors } : { ok: true, value: value() };
  }
}

/** The reject form: why the approver rejects, never blank. */
export function readRejectionForm(values: ViewStateValues, t: Catalog): FormReading<string> {
  const read = new Reader(values, t);
  const reason = read.reason('rejectionReason', t.approval.rejectModal.reasonBlank);
  return read.result(() => reason);
}

export function readLookupForm(values: ViewStateValues, t: Catalog): FormReading<PhoneNumber> {
  const read = new Reader(values, t);
  const phone = read.phone('phone', true);
  return read.result(() => phone!);
}
