/**
 * NEWS2: National Early Warning Score 2.
 *
 * Source: Royal College of Physicians. National Early Warning Score (NEWS) 2: Standardising the
 * assessment of acute-illness severity in the NHS. Updated report of a working party. London:
 * RCP, December 2017. Chart 1 (the NEWS2 scoring system), Chart 2 (thresholds and triggers),
 * Chart 4 (clinical response to NEWS trigger thresholds).
 * Rule version: news2 1.0.0.
 *
 * Chart 1:
 *   score               3        2        1         0          1          2          3
 *   respiration rate    ≤8                9–11      12–20                 21–24      ≥25
 *   SpO2 scale 1        ≤91      92–93    94–95     ≥96
 *   SpO2 scale 2        ≤83      84–85    86–87     88–92,     93–94 O2   95–96 O2   ≥97 O2
 *                                                   ≥93 air
 *   air or oxygen?               oxygen             air
 *   systolic BP         ≤90      91–100   101–110   111–219                          ≥220
 *   pulse               ≤40               41–50     51–90      91–110     111–130    ≥131
 *   consciousness                                   alert                            CVPU
 *   temperature         ≤35.0             35.1–36.0 36.1–38.0  38.1–39.0  ≥39.1
 * Scale 2 is only for patients with hypercapnic respiratory failure, chosen by a clinician.
 * NEWS2 is not validated under 16 years or in pregnancy.
 */
import type { Bilingual, ExplanationItem, RuleSource } from './types.ts';
import { asRecord, bool, num, oneOf, optBool, optNum } from './validate.ts';
import { ClinicalInputError } from './errors.ts';

export const NEWS2_SOURCE: RuleSource = {
  id: 'rcp-news2',
  version: '1.0.0',
  citation: 'Royal College of Physicians. National Early Warning Score (NEWS) 2. London: RCP, 2017. Chart 1 (scoring), Chart 4 (clinical response)',
};

export type Consciousness = 'A' | 'C' | 'V' | 'P' | 'U';
export type News2Band = 'low' | 'low-medium' | 'medium' | 'high';

export interface News2Input {
  /** breaths/min, whole number */
  respRate: number;
  /** %, whole number */
  spo2: number;
  /** 2 only when a clinician has prescribed it for hypercapnic respiratory failure */
  spo2Scale: 1 | 2;
  onOxygen: boolean;
  /** mmHg, whole number */
  systolicBP: number;
  /** beats/min, whole number */
  pulse: number;
  /** ACVPU: Alert, new Confusion, Voice, Pain, Unresponsive */
  consciousness: Consciousness;
  /** °C */
  temperatureC: number;
  /** NEWS2 is not validated under 16 years */
  ageYears?: number;
  /** NEWS2 is not validated in pregnancy */
  pregnant?: boolean;
}

export interface News2SubScores {
  respRate: number;
  spo2: number;
  airOrOxygen: number;
  systolicBP: number;
  pulse: number;
  consciousness: number;
  temperature: number;
}

export interface News2Result {
  applicable: boolean;
  /** null when NEWS2 does not apply (under 16, pregnancy) */
  score: number | null;
  band: News2Band | null;
  subScores: News2SubScores | null;
  /** a score of 3 in any single parameter */
  singleParameter3: boolean;
  /** Chart 4 minimum monitoring frequency */
  monitoring: '12-hourly' | '4-6-hourly' | 'hourly' | 'continuous' | null;
  response: Bilingual | null;
  reason?: string;
  explanation: ExplanationItem[];
  source: RuleSource;
}

// ---- Chart 1, one function per row (pure, no allocation) ----------------------------------
export function scoreRespRate(rr: number): number {
  return rr <= 8 ? 3 : rr <= 11 ? 1 : rr <= 20 ? 0 : rr <= 24 ? 2 : 3;
}
export function scoreSpo2Scale1(s: number): number {
  return s <= 91 ? 3 : s <= 93 ? 2 : s <= 95 ? 1 : 0;
}
export function scoreSpo2Scale2(s: number, onOxygen: boolean): number {
  if (s <= 83) return 3;
  if (s <= 85) return 2;
  if (s <= 87) return 1;
  if (s <= 92 || !onOxygen) return 0;
  return s <= 94 ? 1 : s <= 96 ? 2 : 3;
}
export function scoreAirOrOxygen(onOxygen: boolean): number {
  return onOxygen ? 2 : 0;
}
export function scoreSystolicBP(sbp: number): number {
  return sbp <= 90 ? 3 : sbp <= 100 ? 2 : sbp <= 110 ? 1 : sbp <= 219 ? 0 : 3;
}
export function scorePulse(p: number): number {
  return p <= 40 ? 3 : p <= 50 ? 1 : p <= 90 ? 0 : p <= 110 ? 1 : p <= 130 ? 2 : 3;
}
export function scoreConsciousness(c: Consciousness): number {
  return c === 'A' ? 0 : 3;
}
/** Temperature rows are to one decimal; a value between rows falls in the warmer row (e.g. 35.05 → 35.1–36.0). */
export function scoreTemperature(t: number): number {
  return t <= 35.0 ? 3 : t <= 36.0 ? 1 : t <= 38.0 ? 0 : t <= 39.0 ? 1 : 2;
}

/** Aggregate score from validated values; no allocation (hot path). */
export function news2Score(rr: number, spo2: number, scale: 1 | 2, onOxygen: boolean, sbp: number, pulse: number, c: Consciousness, t: number): number {
  return (
    scoreRespRate(rr) +
    (scale === 2 ? scoreSpo2Scale2(spo2, onOxygen) : scoreSpo2Scale1(spo2)) +
    (onOxygen ? 2 : 0) +
    scoreSystolicBP(sbp) +
    scorePulse(pulse) +
    (c === 'A' ? 0 : 3) +
    scoreTemperature(t)
  );
}

/** Chart 2/4: band from the aggregate score and the single-parameter-3 flag. */
export function news2Band(score: number, singleParameter3: boolean): News2Band {
  return score >= 7 ? 'high' : score >= 5 ? 'medium' : singleParameter3 ? 'low-medium' : 'low';
}

const RESPONSE: Record<News2Band | 'zero', { monitoring: News2Result['monitoring']; text: Bilingual }> = {
  zero: {
    monitoring: '12-hourly',
    text: { en: 'Continue routine NEWS monitoring (minimum every 12 hours).', vi: 'Tiếp tục theo dõi NEWS thường quy (tối thiểu mỗi 12 giờ).' },
  },
  low: {
    monitoring: '4-6-hourly',
    text: {
      en: 'Inform the registered nurse, who must assess the patient and decide whether to increase monitoring or escalate care (minimum every 4–6 hours).',
      vi: 'Báo điều dưỡng phụ trách để đánh giá người bệnh và quyết định tăng tần suất theo dõi hoặc báo cấp trên (tối thiểu mỗi 4–6 giờ).',
    },
  },
  'low-medium': {
    monitoring: 'hourly',
    text: {
      en: 'Score of 3 in a single parameter: the registered nurse informs the medical team, who review urgently and decide whether escalation is needed (minimum hourly).',
      vi: 'Một chỉ số đạt 3 điểm: điều dưỡng báo nhóm bác sĩ điều trị để khám khẩn và quyết định có cần nâng mức xử trí (theo dõi tối thiểu mỗi giờ).',
    },
  },
  medium: {
    monitoring: 'hourly',
    text: {
      en: 'Key threshold for urgent response: inform the medical team immediately; urgent assessment by a clinician competent in acute illness; care in an environment with monitoring (minimum hourly).',
      vi: 'Ngưỡng đáp ứng khẩn: báo ngay nhóm bác sĩ điều trị; bác sĩ có năng lực cấp cứu đánh giá khẩn; chăm sóc nơi có phương tiện theo dõi (tối thiểu mỗi giờ).',
    },
  },
  high: {
    monitoring: 'continuous',
    text: {
      en: 'Emergency response: inform the medical team immediately (at least specialist registrar level); emergency assessment by a team with critical-care competencies; consider transfer to a higher level of care; continuous monitoring.',
      vi: 'Đáp ứng cấp cứu: báo ngay nhóm bác sĩ (tối thiểu bác sĩ chuyên khoa); nhóm có năng lực hồi sức đánh giá cấp cứu; cân nhắc chuyển lên mức chăm sóc cao hơn; theo dõi liên tục.',
    },
  },
};

const CONSCIOUSNESS = ['A', 'C', 'V', 'P', 'U'] as const;

/** Validate a NEWS2 input; throws ClinicalInputError naming the field. */
export function parseNews2Input(raw: unknown): News2Input {
  const o = asRecord(raw);
  const inp: News2Input = {
    respRate: num(o.respRate, 'respRate', { min: 0, max: 80, integer: true }),
    spo2: num(o.spo2, 'spo2', { min: 0, max: 100, integer: true }),
    spo2Scale: oneOf(o.spo2Scale ?? 1, 'spo2Scale', [1, 2] as const),
    onOxygen: bool(o.onOxygen, 'onOxygen'),
    systolicBP: num(o.systolicBP, 'systolicBP', { min: 20, max: 300, integer: true }),
    pulse: num(o.pulse, 'pulse', { min: 0, max: 300, integer: true }),
    consciousness: oneOf(o.consciousness, 'consciousness', CONSCIOUSNESS),
    temperatureC: num(o.temperatureC, 'temperatureC', { min: 25, max: 45 }),
  };
  const age = optNum(o.ageYears, 'ageYears', { min: 0, max: 130 });
  if (age !== undefined) inp.ageYears = age;
  const preg = optBool(o.pregnant, 'pregnant');
  if (preg !== undefined) inp.pregnant = preg;
  return inp;
}

/** NEWS2 score, band, sub-scores, monitoring frequency and clinical response, with why. */
export function news2(raw: News2Input | unknown): News2Result {
  const i = parseNews2Input(raw);
  if ((i.ageYears !== undefined && i.ageYears < 16) || i.pregnant === true) {
    const reason = i.pregnant ? 'NEWS2 is not validated in pregnancy: use an obstetric early warning score' : 'NEWS2 is not validated under 16 years: use a paediatric early warning score';
    return {
      applicable: false, score: null, band: null, subScores: null, singleParameter3: false, monitoring: null, response: null, reason,
      explanation: [{ input: i.pregnant ? 'pregnant' : 'ageYears', value: i.pregnant ? true : i.ageYears, finding: 'not applicable', note: reason }],
      source: NEWS2_SOURCE,
    };
  }
  const sub: News2SubScores = {
    respRate: scoreRespRate(i.respRate),
    spo2: i.spo2Scale === 2 ? scoreSpo2Scale2(i.spo2, i.onOxygen) : scoreSpo2Scale1(i.spo2),
    airOrOxygen: i.onOxygen ? 2 : 0,
    systolicBP: scoreSystolicBP(i.systolicBP),
    pulse: scorePulse(i.pulse),
    consciousness: scoreConsciousness(i.consciousness),
    temperature: scoreTemperature(i.temperatureC),
  };
  const score = sub.respRate + sub.spo2 + sub.airOrOxygen + sub.systolicBP + sub.pulse + sub.consciousness + sub.temperature;
  const single3 = sub.respRate === 3 || sub.spo2 === 3 || sub.systolicBP === 3 || sub.pulse === 3 || sub.consciousness === 3 || sub.temperature === 3;
  const band = news2Band(score, single3);
  const resp = score === 0 ? RESPONSE.zero : RESPONSE[band];
  const explanation: ExplanationItem[] = [
    { input: 'respRate', value: i.respRate, points: sub.respRate, note: 'Chart 1: ≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3' },
    i.spo2Scale === 2
      ? { input: 'spo2', value: i.spo2, points: sub.spo2, note: 'SpO2 scale 2 (hypercapnic respiratory failure, set by a clinician): ≤83 → 3, 84–85 → 2, 86–87 → 1, 88–92 or ≥93 on air → 0, on oxygen 93–94 → 1, 95–96 → 2, ≥97 → 3' }
      : { input: 'spo2', value: i.spo2, points: sub.spo2, note: 'SpO2 scale 1: ≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0' },
    { input: 'onOxygen', value: i.onOxygen, points: sub.airOrOxygen, note: 'supplemental oxygen → 2, air → 0' },
    { input: 'systolicBP', value: i.systolicBP, points: sub.systolicBP, note: '≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3' },
    { input: 'pulse', value: i.pulse, points: sub.pulse, note: '≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3' },
    { input: 'consciousness', value: i.consciousness, points: sub.consciousness, note: 'alert → 0; new confusion, voice, pain or unresponsive → 3' },
    { input: 'temperatureC', value: i.temperatureC, points: sub.temperature, note: '≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2' },
  ];
  if (single3 && score < 5) explanation.push({ input: 'singleParameter3', value: true, finding: 'low-medium', note: 'a score of 3 in any single parameter triggers an urgent ward-based response' });
  if (i.ageYears === undefined) explanation.push({ input: 'ageYears', value: null, note: 'age not given: NEWS2 assumes an adult (≥ 16 years, not pregnant)' });
  return { applicable: true, score, band, subScores: sub, singleParameter3: single3, monitoring: resp.monitoring, response: resp.text, explanation, source: NEWS2_SOURCE };
}

