import { createRequire } from 'node:module';
import type * as DateFnsFormat from 'date-fns/format';
import type * as DateFnsIsValid from 'date-fns/isValid';
import type * as DateFnsParse from 'date-fns/parse';

/*
 * date-fns is loaded one function at a time, from its CommonJS build, when first used. Its
 * package root loads all ~1,000 of its modules, and on Node 24+ its ES modules load 5–10× slower
 * than the same code as CommonJS (measured: `parse` 270–430 ms as ESM, 38 ms as CJS), which
 * put 1.4 s on every start. The functions and their types are date-fns' own.
 */
const load = createRequire(import.meta.url);
const format: typeof DateFnsFormat.format = (...args) => (load('date-fns/format') as typeof DateFnsFormat).format(...args);
const isValid: typeof DateFnsIsValid.isValid = (...args) => (load('date-fns/isValid') as typeof DateFnsIsValid).isValid(...args);
const parse: typeof DateFnsParse.parse = (...args) => (load('date-fns/parse') as typeof DateFnsParse).parse(...args);

/** Freebit dates are calendar days in Japan time (docs/freebit.md, "Dates"). */
export const FREEBIT_TIME_ZONE = 'Asia/Tokyo';

/** A calendar day as Freebit writes it: `20261130`. */
export type FreebitDate = string & { readonly __brand: 'FreebitDate' };

/**
 * Japan keeps one offset all year (UTC+9, no daylight saving since 1951), so today there is
 * read off the shifted instant: no time-zone database is asked, whose first use costs tens of
 * milliseconds of the start (the embedded sandbox asks at start).
 */
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Today's calendar day in Japan. */
export function todayInJapan(nowMs: number): FreebitDate {
  const day = new Date(nowMs + JAPAN_OFFSET_MS);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${String(day.getUTCFullYear()).padStart(4, '0')}${two(day.getUTCMonth() + 1)}${two(day.getUTCDate())}` as FreebitDate;
}

// PA02-04: runDate is YYYYMMDD, and also accepts YYYY/MM/DD and YYYY-MM-DD.
const INPUT_FORMATS = ['yyyyMMdd', 'yyyy/MM/dd', 'yyyy-MM-dd'] as const;

export type DateParseResult = { ok: true; date: FreebitDate } | { ok: false; reason: 'not_a_date' | 'in_the_past' };

/** Reads a date a person typed (or a date picker sent) and refuses one before today in Japan. */
export function parseFutureDate(input: string, nowMs: number): DateParseResult {
  const text = input.normalize('NFKC').trim();
  for (const pattern of INPUT_FORMATS) {
    if (text.length !== pattern.length) continue;
    const day = parse(text, pattern, new Date(0));
    // parse() is lenient about some overflows; a round trip proves the day exists.
    if (!isValid(day) || format(day, pattern) !== text) continue;
    const date = format(day, 'yyyyMMdd') as FreebitDate;
    if (date < todayInJapan(nowMs)) return { ok: false, reason: 'in_the_past' };
    return { ok: true, date };
  }
  return { ok: false, reason: 'not_a_date' };
}

/** `20261130` → `2026-11-30`, the way people read a day. */
export function formatFreebitDate(date: string): string {
  return /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}` : date;
}

/**
 * The start of a Freebit day, as an instant (midnight in Japan): Japan's fixed UTC+9, as
 * `todayInJapan` reads it, with no time-zone database (the embedded sandbox asks at start).
 */
export function startOfFreebitDay(date: FreebitDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(4, 6));
  const d = Number(date.slice(6, 8));
  return Date.UTC(y, m - 1, d) - JAPAN_OFFSET_MS;
}

// Japan keeps one offset all year (no daylight saving since 1951): +9 hours.
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * `2026-11-22 14:02 JST`: how every time is shown to a person. The instant moved by +9 h and
 * read in UTC fields: no time-zone lookup, cheap enough for every line card.
 */
/** An instant as ISO 8601 in Japan time, to the second: `2026-11-30T11:02:03+09:00` (for files an auditor reads). */
export function formatJapanIso(epochMs: number): string {
  const japan = new Date(epochMs + JST_OFFSET_MS);
  if (Number.isNaN(japan.getTime())) throw new RangeError('Invalid time value');
  return `${japan.toISOString().slice(0, 19)}+09:00`;
}

export function formatJapanTime(epochMs: number): string {
  const japan = new Date(epochMs + JST_OFFSET_MS);
  // As date-fns' format did: an invalid instant is an error, not "NaN-NaN-NaN".
  if (Number.isNaN(japan.getTime())) throw new RangeError('Invalid time value');
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(japan.getUTCFullYear()).padStart(4, '0')}-${two(japan.getUTCMonth() + 1)}-${two(japan.getUTCDate())} ${two(japan.getUTCHours())}:${two(japan.getUTCMinutes())} JST`;
}
