import { describe, expect, it } from 'vitest';
import { parseCsv, parseViDate, validateEnrolment, validNationalId } from './enrolment.ts';

describe('enrolment CSV (pure)', () => {
  it('parses RFC 4180 quoting, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, ""y""",\n"line\nbreak",z\n')).toEqual([['a', 'b'], ['x, "y"', ''], ['line\nbreak', 'z']]);
  });
  it('checks the CCCD structure: 12 digits, province code 001–096 (Circular 59/2021/TT-BCA art. 7)', () => {
    expect(validNationalId('019190000123')).toBe(true);
    expect(validNationalId('000190000123')).toBe(false);
    expect(validNationalId('097190000123')).toBe(false);
    expect(validNationalId('01919000012')).toBe(false);
    expect(validNationalId('01919000012a')).toBe(false);
  });
  it('reads dd/mm/yyyy calendar dates only', () => {
    expect(parseViDate('29/02/2028')).toBe('2028-02-29');
    expect(parseViDate('29/02/2027')).toBeNull();
    expect(parseViDate('2027-02-01')).toBeNull();
    expect(parseViDate('1/3/2026')).toBe('2026-03-01');
  });
  it('reports a missing column once, for the whole file', () => {
    const r = validateEnrolment('national_id,full_name\n019190000123,An', { roles: new Set(), facilityCodes: new Set(), existingIds: new Set() });
    expect(r.errors).toEqual([expect.objectContaining({ row: 1, code: 'MISSING_COLUMNS' })]);
    expect(r.errors[0]!.message).toContain('role, facility_code, province, cohort, start_date');
  });
});
