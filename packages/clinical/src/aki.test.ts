import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { akiStage, type AkiInput } from './aki.ts';
import { ClinicalInputError } from './errors.ts';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const H = 3_600_000, D = 24 * H;
const at = (msBefore: number) => new Date(T0 - msBefore).toISOString();
const series = (current: number, prior: Array<[number, number]>, ageYears = 60): AkiInput => ({
  ageYears,
  sex: 'male',
  results: [...prior.map(([ms, v]) => ({ at: at(ms), creatinineUmolL: v })), { at: at(0), creatinineUmolL: current }],
});

describe('NHS England AKI algorithm (PSA 2014): ratio thresholds', () => {
  it('ratio 1.5 → stage 1, just under → no alert', () => {
    expect(akiStage(series(150, [[2 * D, 100]])).stage).toBe(1);
    expect(akiStage(series(149, [[3 * D, 100]])).stage).toBe(0);
  });
  it('ratio 2 → stage 2; 3 → stage 3', () => {
    expect(akiStage(series(199, [[3 * D, 100]])).stage).toBe(1);
    expect(akiStage(series(200, [[3 * D, 100]])).stage).toBe(2);
    expect(akiStage(series(299, [[3 * D, 100]])).stage).toBe(2);
    expect(akiStage(series(300, [[3 * D, 100]])).stage).toBe(3);
  });
  it('adult: C1 > 354 µmol/L with ratio ≥ 1.5 → stage 3; 354 is not', () => {
    expect(akiStage(series(355, [[3 * D, 200]])).stage).toBe(3);
    expect(akiStage(series(354, [[3 * D, 200]])).stage).toBe(1);
    expect(akiStage(series(360, [[3 * D, 250]])).stage).toBe(0); // ratio 1.44, rise not within 48 h
  });
  it('under 18: C1 > 3 × upper reference limit → stage 3 (only with the lab limit given)', () => {
    const kid = { ...series(100, [[3 * D, 60]], 8), upperReferenceLimitUmolL: 33 };
    expect(akiStage(kid).stage).toBe(3);
    expect(akiStage({ ...kid, upperReferenceLimitUmolL: 34 }).stage).toBe(1);
    const noUrl = akiStage(series(100, [[3 * D, 60]], 8));
    expect(noUrl.stage).toBe(1);
    expect(noUrl.explanation.some((e) => e.input === 'upperReferenceLimitUmolL')).toBe(true);
    expect(akiStage(series(400, [[3 * D, 200]], 17)).stage).toBe(2); // the 354 rule is for adults
  });
});

describe('reference values', () => {
  it('RV1 is the lowest result within 7 days; RV2 the median of 8–365 days; the higher ratio wins', () => {
    const r = akiStage(series(180, [[1 * D, 110], [5 * D, 100], [7 * D, 120], [30 * D, 80], [60 * D, 90], [200 * D, 140]]));
    expect(r.rv1UmolL).toBe(100);
    expect(r.rv2UmolL).toBe(90);
    expect(r.baseline).toEqual({ kind: 'RV2', valueUmolL: 90, ratio: 2 });
    expect(r.stage).toBe(2);
  });
  it('median of an even count is the mean of the middle two', () => {
    expect(akiStage(series(150, [[10 * D, 80], [20 * D, 100], [30 * D, 120], [40 * D, 60]])).rv2UmolL).toBe(90);
  });
  it('window edges: 7 days is RV1, just over 7 days is RV2, 365 days counts, 366 days does not', () => {
    expect(akiStage(series(150, [[7 * D, 100]])).baseline?.kind).toBe('RV1');
    expect(akiStage(series(150, [[7 * D + H, 100]])).baseline?.kind).toBe('RV2');
    expect(akiStage(series(150, [[365 * D, 100]])).stage).toBe(1);
    const none = akiStage(series(300, [[366 * D, 100]]));
    expect([none.stage, none.baseline, none.ratio]).toEqual([0, null, null]);
  });
  it('a single result gives no AKI alert', () => {
    expect(akiStage(series(500, [])).stage).toBe(0);
  });
  it('results may come in any order; the latest is current', () => {
    const inp = series(150, [[2 * D, 100]]);
    inp.results.reverse();
    expect(akiStage(inp).current.creatinineUmolL).toBe(150);
  });
});

describe('48-hour rise (ratio < 1.5)', () => {
  it('> 26 µmol/L over the lowest result within 48 h → stage 1; 26 → none; outside 48 h → none', () => {
    expect(akiStage(series(127, [[48 * H, 100]])).stage).toBe(1);
    expect(akiStage(series(126, [[48 * H, 100]])).stage).toBe(0);
    expect(akiStage(series(127, [[49 * H, 100]])).stage).toBe(0);
    expect(akiStage(series(127, [[49 * H, 100]])).rise48hUmolL).toBeNull();
  });
});

describe('units', () => {
  it('accepts mg/dL × 88.4', () => {
    const r = akiStage({ ageYears: 50, sex: 'female', results: [{ at: at(3 * D), creatinineMgDl: 1.0 }, { at: at(0), creatinineMgDl: 2.0 }] });
    expect(r.current.creatinineUmolL).toBe(176.8);
    expect(r.rv1UmolL).toBe(88.4);
    expect(r.stage).toBe(2);
  });
});

describe('property tests', () => {
  const valid = fc.record({
    ageYears: fc.integer({ min: 0, max: 110 }),
    sex: fc.constantFrom('male' as const, 'female' as const),
    results: fc.array(fc.record({ at: fc.integer({ min: 0, max: 800 * 24 }).map((h) => at(h * H)), creatinineUmolL: fc.double({ min: 5, max: 3000, noNaN: true }) }), { minLength: 1, maxLength: 30 }),
  });
  it('every valid series gives a stage 0–3 with no NaN', () => {
    fc.assert(
      fc.property(valid, (inp) => {
        const r = akiStage(inp);
        return [0, 1, 2, 3].includes(r.stage) && !JSON.stringify(r).includes('NaN') && (r.ratio === null || Number.isFinite(r.ratio));
      }),
      { numRuns: 300 },
    );
  });
  it('stage is monotone in the current value', () => {
    fc.assert(
      fc.property(fc.double({ min: 30, max: 1000, noNaN: true }), fc.double({ min: 30, max: 1000, noNaN: true }), fc.double({ min: 30, max: 300, noNaN: true }), (a, b, base) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return akiStage(series(lo, [[3 * D, base]])).stage <= akiStage(series(hi, [[3 * D, base]])).stage;
      }),
    );
  });
  it('every invalid field gives a ClinicalInputError naming it', () => {
    const bad = fc.constantFrom<[string, Record<string, unknown>]>(
      ['ageYears', { ageYears: -1 }],
      ['sex', { sex: 'M' }],
      ['results', { results: [] }],
      ['results', { results: 'x' }],
      ['results[0].at', { results: [{ at: 'yesterday', creatinineUmolL: 90 }] }],
      ['results[0].creatinineUmolL', { results: [{ at: at(0), creatinineUmolL: -4 }] }],
      ['results[0].creatinineUmolL', { results: [{ at: at(0) }] }],
      ['results[1].creatinineMgDl', { results: [{ at: at(0), creatinineUmolL: 90 }, { at: at(D), creatinineMgDl: Number.NaN }] }],
    );
    fc.assert(
      fc.property(bad, ([field, patch]) => {
        try {
          akiStage({ ageYears: 40, sex: 'male', results: [{ at: at(0), creatinineUmolL: 90 }], ...patch });
          return false;
        } catch (e) {
          return e instanceof ClinicalInputError && e.field === field;
        }
      }),
    );
  });
});
