/**
 * Cardiovascular risk: WHO 2019 CVD risk charts, lab-based and non-lab-based models, recalibrated
 * for GBD region "Southeast Asia" (which includes Viet Nam).
 *
 * Source: WHO CVD Risk Chart Working Group. World Health Organization cardiovascular disease risk
 * charts: revised models to estimate risk in 21 global regions. Lancet Glob Health
 * 2019;7:e1332–45, and its appendix (coefficients, baseline survival, regional recalibration);
 * data in src/data/who-cvd-2019-sea.json (converted by scripts/convert-who-cvd.ts).
 * Chart bands: < 5, 5 to < 10, 10 to < 20, 20 to < 30, ≥ 30 % (the charts colour each cell by its
 * value rounded to a whole percent). Advice: WHO HEARTS technical package, module "Risk-based CVD
 * management" (2020): follow-up interval and counselling by risk band.
 * Rule version: cvd 1.0.0.
 *
 * Computation: for CHD and stroke, lp = Σ coefficient × term with centred terms (age − 60,
 * cholesterol − 6, SBP − 120, BMI − 25, diabetes and smoker 0/1, interactions × (age − 60));
 * p = 1 − s0^exp(lp); recalibrated p' = 1 − exp(−exp(cons + slope · ln(−ln(1 − p))));
 * CVD risk = 1 − (1 − p'CHD)(1 − p'stroke).
 */
import data from './data/who-cvd-2019-sea.json' with { type: 'json' };
import { ClinicalInputError } from './errors.ts';
import type { Bilingual, ExplanationItem, RuleSource } from './types.ts';
import { asRecord, bool, num, oneOf, optBool, optNum, optOneOf, roundTo } from './validate.ts';

export const CVD_SOURCE: RuleSource = {
  id: 'who-cvd-2019-sea',
  version: '1.0.0',
  citation:
    'WHO CVD Risk Chart Working Group. WHO cardiovascular disease risk charts: revised models to estimate risk in 21 global regions. Lancet Glob Health 2019;7:e1332-45 (Southeast Asia recalibration); advice per WHO HEARTS technical package, Risk-based CVD management, 2020',
};

export type CvdBand = '<5' | '5-<10' | '10-<20' | '20-<30' | '>=30';

export interface CvdInput {
  model: 'lab' | 'nonlab';
  sex: 'male' | 'female';
  /** 40–74 years: the ages the WHO charts cover. */
  ageYears: number;
  /** mmHg */
  systolicBP: number;
  smoker: boolean;
  /** lab model: required */
  diabetes?: boolean;
  /** lab model: required, mmol/L */
  totalCholesterolMmolL?: number;
  /** non-lab model: required, kg/m² */
  bmi?: number;
  /** 'exact' (default) computes at the values given; 'chart' at the printed chart's cell midpoints. */
  mode?: 'exact' | 'chart';
}

export interface CvdResult {
  model: 'lab' | 'nonlab';
  /** 10-year risk of fatal or non-fatal myocardial infarction or stroke, %, 2 decimals. */
  riskPercent: number;
  /** The risk rounded to a whole percent, as printed in a chart cell. */
  chartPercent: number;
  band: CvdBand;
  chdRiskPercent: number;
  strokeRiskPercent: number;
  advice: Bilingual;
  explanation: ExplanationItem[];
  source: RuleSource;
}

interface Outcome { coef: number[]; s0: number; recalibration: { cons: number; slope: number } }
const LAB = data.lab as { male: { chd: Outcome; stroke: Outcome }; female: { chd: Outcome; stroke: Outcome } };
const NONLAB = data.nonlab as typeof LAB;

// Coefficients flattened into typed arrays: [sex][outcome] → coef, s0, cons, slope.
function pack(m: typeof LAB): Float64Array[] {
  const out: Float64Array[] = [];
  for (const sex of [m.male, m.female]) for (const o of [sex.chd, sex.stroke]) out.push(Float64Array.from([...o.coef, o.s0, o.recalibration.cons, o.recalibration.slope]));
  return out;
}
const LAB_P = pack(LAB); // 9 coefs + 3
const NONLAB_P = pack(NONLAB); // 7 coefs + 3

function recal(lp: number, s0: number, cons: number, slope: number): number {
  const p = 1 - Math.pow(s0, Math.exp(lp));
  return 1 - Math.exp(-Math.exp(cons + slope * Math.log(-Math.log(1 - p))));
}

/** Lab-based 10-year CVD risk (fraction). Validated numeric inputs; no allocation. */
export function cvdRiskLabFraction(male: boolean, age: number, cholMmolL: number, sbp: number, diabetes: boolean, smoker: boolean): number {
  const a = age - 60, c = cholMmolL - 6, s = sbp - 120, d = diabetes ? 1 : 0, k = smoker ? 1 : 0;
  const base = male ? 0 : 2;
  let surv = 1;
  for (let j = 0; j < 2; j++) {
    const p = LAB_P[base + j]!;
    const lp = p[0]! * a + p[1]! * c + p[2]! * s + p[3]! * d + p[4]! * k + p[5]! * a * c + p[6]! * a * s + p[7]! * a * d + p[8]! * a * k;
    surv *= 1 - recal(lp, p[9]!, p[10]!, p[11]!);
  }
  return 1 - surv;
}

/** Non-lab-based 10-year CVD risk (fraction). */
export function cvdRiskNonLabFraction(male: boolean, age: number, bmi: number, sbp: number, smoker: boolean): number {
  const a = age - 60, b = bmi - 25, s = sbp - 120, k = smoker ? 1 : 0;
  const base = male ? 0 : 2;
  let surv = 1;
  for (let j = 0; j < 2; j++) {
    const p = NONLAB_P[base + j]!;
    const lp = p[0]! * a + p[1]! * b + p[2]! * s + p[3]! * k + p[4]! * a * b + p[5]! * a * s + p[6]! * a * k;
    surv *= 1 - recal(lp, p[7]!, p[8]!, p[9]!);
  }
  return 1 - surv;
}

function outcomeRisk(model: 'lab' | 'nonlab', male: boolean, which: 0 | 1, a: number, x: number, s: number, d: number, k: number): number {
  const p = (model === 'lab' ? LAB_P : NONLAB_P)[(male ? 0 : 2) + which]!;
  if (model === 'lab') {
    const lp = p[0]! * a + p[1]! * x + p[2]! * s + p[3]! * d + p[4]! * k + p[5]! * a * x + p[6]! * a * s + p[7]! * a * d + p[8]! * a * k;
    return recal(lp, p[9]!, p[10]!, p[11]!);
  }
  const lp = p[0]! * a + p[1]! * x + p[2]! * s + p[3]! * k + p[4]! * a * x + p[5]! * a * s + p[6]! * a * k;
  return recal(lp, p[7]!, p[8]!, p[9]!);
}

/** Chart band of a risk in percent, by its whole-percent value as printed in the charts. */
export function cvdBand(riskPercent: number): CvdBand {
  const r = Math.round(riskPercent);
  return r < 5 ? '<5' : r < 10 ? '5-<10' : r < 20 ? '10-<20' : r < 30 ? '20-<30' : '>=30';
}

/** Chart cell midpoints (WHO 2019 charts). */
export function chartAgeMidpoint(age: number): number {
  return Math.min(72.5, Math.floor(age / 5) * 5 + 2.5);
}
export function chartSbpMidpoint(sbp: number): number {
  return sbp < 120 ? 110 : sbp < 140 ? 130 : sbp < 160 ? 150 : sbp < 180 ? 170 : 190;
}
export function chartCholesterolMidpoint(chol: number): number {
  return chol < 4 ? 3.5 : chol < 5 ? 4.5 : chol < 6 ? 5.5 : chol < 7 ? 6.5 : 7.5;
}
export function chartBmiMidpoint(bmi: number): number {
  return bmi < 20 ? 17.5 : bmi < 25 ? 22.5 : bmi < 30 ? 27.5 : bmi < 35 ? 32.5 : 37.5;
}

const ADVICE: Record<CvdBand, Bilingual> = {
  '<5': {
    en: 'Low risk (< 5 %): counsel on healthy diet, physical activity, stopping tobacco and avoiding harmful alcohol; reassess risk in 12 months.',
    vi: 'Nguy cơ thấp (< 5 %): tư vấn ăn uống lành mạnh, vận động thể lực, bỏ thuốc lá và tránh rượu bia có hại; đánh giá lại nguy cơ sau 12 tháng.',
  },
  '5-<10': {
    en: 'Risk 5 to < 10 %: lifestyle counselling (diet, activity, tobacco, alcohol); reassess risk in 12 months; treat blood pressure if persistently ≥ 140/90 mmHg.',
    vi: 'Nguy cơ 5 đến < 10 %: tư vấn lối sống (ăn uống, vận động, thuốc lá, rượu bia); đánh giá lại sau 12 tháng; điều trị huyết áp nếu liên tục ≥ 140/90 mmHg.',
  },
  '10-<20': {
    en: 'Moderate risk (10 to < 20 %): lifestyle counselling; reassess every 3–6 months; treat blood pressure if persistently ≥ 140/90 mmHg; consider a statin.',
    vi: 'Nguy cơ trung bình (10 đến < 20 %): tư vấn lối sống; đánh giá lại mỗi 3–6 tháng; điều trị huyết áp nếu liên tục ≥ 140/90 mmHg; cân nhắc dùng statin.',
  },
  '20-<30': {
    en: 'High risk (20 to < 30 %): lifestyle counselling, a statin, and blood-pressure treatment if persistently ≥ 130/80 mmHg; reassess every 3–6 months.',
    vi: 'Nguy cơ cao (20 đến < 30 %): tư vấn lối sống, dùng statin và điều trị huyết áp nếu liên tục ≥ 130/80 mmHg; đánh giá lại mỗi 3–6 tháng.',
  },
  '>=30': {
    en: 'Very high risk (≥ 30 %): lifestyle counselling, a statin, and blood-pressure treatment if persistently ≥ 130/80 mmHg; reassess every 3 months; refer if risk does not fall.',
    vi: 'Nguy cơ rất cao (≥ 30 %): tư vấn lối sống, dùng statin và điều trị huyết áp nếu liên tục ≥ 130/80 mmHg; đánh giá lại mỗi 3 tháng; chuyển tuyến nếu nguy cơ không giảm.',
  },
};

/** Validate a CVD input; throws ClinicalInputError naming the field. */
export function parseCvdInput(raw: unknown): CvdInput {
  const o = asRecord(raw);
  const model = oneOf(o.model, 'model', ['lab', 'nonlab'] as const);
  const sex = oneOf(o.sex, 'sex', ['male', 'female'] as const);
  const ageYears = num(o.ageYears, 'ageYears', { min: 40, max: 74.999 });
  const systolicBP = num(o.systolicBP, 'systolicBP', { min: 60, max: 300 });
  const smoker = bool(o.smoker, 'smoker');
  const mode = optOneOf(o.mode, 'mode', ['exact', 'chart'] as const);
  const inp: CvdInput = { model, sex, ageYears, systolicBP, smoker };
  if (mode) inp.mode = mode;
  if (model === 'lab') {
    const diabetes = optBool(o.diabetes, 'diabetes');
    if (diabetes === undefined) throw new ClinicalInputError('required', 'diabetes', 'is required for the lab-based model');
    inp.diabetes = diabetes;
    const chol = optNum(o.totalCholesterolMmolL, 'totalCholesterolMmolL', { min: 1, max: 20 });
    if (chol === undefined) throw new ClinicalInputError('required', 'totalCholesterolMmolL', 'is required for the lab-based model');
    inp.totalCholesterolMmolL = chol;
  } else {
    const bmi = optNum(o.bmi, 'bmi', { min: 10, max: 80 });
    if (bmi === undefined) throw new ClinicalInputError('required', 'bmi', 'is required for the non-lab-based model');
    inp.bmi = bmi;
    const d = optBool(o.diabetes, 'diabetes');
    if (d !== undefined) inp.diabetes = d;
  }
  return inp;
}

/** 10-year CVD risk with chart band and HEARTS-style advice (vi/en). */
export function cvdRisk(raw: CvdInput | unknown): CvdResult {
  const inp = parseCvdInput(raw);
  const chart = inp.mode === 'chart';
  const male = inp.sex === 'male';
  const age = chart ? chartAgeMidpoint(inp.ageYears) : inp.ageYears;
  const sbp = chart ? chartSbpMidpoint(inp.systolicBP) : inp.systolicBP;
  const ex: ExplanationItem[] = [];
  const item = (input: string, value: unknown, used: number, centred: string): ExplanationItem =>
    chart ? { input, value, finding: `chart midpoint ${used}`, note: `centred: ${centred}` } : { input, value, note: `centred: ${centred}` };
  ex.push(item('ageYears', inp.ageYears, age, 'age − 60'));
  ex.push(item('systolicBP', inp.systolicBP, sbp, 'SBP − 120'));
  ex.push({ input: 'smoker', value: inp.smoker, note: 'current smoker: 1/0, with an age interaction' });
  let x: number;
  if (inp.model === 'lab') {
    x = chart ? chartCholesterolMidpoint(inp.totalCholesterolMmolL!) : inp.totalCholesterolMmolL!;
    ex.push(item('totalCholesterolMmolL', inp.totalCholesterolMmolL, x, 'cholesterol − 6'));
    ex.push({ input: 'diabetes', value: inp.diabetes, note: 'diabetes: 1/0, with an age interaction' });
  } else {
    x = chart ? chartBmiMidpoint(inp.bmi!) : inp.bmi!;
    ex.push(item('bmi', inp.bmi, x, 'BMI − 25'));
    if (inp.diabetes !== undefined) ex.push({ input: 'diabetes', value: inp.diabetes, note: 'not used by the non-lab-based model' });
  }
  const a = age - 60, s = sbp - 120, d = inp.diabetes ? 1 : 0, k = inp.smoker ? 1 : 0;
  const xc = inp.model === 'lab' ? x - 6 : x - 25;
  const chd = outcomeRisk(inp.model, male, 0, a, xc, s, d, k);
  const stroke = outcomeRisk(inp.model, male, 1, a, xc, s, d, k);
  const risk = 100 * (1 - (1 - chd) * (1 - stroke));
  const band = cvdBand(risk);
  ex.push({ input: 'riskPercent', value: roundTo(risk, 2), finding: band, note: `CHD ${roundTo(chd * 100, 2)} %, stroke ${roundTo(stroke * 100, 2)} % (Southeast Asia recalibration); band by whole-percent value ${Math.round(risk)} %` });
  return {
    model: inp.model,
    riskPercent: roundTo(risk, 2),
    chartPercent: Math.round(risk),
    band,
    chdRiskPercent: roundTo(chd * 100, 2),
    strokeRiskPercent: roundTo(stroke * 100, 2),
    advice: ADVICE[band],
    explanation: ex,
    source: CVD_SOURCE,
  };
}
