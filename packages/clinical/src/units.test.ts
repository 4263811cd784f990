import { describe, expect, it } from 'vitest';
import { RULES, creatinineMgDlToUmolL, creatinineUmolLToMgDl, glucoseMgDlToMmolL, haemoglobinGdlToGl, monthsToDays, ClinicalInputError, type UmolPerL } from './index.ts';

describe('unit converters', () => {
  it('creatinine mg/dL × 88.4 = µmol/L', () => {
    const u: UmolPerL = creatinineMgDlToUmolL(1.5);
    expect(u).toBeCloseTo(132.6, 10);
    expect(creatinineUmolLToMgDl(88.4)).toBeCloseTo(1, 12);
  });
  it('glucose 180.16 mg/dL = 10 mmol/L; Hb 12 g/dL = 120 g/L; 6 months = 183 days (WHO)', () => {
    expect(glucoseMgDlToMmolL(180.16)).toBeCloseTo(10, 10);
    expect(haemoglobinGdlToGl(12)).toBe(120);
    expect(monthsToDays(6)).toBe(183);
  });
});

describe('registry', () => {
  it('lists every rule with id, version, title and citation', () => {
    expect(RULES.map((r) => r.id)).toEqual(['rcp-news2', 'nhse-aki-2014', 'lab-flags', 'respiratory-ards-qsofa', 'who-tb-screening-2021', 'who-cvd-2019-sea', 'who-growth', 'iitt-sats-triage', 'yte-adult-bmi']);
    for (const r of RULES) {
      expect(r.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.citation.length).toBeGreaterThan(20);
    }
  });
  it('ClinicalInputError carries code and field and serialises', () => {
    const e = new ClinicalInputError('required', 'spo2', 'is required');
    expect(JSON.parse(JSON.stringify(e))).toEqual({ name: 'ClinicalInputError', code: 'required', field: 'spo2', message: 'spo2: is required' });
  });
});
