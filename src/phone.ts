import { findPhoneNumbersInText, parsePhoneNumberWithError, ParseError } from 'libphonenumber-js/max';

/**
 * A Japanese phone number in its 11-digit national form (`09012345678`): how Freebit
 * names an MVNO account. Only the shape is ours to check; whether the number exists is
 * Freebit's answer (PA03-02 detail code 210), never our guess.
 */
export type PhoneNumber = string & { readonly __brand: 'PhoneNumber' };

export type PhoneParseResult =
  | { ok: true; phone: PhoneNumber }
  | { ok: false; reason: 'empty' | 'not_a_number' | 'wrong_length' | 'not_japanese' };

const NATIONAL_SHAPE = /^0\d{10}$/;

// What a typed number may hold besides digits: +81, spaces, dashes, brackets, dots.
// libphonenumber would find a number inside any text ("09012345678 tomorrow"); a stray
// word must be pointed out to the person, not silently dropped.
const PHONE_CHARACTERS = /^[+\d\s\-().]+$/;

/** Reads a number as people type it: `090-1234-5678`, `+81 90 1234 5678`, full-width digits. */
export function parsePhoneNumber(input: string): PhoneParseResult {
  const text = input.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (!PHONE_CHARACTERS.test(text)) return { ok: false, reason: 'not_a_number' };
  let national: string;
  try {
    const parsed = parsePhoneNumberWithError(text, 'JP');
    if (parsed.countryCallingCode !== '81') return { ok: false, reason: 'not_japanese' };
    national = `0${parsed.nationalNumber}`;
  } catch (error) {
    if (error instanceof ParseError && error.message === 'TOO_SHORT') return { ok: false, reason: 'wrong_length' };
    if (error instanceof ParseError && error.message === 'TOO_LONG') return { ok: false, reason: 'wrong_length' };
    return { ok: false, reason: 'not_a_number' };
  }
  if (!NATIONAL_SHAPE.test(national)) return { ok: false, reason: 'wrong_length' };
  return { ok: true, phone: national as PhoneNumber };
}

/** For values that are already known to be well formed (our own records, tests). */
export function phoneNumber(input: string): PhoneNumber {
  const result = parsePhoneNumber(input);
  if (!result.ok) throw new Error(`not a phone number (${result.reason})`);
  return result.phone;
}

/** The one way the bot shows a number: `090-1234-5678`. */
export function formatPhoneNumber(phone: PhoneNumber): string {
  return `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
}

/** Every well-formed number in free text (a message shortcut), in order, without repeats. */
export function findPhoneNumbers(text: string, limit: number): PhoneNumber[] {
  const found: PhoneNumber[] = [];
  // libphonenumber reads `,` and `;` after a number as dialling pauses and drops the next
  // number of a list ("090-1234-5678, 080-3843-3843"); in a message they only separate.
  const separated = text.normalize('NFKC').replace(/[,;]/g, ' ');
  for (const match of findPhoneNumbersInText(separated, { defaultCountry: 'JP' })) {
    const parsed = parsePhoneNumber(match.number.number);
    if (parsed.ok && !found.includes(parsed.phone)) found.push(parsed.phone);
    if (found.length >= limit) break;
  }
  return found;
}
