import { describe, expect, it } from 'vitest';
import { checkClinicalInstant, CLOCK_SKEW_MS, startOfLocalDay } from './plausibility.ts';

const now = new Date('2026-11-01T03:00:00Z');

describe('clinical instants: not before birth, not in the future', () => {
  it('refuses the reported encounter dated 1900 for a patient born 1961, naming the earliest instant', () => {
    const p = checkClinicalInstant(new Date('1900-01-01T00:00:00Z'), { now, birthDate: '1961-05-02', field: 'startedAt' })!;
    expect(p.code).toBe('BEFORE_BIRTH');
    expect(p.limit).toBe('1961-05-01T17:00:00.000Z'); // 02/05/1961 00:00 in Vietnam (UTC+7)
    expect(p.message).toContain('earliest allowed is 1961-05-01T17:00:00.000Z');
    expect(p.messageVi).toContain('02/05/1961');
  });
  it('accepts the first minute of the birth day in Vietnam and refuses the minute before', () => {
    expect(checkClinicalInstant(new Date('1961-05-01T17:00:00Z'), { now, birthDate: '1961-05-02', field: 'at' })).toBeNull();
    expect(checkClinicalInstant(new Date('1961-05-01T16:59:00Z'), { now, birthDate: '1961-05-02', field: 'at' })?.code).toBe('BEFORE_BIRTH');
  });
  it('allows 5 minutes of clock skew and refuses beyond, with the limit', () => {
    expect(CLOCK_SKEW_MS).toBe(300_000);
    expect(checkClinicalInstant(new Date(now.getTime() + 299_000), { now, field: 'at' })).toBeNull();
    const p = checkClinicalInstant(new Date(now.getTime() + 301_000), { now, field: 'effectiveAt' })!;
    expect(p).toMatchObject({ code: 'FUTURE_INSTANT', limit: '2026-11-01T03:05:00.000Z' });
    expect(p.message).toContain('latest allowed is 2026-11-01T03:05:00.000Z');
    expect(p.messageVi).toContain('01/11/2026 10:05'); // Vietnamese local time
  });
  it('without a birth date only the future is checked', () => {
    expect(checkClinicalInstant(new Date('1800-01-01T00:00:00Z'), { now, field: 'at' })).toBeNull();
    expect(checkClinicalInstant(new Date('1800-01-01T00:00:00Z'), { now, birthDate: null, field: 'at' })).toBeNull();
  });
  it('startOfLocalDay refuses malformed dates', () => {
    expect(startOfLocalDay('1961-5-2', 420)).toBeNull();
    expect(startOfLocalDay('2000-02-29', 0)?.toISOString()).toBe('2000-02-29T00:00:00.000Z');
  });
});
