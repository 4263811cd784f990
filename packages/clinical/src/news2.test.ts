import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { news2, scoreRespRate, scoreSpo2Scale1, scoreSpo2Scale2, scoreSystolicBP, scorePulse, scoreTemperature, type News2Input } from './news2.ts';
import { ClinicalInputError } from './errors.ts';

// Every band boundary of RCP 2017 NEWS2 Chart 1: [value, points].
describe('RCP 2017 Chart 1 boundaries', () => {
  it('respiration rate', () => {
    for (const [v, p] of [[8, 3], [9, 1], [11, 1], [12, 0], [20, 0], [21, 2], [24, 2], [25, 3], [0, 3], [60, 3]]) expect(scoreRespRate(v!)).toBe(p);
  });
  it('SpO2 scale 1', () => {
    for (const [v, p] of [[91, 3], [92, 2], [93, 2], [94, 1], [95, 1], [96, 0], [100, 0]]) expect(scoreSpo2Scale1(v!)).toBe(p);
  });
  it('SpO2 scale 2, on air and on oxygen', () => {
    for (const [v, air, o2] of [[83, 3, 3], [84, 2, 2], [85, 2, 2], [86, 1, 1], [87, 1, 1], [88, 0, 0], [92, 0, 0], [93, 0, 1], [94, 0, 1], [95, 0, 2], [96, 0, 2], [97, 0, 3], [100, 0, 3]]) {
      expect(scoreSpo2Scale2(v!, false)).toBe(air);
      expect(scoreSpo2Scale2(v!, true)).toBe(o2);
    }
  });
  it('systolic blood pressure', () => {
    for (const [v, p] of [[90, 3], [91, 2], [100, 2], [101, 1], [110, 1], [111, 0], [219, 0], [220, 3]]) expect(scoreSystolicBP(v!)).toBe(p);
  });
  it('pulse', () => {
    for (const [v, p] of [[40, 3], [41, 1], [50, 1], [51, 0], [90, 0], [91, 1], [110, 1], [111, 2], [130, 2], [131, 3]]) expect(scorePulse(v!)).toBe(p);
  });
  it('temperature', () => {
    for (const [v, p] of [[35.0, 3], [35.1, 1], [36.0, 1], [36.1, 0], [38.0, 0], [38.1, 1], [39.0, 1], [39.1, 2]]) expect(scoreTemperature(v!)).toBe(p);
  });
});

const normal: News2Input = { respRate: 16, spo2: 97, spo2Scale: 1, onOxygen: false, systolicBP: 120, pulse: 70, consciousness: 'A', temperatureC: 37 };

describe('aggregate, bands and Chart 4 response', () => {
  it('a normal adult scores 0: low, 12-hourly', () => {
    const r = news2(normal);
    expect([r.score, r.band, r.monitoring]).toEqual([0, 'low', '12-hourly']);
  });
  it('oxygen scores 2 and new confusion scores 3', () => {
    expect(news2({ ...normal, onOxygen: true }).subScores!.airOrOxygen).toBe(2);
    const c = news2({ ...normal, consciousness: 'C' });
    expect(c.subScores!.consciousness).toBe(3);
    expect([c.score, c.band, c.singleParameter3, c.monitoring]).toEqual([3, 'low-medium', true, 'hourly']);
  });
  it('1–4 low (4–6-hourly); 5–6 medium (hourly); ≥7 high (continuous)', () => {
    expect(news2({ ...normal, pulse: 95 }).band).toBe('low'); // 1
    expect(news2({ ...normal, pulse: 95 }).monitoring).toBe('4-6-hourly');
    expect(news2({ ...normal, pulse: 115, respRate: 22 }).score).toBe(4);
    expect(news2({ ...normal, pulse: 115, respRate: 22 }).band).toBe('low');
    const five = news2({ ...normal, pulse: 115, respRate: 22, temperatureC: 38.5 });
    expect([five.score, five.band, five.monitoring]).toEqual([5, 'medium', 'hourly']);
    const six = news2({ ...normal, pulse: 115, respRate: 22, temperatureC: 39.5 });
    expect([six.score, six.band]).toEqual([6, 'medium']);
    const seven = news2({ ...normal, pulse: 115, respRate: 22, temperatureC: 39.5, spo2: 95 });
    expect([seven.score, seven.band, seven.monitoring]).toEqual([7, 'high', 'continuous']);
  });
  it('a single 3 within a total of 5 or more stays medium', () => {
    const r = news2({ ...normal, respRate: 25, pulse: 115 });
    expect([r.score, r.singleParameter3, r.band]).toEqual([5, true, 'medium']);
  });
  it('scale 2 only changes SpO2 scoring: 90 % on oxygen scores 0 on scale 2, 3 on scale 1', () => {
    expect(news2({ ...normal, spo2: 90, onOxygen: true, spo2Scale: 2 }).subScores!.spo2).toBe(0);
    expect(news2({ ...normal, spo2: 90, onOxygen: true, spo2Scale: 1 }).subScores!.spo2).toBe(3);
  });
  it('not validated under 16 years or in pregnancy: says so instead of scoring', () => {
    const kid = news2({ ...normal, ageYears: 15 });
    expect([kid.applicable, kid.score, kid.band]).toEqual([false, null, null]);
    expect(kid.reason).toMatch(/16/);
    expect(news2({ ...normal, ageYears: 16 }).applicable).toBe(true);
    expect(news2({ ...normal, pregnant: true }).reason).toMatch(/pregnancy/);
  });
  it('explains each parameter with its points', () => {
    const r = news2({ ...normal, respRate: 25 });
    expect(r.explanation.find((e) => e.input === 'respRate')).toMatchObject({ value: 25, points: 3 });
    expect(r.source.id).toBe('rcp-news2');
  });
});

describe('property tests', () => {
  const valid = fc.record({
    respRate: fc.integer({ min: 0, max: 80 }),
    spo2: fc.integer({ min: 0, max: 100 }),
    spo2Scale: fc.constantFrom(1 as const, 2 as const),
    onOxygen: fc.boolean(),
    systolicBP: fc.integer({ min: 20, max: 300 }),
    pulse: fc.integer({ min: 0, max: 300 }),
    consciousness: fc.constantFrom('A' as const, 'C' as const, 'V' as const, 'P' as const, 'U' as const),
    temperatureC: fc.double({ min: 25, max: 45, noNaN: true }),
  });
  it('every valid input gives a score 0–20 that equals the sum of its sub-scores', () => {
    fc.assert(
      fc.property(valid, (inp) => {
        const r = news2(inp);
        const s = r.subScores!;
        return r.score! >= 0 && r.score! <= 20 && r.score === s.respRate + s.spo2 + s.airOrOxygen + s.systolicBP + s.pulse + s.consciousness + s.temperature && !JSON.stringify(r).includes('NaN');
      }),
      { numRuns: 500 },
    );
  });
  it('every invalid field gives a ClinicalInputError naming it', () => {
    const bad = fc.constantFrom<[string, unknown]>(
      ['respRate', -1], ['respRate', 12.5], ['respRate', '12'], ['spo2', 101], ['spo2', Number.NaN], ['spo2Scale', 3], ['onOxygen', 'no'],
      ['systolicBP', 0], ['pulse', null], ['consciousness', 'X'], ['temperatureC', 50], ['temperatureC', Number.POSITIVE_INFINITY], ['ageYears', -3], ['pregnant', 'y'],
    );
    fc.assert(
      fc.property(bad, ([field, value]) => {
        try {
          news2({ ...normal, [field]: value });
          return false;
        } catch (e) {
          return e instanceof ClinicalInputError && e.field === field;
        }
      }),
    );
  });
});
