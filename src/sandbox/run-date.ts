import { startOfFreebitDay, type FreebitDate } from '../dates.js';

// PA02-04: runDate is YYYYMMDD and also accepts YYYY/MM/DD and YYYY-MM-DD. Read strictly (no
// trimming, no full-width digits): the sandbox should catch a client that sends anything else.
const FORMATS = [/^(\d{4})(\d{2})(\d{2})$/, /^(\d{4})\/(\d{2})\/(\d{2})$/, /^(\d{4})-(\d{2})-(\d{2})$/];

/** The day as YYYYMMDD, or undefined when the text is not one of the formats or not a real day. */
export function readDate(text: string): string | undefined {
  for (const format of FORMATS) {
    const match = format.exec(text);
    if (!match) continue;
    const [y, m, d] = match.slice(1, 4).map(Number) as [number, number, number];
    const day = new Date(Date.UTC(y, m - 1, d));
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
    return `${match[1]}${match[2]}${match[3]}`;
  }
  return undefined;
}

/**
 * When processing of a request dated `date` starts: the beginning of that day in Japan, or the
 * request time itself when the date is today (or absent).
 */
export function processingStart(date: string, today: string, now: number): number {
  return date > today ? startOfFreebitDay(date as FreebitDate) : now;
}
