import { parsePhoneNumber, type PhoneParseResult } from '../phone.js';

// What a typed phone number may contain besides digits: +81, spaces, dashes, brackets, dots.
const PHONE_CHARACTERS = /^[+\d\s\-().]+$/;

/**
 * A number as a person typed it into a command or a field. `parsePhoneNumber` finds a number
 * inside any text ("09012345678 tomorrow" reads as 09012345678); here the whole input must
 * be the number, so that a stray word is pointed out instead of silently dropped.
 */
export function readTypedPhone(input: string): PhoneParseResult {
  const text = input.normalize('NFKC').trim();
  if (text !== '' && !PHONE_CHARACTERS.test(text)) return { ok: false, reason: 'not_a_number' };
  return parsePhoneNumber(text);
}
