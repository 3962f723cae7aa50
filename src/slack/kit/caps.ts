import { BLOCK_KIT_LIMITS } from './limits.js';
import type { FieldName } from './ids.js';

/**
 * The most text the bot reads from a person, checked before anything is parsed, so that what
 * arrives costs at most what an honest input does (README, "Limits on what a person sends").
 * Chosen from what a person can really send: the largest honest input is a number field of
 * 150 lines (BULK_MAX_LINES at most) of about 20 characters each (`+81 90 1234 5678`, `( 090 ) 1234-5678`).
 */
export const TEXT_CAPS = {
  /** `/freebit …`: a change for 150 numbers written with spaces, a date, and room to spare. */
  command: 4_000,
  /** The message a message shortcut reads numbers in: as long as Slack lets a message be (it truncates past 40,000). */
  message: 40_000,
  /** The number field, as Slack's own `max_length` of a plain-text input. */
  numbers: BLOCK_KIT_LIMITS.plainTextInputMaxLength,
  /** The one-number field of the lookup form. */
  phone: 40,
  /** A request's reason, and an approver's reason to reject. */
  reason: 500,
  /** A product number (two letters and 13 digits), with room for spaces. */
  productNumber: 30,
} as const;

/**
 * Each form field's cap. The number field and the one-number field share their ids, so the
 * larger cap is theirs. A date picker's `YYYY-MM-DD` and a choice's value are Slack's own.
 */
export const FIELD_CAPS: Record<FieldName, number> = {
  phone: TEXT_CAPS.numbers,
  runDate: 10,
  startDate: 10,
  contractLine: BLOCK_KIT_LIMITS.optionValue,
  planCode: BLOCK_KIT_LIMITS.optionValue,
  operation: BLOCK_KIT_LIMITS.optionValue,
  productNumber: TEXT_CAPS.productNumber,
  reason: TEXT_CAPS.reason,
  rejectionReason: TEXT_CAPS.reason,
};

/**
 * Whether `text` has more than `cap` characters, counted as Slack counts them (code points).
 * Bounded: text twice the cap in UTF-16 is over it without being counted.
 */
export function longerThan(text: string, cap: number): boolean {
  if (text.length <= cap) return false;
  if (text.length > 2 * cap) return true;
  let characters = 0;
  for (const _ of text) if (++characters > cap) return true;
  return false;
}
