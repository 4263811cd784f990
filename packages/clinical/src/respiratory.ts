/**
 * Respiratory distress: SpO2/FiO2 (Kigali modification), 2024 Global ARDS definition, qSOFA.
 *
 * Sources:
 *  - Riviello ED, et al. Hospital incidence and outcomes of the acute respiratory distress
 *    syndrome using the Kigali modification of the Berlin definition. Am J Respir Crit Care Med
 *    2016;193:52–59: SpO2/FiO2 ≤ 315 (SpO2 ≤ 97 %) replaces PaO2/FiO2, no PEEP requirement.
 *  - Matthay MA, et al. A new global definition of acute respiratory distress syndrome. Am J Respir
 *    Crit Care Med 2024;209:37–47 (Table 1): oxygenation criterion PaO2/FiO2 ≤ 300 mmHg or
 *    SpO2/FiO2 ≤ 315 (SpO2 ≤ 97 %); non-intubated: on HFNO ≥ 30 L/min or NIV/CPAP ≥ 5 cmH2O;
 *    resource-limited settings: no PEEP or flow requirement; severity (intubated only): mild
 *    200 < P/F ≤ 300 or 235 < S/F ≤ 315; moderate 100 < P/F ≤ 200 or 148 < S/F ≤ 235; severe
 *    P/F ≤ 100 or S/F ≤ 148.
 *  - Seymour CW, et al. Assessment of clinical criteria for sepsis (Sepsis-3). JAMA
 *    2016;315:762–774; Singer M, et al. JAMA 2016;315:801–810: qSOFA — respiratory rate ≥ 22/min,
 *    altered mentation (GCS < 15), systolic BP ≤ 100 mmHg; ≥ 2 positive.
 * Ratios are compared after rounding to one decimal.
 * Rule version: respiratory 1.0.0.
 */
import { ClinicalInputError } from './errors.ts';
import type { ExplanationItem, RuleSource } from './types.ts';
import { asRecord, optBool, optNum, roundTo } from './validate.ts';

export const RESPIRATORY_SOURCE: RuleSource = {
  id: 'respiratory-ards-qsofa',
  version: '1.0.0',
  citation: 'Riviello 2016 (Kigali modification); Matthay 2024 Global definition of ARDS (AJRCCM 209:37-47, Table 1); Seymour/Singer 2016 Sepsis-3 qSOFA (JAMA 315)',
};

export interface RespiratoryInput {
  /** % */
  spo2?: number;
  /** fraction 0.21–1.0 */
  fio2?: number;
  /** mmHg */
  pao2MmHg?: number;
  intubated?: boolean;
  /** HFNO flow, L/min */
  hfnoFlowLpm?: number;
  /** PEEP on NIV/CPAP or ventilator, cmH2O */
  peepCmH2O?: number;
  /** resource-limited setting: no PEEP/flow requirement (Kigali / Global definition) */
  resourceLimited?: boolean;
  /** qSOFA inputs */
  respRate?: number;
  systolicBP?: number;
  gcs?: number;
  alteredMentation?: boolean;
}

export type ArdsSeverity = 'mild' | 'moderate' | 'severe';

export interface RespiratoryResult {
  sfRatio: number | null;
  pfRatio: number | null;
  /** Kigali: S/F ≤ 315 with SpO2 ≤ 97 % */
  kigaliHypoxaemia: boolean | null;
  ards: {
    category: 'intubated' | 'non-intubated' | 'resource-limited' | null;
    oxygenationCriterionMet: boolean | null;
    /** graded for intubated ARDS only */
    severity: ArdsSeverity | null;
    basis: 'PaO2/FiO2' | 'SpO2/FiO2' | null;
    note: string;
  };
  qsofa: { score: number; positive: boolean; respRate: boolean; alteredMentation: boolean; systolicBP: boolean } | null;
  explanation: ExplanationItem[];
  source: RuleSource;
}

export function ardsSeverityFromPf(pf: number): ArdsSeverity | null {
  return pf <= 100 ? 'severe' : pf <= 200 ? 'moderate' : pf <= 300 ? 'mild' : null;
}
export function ardsSeverityFromSf(sf: number): ArdsSeverity | null {
  return sf <= 148 ? 'severe' : sf <= 235 ? 'moderate' : sf <= 315 ? 'mild' : null;
}

export function respiratory(raw: RespiratoryInput | unknown): RespiratoryResult {
  const o = asRecord(raw);
  const spo2 = optNum(o.spo2, 'spo2', { min: 1, max: 100 });
  const fio2 = optNum(o.fio2, 'fio2', { min: 0.21, max: 1 });
  const pao2 = optNum(o.pao2MmHg, 'pao2MmHg', { min: 10, max: 700 });
  const intubated = optBool(o.intubated, 'intubated') ?? false;
  const flow = optNum(o.hfnoFlowLpm, 'hfnoFlowLpm', { min: 0, max: 80 });
  const peep = optNum(o.peepCmH2O, 'peepCmH2O', { min: 0, max: 40 });
  const rl = optBool(o.resourceLimited, 'resourceLimited') ?? false;
  const rr = optNum(o.respRate, 'respRate', { min: 0, max: 80 });
  const sbp = optNum(o.systolicBP, 'systolicBP', { min: 20, max: 300 });
  const gcs = optNum(o.gcs, 'gcs', { min: 3, max: 15, integer: true });
  const am = optBool(o.alteredMentation, 'alteredMentation');
  if ((spo2 !== undefined || pao2 !== undefined) && fio2 === undefined) throw new ClinicalInputError('required', 'fio2', 'FiO2 (fraction 0.21–1.0) is needed with SpO2 or PaO2');
  const hasQsofa = rr !== undefined || sbp !== undefined || gcs !== undefined || am !== undefined;
  if (fio2 === undefined && !hasQsofa) throw new ClinicalInputError('required', 'fio2', 'give SpO2/PaO2 with FiO2, or the qSOFA inputs');

  const ex: ExplanationItem[] = [];
  const sf = spo2 !== undefined && fio2 !== undefined ? roundTo(spo2 / fio2, 1) : null;
  const pf = pao2 !== undefined && fio2 !== undefined ? roundTo(pao2 / fio2, 1) : null;
  const sfValid = sf !== null && spo2! <= 97;
  let kigali: boolean | null = null;
  if (sf !== null) {
    kigali = sfValid ? sf <= 315 : null;
    ex.push({ input: 'spo2/fio2', value: sf, finding: kigali === null ? 'not interpretable' : kigali ? 'hypoxaemia (S/F ≤ 315)' : 'S/F > 315', note: sfValid ? 'Kigali modification: SpO2/FiO2 ≤ 315 with SpO2 ≤ 97 %' : 'SpO2 > 97 %: the S/F ratio is not used (oxygen–haemoglobin curve is flat)' });
  }
  if (pf !== null) ex.push({ input: 'pao2/fio2', value: pf, finding: pf <= 300 ? 'P/F ≤ 300' : 'P/F > 300', note: 'Global ARDS definition 2024: P/F ≤ 300 mmHg' });

  let category: RespiratoryResult['ards']['category'] = null;
  let note: string;
  if (intubated) category = 'intubated';
  else if ((flow !== undefined && flow >= 30) || (peep !== undefined && peep >= 5)) category = 'non-intubated';
  else if (rl) category = 'resource-limited';
  const basis: RespiratoryResult['ards']['basis'] = pf !== null ? 'PaO2/FiO2' : sfValid ? 'SpO2/FiO2' : null;
  let met: boolean | null = null;
  if (basis !== null) met = basis === 'PaO2/FiO2' ? pf! <= 300 : sf! <= 315;
  let severity: ArdsSeverity | null = null;
  if (category === null) {
    note = 'not intubated and not on HFNO ≥ 30 L/min or NIV/CPAP ≥ 5 cmH2O, and not marked resource-limited: the Global definition\'s support criterion is not met';
  } else if (category === 'intubated') {
    if (met) severity = basis === 'PaO2/FiO2' ? ardsSeverityFromPf(pf!) : ardsSeverityFromSf(sf!);
    note = 'intubated ARDS is graded mild / moderate / severe';
  } else {
    note = `${category} ARDS is not graded by severity`;
  }
  note += '; ARDS also needs acute onset (≤ 1 week), bilateral opacities on imaging and respiratory failure not fully explained by cardiac failure or fluid overload';
  if (basis !== null) ex.push({ input: basis, value: basis === 'PaO2/FiO2' ? pf : sf, finding: met ? (severity ? `oxygenation criterion met, ${severity}` : 'oxygenation criterion met') : 'oxygenation criterion not met', note: `category ${category ?? 'none'}; mild 200 < P/F ≤ 300 or 235 < S/F ≤ 315, moderate 100 < P/F ≤ 200 or 148 < S/F ≤ 235, severe P/F ≤ 100 or S/F ≤ 148` });

  let qsofa: RespiratoryResult['qsofa'] = null;
  if (hasQsofa) {
    const missing = [rr === undefined ? 'respRate' : null, sbp === undefined ? 'systolicBP' : null, gcs === undefined && am === undefined ? 'gcs' : null].filter((x): x is string => x !== null);
    if (missing.length) throw new ClinicalInputError('required', missing[0]!, 'qSOFA needs respRate, systolicBP and gcs (or alteredMentation)');
    const a = rr! >= 22, b = am ?? gcs! < 15, c = sbp! <= 100;
    const score = (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0);
    qsofa = { score, positive: score >= 2, respRate: a, alteredMentation: b, systolicBP: c };
    ex.push({ input: 'respRate', value: rr, points: a ? 1 : 0, note: 'qSOFA: respiratory rate ≥ 22/min' });
    ex.push({ input: am !== undefined ? 'alteredMentation' : 'gcs', value: am ?? gcs, points: b ? 1 : 0, note: 'qSOFA: altered mentation (GCS < 15)' });
    ex.push({ input: 'systolicBP', value: sbp, points: c ? 1 : 0, note: 'qSOFA: systolic BP ≤ 100 mmHg' });
    ex.push({ input: 'qsofa', value: score, finding: qsofa.positive ? 'positive (≥ 2)' : 'negative', note: 'qSOFA ≥ 2: higher risk of poor outcome with suspected infection; assess for organ dysfunction' });
  }
  return {
    sfRatio: sf,
    pfRatio: pf,
    kigaliHypoxaemia: kigali,
    ards: { category, oxygenationCriterionMet: met, severity, basis, note },
    qsofa,
    explanation: ex,
    source: RESPIRATORY_SOURCE,
  };
}
