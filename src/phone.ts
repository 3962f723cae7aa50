import { createRequire } from 'node:module';
import type * as Libphonenumber from 'libphonenumber-js/max';

// Loaded when first needed (a number written with +, or numbers found in a message), from its
// CommonJS build: its metadata put 45–95 ms on every start, and most lookups never need it.
let library: typeof Libphonenumber | undefined;
const libphonenumber = (): typeof Libphonenumber =>
  (library ??= createRequire(import.meta.url)('libphonenumber-js/max') as typeof Libphonenumber);

/**
 * A Japanese phone number in its 11-digit national form (`09012345678`): how Freebit
 * names an MVNO account. Only the shape is ours to check; whether the number exists is
 * Freebit's answer (PA03-02 detail code 210), never our guess.
 */
export type PhoneNumber = string & { readonly __brand: 'PhoneNumber' };

export type PhoneParseResult =
  { ok: true; phone: PhoneNumber } | { ok: false; reason: 'empty' | 'not_a_number' | 'wrong_length' | 'not_japanese' };

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

/**
 * `+81 90 1234 5678` → `09012345678`; a number of another country is refused. Country calling
 * codes are prefix-free, so only `+81` can be Japanese, and `+81` then a digit from 1 to 9 is a
 * line exactly when ten digits follow the code (nothing for libphonenumber to strip, a length
 * it reads): decided here, cheaply. libphonenumber is asked only about `+810…`, whose refusal
 * (a trunk 0 written after the code, or a length it cannot read) is its to name.
 */
function fromInternational(compact: string): string | PhoneRefusal {
  if (!compact.startsWith('+81')) return { ok: false, reason: 'not_japanese' };
  const withoutTrunkPrefix = compact.slice('+81'.length);
  if (!withoutTrunkPrefix.startsWith('0'))
    return withoutTrunkPrefix.length === 10 ? `0${withoutTrunkPrefix}` : { ok: false, reason: 'wrong_length' };
  try {
    if (libphonenumber().parsePhoneNumberWithError(compact).countryCallingCode !== '81') return { ok: false, reason: 'not_japanese' };
  } catch (error) {
    // Too short or too long to read: still Japanese, as it says +81, so its length is what is wrong.
    if (error instanceof libphonenumber().ParseError) return { ok: false, reason: 'wrong_length' };
    return { ok: false, reason: 'not_japanese' };
  }
  // After +81 the number goes on without its trunk 0: `+81 090…` is no number anyone can dial.
  return { ok: false, reason: 'not_japanese' };
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

/**
 * Every well-formed number in free text (a message shortcut), in order, without repeats. The
 * text is cut at whatever no number holds (letters, kana, `#`, a line break; `,` and `;` only
 * separate), and each stretch left is read as a list's line is (`numbersAmong`), so that
 * reading stays linear in the text whatever it holds.
 */
export function findPhoneNumbers(text: string, limit: number): PhoneNumber[] {
  const found: PhoneNumber[] = [];
  if (limit <= 0) return found;
  for (const [stretch] of text.normalize('NFKC').matchAll(NUMBER_STRETCH)) {
    if (!/\d/.test(stretch)) continue;
    for (const entry of numbersAmong(stretch.trim().split(/\s+/))) {
      // Read as written, not completed: "order #9012345678" has no 0 and is no number of ours.
      if (!entry.number) continue;
      const parsed = parsePhoneNumber(entry.text);
      if (parsed.ok && !found.includes(parsed.phone)) found.push(parsed.phone);
      if (found.length >= limit) return found;
    }
  }
  return found;
}

// A stretch of a message that could hold numbers: the characters a typed number may hold, on one line.
const NUMBER_STRETCH = /[+\d\-(). \t]+/g;

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
// The most digits a number holds as written: `+81` and ten.
const MOST_DIGITS = 12;

/**
 * Reads several numbers as people type or paste them: one per line, or separated by
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
  const phones = new Set<PhoneNumber>();
  for (const [index, entry] of entries.entries()) {
    const parsed = parsePhoneNumber(entry);
    if (!parsed.ok) malformed.push({ position: index + 1, input: entry, reason: parsed.reason });
    else phones.add(parsed.phone);
  }
  if (malformed.length > 0) return { ok: false, reason: 'malformed', malformed, count: entries.length };
  if (phones.size > max) return { ok: false, reason: 'too_many', count: phones.size, max };
  return { ok: true, phones: [...phones] };
}

/** One line of a list, as the numbers written on it: the whole line when it reads as one number, else `numbersAmong` its pieces. */
function entriesOfLine(line: string): string[] {
  if (parsePhoneNumber(line).ok) return [line];
  return numbersAmong(line.split(/\s+/)).map((entry) => entry.text);
}

/**
 * Space-separated pieces as the numbers written with them, each being the fewest pieces that
 * read as one (an 11-digit number followed by more digits is no number, so there is never a
 * longer reading). Pieces that start no number up to where one starts are one entry, to be named
 * as written. Linear: from each piece, at most MOST_PIECES readings are tried, and none past
 * MOST_DIGITS digits, so hostile text (`+81 9 +81 9 …`) costs what its length does.
 */
function numbersAmong(pieces: readonly string[]): { text: string; number: boolean }[] {
  const digitsIn = pieces.map((piece) => piece.replace(/\D/g, '').length);
  const numberFrom = (start: number): number | undefined => {
    let digits = 0;
    for (let end = start + 1; end <= Math.min(pieces.length, start + MOST_PIECES); end++) {
      digits += digitsIn[end - 1]!;
      if (digits > MOST_DIGITS) return undefined;
      if (digits >= 10 && parsePhoneNumber(pieces.slice(start, end).join(' ')).ok) return end;
    }
    return undefined;
  };
  const entries: { text: string; number: boolean }[] = [];
  let start = 0;
  let stray: number | undefined; // where pieces that start no number began
  while (start < pieces.length) {
    const end = numberFrom(start);
    if (end === undefined) {
      stray ??= start;
      start += 1;
      continue;
    }
    if (stray !== undefined) entries.push({ text: pieces.slice(stray, start).join(' '), number: false });
    stray = undefined;
    entries.push({ text: pieces.slice(start, end).join(' '), number: true });
    start = end;
  }
  if (stray !== undefined) entries.push({ text: pieces.slice(stray).join(' '), number: false });
  return entries;
}
