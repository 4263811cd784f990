/**
 * Laboratory result flags: reference intervals, critical values and delta checks.
 *
 * Sources:
 *  - Critical values (clinical biochemistry): The Royal College of Pathologists. The communication
 *    of critical and unexpected pathology results. G158, version 1, October 2017, table of
 *    critical limits: sodium ≤ 120 (< 16 y: ≤ 130) and ≥ 160 mmol/L; potassium ≤ 2.5 and ≥ 6.5;
 *    urea ≥ 30 (< 16 y: ≥ 10); creatinine ≥ 354 µmol/L (< 16 y: ≥ 200); glucose ≤ 2.5 and ≥ 25
 *    (< 16 y: ≥ 15); adjusted calcium ≤ 1.8 and ≥ 3.5; magnesium ≤ 0.4; phosphate ≤ 0.3;
 *    ALT ≥ 15 × upper reference limit; CK ≥ 5000 U/L; amylase ≥ 5 × upper reference limit;
 *    CRP ≥ 300 mg/L (community/GP requests).
 *  - Critical values (haematology), which G158 leaves to local policy: Severn Pathology, North
 *    Bristol NHS Trust, "Haematology telephone action ranges": WBC > 50 × 10⁹/L; neutrophils
 *    < 0.5 or > 50 × 10⁹/L; haemoglobin < 70 or > 190 g/L; platelets < 30 or > 1000 × 10⁹/L.
 *  - Reference intervals (adults): Pathology Harmony (UK), harmonised adult reference ranges
 *    (2011) where harmonised; other analytes carry yte defaults typical of UK laboratories and
 *    are marked so. Every table is replaceable per facility (LabOptions).
 *  - Delta check: reference change value, RCV = √2 · Z · √(CVa² + CVi²), Z = 1.96 (Fraser CG.
 *    Biological variation: from principles to practice. AACC Press, 2001). Default CVi: Ricós C et
 *    al., desirable specifications database (Westgard QC, 2014 update); default CVa = ½ CVi
 *    (desirable imprecision). Replace with the laboratory's own CVa.
 * Rule version: labs 1.0.0.
 */
import { ClinicalInputError } from './errors.ts';
import { LAB_LIMITS } from './lab-limits.ts';
import type { ExplanationItem, RuleSource } from './types.ts';
import { asRecord, num, oneOf, optNum, roundTo } from './validate.ts';

export const LABS_SOURCE: RuleSource = {
  id: 'lab-flags',
  version: '1.0.0',
  citation:
    'RCPath G158 The communication of critical and unexpected pathology results (2017); Severn Pathology (NBT) haematology telephone action ranges; Pathology Harmony adult reference ranges (2011); RCV per Fraser 2001 with Ricós 2014 CVi',
};

export const ANALYTES = [
  'sodium', 'potassium', 'urea', 'creatinine', 'glucose', 'adjustedCalcium', 'magnesium', 'phosphate',
  'alt', 'ck', 'amylase', 'crp', 'haemoglobin', 'platelets', 'wbc', 'neutrophils',
] as const;
export type Analyte = (typeof ANALYTES)[number];

export const UNITS: Readonly<Record<Analyte, string>> = {
  sodium: 'mmol/L', potassium: 'mmol/L', urea: 'mmol/L', creatinine: 'µmol/L', glucose: 'mmol/L', adjustedCalcium: 'mmol/L',
  magnesium: 'mmol/L', phosphate: 'mmol/L', alt: 'U/L', ck: 'U/L', amylase: 'U/L', crp: 'mg/L', haemoglobin: 'g/L',
  platelets: '10^9/L', wbc: '10^9/L', neutrophils: '10^9/L',
};

/** Accepted value range per analyte (input plausibility, not clinical): lab-limits.ts, with the basis of each. */
export const PLAUSIBLE: Readonly<Record<Analyte, [number, number]>> = Object.fromEntries(
  ANALYTES.map((a) => [a, [LAB_LIMITS[a].min, LAB_LIMITS[a].max]]),
) as Record<Analyte, [number, number]>;

export interface ReferenceInterval {
  analyte: Analyte;
  sex?: 'male' | 'female';
  minAgeYears: number;
  /** exclusive */
  maxAgeYears: number;
  low: number | null;
  high: number | null;
  source: string;
}

const HARMONY = 'Pathology Harmony 2011 (adult)';
const YTE = 'yte default (typical UK adult range; replace with the facility table)';
export const DEFAULT_REFERENCE_INTERVALS: readonly ReferenceInterval[] = [
  { analyte: 'sodium', minAgeYears: 18, maxAgeYears: 200, low: 133, high: 146, source: HARMONY },
  { analyte: 'potassium', minAgeYears: 18, maxAgeYears: 200, low: 3.5, high: 5.3, source: HARMONY },
  { analyte: 'urea', minAgeYears: 18, maxAgeYears: 200, low: 2.5, high: 7.8, source: HARMONY },
  { analyte: 'creatinine', sex: 'male', minAgeYears: 18, maxAgeYears: 200, low: 59, high: 104, source: YTE },
  { analyte: 'creatinine', sex: 'female', minAgeYears: 18, maxAgeYears: 200, low: 45, high: 84, source: YTE },
  { analyte: 'glucose', minAgeYears: 18, maxAgeYears: 200, low: 3.0, high: 6.0, source: `${YTE}; fasting` },
  { analyte: 'adjustedCalcium', minAgeYears: 18, maxAgeYears: 200, low: 2.2, high: 2.6, source: HARMONY },
  { analyte: 'magnesium', minAgeYears: 18, maxAgeYears: 200, low: 0.7, high: 1.0, source: HARMONY },
  { analyte: 'phosphate', minAgeYears: 18, maxAgeYears: 200, low: 0.8, high: 1.5, source: HARMONY },
  { analyte: 'alt', minAgeYears: 18, maxAgeYears: 200, low: null, high: 40, source: YTE },
  { analyte: 'ck', sex: 'male', minAgeYears: 18, maxAgeYears: 200, low: 40, high: 320, source: YTE },
  { analyte: 'ck', sex: 'female', minAgeYears: 18, maxAgeYears: 200, low: 25, high: 200, source: YTE },
  { analyte: 'amylase', minAgeYears: 18, maxAgeYears: 200, low: 28, high: 100, source: YTE },
  { analyte: 'crp', minAgeYears: 18, maxAgeYears: 200, low: null, high: 5, source: YTE },
  { analyte: 'haemoglobin', sex: 'male', minAgeYears: 18, maxAgeYears: 200, low: 130, high: 180, source: HARMONY },
  { analyte: 'haemoglobin', sex: 'female', minAgeYears: 18, maxAgeYears: 200, low: 115, high: 165, source: HARMONY },
  { analyte: 'platelets', minAgeYears: 18, maxAgeYears: 200, low: 150, high: 400, source: HARMONY },
  { analyte: 'wbc', minAgeYears: 18, maxAgeYears: 200, low: 4.0, high: 11.0, source: HARMONY },
  { analyte: 'neutrophils', minAgeYears: 18, maxAgeYears: 200, low: 2.0, high: 7.5, source: HARMONY },
];

export interface CriticalLimit {
  analyte: Analyte;
  minAgeYears: number;
  maxAgeYears: number;
  /** value at or below (inclusive) / strictly below (exclusive) is critical */
  low?: { value: number; inclusive: boolean };
  high?: { value: number; inclusive: boolean };
  /** high limit as a multiple of the upper reference limit instead of a value */
  highTimesUrl?: number;
  source: string;
  note?: string;
}

const G158 = 'RCPath G158 (2017)';
const NBT = 'Severn Pathology (North Bristol NHS Trust) haematology telephone action ranges';
const inc = (value: number) => ({ value, inclusive: true });
const exc = (value: number) => ({ value, inclusive: false });
export const DEFAULT_CRITICAL_LIMITS: readonly CriticalLimit[] = [
  { analyte: 'sodium', minAgeYears: 16, maxAgeYears: 200, low: inc(120), high: inc(160), source: G158 },
  { analyte: 'sodium', minAgeYears: 0, maxAgeYears: 16, low: inc(130), high: inc(160), source: G158 },
  { analyte: 'potassium', minAgeYears: 0, maxAgeYears: 200, low: inc(2.5), high: inc(6.5), source: G158 },
  { analyte: 'urea', minAgeYears: 16, maxAgeYears: 200, high: inc(30), source: G158 },
  { analyte: 'urea', minAgeYears: 0, maxAgeYears: 16, high: inc(10), source: G158 },
  { analyte: 'creatinine', minAgeYears: 16, maxAgeYears: 200, high: inc(354), source: G158 },
  { analyte: 'creatinine', minAgeYears: 0, maxAgeYears: 16, high: inc(200), source: G158 },
  { analyte: 'glucose', minAgeYears: 16, maxAgeYears: 200, low: inc(2.5), high: inc(25), source: G158 },
  { analyte: 'glucose', minAgeYears: 0, maxAgeYears: 16, low: inc(2.5), high: inc(15), source: G158 },
  { analyte: 'adjustedCalcium', minAgeYears: 0, maxAgeYears: 200, low: inc(1.8), high: inc(3.5), source: G158 },
  { analyte: 'magnesium', minAgeYears: 0, maxAgeYears: 200, low: inc(0.4), source: G158 },
  { analyte: 'phosphate', minAgeYears: 0, maxAgeYears: 200, low: inc(0.3), source: G158 },
  { analyte: 'alt', minAgeYears: 0, maxAgeYears: 200, highTimesUrl: 15, source: G158 },
  { analyte: 'ck', minAgeYears: 0, maxAgeYears: 200, high: inc(5000), source: G158 },
  { analyte: 'amylase', minAgeYears: 0, maxAgeYears: 200, highTimesUrl: 5, source: G158 },
  { analyte: 'crp', minAgeYears: 0, maxAgeYears: 200, high: inc(300), source: G158, note: 'G158 lists CRP for community (GP) requests' },
  { analyte: 'haemoglobin', minAgeYears: 0, maxAgeYears: 200, low: exc(70), high: exc(190), source: NBT },
  { analyte: 'platelets', minAgeYears: 0, maxAgeYears: 200, low: exc(30), high: exc(1000), source: NBT },
  { analyte: 'wbc', minAgeYears: 0, maxAgeYears: 200, high: exc(50), source: NBT },
  { analyte: 'neutrophils', minAgeYears: 0, maxAgeYears: 200, low: exc(0.5), high: exc(50), source: NBT },
];

/** Within-subject biological variation CVi (%), Ricós et al. database (2014 update). */
export const DEFAULT_CVI: Readonly<Record<Analyte, number>> = {
  sodium: 0.7, potassium: 4.8, urea: 12.3, creatinine: 5.95, glucose: 5.6, adjustedCalcium: 1.9, magnesium: 3.6, phosphate: 8.5,
  alt: 19.4, ck: 22.8, amylase: 8.7, crp: 42.2, haemoglobin: 2.85, platelets: 9.1, wbc: 10.9, neutrophils: 16.1,
};

export interface LabOptions {
  referenceIntervals?: readonly ReferenceInterval[];
  criticalLimits?: readonly CriticalLimit[];
  /** per-analyte CVi %, overrides defaults */
  cvi?: Partial<Record<Analyte, number>>;
  /** per-analyte analytical CV %, default ½ CVi */
  cva?: Partial<Record<Analyte, number>>;
}

export interface LabResultInput {
  analyte: Analyte;
  /** in the analyte's canonical unit (see UNITS) */
  value: number;
  /** the previous result of the same analyte, for the delta check */
  previousValue?: number;
}

export interface LabInput {
  ageYears: number;
  sex: 'male' | 'female';
  results: LabResultInput[];
}

export interface LabFlag {
  analyte: Analyte;
  value: number;
  unit: string;
  referenceInterval: { low: number | null; high: number | null; source: string } | null;
  /** L / H against the reference interval, N inside, null without an interval */
  flag: 'L' | 'H' | 'N' | null;
  critical: { direction: 'low' | 'high'; limit: number; source: string } | null;
  delta: { previousValue: number; changePercent: number; rcvPercent: number; significant: boolean } | null;
  explanation: ExplanationItem[];
}

export interface LabResult {
  results: LabFlag[];
  anyCritical: boolean;
  explanation: ExplanationItem[];
  source: RuleSource;
}

/** Reference change value (%) for a two-sided 95 % change: √2 · 1.96 · √(CVa² + CVi²). */
export function referenceChangeValue(cvaPercent: number, cviPercent: number, z = 1.96): number {
  return Math.SQRT2 * z * Math.sqrt(cvaPercent * cvaPercent + cviPercent * cviPercent);
}

function findInterval(table: readonly ReferenceInterval[], a: Analyte, age: number, sex: 'male' | 'female'): ReferenceInterval | undefined {
  return table.find((r) => r.analyte === a && age >= r.minAgeYears && age < r.maxAgeYears && (r.sex === undefined || r.sex === sex));
}

/** Flags for one or more results: reference interval (L/H/N), critical value, delta check. */
export function labFlags(raw: LabInput | unknown, options: LabOptions = {}): LabResult {
  const o = asRecord(raw);
  const age = num(o.ageYears, 'ageYears', { min: 0, max: 130 });
  const sex = oneOf(o.sex, 'sex', ['male', 'female'] as const);
  if (!Array.isArray(o.results)) throw new ClinicalInputError(o.results === undefined ? 'required' : 'invalid_type', 'results', 'must be a list of {analyte, value, previousValue?}');
  if (o.results.length === 0) throw new ClinicalInputError('required', 'results', 'needs at least one result');
  const refTable = options.referenceIntervals ?? DEFAULT_REFERENCE_INTERVALS;
  const critTable = options.criticalLimits ?? DEFAULT_CRITICAL_LIMITS;
  const out: LabFlag[] = [];
  o.results.forEach((r0, i) => {
    const r = asRecord(r0, `results[${i}]`);
    const analyte = oneOf(r.analyte, `results[${i}].analyte`, ANALYTES);
    const [lo, hi] = PLAUSIBLE[analyte];
    const value = num(r.value, `results[${i}].value`, { min: lo, max: hi });
    const prev = optNum(r.previousValue, `results[${i}].previousValue`, { min: lo, max: hi });
    const ex: ExplanationItem[] = [];
    const ri = findInterval(refTable, analyte, age, sex);
    let flag: LabFlag['flag'] = null;
    if (ri) {
      flag = ri.low !== null && value < ri.low ? 'L' : ri.high !== null && value > ri.high ? 'H' : 'N';
      ex.push({ input: analyte, value, finding: flag, note: `reference interval ${ri.low ?? '–'}–${ri.high ?? '–'} ${UNITS[analyte]} (${ri.source})` });
    } else {
      ex.push({ input: analyte, value, note: `no reference interval for age ${age} y (${sex}) in the table in use: supply the facility's interval` });
    }
    let critical: LabFlag['critical'] = null;
    const cl = critTable.find((c) => c.analyte === analyte && age >= c.minAgeYears && age < c.maxAgeYears);
    if (cl) {
      const beyondLow = cl.low && (cl.low.inclusive ? value <= cl.low.value : value < cl.low.value);
      let highLimit = cl.high;
      if (cl.highTimesUrl !== undefined) highLimit = ri?.high != null ? inc(cl.highTimesUrl * ri.high) : undefined;
      const beyondHigh = highLimit && (highLimit.inclusive ? value >= highLimit.value : value > highLimit.value);
      if (beyondLow) critical = { direction: 'low', limit: cl.low!.value, source: cl.source };
      else if (beyondHigh) critical = { direction: 'high', limit: highLimit!.value, source: cl.source };
      const desc = [cl.low ? `${cl.low.inclusive ? '≤' : '<'} ${cl.low.value}` : null, highLimit ? `${highLimit.inclusive ? '≥' : '>'} ${roundTo(highLimit.value, 3)}` : null].filter(Boolean).join(' or ');
      ex.push({ input: analyte, value, finding: critical ? `critical ${critical.direction}` : 'not critical', note: `critical limits ${desc} ${UNITS[analyte]}${cl.highTimesUrl !== undefined ? ` (${cl.highTimesUrl} × upper reference limit)` : ''} (${cl.source})${cl.note ? `; ${cl.note}` : ''}` });
      if (cl.highTimesUrl !== undefined && !highLimit) ex.push({ input: analyte, value, note: 'critical high limit is a multiple of the upper reference limit, and no interval applies' });
    }
    let delta: LabFlag['delta'] = null;
    if (prev !== undefined) {
      const cvi = options.cvi?.[analyte] ?? DEFAULT_CVI[analyte];
      const cva = options.cva?.[analyte] ?? cvi / 2;
      const rcv = referenceChangeValue(cva, cvi);
      if (prev === 0) {
        ex.push({ input: 'previousValue', value: prev, note: 'previous value 0: percentage change undefined, no delta check' });
      } else {
        const change = ((value - prev) / prev) * 100;
        delta = { previousValue: prev, changePercent: roundTo(change, 1), rcvPercent: roundTo(rcv, 1), significant: Math.abs(change) > rcv };
        ex.push({ input: 'previousValue', value: prev, finding: delta.significant ? 'significant change' : 'within RCV', note: `change ${delta.changePercent} % vs RCV ${delta.rcvPercent} % (CVa ${roundTo(cva, 2)} %, CVi ${cvi} %, Z 1.96)` });
      }
    }
    out.push({ analyte, value, unit: UNITS[analyte], referenceInterval: ri ? { low: ri.low, high: ri.high, source: ri.source } : null, flag, critical, delta, explanation: ex });
  });
  const crit = out.filter((f) => f.critical);
  return {
    results: out,
    anyCritical: crit.length > 0,
    explanation: crit.length
      ? crit.map((f) => ({ input: f.analyte, value: f.value, finding: `critical ${f.critical!.direction}`, note: 'communicate to the responsible clinician now (RCPath G158)' }))
      : [{ input: 'results', value: out.length, finding: 'no critical value', note: 'none at or beyond a critical limit' }],
    source: LABS_SOURCE,
  };
}
