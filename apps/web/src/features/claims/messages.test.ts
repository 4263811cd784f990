import { describe, expect, it } from 'vitest';
import { CLAIM_MESSAGES } from './messages.ts';
import { formatVnd, yyyymmddToDisplay } from './format.ts';

describe('claims messages and formats', () => {
  it('vi and en have the same keys, all prefixed, none empty', () => {
    expect(Object.keys(CLAIM_MESSAGES.en).sort()).toEqual(Object.keys(CLAIM_MESSAGES.vi).sort());
    for (const k of Object.keys(CLAIM_MESSAGES.vi)) expect(k).toMatch(/^claims\./);
  });
  it('Vietnamese amounts use "." for thousands and "," for decimals; dates dd/mm/yyyy', () => {
    expect(formatVnd(1234567.5, 'vi')).toBe('1.234.567,5');
    expect(formatVnd(1234567.5, 'en')).toBe('1,234,567.5');
    expect(yyyymmddToDisplay('20240603', 'vi')).toBe('03/06/2024');
  });
});
