/**
 * Growth and nutrition assessment.
 *
 * Sources:
 *  - World Health Organization. WHO Child Growth Standards: length/height-for-age, weight-for-age,
 *    weight-for-length, weight-for-height and body mass index-for-age: Methods and development.
 *    Geneva: WHO, 2006 (chapter 7: computation of z-scores, restricted LMS beyond ±3 SD); and
 *    WHO Child Growth Standards: head circumference-for-age, arm circumference-for-age …, 2007.
 *  - de Onis M, et al. Development of a WHO growth reference for school-aged children and
 *    adolescents. Bull World Health Organ 2007;85:660-7 (WHO Reference 2007, 5–19 years).
 *  - WHO Anthro / AnthroPlus software conventions (age in days = round(months × 30.4375); 0.7 cm
 *    length/height correction; linear LMS interpolation; z rounded to 2 decimals; implausibility
 *    flags |HAZ| > 6, WAZ < −6 or > 5, |WHZ| > 5, |BAZ| > 5, |MUACZ| > 5, |HCZ| > 5).
 *  - Cut-offs: WHO/UNICEF, Recommendations for data collection, analysis and reporting on
 *    anthropometric indicators in children under 5 years old, 2019 (stunting, wasting,
 *    underweight, overweight); WHO 2007 reference cut-offs for 5–19 y (thinness BAZ < −2,
 *    overweight > +1, obesity > +2); WHO Guideline: updates on the management of severe acute
 *    malnutrition in infants and children, 2013 (SAM: WHZ < −3 or MUAC < 115 mm or bilateral
 *    pitting oedema; MAM: WHZ −3 to < −2 or MUAC 115 to < 125 mm; MUAC for 6–59 months).
 * Rule version: growth 1.0.0.
 */
import { ClinicalInputError } from '../errors.ts';
import type { Bilingual, ExplanationItem, RuleSource } from '../types.ts';
import { asRecord, num, optBool, optNum, optOneOf, oneOf, roundTo } from '../validate.ts';
import {
  MAX_AGE_DAYS_0_5,
  bmiForAge2007Z,
  bmiForAgeZ,
  correctedLengthHeight,
  headCircumferenceForAgeZ,
  heightForAge2007Z,
  lengthHeightForAgeZ,
  muacForAgeZ,
  weightForAge2007Z,
  weightForAgeZ,
  weightForHeightZ,
  weightForLengthZ,
  type SexIndex,
} from './indicators.ts';
import { MESSAGES, type MessageCode } from './messages.ts';

export const GROWTH_SOURCE: RuleSource = {
  id: 'who-growth',
  version: '1.0.0',
  citation:
    'WHO Child Growth Standards: Methods and development (WHO, 2006; head/arm circumference 2007), ch. 7; WHO Reference 2007 for 5–19 years (de Onis et al., Bull WHO 2007;85:660-7); cut-offs per WHO/UNICEF 2019 and WHO SAM guideline 2013',
};

/** Days per month used by WHO's software. */
export const DAYS_PER_MONTH = 30.4375;
/** Oldest age the WHO Reference 2007 covers (months, exclusive). */
export const MAX_AGE_MONTHS = 229;

export type Sex = 'male' | 'female';

export interface GrowthInput {
  sex: Sex;
  /** Age in completed days (give ageDays or ageMonths). */
  ageDays?: number;
  /** Age in months, may be fractional (converted to days as round(months × 30.4375)). */
  ageMonths?: number;
  weightKg?: number;
  lengthOrHeightCm?: number;
  /** How length/height was measured; drives the WHO 0.7 cm correction. */
  measured?: 'recumbent' | 'standing';
  /** Mid-upper arm circumference in millimetres. */
  muacMm?: number;
  headCm?: number;
  /** Bilateral pitting oedema. */
  oedema?: boolean;
}

export type Severity = 'none' | 'moderate' | 'severe';

export interface GrowthClassification {
  stunting: Severity | null;
  wasting: Severity | null;
  underweight: Severity | null;
  /** 0–5 y: WHZ > 2 overweight, > 3 obesity. 5–19 y: BAZ > 1 overweight, > 2 obesity. */
  overweight: 'none' | 'overweight' | 'obesity' | null;
  /** 5–19 y only: BAZ < −2 thinness, < −3 severe thinness. */
  thinness: Severity | null;
  /** SAM / MAM (WHO 2013), 0–59 months; MUAC criteria from 6 months. */
  acuteMalnutrition: 'SAM' | 'MAM' | 'none' | null;
}

export interface GrowthResult {
  reference: 'WHO Child Growth Standards 2006' | 'WHO Reference 2007';
  ageDays: number;
  ageMonths: number;
  /** Length/height after the 0.7 cm convention, rounded to 0.1 mm precision. */
  correctedLengthOrHeightCm: number | null;
  bmi: number | null;
  waz: number | null;
  haz: number | null;
  whz: number | null;
  baz: number | null;
  muacz: number | null;
  hcz: number | null;
  /** Indicators whose z is biologically implausible (WHO flags); not used to classify. */
  flags: string[];
  classification: GrowthClassification;
  messages: Array<{ code: MessageCode } & Bilingual>;
  explanation: ExplanationItem[];
  source: RuleSource;
}

const SEXES = ['male', 'female'] as const;
const MEASURED = ['recumbent', 'standing'] as const;

function z2(z: number): number | null {
  return Number.isNaN(z) ? null : roundTo(z, 2);
}

function severity(z: number | null, flagged: boolean): Severity | null {
  if (z === null || flagged) return null;
  return z < -3 ? 'severe' : z < -2 ? 'moderate' : 'none';
}

/** Validate a growth input; throws ClinicalInputError naming the field. */
export function parseGrowthInput(raw: unknown): GrowthInput {
  const o = asRecord(raw);
  const sex = oneOf(o.sex, 'sex', SEXES);
  const ageDays = optNum(o.ageDays, 'ageDays', { min: 0, max: Math.round(MAX_AGE_MONTHS * DAYS_PER_MONTH) - 1, integer: true });
  const ageMonths = optNum(o.ageMonths, 'ageMonths', { min: 0, max: MAX_AGE_MONTHS - 0.01 });
  if (ageDays === undefined && ageMonths === undefined) throw new ClinicalInputError('required', 'ageDays', 'give ageDays or ageMonths');
  if (ageDays !== undefined && ageMonths !== undefined && Math.round(ageMonths * DAYS_PER_MONTH) !== ageDays) {
    throw new ClinicalInputError('inconsistent', 'ageMonths', 'ageDays and ageMonths disagree; give one');
  }
  const input: GrowthInput = { sex };
  if (ageDays !== undefined) input.ageDays = ageDays;
  if (ageMonths !== undefined) input.ageMonths = ageMonths;
  const w = optNum(o.weightKg, 'weightKg', { min: 0.2, max: 300 });
  if (w !== undefined) input.weightKg = w;
  const h = optNum(o.lengthOrHeightCm, 'lengthOrHeightCm', { min: 30, max: 250 });
  if (h !== undefined) input.lengthOrHeightCm = h;
  const m = optOneOf(o.measured, 'measured', MEASURED);
  if (m !== undefined) input.measured = m;
  const mu = optNum(o.muacMm, 'muacMm', { min: 50, max: 600 });
  if (mu !== undefined) input.muacMm = mu;
  const hc = optNum(o.headCm, 'headCm', { min: 20, max: 75 });
  if (hc !== undefined) input.headCm = hc;
  const oe = optBool(o.oedema, 'oedema');
  if (oe !== undefined) input.oedema = oe;
  return input;
}

/** Only the z-scores (no classification) for hot paths: validated numeric input, no allocation. */
export function weightForAgeZScore(sex: Sex, ageDays: number, weightKg: number): number | null {
  return z2(weightForAgeZ(sex === 'male' ? 0 : 1, ageDays, weightKg));
}

/**
 * Full anthropometric assessment: z-scores (2 decimals, null where not applicable), WHO
 * implausibility flags, nutritional classification and counselling messages (vi/en).
 */
export function growthAssessment(raw: GrowthInput | unknown): GrowthResult {
  const inp = parseGrowthInput(raw);
  const sex: SexIndex = inp.sex === 'male' ? 0 : 1;
  const ex: ExplanationItem[] = [];
  const ageDays = inp.ageDays ?? Math.round(inp.ageMonths! * DAYS_PER_MONTH);
  const ageMonths = inp.ageMonths ?? ageDays / DAYS_PER_MONTH;
  const under5 = ageDays <= MAX_AGE_DAYS_0_5;
  ex.push({ input: 'age', value: { ageDays, ageMonths: roundTo(ageMonths, 2) }, finding: under5 ? 'WHO Child Growth Standards (0–5 y)' : 'WHO Reference 2007 (5–19 y)', note: inp.ageDays === undefined ? 'age in days = round(months × 30.4375)' : 'age in days as given' });

  const recumbent = inp.measured === undefined ? undefined : inp.measured === 'recumbent';
  let ch: number | null = null;
  if (inp.lengthOrHeightCm !== undefined) {
    ch = under5 ? correctedLengthHeight(ageDays, inp.lengthOrHeightCm, recumbent) : inp.lengthOrHeightCm;
    if (ch !== inp.lengthOrHeightCm) {
      ex.push({ input: 'lengthOrHeightCm', value: inp.lengthOrHeightCm, finding: `${roundTo(ch, 2)} cm`, note: ch > inp.lengthOrHeightCm ? 'standing height under 731 days: +0.7 cm (WHO convention)' : 'recumbent length from 731 days: −0.7 cm (WHO convention)' });
    } else if (under5 && inp.measured === undefined) {
      ex.push({ input: 'measured', value: null, note: 'measurement position not given: no 0.7 cm correction applied' });
    }
  }
  const oedema = inp.oedema === true;
  const w = inp.weightKg;
  const bmi = w !== undefined && ch !== null ? w / ((ch / 100) * (ch / 100)) : null;

  let waz: number | null = null, haz: number | null = null, whz: number | null = null, baz: number | null = null, muacz: number | null = null, hcz: number | null = null;
  if (under5) {
    if (w !== undefined && !oedema) waz = z2(weightForAgeZ(sex, ageDays, w));
    if (ch !== null) haz = z2(lengthHeightForAgeZ(sex, ageDays, ch));
    if (w !== undefined && ch !== null && !oedema) {
      const useLength = ageDays < 731;
      whz = z2(useLength ? weightForLengthZ(sex, ch, w) : weightForHeightZ(sex, ch, w));
      if (whz === null) ex.push({ input: 'lengthOrHeightCm', value: roundTo(ch, 2), note: useLength ? 'weight-for-length covers 45–110 cm' : 'weight-for-height covers 65–120 cm' });
    }
    if (bmi !== null && !oedema) baz = z2(bmiForAgeZ(sex, ageDays, bmi));
    if (inp.muacMm !== undefined) {
      muacz = z2(muacForAgeZ(sex, ageDays, inp.muacMm / 10));
      if (muacz === null) ex.push({ input: 'muacMm', value: inp.muacMm, note: 'MUAC-for-age starts at 91 days (3 months)' });
    }
    if (inp.headCm !== undefined) hcz = z2(headCircumferenceForAgeZ(sex, ageDays, inp.headCm));
  } else {
    if (w !== undefined && !oedema) {
      waz = z2(weightForAge2007Z(sex, ageMonths, w));
      if (waz === null) ex.push({ input: 'weightKg', value: w, note: 'WHO Reference 2007 weight-for-age covers 61 to < 121 months only' });
    }
    if (ch !== null) haz = z2(heightForAge2007Z(sex, ageMonths, ch));
    if (bmi !== null && !oedema) baz = z2(bmiForAge2007Z(sex, ageMonths, bmi));
    if (inp.muacMm !== undefined) ex.push({ input: 'muacMm', value: inp.muacMm, note: 'no WHO MUAC-for-age reference after 5 years' });
    if (inp.headCm !== undefined) ex.push({ input: 'headCm', value: inp.headCm, note: 'no WHO head circumference reference after 5 years' });
  }
  if (oedema && w !== undefined) ex.push({ input: 'oedema', value: true, note: 'bilateral oedema: weight-based z-scores (WAZ, WHZ, BAZ) are not computed (WHO)' });

  // WHO implausibility flags
  const flags: string[] = [];
  if (haz !== null && (haz < -6 || haz > 6)) flags.push('haz');
  if (waz !== null && (waz < -6 || waz > 5)) flags.push('waz');
  if (whz !== null && (whz < -5 || whz > 5)) flags.push('whz');
  if (baz !== null && (baz < -5 || baz > 5)) flags.push('baz');
  if (muacz !== null && (muacz < -5 || muacz > 5)) flags.push('muacz');
  if (hcz !== null && (hcz < -5 || hcz > 5)) flags.push('hcz');
  for (const f of flags) ex.push({ input: f, value: f === 'haz' ? haz : f === 'waz' ? waz : f === 'whz' ? whz : f === 'baz' ? baz : f === 'muacz' ? muacz : hcz, finding: 'implausible', note: 'outside WHO plausibility limits: re-measure; not used to classify' });
  const fl = (k: string) => flags.includes(k);

  const cls: GrowthClassification = { stunting: null, wasting: null, underweight: null, overweight: null, thinness: null, acuteMalnutrition: null };
  cls.stunting = severity(haz, fl('haz'));
  if (under5) {
    cls.wasting = oedema ? null : severity(whz, fl('whz'));
    cls.underweight = oedema ? null : severity(waz, fl('waz'));
    if (whz !== null && !fl('whz')) cls.overweight = whz > 3 ? 'obesity' : whz > 2 ? 'overweight' : 'none';
    // Acute malnutrition, 0–59 months (MUAC from 6 months).
    if (ageDays < Math.round(60 * DAYS_PER_MONTH)) {
      const muacOk = inp.muacMm !== undefined && ageDays >= Math.round(6 * DAYS_PER_MONTH);
      const whzOk = whz !== null && !fl('whz');
      if (oedema || whzOk || muacOk) {
        const sam = oedema || (whzOk && whz! < -3) || (muacOk && inp.muacMm! < 115);
        const mam = !sam && ((whzOk && whz! < -2) || (muacOk && inp.muacMm! < 125));
        cls.acuteMalnutrition = sam ? 'SAM' : mam ? 'MAM' : 'none';
        const why: string[] = [];
        if (oedema) why.push('bilateral pitting oedema');
        if (whzOk && whz! < -2) why.push(`WHZ ${whz}`);
        if (muacOk && inp.muacMm! < 125) why.push(`MUAC ${inp.muacMm} mm`);
        ex.push({ input: 'acuteMalnutrition', value: why.length ? why.join(', ') : null, finding: cls.acuteMalnutrition, note: 'SAM: WHZ < −3 or MUAC < 115 mm or bilateral oedema; MAM: WHZ −3 to < −2 or MUAC 115 to < 125 mm (WHO 2013; MUAC from 6 months)' });
      }
    }
  } else {
    if (baz !== null && !fl('baz')) {
      cls.thinness = severity(baz, false);
      cls.overweight = baz > 2 ? 'obesity' : baz > 1 ? 'overweight' : 'none';
    }
  }
  if (cls.stunting) ex.push({ input: 'haz', value: haz, finding: cls.stunting === 'none' ? 'no stunting' : `${cls.stunting} stunting`, note: 'HAZ < −2 stunting, < −3 severe' });
  if (cls.wasting) ex.push({ input: 'whz', value: whz, finding: cls.wasting === 'none' ? 'no wasting' : `${cls.wasting} wasting`, note: 'WHZ < −2 wasting, < −3 severe' });
  if (cls.underweight) ex.push({ input: 'waz', value: waz, finding: cls.underweight === 'none' ? 'not underweight' : `${cls.underweight} underweight`, note: 'WAZ < −2 underweight, < −3 severe' });
  if (cls.thinness) ex.push({ input: 'baz', value: baz, finding: cls.thinness === 'none' ? 'no thinness' : `${cls.thinness} thinness`, note: 'BAZ < −2 thinness, < −3 severe (5–19 y)' });
  if (cls.overweight) ex.push({ input: under5 ? 'whz' : 'baz', value: under5 ? whz : baz, finding: cls.overweight, note: under5 ? 'WHZ > +2 overweight, > +3 obesity (0–5 y)' : 'BAZ > +1 overweight, > +2 obesity (5–19 y)' });

  const codes: MessageCode[] = [];
  if (cls.acuteMalnutrition === 'SAM') codes.push('sam');
  else if (cls.acuteMalnutrition === 'MAM') codes.push('mam');
  else if (cls.wasting === 'severe') codes.push('wasting_severe');
  else if (cls.wasting === 'moderate') codes.push('wasting');
  if (cls.stunting === 'severe') codes.push('stunting_severe');
  else if (cls.stunting === 'moderate') codes.push('stunting');
  if (cls.underweight === 'severe' || cls.underweight === 'moderate') codes.push('underweight');
  if (cls.thinness === 'severe' || cls.thinness === 'moderate') codes.push('thinness');
  if (cls.overweight === 'obesity') codes.push('obesity');
  else if (cls.overweight === 'overweight') codes.push('overweight');
  if (flags.length) codes.push('implausible');
  if (codes.length === 0 && (waz !== null || haz !== null || whz !== null || baz !== null)) codes.push('normal');
  const messages = codes.map((code) => ({ code, ...MESSAGES[code] }));

  return {
    reference: under5 ? 'WHO Child Growth Standards 2006' : 'WHO Reference 2007',
    ageDays,
    ageMonths: roundTo(ageMonths, 2),
    correctedLengthOrHeightCm: ch === null ? null : roundTo(ch, 3),
    bmi: bmi === null ? null : roundTo(bmi, 2),
    waz, haz, whz, baz, muacz, hcz,
    flags,
    classification: cls,
    messages,
    explanation: ex,
    source: GROWTH_SOURCE,
  };
}
