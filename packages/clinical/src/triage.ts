/**
 * Emergency triage.
 *
 * Sources:
 *  - World Health Organization, International Committee of the Red Cross, Médecins Sans
 *    Frontières. Interagency Integrated Triage Tool (IITT), facility tools for adults and older
 *    children (≥ 12 years) and for children (< 12 years), 2020 (WHO Clinical care of severe acute
 *    respiratory infections tool kit, 2020). Red = emergency signs, immediate; yellow = priority
 *    signs or high-risk vital signs; green = all others. ≥ 12 y high-risk vital signs: HR < 60 or
 *    > 130, RR < 10 or > 30, temperature < 36 or > 39 °C, SpO2 < 92 %, AVPU other than A; red
 *    vital sign: HR < 50 or > 150; pregnant with SBP ≥ 160 or DBP ≥ 110 → red. < 12 y: emergency
 *    signs as in WHO ETAT (2016); SpO2 < 92 % and AVPU other than A as high-risk vital signs;
 *    age-specific heart/respiratory-rate limits are taken from the facility's printed card when
 *    supplied (options.childVitalLimits).
 *  - South African Triage Scale (SATS) training manual, 2012: adult Triage Early Warning Score
 *    (TEWS, > 12 years): mobility walking 0 / with help 1 / stretcher-immobile 2; RR < 9 → 2,
 *    9–14 → 0, 15–20 → 1, 21–29 → 2, ≥ 30 → 3; HR < 41 → 2, 41–50 → 1, 51–100 → 0, 101–110 → 1,
 *    111–129 → 2, ≥ 130 → 3; SBP < 71 → 3, 71–80 → 2, 81–100 → 1, 101–199 → 0, ≥ 200 → 2;
 *    temperature cold (< 35) → 2, 35–38.4 → 0, hot (≥ 38.5) → 2; AVPU alert 0, confused 1,
 *    reacts to voice 1, reacts to pain 2, unresponsive 3; trauma 1. TEWS ≥ 7 red, 5–6 orange,
 *    3–4 yellow, 0–2 green; target times red immediate, orange < 10 min, yellow < 60 min,
 *    green < 240 min.
 * The final category is the more urgent of the IITT colour and the TEWS colour (orange counts as
 * yellow with the orange target time); TEWS never lowers an IITT category.
 * Rule version: triage 1.0.0.
 */
import { ClinicalInputError } from './errors.ts';
import type { Bilingual, ExplanationItem, RuleSource } from './types.ts';
import { asRecord, num, optBool, optNum, optOneOf } from './validate.ts';

export const TRIAGE_SOURCE: RuleSource = {
  id: 'iitt-sats-triage',
  version: '1.0.0',
  citation: 'WHO/ICRC/MSF Interagency Integrated Triage Tool (2020), ≥ 12 y and < 12 y cards; South African Triage Scale training manual (2012), adult TEWS',
};

/** Emergency (red) signs, ≥ 12 years card. */
export const RED_SIGNS_ADULT = [
  'unresponsive', 'stridor', 'respiratory-distress', 'central-cyanosis', 'capillary-refill-over-3s', 'weak-fast-pulse', 'heavy-bleeding',
  'active-convulsions', 'high-risk-trauma', 'poisoning', 'threatened-limb', 'snake-bite', 'acute-chest-or-abdominal-pain-over-50', 'ecg-acute-ischaemia',
] as const;
/** "Any two of" these (≥ 12 y) is red. Fever/hypothermia can also come from the temperature. */
export const RED_PAIR_ADULT = ['altered-mental-status', 'stiff-neck', 'hypothermia-or-fever'] as const;
/** Pregnant with any of these (≥ 12 y) is red. */
export const RED_PREGNANCY_SIGNS = ['heavy-bleeding', 'severe-abdominal-pain', 'seizures-or-altered-mental-status', 'severe-headache', 'visual-changes', 'active-labour', 'trauma'] as const;
/** Priority (yellow) signs, ≥ 12 years card. */
export const YELLOW_SIGNS_ADULT = [
  'swelling-mass-mouth-throat-neck', 'wheezing', 'vomits-everything', 'ongoing-diarrhoea', 'unable-to-feed-or-drink', 'severe-pallor', 'ongoing-bleeding',
  'recent-fainting', 'altered-mental-status-or-agitation', 'acute-general-weakness', 'headache', 'acute-focal-neurological-complaint',
  'acute-visual-disturbance', 'severe-pain', 'new-rash-worsening-or-peeling', 'visible-limb-deformity', 'open-fracture', 'suspected-dislocation',
  'violent-or-aggressive', 'other-trauma-or-burns', 'urgent-surgical-condition', 'sexual-assault', 'testicular-pain-or-priapism',
  'unable-to-pass-urine', 'time-sensitive-prophylaxis',
] as const;
/** Emergency (red) signs, < 12 years card (ETAT). */
export const RED_SIGNS_CHILD = [
  'obstructed-breathing', 'stridor', 'respiratory-distress', 'central-cyanosis', 'capillary-refill-over-3s', 'weak-fast-pulse', 'heavy-bleeding',
  'unresponsive', 'active-convulsions', 'severe-dehydration', 'high-risk-trauma', 'poisoning', 'threatened-limb', 'snake-bite',
] as const;
/** Priority (yellow) signs, < 12 years card. */
export const YELLOW_SIGNS_CHILD = [
  'tiny-baby-under-2-months', 'high-fever', 'severe-pallor', 'severe-wasting', 'oedema-both-feet', 'irritable-or-lethargic', 'burns', 'other-trauma',
  'severe-pain', 'vomits-everything', 'unable-to-feed-or-drink', 'wheezing', 'ongoing-bleeding', 'urgent-referral', 'visible-limb-deformity',
  'open-fracture', 'swelling-mass-mouth-throat-neck',
] as const;

export type Avpu = 'A' | 'C' | 'V' | 'P' | 'U';
export type TriageColour = 'red' | 'yellow' | 'green';

export interface TriageInput {
  ageYears: number;
  /** sign codes from the card for the age (see README) */
  signs?: string[];
  pregnant?: boolean;
  vitals?: {
    heartRate?: number;
    respRate?: number;
    spo2?: number;
    temperatureC?: number;
    systolicBP?: number;
    diastolicBP?: number;
    /** AVPU; C = new confusion */
    avpu?: Avpu;
  };
  /** TEWS inputs (≥ 12 y) */
  mobility?: 'walking' | 'with-help' | 'stretcher';
  trauma?: boolean;
}

export interface ChildVitalLimits {
  /** limits for children whose age (years) is < maxAgeYears; first matching row wins */
  rows: Array<{ maxAgeYears: number; heartRate?: [number, number]; respRate?: [number, number] }>;
}

export interface TriageResult {
  card: '>=12y' | '<12y';
  category: TriageColour;
  iittColour: TriageColour;
  tews: { score: number; satsColour: 'red' | 'orange' | 'yellow' | 'green'; parts: Record<string, number> } | null;
  targetMinutes: number;
  targetTime: Bilingual;
  criteria: string[];
  explanation: ExplanationItem[];
  source: RuleSource;
}

export function tewsRespRate(rr: number): number {
  return rr < 9 ? 2 : rr <= 14 ? 0 : rr <= 20 ? 1 : rr <= 29 ? 2 : 3;
}
export function tewsHeartRate(hr: number): number {
  return hr < 41 ? 2 : hr <= 50 ? 1 : hr <= 100 ? 0 : hr <= 110 ? 1 : hr <= 129 ? 2 : 3;
}
export function tewsSystolicBP(sbp: number): number {
  return sbp < 71 ? 3 : sbp <= 80 ? 2 : sbp <= 100 ? 1 : sbp <= 199 ? 0 : 2;
}
export function tewsTemperature(t: number): number {
  return t < 35 ? 2 : t < 38.5 ? 0 : 2;
}
export function tewsAvpu(a: Avpu): number {
  return a === 'A' ? 0 : a === 'C' || a === 'V' ? 1 : a === 'P' ? 2 : 3;
}
export function tewsMobility(m: 'walking' | 'with-help' | 'stretcher'): number {
  return m === 'walking' ? 0 : m === 'with-help' ? 1 : 2;
}
export function satsColour(tews: number): 'red' | 'orange' | 'yellow' | 'green' {
  return tews >= 7 ? 'red' : tews >= 5 ? 'orange' : tews >= 3 ? 'yellow' : 'green';
}

const TARGET: Record<'red' | 'orange' | 'yellow' | 'green', [number, Bilingual]> = {
  red: [0, { en: 'immediately (resuscitation area)', vi: 'ngay lập tức (khu hồi sức cấp cứu)' }],
  orange: [10, { en: 'within 10 minutes', vi: 'trong vòng 10 phút' }],
  yellow: [60, { en: 'within 60 minutes, before green patients', vi: 'trong vòng 60 phút, trước người bệnh nhóm xanh' }],
  green: [240, { en: 'within 4 hours (routine queue)', vi: 'trong vòng 4 giờ (hàng chờ thường)' }],
};

const AVPU = ['A', 'C', 'V', 'P', 'U'] as const;

export function triage(raw: TriageInput | unknown, options: { childVitalLimits?: ChildVitalLimits } = {}): TriageResult {
  const o = asRecord(raw);
  const age = num(o.ageYears, 'ageYears', { min: 0, max: 130 });
  const adult = age >= 12;
  const pregnant = optBool(o.pregnant, 'pregnant') ?? false;
  const allowed = new Set<string>(adult ? [...RED_SIGNS_ADULT, ...RED_PAIR_ADULT, ...RED_PREGNANCY_SIGNS, ...YELLOW_SIGNS_ADULT] : [...RED_SIGNS_CHILD, ...YELLOW_SIGNS_CHILD]);
  const signs = new Set<string>();
  if (o.signs !== undefined && o.signs !== null) {
    if (!Array.isArray(o.signs)) throw new ClinicalInputError('invalid_type', 'signs', 'must be a list of sign codes');
    o.signs.forEach((s, i) => {
      if (typeof s !== 'string' || !allowed.has(s)) throw new ClinicalInputError('invalid_enum', `signs[${i}]`, `unknown sign for the ${adult ? '≥ 12 y' : '< 12 y'} card: ${JSON.stringify(s)}`);
      signs.add(s);
    });
  }
  const v = asRecord(o.vitals ?? {}, 'vitals');
  const hr = optNum(v.heartRate, 'vitals.heartRate', { min: 0, max: 350 });
  const rr = optNum(v.respRate, 'vitals.respRate', { min: 0, max: 150 });
  const spo2 = optNum(v.spo2, 'vitals.spo2', { min: 0, max: 100 });
  const temp = optNum(v.temperatureC, 'vitals.temperatureC', { min: 20, max: 45 });
  const sbp = optNum(v.systolicBP, 'vitals.systolicBP', { min: 0, max: 350 });
  const dbp = optNum(v.diastolicBP, 'vitals.diastolicBP', { min: 0, max: 250 });
  const avpu = optOneOf(v.avpu, 'vitals.avpu', AVPU);
  const mobility = optOneOf(o.mobility, 'mobility', ['walking', 'with-help', 'stretcher'] as const);
  const trauma = optBool(o.trauma, 'trauma');

  const red: string[] = [];
  const yellow: string[] = [];
  const ex: ExplanationItem[] = [];
  if (adult) {
    for (const s of RED_SIGNS_ADULT) if (signs.has(s)) red.push(s);
    if (avpu === 'U' && !red.includes('unresponsive')) red.push('unresponsive');
    const pair = new Set(RED_PAIR_ADULT.filter((s) => signs.has(s)));
    if (temp !== undefined && (temp < 36 || temp > 39)) pair.add('hypothermia-or-fever');
    if (avpu !== undefined && avpu !== 'A') pair.add('altered-mental-status');
    if (pair.size >= 2) red.push(`any-two-of:${[...pair].join('+')}`);
    if (hr !== undefined && (hr < 50 || hr > 150)) red.push(`heart-rate-${hr}`);
    if (pregnant) {
      for (const s of RED_PREGNANCY_SIGNS) if (signs.has(s)) red.push(`pregnant-with-${s}`);
      if ((sbp !== undefined && sbp >= 160) || (dbp !== undefined && dbp >= 110)) red.push('pregnant-with-sbp>=160-or-dbp>=110');
    }
    for (const s of YELLOW_SIGNS_ADULT) if (signs.has(s)) yellow.push(s);
    for (const s of RED_PAIR_ADULT) if (signs.has(s) && pair.size < 2) yellow.push(`${s} (one of the red pair)`);
    if (hr !== undefined && (hr < 60 || hr > 130)) yellow.push(`high-risk heart rate ${hr}`);
    if (rr !== undefined && (rr < 10 || rr > 30)) yellow.push(`high-risk respiratory rate ${rr}`);
    if (temp !== undefined && (temp < 36 || temp > 39)) yellow.push(`high-risk temperature ${temp}`);
    if (spo2 !== undefined && spo2 < 92) yellow.push(`high-risk SpO2 ${spo2}`);
    if (avpu !== undefined && avpu !== 'A') yellow.push(`AVPU ${avpu}`);
  } else {
    for (const s of RED_SIGNS_CHILD) if (signs.has(s)) red.push(s);
    if (avpu === 'U' || avpu === 'P') red.push(`coma (AVPU ${avpu})`);
    for (const s of YELLOW_SIGNS_CHILD) if (signs.has(s)) yellow.push(s);
    if (age < 2 / 12 && !signs.has('tiny-baby-under-2-months')) yellow.push('tiny-baby-under-2-months (from age)');
    if (spo2 !== undefined && spo2 < 92) yellow.push(`high-risk SpO2 ${spo2}`);
    if (avpu === 'V' || avpu === 'C') yellow.push(`AVPU ${avpu}`);
    if (temp !== undefined && temp >= 39) yellow.push(`high fever ${temp}`);
    const row = options.childVitalLimits?.rows.find((r) => age < r.maxAgeYears);
    if (row?.heartRate && hr !== undefined && (hr < row.heartRate[0] || hr > row.heartRate[1])) yellow.push(`high-risk heart rate ${hr} for age`);
    if (row?.respRate && rr !== undefined && (rr < row.respRate[0] || rr > row.respRate[1])) yellow.push(`high-risk respiratory rate ${rr} for age`);
    if (!row && (hr !== undefined || rr !== undefined)) ex.push({ input: 'vitals', value: { heartRate: hr ?? null, respRate: rr ?? null }, note: 'no age-specific heart/respiratory-rate limits supplied (options.childVitalLimits): not used for the < 12 y card' });
  }
  const iitt: TriageColour = red.length ? 'red' : yellow.length ? 'yellow' : 'green';
  ex.push({ input: 'signs', value: [...signs], finding: iitt, note: red.length ? `red criteria: ${red.join(', ')}` : yellow.length ? `yellow criteria: ${yellow.join(', ')}` : 'no red or yellow criteria' });

  let tews: TriageResult['tews'] = null;
  if (adult) {
    const missing: string[] = [];
    if (mobility === undefined) missing.push('mobility');
    if (rr === undefined) missing.push('vitals.respRate');
    if (hr === undefined) missing.push('vitals.heartRate');
    if (sbp === undefined) missing.push('vitals.systolicBP');
    if (temp === undefined) missing.push('vitals.temperatureC');
    if (avpu === undefined) missing.push('vitals.avpu');
    if (trauma === undefined) missing.push('trauma');
    if (missing.length === 0) {
      const parts = { mobility: tewsMobility(mobility!), respRate: tewsRespRate(rr!), heartRate: tewsHeartRate(hr!), systolicBP: tewsSystolicBP(sbp!), temperature: tewsTemperature(temp!), avpu: tewsAvpu(avpu!), trauma: trauma ? 1 : 0 };
      const score = parts.mobility + parts.respRate + parts.heartRate + parts.systolicBP + parts.temperature + parts.avpu + parts.trauma;
      tews = { score, satsColour: satsColour(score), parts };
      for (const [k, p] of Object.entries(parts)) ex.push({ input: k, value: k === 'mobility' ? mobility : k === 'respRate' ? rr : k === 'heartRate' ? hr : k === 'systolicBP' ? sbp : k === 'temperature' ? temp : k === 'avpu' ? avpu : trauma, points: p, note: 'SATS adult TEWS' });
      ex.push({ input: 'tews', value: score, finding: tews.satsColour, note: 'TEWS ≥ 7 red, 5–6 orange, 3–4 yellow, 0–2 green' });
    } else {
      ex.push({ input: 'tews', value: null, note: `TEWS not computed: missing ${missing.join(', ')}` });
    }
  }
  const rank = { green: 0, yellow: 1, orange: 2, red: 3 } as const;
  let level: 'red' | 'orange' | 'yellow' | 'green' = iitt;
  if (tews && rank[tews.satsColour] > rank[level]) level = tews.satsColour;
  if (iitt === 'yellow' && tews?.satsColour === 'orange') level = 'orange';
  const category: TriageColour = level === 'orange' ? 'yellow' : level;
  const [minutes, text] = TARGET[level];
  if (category !== iitt) ex.push({ input: 'tews', value: tews!.score, finding: category, note: 'TEWS raised the IITT category' });
  return {
    card: adult ? '>=12y' : '<12y',
    category,
    iittColour: iitt,
    tews,
    targetMinutes: minutes,
    targetTime: text,
    criteria: red.length ? red : yellow,
    explanation: ex,
    source: TRIAGE_SOURCE,
  };
}
