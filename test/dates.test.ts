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

  it('shows times in JST', () => {
    expect(formatJapanTime(LATE_EVENING_UTC)).toBe('2026-11-23 01:00 JST');
  });
});
