import { formatFreebitDate } from '../../dates.js';
import { formatPhoneNumber, type PhoneNumber } from '../../phone.js';
import { datePicker, input, textInput, type Block } from '../kit/blocks.js';
import { FIELDS } from '../kit/ids.js';
import type { Catalog } from '../i18n/index.js';

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
      maxLength: 40,
    }),
  });
}

export function reasonField(t: Catalog): Block {
  return input({
    blockId: FIELDS.reason.block,
    label: t.fields.reason,
    element: textInput({ actionId: FIELDS.reason.action, multiline: true, placeholder: t.fields.reasonPlaceholder, maxLength: 500 }),
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
