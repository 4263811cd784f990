/**
 * Tuberculosis screening.
 *
 * Source: WHO consolidated guidelines on tuberculosis. Module 2: screening – systematic screening
 * for tuberculosis disease. Geneva: World Health Organization, 2021 (recommendations 6–17 and the
 * companion operational handbook's screening algorithms):
 *  - adults and adolescents living with HIV: the WHO-recommended four-symptom screen (W4SS) —
 *    any of current cough, fever, weight loss or night sweats; C-reactive protein > 5 mg/L may
 *    also be used to screen adults and adolescents with HIV;
 *  - general population (and people without HIV): screening for any of the four symptoms (the
 *    more sensitive symptom screen; "cough ≥ 2 weeks" is the more specific alternative);
 *  - children living with HIV / child contacts: any of current cough, fever, poor weight gain,
 *    or close contact with a person with TB;
 *  - chest radiography, read by a person or by computer-aided detection (CAD) software; CAD is
 *    recommended for individuals aged 15 years and older, against a threshold set locally.
 *  - A positive screen leads to a diagnostic evaluation with a WHO-recommended rapid molecular
 *    test (mWRD); a negative screen needs no further evaluation for TB disease now.
 * Rule version: tb 1.0.0.
 */
import { ClinicalInputError } from './errors.ts';
import type { Bilingual, ExplanationItem, RuleSource } from './types.ts';
import { asRecord, num, optBool, optNum } from './validate.ts';

export const TB_SOURCE: RuleSource = {
  id: 'who-tb-screening-2021',
  version: '1.0.0',
  citation: 'WHO consolidated guidelines on tuberculosis. Module 2: screening – systematic screening for tuberculosis disease. WHO, 2021',
};

/** Minimum age for CAD interpretation of chest X-rays (WHO 2021). */
export const CAD_MIN_AGE_YEARS = 15;
/** Age below which the children's symptom variant is used. */
export const CHILD_MAX_AGE_YEARS = 10;

export interface TbInput {
  ageYears: number;
  hiv?: boolean;
  symptoms: {
    cough?: boolean;
    /** duration in weeks, if known (reported; the screen uses "any cough") */
    coughWeeks?: number;
    fever?: boolean;
    weightLoss?: boolean;
    nightSweats?: boolean;
    /** children */
    poorWeightGain?: boolean;
    /** close contact with a person with TB (children) */
    tbContact?: boolean;
  };
  /** CAD abnormality score with the locally set threshold (score ≥ threshold = abnormal) */
  cad?: { score: number; threshold: number };
  /** human reading of a chest X-ray suggestive of TB */
  cxrAbnormal?: boolean;
  /** adults/adolescents with HIV: CRP in mg/L (> 5 = positive) */
  crpMgL?: number;
}

export interface TbResult {
  decision: 'refer-molecular-test' | 'no-further-evaluation';
  symptomScreen: { variant: 'W4SS' | 'child'; positive: boolean; positives: string[] };
  cad: { score: number; threshold: number; abnormal: boolean } | null;
  cxrAbnormal: boolean | null;
  crpPositive: boolean | null;
  reasons: Bilingual[];
  explanation: ExplanationItem[];
  source: RuleSource;
}

const LABEL: Record<string, Bilingual> = {
  cough: { en: 'cough', vi: 'ho' },
  fever: { en: 'fever', vi: 'sốt' },
  weightLoss: { en: 'weight loss', vi: 'sụt cân' },
  nightSweats: { en: 'night sweats', vi: 'đổ mồ hôi đêm' },
  poorWeightGain: { en: 'poor weight gain', vi: 'chậm tăng cân' },
  tbContact: { en: 'contact with a person with TB', vi: 'tiếp xúc với người bệnh lao' },
};

export function tbScreen(raw: TbInput | unknown): TbResult {
  const o = asRecord(raw);
  const age = num(o.ageYears, 'ageYears', { min: 0, max: 130 });
  const hiv = optBool(o.hiv, 'hiv');
  const s = asRecord(o.symptoms ?? {}, 'symptoms');
  const sym: Record<string, boolean | undefined> = {};
  for (const k of ['cough', 'fever', 'weightLoss', 'nightSweats', 'poorWeightGain', 'tbContact']) sym[k] = optBool(s[k], `symptoms.${k}`);
  const coughWeeks = optNum(s.coughWeeks, 'symptoms.coughWeeks', { min: 0, max: 520 });
  let cad: TbResult['cad'] = null;
  if (o.cad !== undefined && o.cad !== null) {
    const c = asRecord(o.cad, 'cad');
    const score = num(c.score, 'cad.score', { min: 0, max: 100 });
    const threshold = num(c.threshold, 'cad.threshold', { min: 0, max: 100 });
    cad = { score, threshold, abnormal: score >= threshold };
  }
  const cxrAbnormal = optBool(o.cxrAbnormal, 'cxrAbnormal') ?? null;
  const crp = optNum(o.crpMgL, 'crpMgL', { min: 0, max: 1000 });
  const child = age < CHILD_MAX_AGE_YEARS;
  const keys = child ? ['cough', 'fever', 'poorWeightGain', 'tbContact'] : ['cough', 'fever', 'weightLoss', 'nightSweats'];
  if (child && sym.weightLoss) sym.poorWeightGain = true; // weight loss in a child counts as poor weight gain
  const answered = keys.filter((k) => sym[k] !== undefined);
  if (answered.length === 0 && cad === null && cxrAbnormal === null && crp === undefined) {
    throw new ClinicalInputError('required', 'symptoms', `give the symptom screen (${keys.join(', ')}) or a chest X-ray result`);
  }
  const positives = keys.filter((k) => sym[k] === true);
  const ex: ExplanationItem[] = [];
  const variant = child ? 'child' : 'W4SS';
  ex.push({
    input: 'symptoms',
    value: Object.fromEntries(keys.map((k) => [k, sym[k] ?? null])),
    finding: positives.length ? 'positive' : 'negative',
    note: child
      ? 'children (< 10 y): any of current cough, fever, poor weight gain, or contact with TB'
      : `four-symptom screen${hiv ? ' (people living with HIV)' : ''}: any of current cough, fever, weight loss, night sweats`,
  });
  if (answered.length < keys.length && answered.length > 0) ex.push({ input: 'symptoms', value: keys.filter((k) => sym[k] === undefined), note: 'not asked: treated as absent' });
  if (coughWeeks !== undefined) ex.push({ input: 'symptoms.coughWeeks', value: coughWeeks, finding: coughWeeks >= 2 ? 'cough ≥ 2 weeks' : 'cough < 2 weeks', note: 'reported; the screen counts a current cough of any duration' });
  if (cad) {
    if (age < CAD_MIN_AGE_YEARS) {
      ex.push({ input: 'cad.score', value: cad.score, note: `CAD is recommended only from ${CAD_MIN_AGE_YEARS} years: not used` });
      cad = null;
    } else {
      ex.push({ input: 'cad.score', value: cad.score, finding: cad.abnormal ? 'abnormal' : 'below threshold', note: `abnormal when the score ≥ the locally set threshold (${cad.threshold})` });
    }
  }
  if (cxrAbnormal !== null) ex.push({ input: 'cxrAbnormal', value: cxrAbnormal, finding: cxrAbnormal ? 'abnormal' : 'normal', note: 'human reading of the chest X-ray' });
  let crpPositive: boolean | null = null;
  if (crp !== undefined) {
    if (hiv === true && age >= CHILD_MAX_AGE_YEARS) {
      crpPositive = crp > 5;
      ex.push({ input: 'crpMgL', value: crp, finding: crpPositive ? 'positive (> 5 mg/L)' : 'negative', note: 'CRP > 5 mg/L screens adults and adolescents living with HIV' });
    } else {
      ex.push({ input: 'crpMgL', value: crp, note: 'CRP screening is recommended for adults and adolescents living with HIV only: not used' });
    }
  }
  const reasons: Bilingual[] = [];
  if (positives.length) {
    reasons.push({
      en: `symptom screen positive: ${positives.map((k) => LABEL[k]!.en).join(', ')}`,
      vi: `sàng lọc triệu chứng dương tính: ${positives.map((k) => LABEL[k]!.vi).join(', ')}`,
    });
  }
  if (cad?.abnormal) reasons.push({ en: `chest X-ray CAD score ${cad.score} ≥ threshold ${cad.threshold}`, vi: `điểm CAD X-quang ngực ${cad.score} ≥ ngưỡng ${cad.threshold}` });
  if (cxrAbnormal) reasons.push({ en: 'chest X-ray read as abnormal', vi: 'X-quang ngực được đọc là bất thường' });
  if (crpPositive) reasons.push({ en: `CRP ${crp} mg/L > 5`, vi: `CRP ${crp} mg/L > 5` });
  const refer = reasons.length > 0;
  if (!refer) reasons.push({ en: 'all screening tests negative: no further evaluation for TB disease now', vi: 'tất cả xét nghiệm sàng lọc âm tính: không cần đánh giá thêm bệnh lao lúc này' });
  else reasons.push({ en: 'refer for a WHO-recommended rapid molecular test (e.g. Xpert MTB/RIF)', vi: 'chuyển làm xét nghiệm sinh học phân tử nhanh do WHO khuyến cáo (ví dụ Xpert MTB/RIF)' });
  ex.push({ input: 'decision', value: refer, finding: refer ? 'refer-molecular-test' : 'no-further-evaluation', note: 'any positive screen (parallel symptom + X-ray screening) → diagnostic evaluation with an mWRD' });
  return {
    decision: refer ? 'refer-molecular-test' : 'no-further-evaluation',
    symptomScreen: { variant, positive: positives.length > 0, positives },
    cad,
    cxrAbnormal,
    crpPositive,
    reasons,
    explanation: ex,
    source: TB_SOURCE,
  };
}
