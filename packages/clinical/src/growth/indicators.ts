/**
 * Anthropometric z-score indicators, following the conventions of the WHO Anthro (igrowup) and
 * WHO AnthroPlus (who2007) macros:
 *  - WHO Child Growth Standards, 0–5 years: tables indexed by age in days (0 … 1856; the table rows
 *    stop at 1826 days = 60 months and are continued to 1856 days, see tables.ts),
 *    weight-for-length 45–110 cm (under 731 days), weight-for-height 65–120 cm (from 731 days),
 *    LMS interpolated linearly between the 0.1 cm rows.
 *  - WHO Reference 2007, 5–19 years: tables indexed by age in months, LMS interpolated linearly
 *    between whole months; height-for-age and BMI-for-age 61 to < 229 months, weight-for-age
 *    61 to < 121 months.
 *  - Restricted adjustment beyond ±3 SD for weight-based indicators (weight-for-age,
 *    weight-for-length/height, BMI-for-age, MUAC-for-age); plain z for length/height-for-age and
 *    head circumference.
 * These functions assume validated inputs (see growth.ts) and allocate nothing.
 */
import { TABLES, type LmsRows, type LmsTable } from './tables.ts';
import { lmsZ, lmsZRestricted } from './zscore.ts';

export const SEX_MALE = 0;
export const SEX_FEMALE = 1;
export type SexIndex = 0 | 1;

/** Last age (days) of the WHO Child Growth Standards as the WHO software applies them. */
export const MAX_AGE_DAYS_0_5 = 1856;

function zAtRow(t: LmsTable, r: LmsRows, i: number, y: number): number {
  const l = r.l[i]!, m = r.m[i]!, s = r.s[i]!;
  return t.restricted ? lmsZRestricted(y, l, m, s) : lmsZ(y, l, m, s);
}

/** z for an age-in-days table (no interpolation: ages are whole days). NaN when out of range. */
export function zByAgeDays(t: LmsTable, sex: SexIndex, ageDays: number, y: number): number {
  const r = t.bySex[sex];
  if (ageDays < r.start || ageDays > MAX_AGE_DAYS_0_5) return NaN;
  return zAtRow(t, r, ageDays - r.start, y);
}

/** z with LMS interpolated linearly on a continuous key (cm in 0.1 steps, or months in 1 steps). */
export function zInterpolated(t: LmsTable, sex: SexIndex, key: number, y: number, min: number, maxExclusive: number, maxInclusive: boolean): number {
  const r = t.bySex[sex];
  if (key < min || key > maxExclusive || (!maxInclusive && key === maxExclusive)) return NaN;
  const scaled = (key - r.start) / r.step;
  // The WHO macros take the lower row as trunc(key / step) and weight by the remainder; tiny float
  // noise (52.4 → 523.99999…) does not change the interpolated LMS.
  const lo = Math.floor(scaled + 1e-9);
  let frac = scaled - lo;
  if (frac < 1e-9) frac = 0;
  if (lo < 0 || lo >= r.n) return NaN;
  if (frac === 0 || lo + 1 >= r.n) return zAtRow(t, r, lo, y);
  const l = r.l[lo]! + frac * (r.l[lo + 1]! - r.l[lo]!);
  const m = r.m[lo]! + frac * (r.m[lo + 1]! - r.m[lo]!);
  const s = r.s[lo]! + frac * (r.s[lo + 1]! - r.s[lo]!);
  return t.restricted ? lmsZRestricted(y, l, m, s) : lmsZ(y, l, m, s);
}

// ---- 0–5 years ------------------------------------------------------------------------------

export function weightForAgeZ(sex: SexIndex, ageDays: number, weightKg: number): number {
  return zByAgeDays(TABLES.wfa, sex, ageDays, weightKg);
}
/** `lengthOrHeightCm` must already carry the 0.7 cm correction (see correctedLengthHeight). */
export function lengthHeightForAgeZ(sex: SexIndex, ageDays: number, lengthOrHeightCm: number): number {
  return zByAgeDays(TABLES.lhfa, sex, ageDays, lengthOrHeightCm);
}
export function bmiForAgeZ(sex: SexIndex, ageDays: number, bmi: number): number {
  return zByAgeDays(TABLES.bfa, sex, ageDays, bmi);
}
export function headCircumferenceForAgeZ(sex: SexIndex, ageDays: number, headCm: number): number {
  return zByAgeDays(TABLES.hcfa, sex, ageDays, headCm);
}
/** MUAC in cm; the standard starts at 91 days (3 months). */
export function muacForAgeZ(sex: SexIndex, ageDays: number, muacCm: number): number {
  return zByAgeDays(TABLES.acfa, sex, ageDays, muacCm);
}
export function weightForLengthZ(sex: SexIndex, lengthCm: number, weightKg: number): number {
  return zInterpolated(TABLES.wfl, sex, lengthCm, weightKg, 45, 110, true);
}
export function weightForHeightZ(sex: SexIndex, heightCm: number, weightKg: number): number {
  return zInterpolated(TABLES.wfh, sex, heightCm, weightKg, 65, 120, true);
}

/**
 * The WHO 0.7 cm convention: under 731 days a standing height gets +0.7 cm; from 731 days a
 * recumbent length gets −0.7 cm. `recumbent` undefined: no correction.
 */
export function correctedLengthHeight(ageDays: number | undefined, cm: number, recumbent: boolean | undefined): number {
  if (ageDays === undefined || recumbent === undefined) return cm;
  if (ageDays < 731 && !recumbent) return cm + 0.7;
  if (ageDays >= 731 && recumbent) return cm - 0.7;
  return cm;
}

// ---- 5–19 years (WHO Reference 2007) ---------------------------------------------------------

export function weightForAge2007Z(sex: SexIndex, ageMonths: number, weightKg: number): number {
  return zInterpolated(TABLES.wfa2007, sex, ageMonths, weightKg, 61, 121, false);
}
export function heightForAge2007Z(sex: SexIndex, ageMonths: number, heightCm: number): number {
  return zInterpolated(TABLES.hfa2007, sex, ageMonths, heightCm, 61, 229, false);
}
export function bmiForAge2007Z(sex: SexIndex, ageMonths: number, bmi: number): number {
  return zInterpolated(TABLES.bfa2007, sex, ageMonths, bmi, 61, 229, false);
}
