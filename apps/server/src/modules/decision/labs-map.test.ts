import { describe, expect, it } from 'vitest';
import { toCanonical } from './labs-map.ts';

describe('toCanonical (LOINC + UCUM → the lab rule\'s unit)', () => {
  it('converts creatinine mg/dL × 88.4 (KDIGO/NHS England) and haemoglobin g/dL × 10', () => {
    expect(toCanonical('2160-0', 1.0, 'mg/dL')).toMatchObject({ analyte: 'creatinine', value: 88.4, unit: 'µmol/L' });
    expect(toCanonical('14682-9', 80, 'umol/L', 62, 106)).toMatchObject({ analyte: 'creatinine', value: 80, refLow: 62, refHigh: 106 });
    expect(toCanonical('718-7', 13.5, 'g/dL', 12, 15)).toMatchObject({ analyte: 'haemoglobin', value: 135, refLow: 120, refHigh: 150 });
    expect(toCanonical('2345-7', 180.16, 'mg/dL')!.value).toBeCloseTo(10, 3); // glucose 180.16 g/mol
  });
  it('leaves unknown codes and units unflagged', () => {
    expect(toCanonical('14647-2', 5.2, 'mmol/L')).toBeNull(); // cholesterol: not a lab-flag analyte
    expect(toCanonical('2823-3', 4.1, 'mg/dL')).toBeNull();
    expect(toCanonical('2823-3', null, 'mmol/L')).toBeNull();
  });
});
