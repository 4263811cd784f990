/**
 * Physiological plausibility limits for laboratory results, per LOINC code: a value outside them is
 * a unit or typing error (or an instrument fault), not a patient state, and is refused at entry.
 * These are NOT clinical bands: the lab-flag rule (labs.ts) decides what is low, high or critical.
 *
 * Limits are held per analyte in its canonical unit and reached from the LOINC code (+ UCUM unit) of
 * the result. The basis of each limit is stated next to it, honestly:
 *  - "physical": a bound that follows from what is measured (a concentration cannot be negative;
 *    whole-blood haemoglobin cannot exceed the haemoglobin concentration inside red cells, MCHC,
 *    about 320–360 g/L in adults in every standard haematology reference range).
 *  - "record": the highest value documented in a survivor. Glucose: 2,656 mg/dL on 23 March 2008
 *    (Michael Patrick Buonocore, aged 6, new type 1 diabetes; Guinness World Records, "Highest blood
 *    sugar level", as retold by GWR news 2023-05, guinnessworldrecords.com/news/2023/5/
 *    miraculous-survival-of-boy-with-blood-sugar-level-21-times-higher-than-normal-746164;
 *    checked 2026-12-08). 2,656 / 18.016 (units.ts) = 147.4 mmol/L (147.6 with the rounded factor 18); the limit is 150.
 *  - "yte estimate": no single published limit exists; the bound is set several-fold beyond the
 *    critical limits of RCPath G158 (2017) / Severn Pathology haematology action ranges, which
 *    labs.ts cites, so that no real result, however extreme, is refused. Review locally.
 * Codes and units not listed here are only checked to be finite and within ±1e9 (a generic guard
 * that keeps 1e300 out of the record), since their plausible range is unknown to this package.
 *
 * LOINC codes: LOINC 2.7x (Regenstrief), serum/plasma unless stated. Conversion factors: units.ts.
 * Rule version: lab-limits 1.0.0.
 */
import type { Analyte } from './labs.ts';
import { CALCIUM_MG_DL_PER_MMOL, CREATININE_UMOL_PER_MG_DL, GLUCOSE_MG_DL_PER_MMOL, UREA_BUN_MG_DL_PER_MMOL } from './units.ts';

export const LAB_LIMITS_VERSION = '1.0.0';

export interface LabLimit {
  /** in the analyte's canonical unit (labs.ts UNITS) */
  min: number;
  max: number;
  unit: string;
  basis: string;
}

const EST = (x: string) => `yte estimate: ${x}`;
export const LAB_LIMITS: Readonly<Record<Analyte, LabLimit>> = {
  sodium: { min: 80, max: 220, unit: 'mmol/L', basis: EST('40–60 mmol/L beyond the RCPath G158 critical limits (≤ 120, ≥ 160 mmol/L)') },
  potassium: { min: 0.5, max: 15, unit: 'mmol/L', basis: EST('≈ 2.3 × the RCPath G158 upper critical limit (6.5 mmol/L); lower bound 1/5 of its lower limit (2.5)') },
  urea: { min: 0, max: 200, unit: 'mmol/L', basis: `physical lower bound 0; ${EST('upper ≈ 6.7 × the RCPath G158 critical limit (30 mmol/L)')}` },
  creatinine: { min: 5, max: 3000, unit: 'µmol/L', basis: EST('upper ≈ 8.5 × the RCPath G158 critical limit (354 µmol/L); lower 5 µmol/L (below any neonate)') },
  glucose: { min: 0, max: 150, unit: 'mmol/L', basis: 'physical lower bound 0; upper: record 2,656 mg/dL (≈ 147.4 mmol/L) survived (Guinness World Records, 2008)' },
  adjustedCalcium: { min: 0.5, max: 6, unit: 'mmol/L', basis: EST('RCPath G158 critical limits (≤ 1.8, ≥ 3.5 mmol/L) widened ≈ 1.7–3.6-fold') },
  magnesium: { min: 0, max: 10, unit: 'mmol/L', basis: `physical lower bound 0; ${EST('upper 25 × the RCPath G158 lower critical limit (0.4)')}` },
  phosphate: { min: 0, max: 15, unit: 'mmol/L', basis: `physical lower bound 0; ${EST('upper 10 × the adult reference upper limit (1.5)')}` },
  alt: { min: 0, max: 50_000, unit: 'U/L', basis: `physical lower bound 0; ${EST('upper ≈ 80 × the RCPath G158 critical limit (15 × ULN ≈ 600 U/L)')}` },
  ck: { min: 0, max: 1_000_000, unit: 'U/L', basis: `physical lower bound 0; ${EST('upper 200 × the RCPath G158 critical limit (5000 U/L)')}` },
  amylase: { min: 0, max: 100_000, unit: 'U/L', basis: `physical lower bound 0; ${EST('upper 200 × the RCPath G158 critical limit (5 × ULN ≈ 500 U/L)')}` },
  crp: { min: 0, max: 1000, unit: 'mg/L', basis: `physical lower bound 0; ${EST('upper ≈ 3.3 × the RCPath G158 critical limit (300 mg/L)')}` },
  haemoglobin: { min: 10, max: 300, unit: 'g/L', basis: `physical upper bound below the red-cell haemoglobin concentration (MCHC ≈ 320–360 g/L); ${EST('lower 1/7 of the Severn action limit (70 g/L)')}` },
  platelets: { min: 0, max: 5000, unit: '10^9/L', basis: `physical lower bound 0; ${EST('upper 5 × the Severn action limit (1000 × 10⁹/L)')}` },
  wbc: { min: 0, max: 1000, unit: '10^9/L', basis: `physical lower bound 0; ${EST('upper 20 × the Severn action limit (50 × 10⁹/L)')}` },
  neutrophils: { min: 0, max: 1000, unit: '10^9/L', basis: `physical lower bound 0; ${EST('upper 20 × the Severn action limit (50 × 10⁹/L)')}` },
};

/** Analyte names as Vietnamese laboratories write them. */
export const ANALYTE_VI: Readonly<Record<Analyte, string>> = {
  sodium: 'Natri', potassium: 'Kali', urea: 'Ure', creatinine: 'Creatinin', glucose: 'Glucose', adjustedCalcium: 'Canxi hiệu chỉnh',
  magnesium: 'Magie', phosphate: 'Phosphat', alt: 'ALT', ck: 'CK', amylase: 'Amylase', crp: 'CRP', haemoglobin: 'Hemoglobin',
  platelets: 'Tiểu cầu', wbc: 'Bạch cầu', neutrophils: 'Bạch cầu trung tính',
};

/** A generic guard for codes or units without a known range. */
export const GENERIC_LAB_BOUND = 1e9;

/** Multiply a value in the given unit by this factor to get the canonical unit. */
type Factors = Readonly<Record<string, number>>;
const MICRO: Factors = { 'umol/l': 1, 'µmol/l': 1, 'μmol/l': 1 };
const PER_NL: Factors = { '10*9/l': 1, '10^9/l': 1, '10*3/ul': 1, '10^3/ul': 1, '/nl': 1 };
const MMOL: Factors = { 'mmol/l': 1, 'meq/l': 1 };
const ENZ: Factors = { 'u/l': 1, 'iu/l': 1 };

export const CREATININE_UMOL = '14682-9';
export const CREATININE_MGDL = '2160-0';

/** LOINC code → analyte of the lab rules and the units accepted for it (UCUM, case-insensitive). */
export const LAB_CODES: Readonly<Record<string, { analyte: Analyte; units: Factors }>> = {
  '2951-2': { analyte: 'sodium', units: MMOL },
  '2823-3': { analyte: 'potassium', units: MMOL },
  '6298-4': { analyte: 'potassium', units: MMOL }, // potassium in blood
  '22664-7': { analyte: 'urea', units: { 'mmol/l': 1 } },
  '3094-0': { analyte: 'urea', units: { 'mg/dl': 1 / UREA_BUN_MG_DL_PER_MMOL } }, // urea nitrogen (BUN)
  [CREATININE_UMOL]: { analyte: 'creatinine', units: { ...MICRO, 'mg/dl': CREATININE_UMOL_PER_MG_DL } },
  [CREATININE_MGDL]: { analyte: 'creatinine', units: { 'mg/dl': CREATININE_UMOL_PER_MG_DL, ...MICRO } },
  '14749-6': { analyte: 'glucose', units: { 'mmol/l': 1, 'mg/dl': 1 / GLUCOSE_MG_DL_PER_MMOL } },
  '15074-8': { analyte: 'glucose', units: { 'mmol/l': 1, 'mg/dl': 1 / GLUCOSE_MG_DL_PER_MMOL } }, // blood
  '2345-7': { analyte: 'glucose', units: { 'mg/dl': 1 / GLUCOSE_MG_DL_PER_MMOL, 'mmol/l': 1 } },
  '29265-6': { analyte: 'adjustedCalcium', units: { 'mmol/l': 1, 'mg/dl': 1 / CALCIUM_MG_DL_PER_MMOL } },
  '1742-6': { analyte: 'alt', units: ENZ },
  '2157-6': { analyte: 'ck', units: ENZ },
  '1798-8': { analyte: 'amylase', units: ENZ },
  '1988-5': { analyte: 'crp', units: { 'mg/l': 1, 'mg/dl': 10 } },
  '718-7': { analyte: 'haemoglobin', units: { 'g/l': 1, 'g/dl': 10 } },
  '777-3': { analyte: 'platelets', units: PER_NL },
  '6690-2': { analyte: 'wbc', units: PER_NL },
  '751-8': { analyte: 'neutrophils', units: PER_NL },
};

/** The analyte and the factor to its canonical unit, or null when the code or the unit is not listed. */
export function labCodeUnit(loinc: string, unit: string | null | undefined): { analyte: Analyte; factor: number } | null {
  const def = Object.hasOwn(LAB_CODES, loinc) ? LAB_CODES[loinc] : undefined;
  if (!def || !unit) return null;
  const key = unit.trim().toLowerCase();
  return Object.hasOwn(def.units, key) ? { analyte: def.analyte, factor: def.units[key]! } : null;
}

export interface LabValueProblem {
  code: 'IMPOSSIBLE_VALUE';
  /** the limits in the unit the value was sent in */
  min: number;
  max: number;
  unit: string;
  analyte: Analyte | null;
  basis: string;
  message: string;
  messageVi: string;
}

/** 3 significant digits, without float noise (e.g. 8.33 mg/dL, 2700 mg/dL). */
const sig = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(3)));
const viNum = (x: number) => String(x).replace('.', ',');

/**
 * Null when the value is possible for this LOINC code and unit, else the problem with the limit
 * (in the sent unit) in English and Vietnamese.
 */
export function checkLabValue(r: { loinc: string; value: number; unit: string }): LabValueProblem | null {
  const cu = labCodeUnit(r.loinc, r.unit);
  let min: number, max: number, analyte: Analyte | null, basis: string;
  if (cu) {
    const l = LAB_LIMITS[cu.analyte];
    [min, max, analyte, basis] = [sig(l.min / cu.factor), sig(l.max / cu.factor), cu.analyte, l.basis];
  } else {
    [min, max, analyte, basis] = [-GENERIC_LAB_BOUND, GENERIC_LAB_BOUND, null, 'generic bound for a code or unit without a known range'];
  }
  if (Number.isFinite(r.value) && r.value >= min && r.value <= max) return null;
  const shown = Number.isFinite(r.value) ? String(r.value) : 'non-finite';
  const shownVi = Number.isFinite(r.value) ? viNum(r.value) : 'không hữu hạn';
  const what = analyte ? `${analyte} (LOINC ${r.loinc})` : `LOINC ${r.loinc}`;
  return {
    code: 'IMPOSSIBLE_VALUE', min, max, unit: r.unit, analyte, basis,
    message: `${what} ${shown} ${r.unit} is not physiologically possible (allowed ${min}–${max} ${r.unit}; ${basis})`,
    messageVi: `Kết quả xét nghiệm ${analyte ? `${ANALYTE_VI[analyte]} ` : ''}(LOINC ${r.loinc}) ${shownVi} ${r.unit} không thể có trên người (cho phép ${viNum(min)}–${viNum(max)} ${r.unit})`,
  };
}
