import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { formatJapanTime, parseFutureDate, startOfFreebitDay, todayInJapan, type FreebitDate } from '../src/dates.js';

// 2026-11-22 16:00 UTC is already 2026-11-23 01:00 in Japan.
const LATE_EVENING_UTC = Date.UTC(2026, 10, 22, 16, 0, 0);

describe('Freebit dates (Japan time)', () => {
  it('takes today from the Japanese calendar, not UTC', () => {
    expect(todayInJapan(LATE_EVENING_UTC)).toBe('20261123');
  });

  it.each([['20261130'], ['2026/11/30'], ['2026-11-30'], ['２０２６－１１－３０']])('reads %s as 20261130', (typed) => {
    expect(parseFutureDate(typed, LATE_EVENING_UTC)).toEqual({ ok: true, date: '20261130' });
  });

  it('accepts today', () => {
    expect(parseFutureDate('2026-11-23', LATE_EVENING_UTC)).toEqual({ ok: true, date: '20261123' });
  });

  it('refuses a day that is already over in Japan', () => {
    expect(parseFutureDate('2026-11-22', LATE_EVENING_UTC)).toEqual({ ok: false, reason: 'in_the_past' });
  });

  it.each([['2026-02-30'], ['2026-13-01'], ['tomorrow'], ['2026/1/5'], ['']])('refuses %j as not a date', (typed) => {
    expect(parseFutureDate(typed, LATE_EVENING_UTC)).toEqual({ ok: false, reason: 'not_a_date' });
  });

  it('starts a Freebit day at midnight in Japan', () => {
    expect(new Date(startOfFreebitDay('20261130' as FreebitDate)).toISOString()).toBe('2026-11-29T15:00:00.000Z');
  });

  it.each(['20260101', '20260331', '20260701', '20261231', '20280229'])(
    'starts %s where the time-zone database puts midnight in Tokyo',
    (day) => {
      const tokyo = new TZDate(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6)), 'Asia/Tokyo');
      expect(startOfFreebitDay(day as FreebitDate)).toBe(tokyo.getTime());
    },
  );

  it('shows times in JST', () => {
    expect(formatJapanTime(LATE_EVENING_UTC)).toBe('2026-11-23 01:00 JST');
  });

  it.each([
    // Midnight UTC is 09:00 in Japan; midnight in Japan is 15:00 UTC the day before.
    ['midnight UTC', Date.UTC(2026, 10, 22, 0, 0, 0), '2026-11-22 09:00 JST'],
    ['a minute before midnight in Japan', Date.UTC(2026, 10, 22, 14, 59, 59, 999), '2026-11-22 23:59 JST'],
    ['midnight in Japan', Date.UTC(2026, 10, 22, 15, 0, 0), '2026-11-23 00:00 JST'],
    ['the last minute of the year in Japan', Date.UTC(2026, 11, 31, 14, 59, 30), '2026-12-31 23:59 JST'],
    ['new year in Japan, still the old year in UTC', Date.UTC(2026, 11, 31, 15, 0, 0), '2027-01-01 00:00 JST'],
    ['new year in UTC', Date.UTC(2027, 0, 1, 0, 0, 0), '2027-01-01 09:00 JST'],
    ['a leap day', Date.UTC(2028, 1, 28, 15, 30, 0), '2028-02-29 00:30 JST'],
    ['the epoch', 0, '1970-01-01 09:00 JST'],
  ])('shows %s in JST', (_what, instant, shown) => {
    expect(formatJapanTime(instant)).toBe(shown);
  });

  it('agrees with the Asia/Tokyo time zone database', () => {
    const start = Date.UTC(2025, 0, 1);
    for (let instant = start; instant < start + 3 * 366 * 86_400_000; instant += 7 * 3_600_000 + 13 * 60_000 + 17_000) {
      expect(formatJapanTime(instant)).toBe(`${format(new TZDate(instant, 'Asia/Tokyo'), 'yyyy-MM-dd HH:mm')} JST`);
    }
  });
});
