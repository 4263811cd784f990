/**
 * Branded unit types and converters. A branded number cannot be passed where another unit is
 * expected without an explicit conversion (compile-time only; at run time they are numbers).
 *
 * Conversion factors (SI):
 *  - creatinine: 1 mg/dL = 88.4 µmol/L (molar mass 113.12 g/mol; factor used by KDIGO 2012 and the
 *    NHS England AKI algorithm);
 *  - glucose: 1 mmol/L = 18.016 mg/dL (molar mass 180.16 g/mol);
 *  - urea: 1 mmol/L urea = 2.801 mg/dL urea nitrogen (BUN) (28.01 g/mol of N per mol urea);
 *  - total cholesterol: 1 mmol/L = 38.67 mg/dL (386.65 g/mol);
 *  - calcium: 1 mmol/L = 4.008 mg/dL (40.08 g/mol);
 *  - haemoglobin: 1 g/dL = 10 g/L.
 */
declare const unit: unique symbol;
export type Unit<U extends string> = number & { readonly [unit]: U };

export type UmolPerL = Unit<'µmol/L'>;
export type MgPerDL = Unit<'mg/dL'>;
export type MmolPerL = Unit<'mmol/L'>;
export type GPerL = Unit<'g/L'>;
export type GPerDL = Unit<'g/dL'>;
export type Celsius = Unit<'Cel'>;
export type MmHg = Unit<'mm[Hg]'>;
export type PerMin = Unit<'/min'>;
export type Percent = Unit<'%'>;
export type Kg = Unit<'kg'>;
export type Cm = Unit<'cm'>;
export type Mm = Unit<'mm'>;
export type Days = Unit<'d'>;
export type Months = Unit<'mo'>;
export type Years = Unit<'a'>;

/** Brand a plain number (after validation) as a unit. */
export const as = <U extends Unit<string>>(n: number): U => n as U;

export const CREATININE_UMOL_PER_MG_DL = 88.4;
export const GLUCOSE_MG_DL_PER_MMOL = 18.016;
export const UREA_BUN_MG_DL_PER_MMOL = 2.801;
export const CHOLESTEROL_MG_DL_PER_MMOL = 38.67;
export const CALCIUM_MG_DL_PER_MMOL = 4.008;

export const creatinineMgDlToUmolL = (v: MgPerDL | number): UmolPerL => (v * CREATININE_UMOL_PER_MG_DL) as UmolPerL;
export const creatinineUmolLToMgDl = (v: UmolPerL | number): MgPerDL => (v / CREATININE_UMOL_PER_MG_DL) as MgPerDL;
export const glucoseMgDlToMmolL = (v: MgPerDL | number): MmolPerL => (v / GLUCOSE_MG_DL_PER_MMOL) as MmolPerL;
export const glucoseMmolLToMgDl = (v: MmolPerL | number): MgPerDL => (v * GLUCOSE_MG_DL_PER_MMOL) as MgPerDL;
export const bunMgDlToUreaMmolL = (v: MgPerDL | number): MmolPerL => (v / UREA_BUN_MG_DL_PER_MMOL) as MmolPerL;
export const cholesterolMgDlToMmolL = (v: MgPerDL | number): MmolPerL => (v / CHOLESTEROL_MG_DL_PER_MMOL) as MmolPerL;
export const calciumMgDlToMmolL = (v: MgPerDL | number): MmolPerL => (v / CALCIUM_MG_DL_PER_MMOL) as MmolPerL;
export const haemoglobinGdlToGl = (v: GPerDL | number): GPerL => (v * 10) as GPerL;
export const monthsToDays = (m: Months | number): Days => Math.round(m * 30.4375) as Days;
