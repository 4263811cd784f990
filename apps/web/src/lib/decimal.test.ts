import { describe, expect, it } from 'vitest';
import { formatNumber, normaliseDecimalText, parseDecimal } from './decimal.ts';

describe('parseDecimal', () => {
  it.each([
    ['39,2', 39.2], ['39.2', 39.2], [' 7,4 ', 7.4], ['7.4', 7.4], ['120', 120], ['0,5', 0.5], [',5', 0.5], ['-1,5', -1.5], ['36,', 36],
  ])('reads %j as %d (comma or point is the decimal separator)', (input, value) => {
    expect(parseDecimal(input)).toEqual({ ok: true, value });
  });
  it.each([
    ['1.234,5', 'ambiguous'], ['1,234.5', 'ambiguous'], ['39,2,1', 'ambiguous'], ['abc', 'not-a-number'], ['1e3', 'not-a-number'], ['', 'empty'], ['  ', 'empty'],
  ])('refuses %j (%s) instead of guessing', (input, reason) => {
    expect(parseDecimal(input)).toEqual({ ok: false, reason });
  });
});

describe('formatNumber', () => {
  it('writes Vietnamese with a decimal comma and English with a point', () => {
    expect(formatNumber(39.2, 'vi')).toBe('39,2');
    expect(formatNumber(39.2, 'en')).toBe('39.2');
    expect(formatNumber(176.24, 'vi', 1)).toBe('176,2');
  });
  it('groups thousands so that 2.597 can only be read as two thousand five hundred ninety-seven in vi', () => {
    expect(formatNumber(2597, 'vi')).toBe('2.597');
    expect(formatNumber(2597, 'en')).toBe('2,597');
  });
  it('normalises a typed value to the language separator', () => {
    expect(normaliseDecimalText('39.2', 'vi')).toBe('39,2');
    expect(normaliseDecimalText('39,2', 'en')).toBe('39.2');
    expect(normaliseDecimalText('1.2,3', 'vi')).toBe('1.2,3');
  });
});
