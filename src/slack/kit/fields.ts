import { formatFreebitDate } from '../../dates.js';
import { formatPhoneNumber, type PhoneNumber } from '../../phone.js';
import { datePicker, input, textInput, type Block } from './blocks.js';
import { FIELDS } from './ids.js';
import type { Catalog } from '../i18n/index.js';
import { TEXT_CAPS } from './caps.js';

/** The inputs several modals share, so that one field reads the same everywhere. */

export function phoneField(t: Catalog, phone: PhoneNumber | undefined, options: { optional?: boolean } = {}): Block {
  return input({
    blockId: FIELDS.phone.block,
    label: t.fields.phone,
    optional: options.optional ?? false,
    ...(options.optional ? { hint: t.fields.phoneHintOptional } : {}),
    element: textInput({
      actionId: FIELDS.phone.action,
      ...(phone ? { initialValue: formatPhoneNumber(phone) } : {}),
      placeholder: t.fields.phonePlaceholder,
      maxLength: TEXT_CAPS.phone,
    }),
  });
}

/** What the number field holds at most: Slack's own limit (about 150 numbers as people write them). */
const NUMBERS_MAX_LENGTH = TEXT_CAPS.numbers;

/**
 * The number field of a request form: one number, or up to `max` (one per line, or
 * separated by commas), read by `Reader.phones`. Filled in with the numbers given, one per
 * line, as many whole numbers as the field holds. Same block and action ids as `phoneField`.
 */
export function numbersField(t: Catalog, phones: readonly PhoneNumber[], max: number, options: { optional?: boolean } = {}): Block {
  const lines: string[] = [];
  let length = 0;
  for (const phone of phones) {
    const line = formatPhoneNumber(phone);
    if (length + line.length + 1 > NUMBERS_MAX_LENGTH) break;
    lines.push(line);
    length += line.length + 1;
  }
  return input({
    blockId: FIELDS.phone.block,
    label: t.bulkForms.numbersLabel,
    optional: options.optional ?? false,
    hint: options.optional ? `${t.fields.phoneHintOptional} ${t.bulkForms.numbersHint(max)}` : t.bulkForms.numbersHint(max),
    element: textInput({
      actionId: FIELDS.phone.action,
      ...(lines.length > 0 ? { initialValue: lines.join('\n') } : {}),
      placeholder: t.fields.phonePlaceholder,
      // One number per line is one of the ways to write several.
      multiline: true,
      maxLength: NUMBERS_MAX_LENGTH,
    }),
  });
}

/** The reason the approver reads; `initial` when the form is drawn again (Back from a summary of several lines). */
export function reasonField(t: Catalog, initial?: string): Block {
  return input({
    blockId: FIELDS.reason.block,
    label: t.fields.reason,
    element: textInput({
      actionId: FIELDS.reason.action,
      multiline: true,
      placeholder: t.fields.reasonPlaceholder,
      maxLength: TEXT_CAPS.reason,
      ...(initial ? { initialValue: initial } : {}),
    }),
  });
}

/** An optional day; `initial` is a Freebit date (YYYYMMDD). */
export function dateField(options: { blockId: string; actionId: string; label: string; hint: string; initial?: string }): Block {
  return input({
    blockId: options.blockId,
    label: options.label,
    optional: true,
    hint: options.hint,
    element: datePicker({ actionId: options.actionId, ...(options.initial ? { initialDate: formatFreebitDate(options.initial) } : {}) }),
  });
}
