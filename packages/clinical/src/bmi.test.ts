import { isClinicalInputError } from './errors.ts';
import { describe, expect, it } from 'vitest';
import { adultBmi } from './bmi.ts';

// Cut-offs from WHO TRS 894 (2000) Table 2.1 and WPRO/IASO/IOTF 2000 Table 1; BMI = kg / m².
describe('adultBmi', () => {
  it.each([
    [50, 170, 17.3, 'underweight', 'underweight'],
    [53.5, 170, 18.5, 'normal', 'normal'],
    [66.2, 170, 22.9, 'normal', 'normal'],
    [66.5, 170, 23.0, 'overweight', 'normal'],
    [72.3, 170, 25.0, 'obese-I', 'pre-obese'],
    [86.7, 170, 30.0, 'obese-II', 'obese-I'],
    [115.6, 170, 40.0, 'obese-II', 'obese-III'],
  ] as const)('%s kg, %s cm → BMI %s: Asia-Pacific %s, WHO %s', (w, h, bmi, asia, who) => {
    const r = adultBmi({ weightKg: w, heightCm: h, ageYears: 40 });
    expect([r.bmi, r.asiaPacific, r.who]).toEqual([bmi, asia, who]);
  });
  it('refuses children and impossible values with a typed error naming the field', () => {
    for (const [input, field] of [[{ weightKg: 20, heightCm: 110, ageYears: 8 }, 'ageYears'], [{ weightKg: 5, heightCm: 170, ageYears: 30 }, 'weightKg'], [{ weightKg: 60, heightCm: Number.NaN, ageYears: 30 }, 'heightCm']] as const) {
      try {
        adultBmi(input);
        expect.unreachable();
      } catch (e) {
        expect(isClinicalInputError(e) && e.field).toBe(field);
      }
    }
  });
});
