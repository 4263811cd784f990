/**
 * Rules runner: when a visit's vitals or labs are saved (in the same transaction), the rules that
 * apply run and each output is recorded as a suggestion (tool id + version from the rule's source).
 *  - NEWS2 (RCP 2017) for adults ≥ 16 from the visit's vitals (manual entries only: bedside device
 *    readings are scored for alerts by the monitoring module);
 *  - AKI stage (NHS England) over the creatinine series when a creatinine is saved (stage ≥ 1);
 *  - lab flags (H/L, critical, delta) for the saved labs (when anything is flagged);
 *  - adult BMI (≥ 19 y) when a weight is saved (height from this visit or the latest one).
 */
import {
  ADULT_BMI_MIN_AGE_YEARS, adultBmi, akiStage, DEFAULT_REFERENCE_INTERVALS, labFlags, LABS_SOURCE, type LabFlag, type LabResultInput, news2, type News2Band, type ReferenceInterval,
} from '@yte/clinical';
import type { Queryable } from '../../db/db.ts';
import type { ObservationRow } from '../observations/observations.repo.ts';
import type { ObservationsSaved } from '../observations/pipeline.ts';
import { VITALS } from '../observations/vitals.ts';
import { type NewSuggestion, recordSuggestion } from '../suggestions/suggestions.service.ts';
import type { SuggestionRow } from '../suggestions/suggestions.repo.ts';
import { ageYearsAt, round, tryRule } from './common.ts';
import { assembleAki, assembleNews2, isCreatinine } from './inputs.ts';
import { CREATININE_MGDL, CREATININE_UMOL, LAB_CODES, toCanonical } from './labs-map.ts';

/** Events whose outputs the screening module records itself (it saves measurements through the pipeline). */
export const handledElsewhere = new WeakSet<ObservationsSaved>();

const OBS_COLS = 'id, patient_id, encounter_id, facility_id, category, code_system, code, display, value_num, value_text, unit, ref_low, ref_high, effective_at, recorded_by, device_id, created_at';

export const BAND_VI: Record<News2Band, string> = { low: 'thấp', 'low-medium': 'thấp–trung bình', medium: 'trung bình', high: 'cao' };
export const NEWS2_SEVERITY: Record<News2Band, SuggestionRow['severity']> = { low: 'info', 'low-medium': 'warning', medium: 'urgent', high: 'emergency' };

const ANALYTE_VI: Record<string, string> = {
  sodium: 'Natri', potassium: 'Kali', urea: 'Ure', creatinine: 'Creatinin', glucose: 'Glucose', adjustedCalcium: 'Canxi hiệu chỉnh',
  magnesium: 'Magie', phosphate: 'Phosphat', alt: 'ALT', ck: 'CK', amylase: 'Amylase', crp: 'CRP', haemoglobin: 'Hemoglobin',
  platelets: 'Tiểu cầu', wbc: 'Bạch cầu', neutrophils: 'Bạch cầu trung tính',
};

export interface RunContext {
  patientId: string;
  encounterId: string | null;
  facilityId: string;
  birthDate: string;
  sex: 'male' | 'female' | 'other';
  now: Date;
}

export async function patientBasics(q: Queryable, patientId: string) {
  return (await q.query<{ birth_date: string; sex: 'male' | 'female' | 'other'; full_name: string; facility_id: string }>(
    'SELECT birth_date, sex, full_name, facility_id FROM patient WHERE id = $1', [patientId]))[0];
}

/** The pipeline hook. */
export async function onObservationsSaved(q: Queryable, ev: ObservationsSaved): Promise<SuggestionRow[]> {
  if (ev.source !== 'manual' || handledElsewhere.has(ev) || ev.rows.length === 0) return [];
  const p = await patientBasics(q, ev.patientId);
  if (!p) return [];
  const ctx: RunContext = { patientId: ev.patientId, encounterId: ev.encounterId, facilityId: ev.facilityId, birthDate: p.birth_date, sex: p.sex, now: ev.now };
  const out: SuggestionRow[] = [];
  const push = (s: SuggestionRow | null) => s && out.push(s);
  push(await news2Suggestion(q, ctx, ev.rows));
  push(await labSuggestion(q, ctx, ev.rows));
  push(await akiSuggestion(q, ctx, ev.rows));
  push(await bmiSuggestion(q, ctx, ev.rows));
  return out;
}

const atOf = (rows: ObservationRow[]) => new Date(Math.max(...rows.map((r) => new Date(r.effective_at).getTime())));

async function news2Suggestion(q: Queryable, ctx: RunContext, rows: ObservationRow[]) {
  const vitals = rows.filter((r) => r.category === 'vital-signs');
  if (vitals.length === 0) return null;
  const at = atOf(vitals);
  const age = ageYearsAt(ctx.birthDate, at);
  if (age < 16) return null;
  const a = assembleNews2(vitals, age);
  if (!a.input) return null;
  const r = tryRule(() => news2(a.input));
  if (!r || !r.applicable || r.score === null || !r.band) return null;
  const resp = r.response!;
  return recordSuggestion(q, {
    toolId: r.source.id, toolVersion: r.source.version, kind: 'rule', patientId: ctx.patientId, encounterId: ctx.encounterId, facilityId: ctx.facilityId,
    subjectRef: ctx.encounterId ? `Encounter/${ctx.encounterId}` : null,
    inputs: { ...a.input, observationIds: a.observationIds, notes: a.notes, pregnancy: 'not recorded: assumed not pregnant' },
    output: { score: r.score, band: r.band, subScores: r.subScores, singleParameter3: r.singleParameter3, monitoring: r.monitoring, response: r.response },
    explanation: r.explanation,
    summary: `NEWS2 ${r.score} (${r.band} risk). ${resp.en}`,
    summaryVi: `NEWS2 ${r.score} điểm (nguy cơ ${BAND_VI[r.band]}). ${resp.vi}`,
    severity: r.score === 0 ? 'info' : NEWS2_SEVERITY[r.band],
    score: r.score,
  }, ctx.now);
}

/** The latest earlier result of the same analyte (any mapped code), in canonical units. */
async function previousCanonical(q: Queryable, patientId: string, analyte: string, before: Date, excludeIds: string[]): Promise<number | undefined> {
  const codes = Object.entries(LAB_CODES).filter(([, d]) => d.analyte === analyte).map(([c]) => c);
  const prev = await q.query<ObservationRow>(
    `SELECT ${OBS_COLS} FROM observation WHERE patient_id = $1 AND code = ANY($2::text[]) AND effective_at < $3 AND NOT (id = ANY($4::uuid[]))
     ORDER BY effective_at DESC LIMIT 5`,
    [patientId, codes, before.toISOString(), excludeIds],
  );
  for (const r of prev) {
    const c = toCanonical(r.code, r.value_num, r.unit);
    if (c) return c.value;
  }
  return undefined;
}

export interface FlaggedLab {
  observation: ObservationRow;
  flag: LabFlag;
}

/** Lab flags for lab rows of one patient (one call to the rule); rows the rule cannot read are left out. */
export async function flagLabs(q: Queryable, ctx: { patientId: string; birthDate: string; sex: 'male' | 'female' }, labs: ObservationRow[], withDelta = true): Promise<FlaggedLab[]> {
  const inputs: Array<{ row: ObservationRow; input: LabResultInput; ri: ReferenceInterval | null }> = [];
  const ids = labs.map((r) => r.id);
  for (const row of labs) {
    const c = toCanonical(row.code, row.value_num, row.unit, row.ref_low, row.ref_high);
    if (!c) continue;
    const input: LabResultInput = { analyte: c.analyte, value: c.value };
    if (withDelta) {
      const prev = await previousCanonical(q, ctx.patientId, c.analyte, new Date(row.effective_at), ids);
      if (prev !== undefined) input.previousValue = prev;
    }
    const ri: ReferenceInterval | null = c.refLow !== null || c.refHigh !== null
      ? { analyte: c.analyte, minAgeYears: 0, maxAgeYears: 200, low: c.refLow, high: c.refHigh, source: 'reporting laboratory' }
      : null;
    inputs.push({ row, input, ri });
  }
  const out: FlaggedLab[] = [];
  // One rule call per result: each may carry its own laboratory reference interval.
  for (const x of inputs) {
    const age = ageYearsAt(ctx.birthDate, new Date(x.row.effective_at));
    const r = tryRule(() => labFlags({ ageYears: age, sex: ctx.sex, results: [x.input] }, { referenceIntervals: x.ri ? [x.ri, ...DEFAULT_REFERENCE_INTERVALS] : DEFAULT_REFERENCE_INTERVALS }));
    if (r?.results[0]) out.push({ observation: x.row, flag: r.results[0] });
  }
  return out;
}

const isFlagged = (f: LabFlag) => f.critical !== null || f.flag === 'H' || f.flag === 'L' || f.delta?.significant === true;

function describeFlag(f: LabFlag, lang: 'en' | 'vi') {
  const name = lang === 'vi' ? ANALYTE_VI[f.analyte] ?? f.analyte : f.analyte;
  const parts: string[] = [];
  if (f.critical) parts.push(lang === 'vi' ? `nguy kịch ${f.critical.direction === 'high' ? 'cao' : 'thấp'}` : `critical ${f.critical.direction}`);
  else if (f.flag === 'H' || f.flag === 'L') parts.push(f.flag);
  if (f.delta?.significant) parts.push(lang === 'vi' ? `thay đổi ${f.delta.changePercent}% so với lần trước` : `changed ${f.delta.changePercent}% since last`);
  return `${name} ${round(f.value, 2)} ${f.unit} ${parts.join(', ')}`;
}

async function labSuggestion(q: Queryable, ctx: RunContext, rows: ObservationRow[]) {
  const labs = rows.filter((r) => r.category === 'laboratory');
  if (labs.length === 0 || ctx.sex === 'other') return null;
  const flagged = (await flagLabs(q, { ...ctx, sex: ctx.sex }, labs)).filter((f) => isFlagged(f.flag));
  if (flagged.length === 0) return null;
  const anyCritical = flagged.some((f) => f.flag.critical);
  const first = flagged[0]!;
  return recordSuggestion(q, {
    toolId: LABS_SOURCE.id, toolVersion: LABS_SOURCE.version, kind: 'rule',
    patientId: ctx.patientId, encounterId: ctx.encounterId, facilityId: ctx.facilityId,
    subjectRef: `Observation/${first.observation.id}`,
    inputs: { ageYears: round(ageYearsAt(ctx.birthDate, new Date(first.observation.effective_at)), 2), sex: ctx.sex, results: flagged.map((f) => ({ observationId: f.observation.id, code: f.observation.code, value: f.observation.value_num, unit: f.observation.unit, refLow: f.observation.ref_low, refHigh: f.observation.ref_high, canonical: { analyte: f.flag.analyte, value: f.flag.value, unit: f.flag.unit }, previousValue: f.flag.delta?.previousValue ?? null })) },
    output: { results: flagged.map((f) => ({ observationId: f.observation.id, analyte: f.flag.analyte, value: f.flag.value, unit: f.flag.unit, flag: f.flag.flag, critical: f.flag.critical, delta: f.flag.delta, referenceInterval: f.flag.referenceInterval })), anyCritical },
    explanation: flagged.flatMap((f) => f.flag.explanation),
    summary: `${anyCritical ? 'Critical lab value — tell the responsible clinician now. ' : 'Abnormal lab results. '}${flagged.map((f) => describeFlag(f.flag, 'en')).join('; ')}`,
    summaryVi: `${anyCritical ? 'Kết quả xét nghiệm nguy kịch — báo ngay bác sĩ phụ trách. ' : 'Kết quả xét nghiệm bất thường. '}${flagged.map((f) => describeFlag(f.flag, 'vi')).join('; ')}`,
    severity: anyCritical ? 'urgent' : 'warning',
    score: flagged.filter((f) => f.flag.critical).length,
  }, ctx.now);
}

export const AKI_SEVERITY: Record<1 | 2 | 3, SuggestionRow['severity']> = { 1: 'warning', 2: 'urgent', 3: 'emergency' };

/** The creatinine series of a patient for the year before `until` (inclusive). */
export async function creatinineSeries(q: Queryable, patientId: string, until: Date): Promise<ObservationRow[]> {
  return q.query<ObservationRow>(
    `SELECT ${OBS_COLS} FROM observation WHERE patient_id = $1 AND code = ANY($2::text[]) AND effective_at <= $3 AND effective_at >= $4 ORDER BY effective_at`,
    [patientId, [CREATININE_UMOL, CREATININE_MGDL], until.toISOString(), new Date(until.getTime() - 366 * 86_400_000).toISOString()],
  );
}

async function akiSuggestion(q: Queryable, ctx: RunContext, rows: ObservationRow[]) {
  const creat = rows.filter((r) => isCreatinine(r.code));
  if (creat.length === 0 || ctx.sex === 'other') return null;
  const at = atOf(creat);
  const series = await creatinineSeries(q, ctx.patientId, at);
  const input = assembleAki(series, ageYearsAt(ctx.birthDate, at), ctx.sex);
  if (!input) return null;
  const r = tryRule(() => akiStage(input));
  if (!r || r.stage === 0) return null;
  return recordSuggestion(q, {
    toolId: r.source.id, toolVersion: r.source.version, kind: 'rule', patientId: ctx.patientId, encounterId: ctx.encounterId, facilityId: ctx.facilityId,
    subjectRef: `Observation/${creat[creat.length - 1]!.id}`,
    inputs: input,
    output: { stage: r.stage, current: r.current, baseline: r.baseline, rv1UmolL: r.rv1UmolL, rv2UmolL: r.rv2UmolL, ratio: r.ratio, rise48hUmolL: r.rise48hUmolL },
    explanation: r.explanation,
    summary: `AKI stage ${r.stage}: creatinine ${r.current.creatinineUmolL} µmol/L${r.baseline ? `, ${r.baseline.ratio}× baseline (${r.baseline.kind} ${r.baseline.valueUmolL})` : ''}. Review fluids, nephrotoxic drugs and urine output.`,
    summaryVi: `Tổn thương thận cấp (AKI) giai đoạn ${r.stage}: creatinin ${r.current.creatinineUmolL} µmol/L${r.baseline ? `, gấp ${r.baseline.ratio} lần nền (${r.baseline.kind} ${r.baseline.valueUmolL})` : ''}. Xem lại dịch, thuốc độc thận và nước tiểu.`,
    severity: AKI_SEVERITY[r.stage],
    score: r.stage,
  }, ctx.now);
}

async function bmiSuggestion(q: Queryable, ctx: RunContext, rows: ObservationRow[]) {
  const w = rows.find((r) => r.code === VITALS.weightKg.loinc && r.value_num !== null);
  if (!w) return null;
  const at = new Date(w.effective_at);
  const age = ageYearsAt(ctx.birthDate, at);
  if (age < ADULT_BMI_MIN_AGE_YEARS) return null;
  let h = rows.find((r) => r.code === VITALS.heightCm.loinc && r.value_num !== null);
  if (!h) {
    h = (await q.query<ObservationRow>(`SELECT ${OBS_COLS} FROM observation WHERE patient_id = $1 AND code = $2 AND value_num IS NOT NULL AND effective_at <= $3 ORDER BY effective_at DESC LIMIT 1`, [ctx.patientId, VITALS.heightCm.loinc, at.toISOString()]))[0];
  }
  if (!h) return null;
  const r = tryRule(() => adultBmi({ weightKg: w.value_num!, heightCm: h.value_num!, ageYears: age }));
  if (!r) return null;
  return recordSuggestion(q, {
    toolId: r.source.id, toolVersion: r.source.version, kind: 'rule', patientId: ctx.patientId, encounterId: ctx.encounterId, facilityId: ctx.facilityId,
    subjectRef: `Observation/${w.id}`,
    inputs: { weightKg: w.value_num, heightCm: h.value_num, ageYears: round(age, 2), weightObservationId: w.id, heightObservationId: h.id, heightMeasuredAt: new Date(h.effective_at).toISOString() },
    output: { bmi: r.bmi, asiaPacific: r.asiaPacific, who: r.who },
    explanation: r.explanation,
    summary: `BMI ${r.bmi} kg/m² — ${r.label.en}. ${r.advice.en}`,
    summaryVi: `BMI ${r.bmi} kg/m² — ${r.label.vi}. ${r.advice.vi}`,
    severity: r.asiaPacific === 'normal' ? 'info' : 'warning',
    score: r.bmi,
  }, ctx.now);
}
