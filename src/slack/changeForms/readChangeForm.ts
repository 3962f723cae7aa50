import type { PhoneNumber } from '../../phone.js';
import type { ChangeDraft } from '../../workflow/index.js';
import type { Catalog } from '../i18n/index.js';
import type { AnySlackOperation, FormContext } from './index.js';
import { Reader, withNumber, type FormReading } from '../kit/formReader.js';
import type { ViewStateValues } from '../kit/payloads.js';

/** A change request form, read: the change (made for the first number), the reason, and every number, each once. */
export interface ChangeFormReading {
  draft: ChangeDraft;
  reason: string;
  /** One number (a request as it always was), or several (one request for many lines). */
  phones: PhoneNumber[];
}

/**
 * Reads any operation's request form. The number field is shared and takes several numbers
 * (`Reader.phones`); the operation reads its own fields, given the first number where it reads
 * one (`withNumber`). Every wrong field is named at once, in the ack.
 */
export function readChangeForm(
  operation: AnySlackOperation,
  values: ViewStateValues,
  t: Catalog,
  context: FormContext,
): FormReading<ChangeFormReading> {
  const numbers = new Reader(values, t);
  const phones = numbers.phones('phone', true, context.bulkMaxLines);
  const form = operation.readForm(phones?.[0] ? withNumber(values, phones[0]) : values, t, context);
  // The number field's own error (of the list) replaces the operation's (of one number).
  const errors = { ...(form.ok ? {} : form.errors), ...numbers.errors };
  if (!form.ok || !phones || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { draft: operation.draft(form.value), reason: form.value.reason, phones } };
}
