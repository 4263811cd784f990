/**
 * Which saved laboratory observation (LOINC code + UCUM unit) is which analyte of the clinical
 * lab-flag rule, and how its value converts to the rule's canonical unit. The LOINC table and its
 * conversion factors live in @yte/clinical (lab-limits.ts), next to the plausibility limits; a unit
 * not listed there is not converted (the result is not flagged).
 */
import { type Analyte, CREATININE_MGDL, CREATININE_UMOL, LAB_CODES, LAB_UNITS, labCodeUnit } from '@yte/clinical';

export { CREATININE_MGDL, CREATININE_UMOL, LAB_CODES };

export interface CanonicalLab {
  analyte: Analyte;
  value: number;
  unit: string;
  refLow: number | null;
  refHigh: number | null;
}

/** The observation in the rule's canonical unit, or null when the code or unit is not mapped. */
export function toCanonical(code: string, value: number | null, unit: string | null, refLow: number | null = null, refHigh: number | null = null): CanonicalLab | null {
  const cu = labCodeUnit(code, unit);
  if (!cu || value === null) return null;
  const c = (x: number | null) => (x === null ? null : Math.round(x * cu.factor * 1e6) / 1e6);
  return { analyte: cu.analyte, value: c(value)!, unit: LAB_UNITS[cu.analyte], refLow: c(refLow), refHigh: c(refHigh) };
}
