import { describe, expect, it } from 'vitest';
import { checkBhyt, checkBirthDate, checkCccd, checkPhone } from './identifiers.ts';

describe('CCCD (Circular 07/2016/TT-BCA)', () => {
  it('accepts a number whose century/sex digit and year match', () => {
    expect(checkCccd('001089012345', 'male', '1989-05-02')).toBeNull(); // Hà Nội, 0 = 1900s male, 89
    expect(checkCccd('019305001234', 'female', '2005-01-01')).toBeNull(); // Thái Nguyên, 3 = 2000s female
  });
  it.each([
    ['12345678901', 'INVALID_CCCD'],
    ['0010890123456', 'INVALID_CCCD'],
    ['00108901234a', 'INVALID_CCCD'],
    ['003089012345', 'INVALID_CCCD'], // 003 is not a province code
  ])('rejects %s', (cccd, code) => {
    expect(checkCccd(cccd, 'male', '1989-05-02')?.code).toBe(code);
  });
  it('rejects a year or sex that contradicts the number', () => {
    expect(checkCccd('001089012345', 'male', '1990-05-02')?.code).toBe('CCCD_MISMATCH');
    expect(checkCccd('001089012345', 'female', '1989-05-02')?.code).toBe('CCCD_MISMATCH');
    expect(checkCccd('001289012345', 'male', '1989-05-02')?.code).toBe('CCCD_MISMATCH'); // 2 = 2000s
  });
});

describe('BHYT card number (Decision 1351/QĐ-BHXH)', () => {
  it('accepts group + level + province + 10 digits', () => {
    expect(checkBhyt('DN4010123456789')).toBeNull();
    expect(checkBhyt('TE1190123456789')).toBeNull();
  });
  it.each(['DN401012345678', 'DN6010123456789', 'dn4010123456789', 'ZZ4010123456789', 'DN40101234567890'])('rejects %s', (b) => {
    expect(checkBhyt(b)?.code).toBe('INVALID_BHYT');
  });
});

describe('phone and birth date', () => {
  it('phones', () => {
    expect(checkPhone('0912345678')).toBeNull();
    expect(checkPhone('+84912345678')).toBeNull();
    expect(checkPhone('12345')?.code).toBe('INVALID_PHONE');
  });
  it('birth dates must be real past days', () => {
    const today = new Date('2026-11-01T00:00:00Z');
    expect(checkBirthDate('2020-02-29', today)).toBeNull();
    expect(checkBirthDate('2021-02-29', today)?.code).toBe('INVALID_DATE');
    expect(checkBirthDate('2027-01-01', today)?.code).toBe('INVALID_DATE');
    expect(checkBirthDate('1899-12-31', today)?.code).toBe('INVALID_DATE');
  });
});
