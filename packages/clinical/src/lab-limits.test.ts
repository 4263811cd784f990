import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLabValue, GENERIC_LAB_BOUND, LAB_CODES, LAB_LIMITS, labCodeUnit } from './lab-limits.ts';
import { ANALYTES, DEFAULT_CRITICAL_LIMITS, PLAUSIBLE } from './labs.ts';

describe('lab plausibility limits per LOINC code', () => {
  it('refuses the reported glucose of 1e300 with the limit in the message, in the unit sent', () => {
    const p = checkLabValue({ loinc: '2345-7', value: 1e300, unit: 'mg/dL' })!;
    expect(p).toMatchObject({ code: 'IMPOSSIBLE_VALUE', analyte: 'glucose', min: 0, max: 2700, unit: 'mg/dL' }); // 150 mmol/L × 18.016
    expect(p.message).toContain('allowed 0–2700 mg/dL');
    expect(p.messageVi).toContain('cho phép 0–2700 mg/dL');
    expect(p.messageVi).toMatch(/^Kết quả xét nghiệm Glucose \(LOINC 2345-7\)/);
    expect(checkLabValue({ loinc: '14749-6', value: 151, unit: 'mmol/L' })?.max).toBe(150);
  });
  it('accepts the most extreme glucose documented in a survivor (147.6 mmol/L = 2,656 mg/dL)', () => {
    expect(checkLabValue({ loinc: '15074-8', value: 147.6, unit: 'mmol/L' })).toBeNull();
    expect(checkLabValue({ loinc: '2345-7', value: 2656, unit: 'mg/dL' })).toBeNull();
  });
  it('converts the limit per unit (creatinine µmol/L and mg/dL; haemoglobin g/L and g/dL) and writes Vietnamese decimals with a comma', () => {
    expect(checkLabValue({ loinc: '2160-0', value: 40, unit: 'mg/dL' })).toMatchObject({ min: 0.0566, max: 33.9 });
    expect(checkLabValue({ loinc: '2160-0', value: 30, unit: 'mg/dL' })).toBeNull();
    expect(checkLabValue({ loinc: '718-7', value: 31, unit: 'g/dL' })).toMatchObject({ min: 1, max: 30 });
    expect(checkLabValue({ loinc: '718-7', value: 310, unit: 'g/L' })).toMatchObject({ min: 10, max: 300 });
    expect(checkLabValue({ loinc: '2823-3', value: 0.1, unit: 'mmol/L' })!.messageVi).toContain('cho phép 0,5–15 mmol/L');
  });
  it('every limit lies beyond the critical limits the lab-flag rule uses, so no critical result is refused', () => {
    for (const c of DEFAULT_CRITICAL_LIMITS) {
      const l = LAB_LIMITS[c.analyte];
      if (c.low) expect(l.min, `${c.analyte} low`).toBeLessThan(c.low.value);
      if (c.high && c.high.value !== undefined) expect(l.max, `${c.analyte} high`).toBeGreaterThan(c.high.value);
    }
  });
  it('every analyte has a limit with a stated basis, and the lab rule accepts exactly that range', () => {
    for (const a of ANALYTES) {
      expect(LAB_LIMITS[a].basis.length, a).toBeGreaterThan(10);
      expect(LAB_LIMITS[a].min).toBeLessThan(LAB_LIMITS[a].max);
      expect(PLAUSIBLE[a]).toEqual([LAB_LIMITS[a].min, LAB_LIMITS[a].max]);
    }
  });
  it('checks unknown codes and units only against the generic bound', () => {
    expect(labCodeUnit('14647-2', 'mmol/L')).toBeNull(); // cholesterol: no limit here
    expect(checkLabValue({ loinc: '14647-2', value: 5.2, unit: 'mmol/L' })).toBeNull();
    expect(checkLabValue({ loinc: '14647-2', value: -3, unit: 'mmol/L' })).toBeNull();
    expect(checkLabValue({ loinc: '14647-2', value: 1e300, unit: 'mmol/L' })).toMatchObject({ analyte: null, max: GENERIC_LAB_BOUND });
    expect(checkLabValue({ loinc: '2823-3', value: 99, unit: 'mg/dL' })).toBeNull(); // unit not mapped → generic bound
    expect(checkLabValue({ loinc: '2823-3', value: Number.NaN, unit: 'mmol/L' })?.message).toContain('non-finite');
  });
  it('property: a value is refused exactly when it lies outside [min, max] in the unit sent', () => {
    const pairs = Object.entries(LAB_CODES).flatMap(([loinc, d]) => Object.keys(d.units).map((u) => [loinc, u] as const));
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.double({ min: -1e7, max: 1e7, noNaN: true }), ([loinc, unit], value) => {
        const cu = labCodeUnit(loinc, unit)!;
        const l = LAB_LIMITS[cu.analyte];
        const canonical = value * cu.factor;
        const p = checkLabValue({ loinc, value, unit });
        // well inside / well outside (the 3-significant-digit rounding of the limit blurs the edge by < 0.5 %)
        if (canonical > l.min * 1.01 + 1e-9 && canonical < l.max * 0.99) return p === null;
        if (canonical < l.min * 0.99 - 1e-9 || canonical > l.max * 1.01) return p !== null && p.analyte === cu.analyte;
        return true;
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
