import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVitals, VITALS } from './vitals.ts';

describe('vital-sign plausibility', () => {
  it.each([
    ['pulse', 900],
    ['spo2', 130],
    ['temperatureC', 60],
    ['respRate', -1],
    ['systolicBP', 20],
    ['weightKg', 0],
  ] as const)('rejects %s = %s and names the field', (field, value) => {
    const problems = checkVitals({ [field]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe(field);
    expect(problems[0]!.message).toContain(String(value));
  });

  it('accepts the ends of every range', () => {
    for (const def of Object.values(VITALS)) {
      expect(checkVitals({ [def.key]: def.min })).toEqual([]);
      expect(checkVitals({ [def.key]: def.max })).toEqual([]);
    }
  });

  it('rejects fractional counts and diastolic above systolic', () => {
    expect(checkVitals({ pulse: 80.5 })[0]?.field).toBe('pulse');
    expect(checkVitals({ systolicBP: 90, diastolicBP: 95 })[0]?.field).toBe('diastolicBP');
  });

  it('property: any value outside a range is reported for exactly that field', () => {
    const defs = Object.values(VITALS);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: defs.length - 1 }), fc.double({ min: 1, max: 1e6, noNaN: true }), fc.boolean(), (i, delta, above) => {
        const def = defs[i]!;
        const value = above ? def.max + delta : def.min - delta;
        const problems = checkVitals({ [def.key]: value });
        expect(problems.map((p) => p.field)).toEqual([def.key]);
      }),
    );
  });
});
