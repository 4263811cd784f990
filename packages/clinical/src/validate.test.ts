import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseIsoInstant, roundTo } from './validate.ts';

describe('parseIsoInstant', () => {
  it('agrees with Date.parse on valid ISO-8601 forms', () => {
    for (const s of ['2025-03-01', '2025-03-01T08:00Z', '2025-03-01T08:00:00Z', '2025-03-01T08:00:00.123Z', '2025-03-01T08:00:00+07:00', '2024-02-29T23:59:59.9-05:30', '2025-03-01T08:00:00']) {
      const expected = Date.parse(s.length === 19 || s.length === 16 ? `${s}Z` : s);
      expect(parseIsoInstant(s)).toBe(expected);
    }
  });
  it('rejects malformed dates', () => {
    for (const s of ['', 'yesterday', '2025-3-1', '2025-02-30', '2023-02-29', '2025-13-01', '2025-03-01T25:00Z', '2025-03-01T08:00:00.Z', '2025-03-01T08:00:00+0700x']) expect(parseIsoInstant(s)).toBeNaN();
  });
  it('round-trips any instant written by toISOString', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (t) => parseIsoInstant(new Date(t).toISOString()) === t));
  });
});

describe('roundTo (half away from zero)', () => {
  it('rounds 2 decimals symmetrically', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-0.125, 2)).toBe(-0.13);
    expect(roundTo(-0.001, 2)).toBe(0);
  });
});
