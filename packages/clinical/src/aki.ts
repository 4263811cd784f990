/**
 * Acute kidney injury detection.
 *
 * Source: NHS England. Patient Safety Alert NHS/PSA/D/2014/010 "Standardising the early
 * identification of Acute Kidney Injury" (9 June 2014) and its AKI detection algorithm (Think
 * Kidneys / UK Renal Registry, KDIGO 2012-based creatinine criteria).
 * Rule version: aki 1.0.0.
 *
 * Algorithm (C1 = current creatinine, the latest result):
 *  - RV1 = lowest result 0–7 days before C1; RV2 = median of results 8–365 days before C1
 *    (implemented as > 7 and ≤ 365 days, so that every earlier result falls in one window).
 *  - No result in the previous 365 days → no AKI alert.
 *  - ratio = C1 / RV; with both RV1 and RV2, the higher ratio is used.
 *  - ratio ≥ 1.5: stage 1; ≥ 2: stage 2; ≥ 3: stage 3. Adults (≥ 18 y): C1 > 354 µmol/L with
 *    ratio ≥ 1.5 → stage 3. Under 18 y: C1 > 3 × the upper reference limit for age and sex →
 *    stage 3 (the limit comes from the reporting laboratory; without it the criterion is skipped
 *    and the explanation says so).
 *  - ratio < 1.5: D = C1 − lowest result in the previous 48 hours; D > 26 µmol/L → stage 1.
 * Creatinine in mg/dL is converted × 88.4.
 */
import { ClinicalInputError } from './errors.ts';
import type { ExplanationItem, RuleSource } from './types.ts';
import { CREATININE_UMOL_PER_MG_DL, type UmolPerL } from './units.ts';
import { asRecord, isoInstant, num, oneOf, optNum, parseIsoInstant, roundTo } from './validate.ts';

export const AKI_SOURCE: RuleSource = {
  id: 'nhse-aki-2014',
  version: '1.0.0',
  citation: 'NHS England Patient Safety Alert NHS/PSA/D/2014/010 (2014), AKI detection algorithm (KDIGO 2012 creatinine criteria)',
};

const DAY = 86_400_000;

export interface CreatinineResult {
  /** ISO-8601 instant (or epoch milliseconds) */
  at: string | number;
  creatinineUmolL?: number;
  /** alternative unit; converted × 88.4 */
  creatinineMgDl?: number;
}

export interface AkiInput {
  ageYears: number;
  sex: 'male' | 'female';
  /** any order; the latest is the current result */
  results: CreatinineResult[];
  /** under 18: the laboratory's upper reference limit for the child's age and sex, µmol/L */
  upperReferenceLimitUmolL?: number;
}

export interface AkiResult {
  stage: 0 | 1 | 2 | 3;
  alert: boolean;
  current: { at: string; creatinineUmolL: number };
  /** the reference value that gave the ratio used (null when no baseline) */
  baseline: { kind: 'RV1' | 'RV2'; valueUmolL: number; ratio: number } | null;
  rv1UmolL: number | null;
  rv2UmolL: number | null;
  ratio: number | null;
  /** C1 − lowest result in the previous 48 h (µmol/L) */
  rise48hUmolL: number | null;
  explanation: ExplanationItem[];
  source: RuleSource;
}

/**
 * Core of the algorithm on parallel arrays (epoch ms, µmol/L) — no validation, no allocation
 * beyond a small scratch array for the median. Returns the stage and fills `out`
 * ([rv1, rv2, ratio, rise48h], NaN where absent).
 */
export function akiCore(times: ArrayLike<number>, values: ArrayLike<number>, adult: boolean, url: number, out: Float64Array): 0 | 1 | 2 | 3 {
  const n = times.length;
  let ci = 0;
  for (let i = 1; i < n; i++) if (times[i]! > times[ci]!) ci = i;
  const t1 = times[ci]!, c1 = values[ci]!;
  let rv1 = Infinity, low48 = Infinity, n2 = 0;
  for (let i = 0; i < n; i++) {
    if (i === ci) continue;
    const d = t1 - times[i]!;
    if (d < 0) continue;
    const v = values[i]!;
    if (d <= 7 * DAY) {
      if (v < rv1) rv1 = v;
    } else if (d <= 365 * DAY) n2++;
    if (d <= 2 * DAY && v < low48) low48 = v;
  }
  let rv2 = NaN;
  if (n2 > 0) {
    const buf = n2 <= SCRATCH.length ? SCRATCH : new Float64Array(n2);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (i === ci) continue;
      const d = t1 - times[i]!;
      if (d > 7 * DAY && d <= 365 * DAY) buf[k++] = values[i]!;
    }
    // insertion sort of the small window
    for (let a = 1; a < k; a++) {
      const x = buf[a]!;
      let b = a - 1;
      while (b >= 0 && buf[b]! > x) { buf[b + 1] = buf[b]!; b--; }
      buf[b + 1] = x;
    }
    rv2 = k % 2 === 1 ? buf[(k - 1) >> 1]! : (buf[k / 2 - 1]! + buf[k / 2]!) / 2;
  }
  const r1 = rv1 === Infinity ? NaN : c1 / rv1;
  const r2 = Number.isNaN(rv2) ? NaN : c1 / rv2;
  const ratio = Number.isNaN(r1) ? r2 : Number.isNaN(r2) ? r1 : Math.max(r1, r2);
  out[0] = rv1 === Infinity ? NaN : rv1;
  out[1] = rv2;
  out[2] = ratio;
  out[3] = low48 === Infinity ? NaN : c1 - low48;
  if (Number.isNaN(ratio)) return 0;
  if (ratio >= 1.5) {
    if (ratio >= 3) return 3;
    if (adult && c1 > 354) return 3;
    if (!adult && url > 0 && c1 > 3 * url) return 3;
    return ratio >= 2 ? 2 : 1;
  }
  return out[3]! > 26 ? 1 : 0;
}
const SCRATCH = new Float64Array(64);

const okNum = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && v >= min && v <= max; // NaN fails

/** Validate results[i]; field names are only built when there is an error (hot path). */
function parseResultInto(r: unknown, i: number, times: Float64Array, values: Float64Array): void {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) asRecord(r, `results[${i}]`);
  const o = r as Record<string, unknown>;
  const at = o.at;
  let t: number;
  if (typeof at === 'string') {
    t = parseIsoInstant(at);
    if (Number.isNaN(t)) isoInstant(at, `results[${i}].at`);
  } else if (okNum(at, -8.64e15, 8.64e15)) t = at;
  else t = isoInstant(at, `results[${i}].at`); // throws the right error
  const um = o.creatinineUmolL, mg = o.creatinineMgDl;
  let v: number;
  if (um !== undefined && um !== null) {
    if (!okNum(um, 5, 3000)) num(um, `results[${i}].creatinineUmolL`, { min: 5, max: 3000 });
    if (mg !== undefined && mg !== null) throw new ClinicalInputError('inconsistent', `results[${i}].creatinineMgDl`, 'give one unit only');
    v = um as number;
  } else if (mg !== undefined && mg !== null) {
    if (!okNum(mg, 0.05, 34)) num(mg, `results[${i}].creatinineMgDl`, { min: 0.05, max: 34 });
    v = (mg as number) * CREATININE_UMOL_PER_MG_DL;
  } else {
    throw new ClinicalInputError('required', `results[${i}].creatinineUmolL`, 'give creatinineUmolL or creatinineMgDl');
  }
  times[i] = t;
  values[i] = v;
}

/** AKI stage (0–3) by the NHS England algorithm over a creatinine series, with the baseline used. */
export function akiStage(raw: AkiInput | unknown): AkiResult {
  const o = asRecord(raw);
  const ageYears = num(o.ageYears, 'ageYears', { min: 0, max: 130 });
  oneOf(o.sex, 'sex', ['male', 'female'] as const);
  const url = optNum(o.upperReferenceLimitUmolL, 'upperReferenceLimitUmolL', { min: 5, max: 500 });
  if (!Array.isArray(o.results)) throw new ClinicalInputError(o.results === undefined ? 'required' : 'invalid_type', 'results', 'must be a list of {at, creatinineUmolL}');
  if (o.results.length === 0) throw new ClinicalInputError('required', 'results', 'needs at least the current result');
  if (o.results.length > 10_000) throw new ClinicalInputError('out_of_range', 'results', 'at most 10,000 results');
  const list = o.results as unknown[];
  const n = list.length;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) parseResultInto(list[i], i, times, values);
  const adult = ageYears >= 18;
  const out = new Float64Array(4);
  const stage = akiCore(times, values, adult, url ?? 0, out);
  let ci = 0;
  for (let i = 1; i < n; i++) if (times[i]! > times[ci]!) ci = i;
  const c1 = values[ci]!;
  const rawAt = (list[ci] as { at: unknown }).at;
  const currentAt = typeof rawAt === 'string' ? rawAt : new Date(times[ci]!).toISOString();
  const [rv1, rv2, ratio, rise] = [out[0]!, out[1]!, out[2]!, out[3]!];
  const nz = (x: number, d = 1) => (Number.isNaN(x) ? null : roundTo(x, d));
  const ex: ExplanationItem[] = [];
  ex.push({ input: 'current', value: roundTo(c1, 1), note: `C1: the latest result (${currentAt})` });
  ex.push({ input: 'RV1', value: nz(rv1), note: Number.isNaN(rv1) ? 'no result 0–7 days before C1' : 'lowest result 0–7 days before C1' });
  ex.push({ input: 'RV2', value: nz(rv2), note: Number.isNaN(rv2) ? 'no result 8–365 days before C1' : 'median of results 8–365 days before C1' });
  let baseline: AkiResult['baseline'] = null;
  if (Number.isNaN(ratio)) {
    ex.push({ input: 'ratio', value: null, finding: 'no AKI alert', note: 'no creatinine result in the previous 365 days: no baseline, no AKI alert' });
  } else {
    const r1 = Number.isNaN(rv1) ? -1 : c1 / rv1;
    const r2 = Number.isNaN(rv2) ? -1 : c1 / rv2;
    baseline = r1 >= r2 ? { kind: 'RV1', valueUmolL: roundTo(rv1, 1), ratio: roundTo(r1, 3) } : { kind: 'RV2', valueUmolL: roundTo(rv2, 1), ratio: roundTo(r2, 3) };
    ex.push({ input: 'ratio', value: roundTo(ratio, 3), finding: `C1 / ${baseline.kind}`, note: 'the higher ratio is used when both RV1 and RV2 exist; ≥ 1.5 stage 1, ≥ 2 stage 2, ≥ 3 stage 3' });
    if (ratio >= 1.5 && ratio < 3) {
      if (adult && c1 > 354) ex.push({ input: 'current', value: roundTo(c1, 1), points: 3, finding: 'stage 3', note: 'adult with C1 > 354 µmol/L and ratio ≥ 1.5 → stage 3' });
      if (!adult && url !== undefined && c1 > 3 * url) ex.push({ input: 'upperReferenceLimitUmolL', value: url, finding: 'stage 3', note: 'under 18 with C1 > 3 × upper reference limit → stage 3' });
      if (!adult && url === undefined) ex.push({ input: 'upperReferenceLimitUmolL', value: null, note: 'under 18: no upper reference limit given, so the paediatric stage-3 criterion (C1 > 3 × URL) was not evaluated' });
    }
    if (ratio < 1.5) {
      ex.push({ input: 'rise48h', value: nz(rise), finding: stage === 1 ? 'stage 1' : 'no AKI alert', note: Number.isNaN(rise) ? 'ratio < 1.5 and no result in the previous 48 h' : 'ratio < 1.5: a rise > 26 µmol/L over the lowest result in 48 h → stage 1' });
    }
  }
  ex.push({ input: 'stage', value: stage, finding: stage === 0 ? 'no AKI alert' : `AKI stage ${stage}`, note: 'NHS England AKI algorithm' });
  return {
    stage,
    alert: stage > 0,
    current: { at: currentAt, creatinineUmolL: roundTo(c1, 1) },
    baseline,
    rv1UmolL: nz(rv1),
    rv2UmolL: nz(rv2),
    ratio: nz(ratio, 3),
    rise48hUmolL: nz(rise),
    explanation: ex,
    source: AKI_SOURCE,
  };
}

export type { UmolPerL };
