import { describe, expect, it } from 'vitest';
import { age, formatDate, formatDateTime, formatShortDateTime, parseDayMonthYear } from './format.ts';

describe('format (Asia/Ho_Chi_Minh, UTC+7, no daylight saving)', () => {
  it('shows a UTC evening instant on the next calendar day in Vietnam', () => {
    expect(formatDateTime('2026-11-22T18:41:00.000Z')).toBe('23/11/2026 01:41');
    expect(formatShortDateTime('2026-11-22T18:41:00.000Z')).toBe('23/11 01:41');
  });
  it('keeps calendar dates as written', () => {
    expect(formatDate('2023-02-28')).toBe('28/02/2023');
  });
  it('counts age in completed months and years', () => {
    expect(age('2023-02-28', new Date('2026-02-27T12:00:00Z'))).toEqual({ years: 2, months: 35 });
    expect(age('2023-02-28', new Date('2026-02-28T12:00:00Z'))).toEqual({ years: 3, months: 36 });
  });
  it('reads typed dates day-first, as written in Vietnam, and refuses impossible ones', () => {
    expect(parseDayMonthYear('18/05/2026')).toBe('2026-05-18');
    expect(parseDayMonthYear('1-2-1990')).toBe('1990-02-01');
    expect(parseDayMonthYear('29/02/2024')).toBe('2024-02-29');
    expect(parseDayMonthYear('29/02/2023')).toBeNull();
    expect(parseDayMonthYear('05/18/2026')).toBeNull();
    expect(parseDayMonthYear('2026-05-18')).toBeNull();
  });
});
