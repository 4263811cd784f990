import { describe, expect, it } from 'vitest';
import { fmtInt, fmtPct, inkOn, ramp } from './format.ts';
import { NETWORK_MESSAGES } from './messages.ts';

describe('network formats', () => {
  it('Vietnamese: decimal comma and dot thousands', () => {
    expect(fmtPct(0.1234, 'vi')).toBe('12,3 %');
    expect(fmtPct(0.1234, 'en')).toBe('12.3 %');
    expect(fmtInt(12345, 'vi')).toBe('12.345');
    expect(fmtPct(null, 'vi')).toBe('—');
  });
  it('ramp: grey for no value, darker for more, readable ink', () => {
    expect(ramp(null)).toBe('#e9ecef');
    expect(ramp(0)).not.toBe(ramp(1));
    expect(inkOn(0.9)).toBe('#ffffff');
  });
  it('vi and en have the same keys', () => {
    expect(Object.keys(NETWORK_MESSAGES.en).sort()).toEqual(Object.keys(NETWORK_MESSAGES.vi).sort());
  });
});
