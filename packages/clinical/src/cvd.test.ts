import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cvdBand, cvdRisk, cvdRiskLabFraction } from './cvd.ts';
import { ClinicalInputError } from './errors.ts';
import { hasShared, needs, sharedPath } from './testing/shared.ts';

const CVD_CELLS = 'reference/who-cvd-2019/validation/lab-chart-cells.csv';
const haveCells = hasShared(CVD_CELLS);

const AGE_MID: Record<string, number> = { '40-44': 42.5, '45-49': 47.5, '50-54': 52.5, '55-59': 57.5, '60-64': 62.5, '65-69': 67.5, '70-74': 72.5 };
const SBP_MID: Record<string, number> = { '<120': 110, '120-139': 130, '140-159': 150, '160-179': 170, '>=180': 190 };
const CHOL_MID: Record<string, number> = { '<4': 3.5, '4-4.9': 4.5, '5-5.9': 5.5, '6-6.9': 6.5, '>=7': 7.5 };

describe.skipIf(!haveCells)(`WHO 2019 lab-based chart, Southeast Asia (lab-chart-cells.csv)${haveCells ? '' : ` ${needs(CVD_CELLS)}`}`, () => {
  const lines = haveCells ? readFileSync(sharedPath(CVD_CELLS), 'utf8').trim().split(/\r?\n/).slice(1) : [];
  it('reproduces all 1,400 published cells at the band midpoints', () => {
    expect(lines.length).toBe(1400);
    const bad: string[] = [];
    for (const line of lines) {
      const [sex, age, diab, smoker, sbp, chol, pct] = line.split(',');
      const r = cvdRisk({ model: 'lab', sex: sex === '1' ? 'male' : 'female', ageYears: AGE_MID[age!]!, systolicBP: SBP_MID[sbp!]!, totalCholesterolMmolL: CHOL_MID[chol!]!, diabetes: diab === '1', smoker: smoker === '1' });
      if (r.chartPercent !== Number(pct)) bad.push(`${line}: got ${r.riskPercent}`);
    }
    expect(bad).toEqual([]);
  });
  it('chart mode maps raw values to the cell midpoints (a 53-year-old, SBP 152, cholesterol 6.8 sits in the 11 % cell)', () => {
    const r = cvdRisk({ model: 'lab', sex: 'male', ageYears: 53, systolicBP: 152, totalCholesterolMmolL: 6.8, diabetes: false, smoker: true, mode: 'chart' });
    expect(r.chartPercent).toBe(11);
  });
  it('matches the two worked checks in southeast-asia.json', () => {
    expect(cvdRisk({ model: 'lab', sex: 'male', ageYears: 52.5, smoker: true, diabetes: false, systolicBP: 150, totalCholesterolMmolL: 6.5 }).riskPercent).toBe(11.09);
    expect(cvdRisk({ model: 'lab', sex: 'female', ageYears: 62.5, smoker: false, diabetes: true, systolicBP: 170, totalCholesterolMmolL: 5.5 }).riskPercent).toBe(16.96);
    expect(cvdRiskLabFraction(true, 52.5, 6.5, 150, false, true) * 100).toBeCloseTo(11.09, 2);
  });
});

describe('bands and advice', () => {
  it('bands by the whole-percent value at 5, 10, 20, 30', () => {
    expect(cvdBand(4.49)).toBe('<5');
    expect(cvdBand(4.5)).toBe('5-<10');
    expect(cvdBand(9.49)).toBe('5-<10');
    expect(cvdBand(9.5)).toBe('10-<20');
    expect(cvdBand(19.5)).toBe('20-<30');
    expect(cvdBand(29.49)).toBe('20-<30');
    expect(cvdBand(29.5)).toBe('>=30');
  });
  it('non-lab model requires BMI and gives bilingual advice', () => {
    const r = cvdRisk({ model: 'nonlab', sex: 'male', ageYears: 62, systolicBP: 165, smoker: true, bmi: 27 });
    expect(r.riskPercent).toBeGreaterThan(0);
    expect(r.advice.vi).toMatch(/Nguy cơ/);
    expect(() => cvdRisk({ model: 'nonlab', sex: 'male', ageYears: 62, systolicBP: 165, smoker: true })).toThrow(ClinicalInputError);
  });
});

describe('property tests', () => {
  it('every valid input gives a finite risk in (0, 100)', () => {
    fc.assert(
      fc.property(
        fc.boolean(), fc.constantFrom('male' as const, 'female' as const), fc.double({ min: 40, max: 74.9, noNaN: true }), fc.double({ min: 60, max: 300, noNaN: true }),
        fc.boolean(), fc.boolean(), fc.double({ min: 1, max: 20, noNaN: true }), fc.double({ min: 10, max: 80, noNaN: true }),
        (lab, sex, ageYears, systolicBP, smoker, diabetes, chol, bmi) => {
          const r = cvdRisk(lab ? { model: 'lab', sex, ageYears, systolicBP, smoker, diabetes, totalCholesterolMmolL: chol } : { model: 'nonlab', sex, ageYears, systolicBP, smoker, bmi });
          return Number.isFinite(r.riskPercent) && r.riskPercent >= 0 && r.riskPercent <= 100 && !JSON.stringify(r).includes('NaN');
        },
      ),
      { numRuns: 300 },
    );
  });
  it('every invalid field gives a ClinicalInputError naming it', () => {
    const cases = fc.constantFrom<[string, unknown]>(['ageYears', 39], ['ageYears', 80], ['ageYears', Number.NaN], ['systolicBP', 'high'], ['smoker', 'yes'], ['sex', 'x'], ['model', 'both'], ['totalCholesterolMmolL', -2], ['diabetes', 1]);
    fc.assert(
      fc.property(cases, ([field, value]) => {
        try {
          cvdRisk({ model: 'lab', sex: 'female', ageYears: 50, systolicBP: 130, smoker: false, diabetes: false, totalCholesterolMmolL: 5, [field]: value });
          return false;
        } catch (e) {
          return e instanceof ClinicalInputError && e.field === field;
        }
      }),
    );
  });
});
