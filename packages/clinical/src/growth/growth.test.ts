import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { growthAssessment, type GrowthInput } from './growth.ts';
import { lmsZRestricted, lmsZ, lmsValueAt } from './zscore.ts';
import { ClinicalInputError } from '../errors.ts';
import { hasShared, needs, numOrUndef, readCsv } from '../testing/shared.ts';

const VALIDATION = 'reference/who-growth/validation';
const haveValidation = hasShared(`${VALIDATION}/survey_z_st.csv`, `${VALIDATION}/survey_z_rc.csv`, `${VALIDATION}/survey_who2007_z.csv`);
const skipNote = haveValidation ? '' : ` ${needs(VALIDATION)}`;

type Z = number | null;
const toZ = (s: string | undefined): Z => numOrUndef(s) ?? null;

describe.skipIf(!haveValidation)(`WHO Anthro validation (survey_z_st.csv, survey_z_rc.csv: 498 children 0–5 y)${skipNote}`, () => {
  for (const file of ['survey_z_st.csv', 'survey_z_rc.csv']) {
    const rows = haveValidation ? readCsv(`${VALIDATION}/${file}`) : [];
    it(`${file}: reproduces every z-score to 2 decimals`, () => {
      expect(rows.length).toBe(498);
      const mismatches: string[] = [];
      let compared = 0;
      for (const r of rows) {
        const input: GrowthInput = { sex: r.GENDER === '1' ? 'male' : 'female', ageMonths: Number(r.agemons) };
        const w = numOrUndef(r.WEIGHT), h = numOrUndef(r.HEIGHT), hc = numOrUndef(r.HEAD), mu = numOrUndef(r.MUAC);
        if (w !== undefined) input.weightKg = w;
        if (h !== undefined) input.lengthOrHeightCm = h;
        if (r.measure === 'l') input.measured = 'recumbent';
        if (r.measure === 'h') input.measured = 'standing';
        if (hc !== undefined) input.headCm = hc;
        if (mu !== undefined) input.muacMm = mu * 10;
        input.oedema = r.oedema === 'y';
        const out = growthAssessment(input);
        expect(out.ageDays).toBe(Number(r._agedays));
        const pairs: Array<[string, Z, Z]> = [
          ['_ZWEI', out.waz, toZ(r._ZWEI)],
          ['_ZLEN', out.haz, toZ(r._ZLEN)],
          ['_ZWFL', out.whz, toZ(r._ZWFL)],
          ['_ZBMI', out.baz, toZ(r._ZBMI)],
        ];
        if ('_ZHC' in r) pairs.push(['_ZHC', out.hcz, toZ(r._ZHC)], ['_ZAC', out.muacz, toZ(r._ZAC)]);
        for (const [k, got, exp] of pairs) {
          compared++;
          if (got !== exp) mismatches.push(`id ${r.id} ${k}: expected ${exp}, got ${got}`);
        }
      }
      expect(mismatches).toEqual([]);
      expect(compared).toBeGreaterThan(1900);
    });
  }
});

describe.skipIf(!haveValidation)(`WHO AnthroPlus validation (survey_who2007_z.csv: 933 children 5–19 y)${skipNote}`, () => {
  const rows = haveValidation ? readCsv(`${VALIDATION}/survey_who2007_z.csv`) : [];
  it('reproduces zhfa, zwfa, zbfa to 2 decimals and the flags', () => {
    expect(rows.length).toBe(933);
    const mismatches: string[] = [];
    for (const r of rows) {
      const input: GrowthInput = { sex: r.sex === '1' ? 'male' : 'female', ageMonths: Number(r.agemons), oedema: r.oedema === 'y' };
      const w = numOrUndef(r.weight), h = numOrUndef(r.height);
      if (w !== undefined) input.weightKg = w;
      if (h !== undefined) input.lengthOrHeightCm = h;
      const out = growthAssessment(input);
      expect(out.reference).toBe('WHO Reference 2007');
      const pairs: Array<[string, Z, Z]> = [
        ['zhfa', out.haz, toZ(r.zhfa)],
        ['zwfa', out.waz, toZ(r.zwfa)],
        ['zbfa', out.baz, toZ(r.zbfa)],
      ];
      for (const [k, got, exp] of pairs) if (got !== exp) mismatches.push(`id ${r.id} ${k}: expected ${exp}, got ${got}`);
      if (r.fbfa === '1' && !out.flags.includes('baz')) mismatches.push(`id ${r.id}: fbfa flag missing`);
      if (r.fwfa === '1' && !out.flags.includes('waz')) mismatches.push(`id ${r.id}: fwfa flag missing`);
      if (r.fbfa === '0' && out.flags.includes('baz')) mismatches.push(`id ${r.id}: spurious baz flag`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('LMS method (WHO 2006, ch. 7)', () => {
  // weianthro.txt, boys, day 0: L 0.3487, M 3.3464, S 0.14602
  const [L, M, S] = [0.3487, 3.3464, 0.14602];
  it('z is 0 at the median and ±k at the k-SD values', () => {
    expect(lmsZ(M, L, M, S)).toBe(0);
    for (const k of [-3, -2, -1, 1, 2, 3]) expect(lmsZ(lmsValueAt(k, L, M, S), L, M, S)).toBeCloseTo(k, 10);
  });
  it('restricted z beyond +3 SD uses the SD3–SD2 distance', () => {
    const sd3 = lmsValueAt(3, L, M, S), sd2 = lmsValueAt(2, L, M, S);
    expect(lmsZRestricted(sd3 + (sd3 - sd2), L, M, S)).toBeCloseTo(4, 10);
    const sdm3 = lmsValueAt(-3, L, M, S), sdm2 = lmsValueAt(-2, L, M, S);
    expect(lmsZRestricted(sdm3 - (sdm2 - sdm3) / 2, L, M, S)).toBeCloseTo(-3.5, 10);
    expect(lmsZRestricted(sd3 + (sd3 - sd2), L, M, S)).not.toBeCloseTo(lmsZ(sd3 + (sd3 - sd2), L, M, S), 3);
  });
});

describe('conventions and classification', () => {
  it('adds 0.7 cm to a standing height under 731 days and subtracts it from a recumbent length from 731 days', () => {
    expect(growthAssessment({ sex: 'female', ageDays: 700, lengthOrHeightCm: 80, measured: 'standing' }).correctedLengthOrHeightCm).toBe(80.7);
    expect(growthAssessment({ sex: 'female', ageDays: 731, lengthOrHeightCm: 80, measured: 'recumbent' }).correctedLengthOrHeightCm).toBe(79.3);
    expect(growthAssessment({ sex: 'female', ageDays: 730, lengthOrHeightCm: 80, measured: 'recumbent' }).correctedLengthOrHeightCm).toBe(80);
  });
  // Boundaries on real values: validation rows from the WHO Anthro output.
  it('classifies at the −2 cut-offs on a validation child (id 86: WHZ −1.99 no wasting, WAZ −2.54 underweight)', () => {
    const r = growthAssessment({ sex: 'male', ageMonths: 2.09, weightKg: 4.0999999046, lengthOrHeightCm: 56, measured: 'recumbent' });
    expect(r.whz).toBe(-1.99);
    expect(r.classification.wasting).toBe('none');
    expect(r.classification.acuteMalnutrition).toBe('none');
    expect(r.waz).toBe(-2.54);
    expect(r.classification.underweight).toBe('moderate');
  });
  it('MUAC cut-offs 115 and 125 mm from 6 months; oedema is SAM and blanks weight-based z', () => {
    const base = { sex: 'female' as const, ageMonths: 24 };
    expect(growthAssessment({ ...base, muacMm: 114.9 }).classification.acuteMalnutrition).toBe('SAM');
    expect(growthAssessment({ ...base, muacMm: 115 }).classification.acuteMalnutrition).toBe('MAM');
    expect(growthAssessment({ ...base, muacMm: 124.9 }).classification.acuteMalnutrition).toBe('MAM');
    expect(growthAssessment({ ...base, muacMm: 125 }).classification.acuteMalnutrition).toBe('none');
    expect(growthAssessment({ sex: 'female', ageMonths: 5, muacMm: 100 }).classification.acuteMalnutrition).toBeNull();
    const oe = growthAssessment({ ...base, weightKg: 9, lengthOrHeightCm: 80, measured: 'standing', oedema: true });
    expect(oe.classification.acuteMalnutrition).toBe('SAM');
    expect([oe.waz, oe.whz, oe.baz]).toEqual([null, null, null]);
    expect(oe.haz).not.toBeNull();
    expect(oe.messages[0]!.code).toBe('sam');
    expect(oe.messages[0]!.vi.length).toBeGreaterThan(10);
  });
  it('5–19 y: BAZ cut-offs (validation id 262: BAZ 6.07 is flagged, not classified)', () => {
    const r = growthAssessment({ sex: 'female', ageMonths: 207.64, weightKg: 169.7, lengthOrHeightCm: 171.7 });
    expect(r.baz).toBe(6.07);
    expect(r.flags).toContain('baz');
    expect(r.classification.overweight).toBeNull();
    expect(r.whz).toBeNull();
    expect(r.muacz).toBeNull();
  });
});

describe('property tests', () => {
  const validInput = fc.record(
    {
      sex: fc.constantFrom('male' as const, 'female' as const),
      ageDays: fc.integer({ min: 0, max: 6969 }),
      weightKg: fc.double({ min: 0.5, max: 150, noNaN: true }),
      lengthOrHeightCm: fc.double({ min: 40, max: 200, noNaN: true }),
      measured: fc.constantFrom('recumbent' as const, 'standing' as const),
      muacMm: fc.double({ min: 60, max: 400, noNaN: true }),
      headCm: fc.double({ min: 25, max: 60, noNaN: true }),
      oedema: fc.boolean(),
    },
    { requiredKeys: ['sex', 'ageDays'] },
  );
  it('every valid input gives a result without NaN', () => {
    fc.assert(
      fc.property(validInput, (inp) => {
        const r = growthAssessment(inp);
        for (const z of [r.waz, r.haz, r.whz, r.baz, r.muacz, r.hcz]) expect(z === null || Number.isFinite(z)).toBe(true);
        expect(JSON.stringify(r)).not.toContain('NaN');
        expect(r.explanation.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
  it('every invalid field gives a ClinicalInputError naming it', () => {
    const bad = fc.oneof(
      fc.record({ field: fc.constant('weightKg'), value: fc.constantFrom(-1, 0, Number.NaN, 'ten', 1e6) }),
      fc.record({ field: fc.constant('ageDays'), value: fc.constantFrom(-1, 1.5, 100000, '3') }),
      fc.record({ field: fc.constant('sex'), value: fc.constantFrom('m', 1, null) }),
      fc.record({ field: fc.constant('measured'), value: fc.constantFrom('lying', 2) }),
      fc.record({ field: fc.constant('muacMm'), value: fc.constantFrom(-5, Number.POSITIVE_INFINITY) }),
    );
    fc.assert(
      fc.property(bad, ({ field, value }) => {
        const inp: Record<string, unknown> = { sex: 'male', ageDays: 400, weightKg: 10, [field]: value };
        try {
          growthAssessment(inp);
          return false;
        } catch (e) {
          return e instanceof ClinicalInputError && e.field === field;
        }
      }),
    );
  });
});
