import { createRequire } from 'node:module';
import type * as Libphonenumber from 'libphonenumber-js/max';

// Loaded when first needed (a number written with +, or numbers found in a message), from its
// CommonJS build: its metadata put 45–95 ms on every start, and most lookups never need it.
let library: typeof Libphonenumber | undefined;
const libphonenumber = (): typeof Libphonenumber => (library ??= createRequire(import.meta.url)('libphonenumber-js/max') as typeof Libphonenumber);

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
const SEPARATORS = /[\s\-().]/g;

type PhoneRefusal = Extract<PhoneParseResult, { ok: false }>;

/**
 * Reads a number as people type it: `090-1234-5678`, `+81 90 1234 5678`, full-width digits.
 * Japanese numbering writes a number as its trunk prefix 0, then a digit from 1 to 9 (`00…`
 * is no Japanese number), or as `+81` followed by the same digits without that 0. Nothing
 * else is a Japanese number: `1234567890` is not given a 0 it never had. Of the Japanese
 * numbers, a Freebit line has 11 digits (DESIGN: the shape is ours; existence is Freebit's).
 */
export function parsePhoneNumber(input: string): PhoneParseResult {
  const text = input.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (!PHONE_CHARACTERS.test(text)) return { ok: false, reason: 'not_a_number' };
  const compact = text.replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: 'not_a_number' };
  const national = compact.startsWith('+') ? fromInternational(compact) : compact;
  if (typeof national !== 'string') return national;
  if (!national.startsWith('0') || national[1] === '0') return { ok: false, reason: 'not_japanese' };
  if (!NATIONAL_SHAPE.test(national)) return { ok: false, reason: 'wrong_length' };
  return { ok: true, phone: national as PhoneNumber };
}

/** `+81 90 1234 5678` → `09012345678`; a number of another country is refused. */
function fromInternational(compact: string): string | PhoneRefusal {
  const japanese = compact.startsWith('+81');
  let countryCallingCode: string;
  try {
    countryCallingCode = libphonenumber().parsePhoneNumberWithError(compact).countryCallingCode;
  } catch (error) {
    // Too short or too long to read: still Japanese when it says +81, so its length is what is wrong.
    if (error instanceof libphonenumber().ParseError && japanese) return { ok: false, reason: 'wrong_length' };
    return { ok: false, reason: 'not_japanese' };
  }
  if (countryCallingCode !== '81' || !japanese) return { ok: false, reason: 'not_japanese' };
  // After +81 the number goes on without its trunk 0: `+81 090…` is no number anyone can dial.
  const withoutTrunkPrefix = compact.slice('+81'.length);
  return withoutTrunkPrefix.startsWith('0') ? { ok: false, reason: 'not_japanese' } : `0${withoutTrunkPrefix}`;
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
  for (const match of libphonenumber().findPhoneNumbersInText(separated, { defaultCountry: 'JP' })) {
    // Read as written, not as libphonenumber completed it: "order #9012345678" has no 0 and is no number of ours.
    const parsed = parsePhoneNumber(separated.slice(match.startsAt, match.endsAt));
    if (parsed.ok && !found.includes(parsed.phone)) found.push(parsed.phone);
    if (found.length >= limit) break;
  }
  return found;
}

/** A number of a list that is no number, where it stands (1-based, counting every number written) and as written. */
export interface MalformedPhone {
  position: number;
  input: string;
  reason: PhoneRefusal['reason'];
}

export type PhoneListResult =
  | { ok: true; phones: PhoneNumber[] }
  | { ok: false; reason: 'malformed'; malformed: MalformedPhone[]; count: number }
  | { ok: false; reason: 'too_many'; count: number; max: number };

// What separates the numbers of a list: a line break, a comma (`,`; `，` is one after NFKC) or `、` (`､` after NFKC).
const LIST_SEPARATORS = /[\n\r,、]+/;
// The most space-separated pieces one number is written in (`+81 90 1234 5678`, `( 090 ) 1234 5678`).
const MOST_PIECES = 6;

/**
 * Reads several numbers as people type or paste them (issue 15): one per line, or separated by
 * commas or `、`, each in any form `parsePhoneNumber` takes. A line that reads as one number is
 * one number (`+81 80 1111 0032`, `080 1111 0032`); otherwise its numbers may stand apart
 * separated by spaces (`080-1111-0001 080-1111-0002`). The same number written twice, in any
 * form, is kept once, in the order first written. More than `max` distinct numbers, or any
 * entry that is no number (named with its position), refuses the list.
 */
export function parsePhoneList(text: string, max: number): PhoneListResult {
  const entries = text
    .normalize('NFKC')
    .split(LIST_SEPARATORS)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .flatMap(entriesOfLine);
  const malformed: MalformedPhone[] = [];
  const phones: PhoneNumber[] = [];
  for (const [index, entry] of entries.entries()) {
    const parsed = parsePhoneNumber(entry);
    if (!parsed.ok) malformed.push({ position: index + 1, input: entry, reason: parsed.reason });
    else if (!phones.includes(parsed.phone)) phones.push(parsed.phone);
  }
  if (malformed.length > 0) return { ok: false, reason: 'malformed', malformed, count: entries.length };
  if (phones.length > max) return { ok: false, reason: 'too_many', count: phones.length, max };
  return { ok: true, phones };
}

/**
 * One line of a list, as the numbers written on it: the whole line when it reads as one number;
 * else its space-separated pieces, each number being the fewest pieces that read as one (an
 * 11-digit number followed by more digits is no number, so there is never a longer reading).
 * Pieces that start no number up to where one starts are one entry, to be named as written.
 */
function entriesOfLine(line: string): string[] {
  if (parsePhoneNumber(line).ok) return [line];
  const pieces = line.split(/\s+/);
  const numberFrom = (start: number): number | undefined => {
    for (let end = start + 1; end <= Math.min(pieces.length, start + MOST_PIECES); end++) {
      if (parsePhoneNumber(pieces.slice(start, end).join(' ')).ok) return end;
    }
    return undefined;
  };
  const entries: string[] = [];
  let start = 0;
  let stray: number | undefined; // where pieces that start no number began
  while (start < pieces.length) {
    const end = numberFrom(start);
    if (end === undefined) {
      stray ??= start;
      start += 1;
      continue;
    }
    if (stray !== undefined) entries.push(pieces.slice(stray, start).join(' '));
    stray = undefined;
    entries.push(pieces.slice(start, end).join(' '));
    start = end;
  }
  if (stray !== undefined) entries.push(pieces.slice(stray).join(' '));
  return entries;
}
