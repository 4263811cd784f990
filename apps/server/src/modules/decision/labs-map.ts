/**
 * Which saved laboratory observation (LOINC code + UCUM unit) is which analyte of the clinical
 * lab-flag rule, and how its value converts to the rule's canonical unit. Conversion factors come
 * from @yte/clinical's units; a unit not listed here is not converted (the result is not flagged).
 * LOINC codes: LOINC 2.7x (Regenstrief), serum/plasma unless stated.
 */
import {
  type Analyte,
  bunMgDlToUreaMmolL,
  calciumMgDlToMmolL,
  creatinineMgDlToUmolL,
  glucoseMgDlToMmolL,
  haemoglobinGdlToGl,
  LAB_UNITS,
} from '@yte/clinical';

type Convert = (v: number) => number;
const same: Convert = (v) => v;

interface LabDef {
  analyte: Analyte;
  /** UCUM unit (as written by labs, case-insensitive) → conversion to the canonical unit */
  units: Record<string, Convert>;
}

const MICRO = { 'umol/l': same, 'µmol/l': same, 'μmol/l': same };
const PER_NL = { '10*9/l': same, '10^9/l': same, '10*3/ul': same, '10^3/ul': same, '/nl': same };

export const CREATININE_UMOL = '14682-9';
export const CREATININE_MGDL = '2160-0';

export const LAB_CODES: Readonly<Record<string, LabDef>> = {
  '2951-2': { analyte: 'sodium', units: { 'mmol/l': same, 'meq/l': same } },
  '2823-3': { analyte: 'potassium', units: { 'mmol/l': same, 'meq/l': same } },
  '6298-4': { analyte: 'potassium', units: { 'mmol/l': same, 'meq/l': same } }, // potassium in blood
  '22664-7': { analyte: 'urea', units: { 'mmol/l': same } },
  '3094-0': { analyte: 'urea', units: { 'mg/dl': bunMgDlToUreaMmolL } }, // urea nitrogen (BUN)
  [CREATININE_UMOL]: { analyte: 'creatinine', units: { ...MICRO, 'mg/dl': creatinineMgDlToUmolL } },
  [CREATININE_MGDL]: { analyte: 'creatinine', units: { 'mg/dl': creatinineMgDlToUmolL, ...MICRO } },
  '14749-6': { analyte: 'glucose', units: { 'mmol/l': same, 'mg/dl': glucoseMgDlToMmolL } },
  '15074-8': { analyte: 'glucose', units: { 'mmol/l': same, 'mg/dl': glucoseMgDlToMmolL } }, // blood
  '2345-7': { analyte: 'glucose', units: { 'mg/dl': glucoseMgDlToMmolL, 'mmol/l': same } },
  '29265-6': { analyte: 'adjustedCalcium', units: { 'mmol/l': same, 'mg/dl': calciumMgDlToMmolL } },
  '1742-6': { analyte: 'alt', units: { 'u/l': same, 'iu/l': same } },
  '2157-6': { analyte: 'ck', units: { 'u/l': same, 'iu/l': same } },
  '1798-8': { analyte: 'amylase', units: { 'u/l': same, 'iu/l': same } },
  '1988-5': { analyte: 'crp', units: { 'mg/l': same, 'mg/dl': (v) => v * 10 } },
  '718-7': { analyte: 'haemoglobin', units: { 'g/l': same, 'g/dl': haemoglobinGdlToGl } },
  '777-3': { analyte: 'platelets', units: PER_NL },
  '6690-2': { analyte: 'wbc', units: PER_NL },
  '751-8': { analyte: 'neutrophils', units: PER_NL },
};

export interface CanonicalLab {
  analyte: Analyte;
  value: number;
  unit: string;
  refLow: number | null;
  refHigh: number | null;
}

/** The observation in the rule's canonical unit, or null when the code or unit is not mapped. */
export function toCanonical(code: string, value: number | null, unit: string | null, refLow: number | null = null, refHigh: number | null = null): CanonicalLab | null {
  const def = LAB_CODES[code];
  if (!def || value === null || !unit) return null;
  const conv = def.units[unit.trim().toLowerCase()];
  if (!conv) return null;
  const c = (x: number | null) => (x === null ? null : Math.round(conv(x) * 1e6) / 1e6);
  return { analyte: def.analyte, value: c(value)!, unit: LAB_UNITS[def.analyte], refLow: c(refLow), refHigh: c(refHigh) };
}
