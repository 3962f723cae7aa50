import { parseFutureDate, type FreebitDate } from '../../dates.js';
import { formatPhoneNumber, parsePhoneList, parsePhoneNumber, type PhoneNumber } from '../../phone.js';
import { clip, clipTo } from './limits.js';
import { FIELDS, type FieldName } from './ids.js';
import { FIELD_CAPS, longerThan } from './caps.js';
import type { Catalog } from '../i18n/index.js';
import type { ViewStateValues } from './payloads.js';

/**
 * Reading a submitted modal: pure and local, because the answer (`response_action: errors`,
 * the message under each field) must go back in the `ack()` itself, within Slack's 3 s.
 */

/** How many malformed numbers of a list the field's error names (the rest are counted). */
const MALFORMED_NAMED = 5;

/**
 * The values with one number in the number field: what a form's own reader reads (it reads one
 * number) when the field held several, or one written twice. Pure; the values given are unchanged.
 */
export function withNumber(values: ViewStateValues, phone: PhoneNumber): ViewStateValues {
  const { block, action } = FIELDS.phone;
  return { ...values, [block]: { ...values[block], [action]: { type: 'plain_text_input', value: formatPhoneNumber(phone) } } };
}

/** Keyed by input block id, as `response_action: errors` wants it. */
export type FieldErrors = Record<string, string>;
export type FormReading<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * Reads one submitted form field by field, collecting each field's error in the reader's
 * language (the first error of a field is the one shown). A field past its cap (`FIELD_CAPS`:
 * Slack's own `max_length` says no first, a forged submission meets this) is refused as too
 * long before anything reads it, and reads as empty.
 */
export class Reader {
  readonly errors: FieldErrors = {};
  private readonly tooLong = new Set<FieldName>();

  constructor(
    private readonly values: ViewStateValues,
    private readonly t: Catalog,
  ) {
    for (const field of Object.keys(FIELDS) as FieldName[]) {
      const entry = this.values[FIELDS[field].block]?.[FIELDS[field].action];
      const given = [entry?.value, entry?.selected_date, entry?.selected_option?.value];
      if (!given.some((text) => typeof text === 'string' && longerThan(text, FIELD_CAPS[field]))) continue;
      this.fail(field, t.fieldErrors.tooLong(FIELD_CAPS[field]));
      this.tooLong.add(field);
    }
  }

  private entry(field: FieldName) {
    return this.tooLong.has(field) ? undefined : this.values[FIELDS[field].block]?.[FIELDS[field].action];
  }

  private fail(field: FieldName, message: string): undefined {
    this.errors[FIELDS[field].block] ??= clipTo(message, 'fieldError');
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

  /**
   * The number field of a request form, which takes one number or several (up to `max`,
   * `parsePhoneList`): the numbers, each once, in the order written. One number written alone
   * is refused as `phone` refuses it; of several, each that is no number is named by its position.
   */
  phones(field: FieldName, required: boolean, max: number): PhoneNumber[] | undefined {
    const typed = this.text(field);
    const read = parsePhoneList(typed, max);
    if (read.ok && read.phones.length === 0) return required ? this.fail(field, this.t.fieldErrors.phoneRequired) : [];
    if (read.ok) return read.phones;
    const words = this.t.bulkForms.fieldErrors;
    if (read.reason === 'too_many') return this.fail(field, words.tooMany(read.count, read.max));
    if (read.count === 1) return this.fail(field, this.t.fieldErrors.phoneInvalid(read.malformed[0]!.reason));
    const named = read.malformed
      .slice(0, MALFORMED_NAMED)
      .map((each) => words.malformed(each.position, clip(each.input, 40), this.t.phoneProblems[each.reason]));
    const rest = read.malformed.length - named.length;
    return this.fail(field, [...named, ...(rest > 0 ? [words.moreMalformed(rest)] : [])].join('\n'));
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
