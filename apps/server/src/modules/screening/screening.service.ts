/**
 * Station screening: TB (WHO 2021 symptom screen ± chest X-ray CAD), CVD risk (WHO 2019, lab or
 * non-lab), child nutrition (WHO growth standards) and adult BMI. One command = one transaction:
 * the measurements become observations of the visit, the rule output becomes a suggestion, the
 * screening row keeps inputs and result, and an appointment and/or a printable referral note
 * follow when asked. Bad input is refused before anything is written.
 */
import {
  adultBmi, type Bilingual, cvdRisk, type CvdBand, growthAssessment, type GrowthResult, type RuleSource, tbScreen,
} from '@yte/clinical';
import type { Db, Queryable } from '../../db/db.ts';
import { badInput, forbidden, notFound, patientNotFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, READING_ROLES, RECORDING_ROLES } from '../auth/roles.ts';
import { ageDaysAt, ageYearsAt, localDay, round, runRule } from '../decision/common.ts';
import { handledElsewhere } from '../decision/runner.ts';
import { type EncounterRow, findEncounterScoped, insertEncounter } from '../encounters/encounters.repo.ts';
import { readPatientRecords } from '../encounters/encounters.service.ts';
import { labsToRows, type LabInput, vitalsToRows } from '../observations/build.ts';
import { insertObservations } from '../observations/observations.repo.ts';
import type { ObservationPipeline, ObservationsSaved } from '../observations/pipeline.ts';
import { checkVitals, type VitalsInput } from '../observations/vitals.ts';
import { findPatientScoped, type PatientRow } from '../patients/patients.repo.ts';
import { recordSuggestion, toSuggestion } from '../suggestions/suggestions.service.ts';
import type { SuggestionRow } from '../suggestions/suggestions.repo.ts';
import { type AppointmentRow, appointmentsForPatient, insertAppointment, toAppointment } from '../triage/appointments.repo.ts';
import { assertClinicalInstant, parseClinicalInstant } from '../observations/instants.ts';
import {
  findReferralScoped, findScreeningScoped, insertReferral, insertScreening, type ReferralRow, referralsFor, type ScreeningKind,
  type ScreeningRow, screeningsForPatient, toReferral, toScreening,
} from './screening.repo.ts';

export interface FollowUp {
  appointment?: { at: string; reason?: string };
  referral?: { toFacility: string; note?: string };
}

export interface ScreeningBase {
  patientId: string;
  facilityId: string;
  encounterId?: string;
  performedAt?: string;
  followUp?: FollowUp;
}

export interface TbBody extends ScreeningBase {
  hiv?: boolean;
  symptoms: { cough?: boolean; coughWeeks?: number; fever?: boolean; weightLoss?: boolean; nightSweats?: boolean; poorWeightGain?: boolean; tbContact?: boolean };
  cad?: { score: number; threshold: number };
  cxrAbnormal?: boolean;
  crpMgL?: number;
}
export interface CvdBody extends ScreeningBase {
  model: 'lab' | 'nonlab';
  systolicBP: number;
  diastolicBP?: number;
  smoker: boolean;
  diabetes?: boolean;
  totalCholesterolMmolL?: number;
  weightKg?: number;
  heightCm?: number;
}
export interface NutritionBody extends ScreeningBase {
  weightKg?: number;
  lengthOrHeightCm?: number;
  measured?: 'recumbent' | 'standing';
  muacMm?: number;
  headCm?: number;
  oedema?: boolean;
}
export interface BmiBody extends ScreeningBase {
  weightKg: number;
  heightCm: number;
}

interface Computed {
  source: RuleSource;
  inputs: Record<string, unknown>;
  result: Record<string, unknown>;
  explanation: unknown;
  summary: string;
  summaryVi: string;
  severity: SuggestionRow['severity'];
  score: number | null;
  /** counselling / advice to print or hand over */
  counselling: Bilingual[];
  vitals?: VitalsInput;
  labs?: LabInput[];
}

type Patient = PatientRow;

// ---- rules → computed screening -------------------------------------------------------------

function tb(b: TbBody, p: Patient, at: Date): Computed {
  const ageYears = round(ageYearsAt(p.birth_date, at), 2);
  const input = { ageYears, ...(b.hiv !== undefined ? { hiv: b.hiv } : {}), symptoms: b.symptoms, ...(b.cad ? { cad: b.cad } : {}), ...(b.cxrAbnormal !== undefined ? { cxrAbnormal: b.cxrAbnormal } : {}), ...(b.crpMgL !== undefined ? { crpMgL: b.crpMgL } : {}) };
  const r = runRule(() => tbScreen(input), (f) => (f === 'ageYears' ? 'patient.birthDate' : f));
  const refer = r.decision === 'refer-molecular-test';
  return {
    source: r.source, inputs: input, result: r as unknown as Record<string, unknown>, explanation: r.explanation,
    summary: `TB screen ${refer ? 'positive' : 'negative'}: ${r.reasons.map((x) => x.en).join('; ')}`,
    summaryVi: `Sàng lọc lao ${refer ? 'dương tính' : 'âm tính'}: ${r.reasons.map((x) => x.vi).join('; ')}`,
    severity: refer ? 'warning' : 'info',
    score: b.cad ? (r.cad?.score ?? null) : r.symptomScreen.positives.length,
    counselling: r.reasons,
  };
}

const CVD_SEVERITY: Record<CvdBand, SuggestionRow['severity']> = { '<5': 'info', '5-<10': 'info', '10-<20': 'warning', '20-<30': 'urgent', '>=30': 'urgent' };

function cvd(b: CvdBody, p: Patient, at: Date): Computed {
  if (p.sex === 'other') throw badInput('SEX_REQUIRED', 'The WHO CVD charts are sex-specific: record the patient\'s sex as male or female', 'Bảng nguy cơ tim mạch WHO phân theo giới: cần ghi giới tính nam hoặc nữ', 'patient.sex');
  let bmi: number | undefined;
  if (b.model === 'nonlab') {
    if (b.weightKg === undefined) throw badInput('REQUIRED', 'weightKg is required for the non-laboratory model (BMI)', 'Cần cân nặng để tính BMI (mô hình không xét nghiệm)', 'weightKg');
    if (b.heightCm === undefined) throw badInput('REQUIRED', 'heightCm is required for the non-laboratory model (BMI)', 'Cần chiều cao để tính BMI (mô hình không xét nghiệm)', 'heightCm');
    bmi = round(b.weightKg / (b.heightCm / 100) ** 2, 1);
  }
  const ageYears = Math.floor(ageYearsAt(p.birth_date, at));
  const input = {
    model: b.model, sex: p.sex, ageYears, systolicBP: b.systolicBP, smoker: b.smoker,
    ...(b.diabetes !== undefined ? { diabetes: b.diabetes } : {}),
    ...(b.totalCholesterolMmolL !== undefined ? { totalCholesterolMmolL: b.totalCholesterolMmolL } : {}),
    ...(bmi !== undefined ? { bmi } : {}),
  };
  const r = runRule(() => cvdRisk(input), (f) => (f === 'ageYears' ? 'patient.birthDate' : f === 'bmi' ? 'weightKg' : f === 'sex' ? 'patient.sex' : f));
  const vitals: VitalsInput = { systolicBP: b.systolicBP };
  if (b.diastolicBP !== undefined) vitals.diastolicBP = b.diastolicBP;
  if (b.weightKg !== undefined) vitals.weightKg = b.weightKg;
  if (b.heightCm !== undefined) vitals.heightCm = b.heightCm;
  const labs: LabInput[] = b.model === 'lab' && b.totalCholesterolMmolL !== undefined
    ? [{ loinc: '14647-2', value: b.totalCholesterolMmolL, unit: 'mmol/L', display: 'Cholesterol [Moles/volume] in Serum or Plasma' }] : [];
  return {
    source: r.source, inputs: input, result: r as unknown as Record<string, unknown>, explanation: r.explanation,
    summary: `10-year CVD risk ${r.chartPercent}% (band ${r.band}, WHO ${b.model === 'lab' ? 'lab-based' : 'non-lab'} chart). ${r.advice.en}`,
    summaryVi: `Nguy cơ tim mạch 10 năm ${r.chartPercent}% (nhóm ${r.band}, bảng WHO ${b.model === 'lab' ? 'có xét nghiệm' : 'không xét nghiệm'}). ${r.advice.vi}`,
    severity: CVD_SEVERITY[r.band], score: r.riskPercent, counselling: [r.advice], vitals, labs,
  };
}

const SEV_LABEL = {
  stunting: { severe: ['severe stunting', 'thấp còi nặng'], moderate: ['stunting', 'thấp còi'] },
  wasting: { severe: ['severe wasting', 'gầy còm nặng'], moderate: ['wasting', 'gầy còm'] },
  underweight: { severe: ['severely underweight', 'nhẹ cân nặng'], moderate: ['underweight', 'nhẹ cân'] },
  thinness: { severe: ['severe thinness', 'gầy nặng'], moderate: ['thinness', 'gầy'] },
} as const;

/** The classification in words, en and vi (labels only; the rule classifies). */
export function nutritionLabels(r: GrowthResult): { en: string[]; vi: string[] } {
  const en: string[] = [];
  const vi: string[] = [];
  const c = r.classification;
  if (c.acuteMalnutrition === 'SAM') { en.push('severe acute malnutrition (SAM)'); vi.push('suy dinh dưỡng cấp tính nặng (SAM)'); }
  else if (c.acuteMalnutrition === 'MAM') { en.push('moderate acute malnutrition (MAM)'); vi.push('suy dinh dưỡng cấp tính vừa (MAM)'); }
  for (const k of ['wasting', 'stunting', 'underweight', 'thinness'] as const) {
    const s = c[k];
    if (s === 'severe' || s === 'moderate') {
      if (k === 'wasting' && c.acuteMalnutrition && c.acuteMalnutrition !== 'none') continue;
      en.push(SEV_LABEL[k][s][0]);
      vi.push(SEV_LABEL[k][s][1]);
    }
  }
  if (c.overweight === 'obesity') { en.push('obesity'); vi.push('béo phì'); }
  else if (c.overweight === 'overweight') { en.push('overweight'); vi.push('thừa cân'); }
  if (r.flags.length) { en.push(`implausible ${r.flags.join(', ').toUpperCase()}: re-measure`); vi.push(`${r.flags.join(', ').toUpperCase()} bất thường: đo lại`); }
  if (en.length === 0) { en.push('normal growth'); vi.push('phát triển bình thường'); }
  return { en, vi };
}

function nutrition(b: NutritionBody, p: Patient, at: Date): Computed {
  if (p.sex === 'other') throw badInput('SEX_REQUIRED', 'The WHO growth standards are sex-specific: record the child\'s sex as male or female', 'Chuẩn tăng trưởng WHO phân theo giới: cần ghi giới tính nam hoặc nữ', 'patient.sex');
  if (b.weightKg === undefined && b.lengthOrHeightCm === undefined && b.muacMm === undefined) {
    throw badInput('REQUIRED', 'Give at least a weight, a length/height or a MUAC', 'Cần nhập ít nhất cân nặng, chiều dài/chiều cao hoặc vòng cánh tay', 'weightKg');
  }
  if (b.lengthOrHeightCm !== undefined && b.measured === undefined) {
    throw badInput('REQUIRED', 'Say how length/height was measured (recumbent or standing)', 'Cần chọn cách đo: nằm (chiều dài) hoặc đứng (chiều cao)', 'measured');
  }
  const ageDays = ageDaysAt(p.birth_date, at);
  const input = {
    sex: p.sex, ageDays,
    ...(b.weightKg !== undefined ? { weightKg: b.weightKg } : {}),
    ...(b.lengthOrHeightCm !== undefined ? { lengthOrHeightCm: b.lengthOrHeightCm, measured: b.measured } : {}),
    ...(b.muacMm !== undefined ? { muacMm: b.muacMm } : {}),
    ...(b.headCm !== undefined ? { headCm: b.headCm } : {}),
    ...(b.oedema !== undefined ? { oedema: b.oedema } : {}),
  };
  const r = runRule(() => growthAssessment(input), (f) => (f === 'ageDays' || f === 'ageMonths' ? 'patient.birthDate' : f));
  const labels = nutritionLabels(r);
  const c = r.classification;
  const severity: SuggestionRow['severity'] = c.acuteMalnutrition === 'SAM' ? 'urgent' : labels.en[0] === 'normal growth' ? 'info' : 'warning';
  const z = [['WAZ', r.waz], ['HAZ', r.haz], ['WHZ', r.whz], ['BAZ', r.baz], ['MUACZ', r.muacz]].filter(([, v]) => v !== null).map(([k, v]) => `${k} ${v}`).join(', ');
  const vitals: VitalsInput = {};
  if (b.weightKg !== undefined) vitals.weightKg = b.weightKg;
  if (b.lengthOrHeightCm !== undefined) vitals.heightCm = b.lengthOrHeightCm;
  if (b.muacMm !== undefined) vitals.muacMm = b.muacMm;
  return {
    source: r.source, inputs: input, result: r as unknown as Record<string, unknown>, explanation: r.explanation,
    summary: `Nutrition: ${labels.en.join(', ')}${z ? ` (${z})` : ''}.`,
    summaryVi: `Dinh dưỡng: ${labels.vi.join(', ')}${z ? ` (${z})` : ''}.`,
    severity, score: r.whz ?? r.waz ?? r.haz ?? r.baz ?? null,
    counselling: r.messages.map((m) => ({ en: m.en, vi: m.vi })),
    vitals,
  };
}

function bmi(b: BmiBody, p: Patient, at: Date): Computed {
  const ageYears = round(ageYearsAt(p.birth_date, at), 2);
  const r = runRule(() => adultBmi({ weightKg: b.weightKg, heightCm: b.heightCm, ageYears }), (f) => (f === 'ageYears' ? 'patient.birthDate' : f));
  return {
    source: r.source, inputs: { weightKg: b.weightKg, heightCm: b.heightCm, ageYears }, result: r as unknown as Record<string, unknown>, explanation: r.explanation,
    summary: `BMI ${r.bmi} kg/m² — ${r.label.en}. ${r.advice.en}`,
    summaryVi: `BMI ${r.bmi} kg/m² — ${r.label.vi}. ${r.advice.vi}`,
    severity: r.asiaPacific === 'normal' ? 'info' : 'warning', score: r.bmi, counselling: [r.advice],
    vitals: { weightKg: b.weightKg, heightCm: b.heightCm },
  };
}

const COMPUTE = { tb, cvd, nutrition, bmi } as const;
type Bodies = { tb: TbBody; cvd: CvdBody; nutrition: NutritionBody; bmi: BmiBody };

/** The field in the request body for each vital key (for error messages). */
const VITAL_FIELD: Record<string, string> = { heightCm: 'heightCm' };

function checkFollowUp(f: FollowUp | undefined, now: Date) {
  if (f?.appointment) {
    const d = new Date(f.appointment.at);
    if (Number.isNaN(d.getTime())) throw badInput('INVALID_DATE', 'followUp.appointment.at is not an ISO-8601 instant', 'Thời điểm hẹn không hợp lệ', 'followUp.appointment.at');
    if (localDay(d) < localDay(now)) throw badInput('APPOINTMENT_IN_PAST', 'An appointment cannot be booked in the past', 'Không thể đặt lịch hẹn trong quá khứ', 'followUp.appointment.at');
  }
  if (f?.referral && !f.referral.toFacility.trim()) throw badInput('REQUIRED', 'Name the facility the patient is referred to', 'Cần ghi nơi chuyển đến', 'followUp.referral.toFacility');
}

const fmtDate = (ymd: string) => `${ymd.slice(8, 10)}/${ymd.slice(5, 7)}/${ymd.slice(0, 4)}`;
const SEX_VI: Record<string, string> = { male: 'nam', female: 'nữ', other: 'khác' };
const KIND_TITLE: Record<ScreeningKind, Bilingual> = {
  tb: { vi: 'Sàng lọc lao', en: 'TB screening' },
  cvd: { vi: 'Đánh giá nguy cơ tim mạch', en: 'Cardiovascular risk assessment' },
  nutrition: { vi: 'Đánh giá dinh dưỡng trẻ em', en: 'Child nutrition assessment' },
  bmi: { vi: 'Chỉ số khối cơ thể (BMI)', en: 'Body-mass index (BMI)' },
};

/** The printable referral note, in Vietnamese and English. */
export function referralText(x: { facilityName: string; toFacility: string; patient: Patient; kind: ScreeningKind; summary: Bilingual; counselling: Bilingual[]; note?: string; by: string; at: Date; tool: { id: string; version: string } }): Bilingual {
  const day = fmtDate(localDay(x.at));
  const p = x.patient;
  const vi = [
    'GIẤY CHUYỂN KHÁM',
    `Nơi chuyển: ${x.facilityName}`,
    `Nơi đến: ${x.toFacility}`,
    `Người bệnh: ${p.full_name} — giới: ${SEX_VI[p.sex] ?? p.sex} — ngày sinh: ${fmtDate(p.birth_date)}${p.bhyt ? ` — số thẻ BHYT: ${p.bhyt}` : ''}${p.cccd ? ` — CCCD: ${p.cccd}` : ''}`,
    `Địa chỉ: ${[p.address_line, p.commune, p.province].filter(Boolean).join(', ')}`,
    `Lý do chuyển: ${KIND_TITLE[x.kind].vi}. ${x.summary.vi}`,
    ...(x.counselling.length ? ['Hướng xử trí đã tư vấn:', ...x.counselling.map((c) => `  - ${c.vi}`)] : []),
    ...(x.note ? [`Ghi chú: ${x.note}`] : []),
    `Ngày ${day} — Người chuyển: ${x.by}`,
    `(Kết quả từ quy tắc ${x.tool.id} phiên bản ${x.tool.version} là gợi ý; quyết định chuyển do nhân viên y tế.)`,
  ].join('\n');
  const en = [
    'REFERRAL NOTE',
    `From: ${x.facilityName}`,
    `To: ${x.toFacility}`,
    `Patient: ${p.full_name} — sex: ${p.sex} — born: ${fmtDate(p.birth_date)}${p.bhyt ? ` — health insurance no.: ${p.bhyt}` : ''}${p.cccd ? ` — citizen ID: ${p.cccd}` : ''}`,
    `Address: ${[p.address_line, p.commune, p.province].filter(Boolean).join(', ')}`,
    `Reason: ${KIND_TITLE[x.kind].en}. ${x.summary.en}`,
    ...(x.counselling.length ? ['Advice given:', ...x.counselling.map((c) => `  - ${c.en}`)] : []),
    ...(x.note ? [`Note: ${x.note}`] : []),
    `Date ${day} — Referred by: ${x.by}`,
    `(The output of rule ${x.tool.id} version ${x.tool.version} is a suggestion; the referral is the health worker's decision.)`,
  ].join('\n');
  return { vi, en };
}

// ---- the command ----------------------------------------------------------------------------

export async function createScreening<K extends ScreeningKind>(db: Db, actor: Actor, kind: K, body: Bodies[K], pipeline?: ObservationPipeline, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(body.facilityId)) throw patientNotFound();
  const performedAt = parseClinicalInstant(body.performedAt, now, 'performedAt');
  checkFollowUp(body.followUp, now);

  const out = await db.tx(async (q) => {
    const patient = await findPatientScoped(q, body.patientId, actor.facilityIds);
    if (!patient) {
      await appendAudit(q, { userId: actor.id, facilityId: body.facilityId, action: 'create', resourceType: 'Screening', resourceId: null, patientId: null, outcome: 'not_found', details: { patientId: body.patientId, kind } });
      return null;
    }
    assertClinicalInstant(performedAt, patient.birth_date, now, 'performedAt');
    const c = (COMPUTE[kind] as (b: Bodies[K], p: Patient, at: Date) => Computed)(body, patient, performedAt);
    if (c.vitals && Object.keys(c.vitals).length) {
      const problems = checkVitals(c.vitals);
      if (problems.length) {
        const pr = problems[0]!;
        const field = kind === 'nutrition' && pr.field === 'heightCm' ? 'lengthOrHeightCm' : VITAL_FIELD[pr.field] ?? pr.field;
        throw badInput('IMPOSSIBLE_VALUE', pr.message, pr.messageVi, field);
      }
    }
    const facility = (await q.query<{ name: string; kind: string }>('SELECT name, kind FROM facility WHERE id = $1', [body.facilityId]))[0]!;
    let encounterId: string;
    if (body.encounterId) {
      const enc = await findEncounterScoped(q, body.encounterId, actor.facilityIds);
      if (!enc || enc.patient_id !== patient.id) throw notFound('Encounter');
      encounterId = enc.id;
    } else {
      const enc: EncounterRow = {
        id: uuidv7(now.getTime()), patient_id: patient.id, facility_id: body.facilityId, type: facility.kind === 'station' ? 'station' : 'outpatient',
        reason: KIND_TITLE[kind].vi, started_at: performedAt, created_by: actor.id,
      };
      await insertEncounter(q, enc);
      encounterId = enc.id;
    }
    const ctx = { patientId: patient.id, encounterId, facilityId: body.facilityId, effectiveAt: performedAt, recordedBy: actor.id, now };
    const rows = [
      ...(c.vitals && Object.keys(c.vitals).length ? vitalsToRows(c.vitals, ctx) : []),
      ...(c.labs?.length ? labsToRows(c.labs, ctx) : []),
    ];
    let ev: ObservationsSaved | null = null;
    if (rows.length) {
      await insertObservations(q, rows);
      ev = { patientId: patient.id, encounterId, facilityId: body.facilityId, rows, actorId: actor.id, source: 'manual', now };
      handledElsewhere.add(ev); // this command records its own suggestion
      if (pipeline) await pipeline.runInTransaction(q, ev);
    }
    const suggestion = await recordSuggestion(q, {
      toolId: c.source.id, toolVersion: c.source.version, kind: 'rule', patientId: patient.id, encounterId, facilityId: body.facilityId,
      subjectRef: `Encounter/${encounterId}`, inputs: c.inputs, output: c.result, explanation: c.explanation,
      summary: c.summary, summaryVi: c.summaryVi, severity: c.severity, score: c.score,
    }, now);
    const s: ScreeningRow = {
      id: uuidv7(now.getTime()), patient_id: patient.id, encounter_id: encounterId, facility_id: body.facilityId, kind,
      inputs: { ...c.inputs, request: stripBase(body) }, result: { ...c.result, counselling: c.counselling }, summary: c.summary, summary_vi: c.summaryVi,
      tool_id: c.source.id, tool_version: c.source.version, suggestion_id: suggestion?.id ?? null, performed_by: actor.id, performed_at: performedAt, created_at: now,
    };
    await insertScreening(q, s);
    let appointment: AppointmentRow | null = null;
    if (body.followUp?.appointment) {
      appointment = {
        id: uuidv7(now.getTime()), patient_id: patient.id, facility_id: body.facilityId, scheduled_at: new Date(body.followUp.appointment.at),
        reason: body.followUp.appointment.reason?.trim() || `Tái khám: ${KIND_TITLE[kind].vi}`, screening_id: s.id, status: 'booked',
        created_by: actor.id, created_at: now, status_by: null, status_at: null,
      };
      await insertAppointment(q, appointment);
    }
    let referral: ReferralRow | null = null;
    if (body.followUp?.referral) {
      const text = referralText({
        facilityName: facility.name, toFacility: body.followUp.referral.toFacility.trim(), patient, kind, summary: { en: c.summary, vi: c.summaryVi },
        counselling: c.counselling, note: body.followUp.referral.note?.trim() || undefined, by: actor.fullName, at: now, tool: c.source,
      });
      referral = {
        id: uuidv7(now.getTime()), patient_id: patient.id, facility_id: body.facilityId, screening_id: s.id, to_facility: body.followUp.referral.toFacility.trim(),
        reason: c.summaryVi, text_vi: text.vi, text_en: text.en, created_by: actor.id, created_at: now,
      };
      await insertReferral(q, referral);
    }
    await appendAudit(q, {
      userId: actor.id, facilityId: body.facilityId, action: 'create', resourceType: 'Screening', resourceId: s.id, patientId: patient.id, outcome: 'success',
      details: { kind, encounterId, observations: rows.length, suggestionId: suggestion?.id ?? null, appointmentId: appointment?.id ?? null, referralId: referral?.id ?? null },
    });
    return {
      value: {
        screening: toScreening(s), suggestion: suggestion ? toSuggestion(suggestion) : null, counselling: c.counselling,
        appointment: appointment ? toAppointment(appointment) : null, referral: referral ? toReferral(referral) : null,
      },
      ev,
    };
  });
  if (!out) throw notFound('Patient');
  if (out.ev && pipeline) await pipeline.runAfterCommit(out.ev);
  return out.value;
}

function stripBase(b: ScreeningBase) {
  const { patientId: _p, facilityId: _f, encounterId: _e, performedAt: _a, followUp: _u, ...rest } = b as ScreeningBase & Record<string, unknown>;
  return rest;
}

export const screeningsOf = (db: Db, actor: Actor, patientId: string, kind?: ScreeningKind) =>
  readPatientRecords(db, actor, patientId, 'Screening', async (q) => (await screeningsForPatient(q, patientId, kind)).map(toScreening));

export async function screeningDetail(db: Db, actor: Actor, id: string) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const s = await findScreeningScoped(q, id, actor.facilityIds);
    await appendAudit(q, { userId: actor.id, facilityId: s?.facility_id ?? null, action: 'read', resourceType: 'Screening', resourceId: id, patientId: s?.patient_id ?? null, outcome: s ? 'success' : 'not_found', details: null });
    if (!s) return null;
    const sug = s.suggestion_id ? (await q.query<SuggestionRow>("SELECT * FROM suggestion WHERE id = $1 AND visibility = 'visible'", [s.suggestion_id]))[0] : undefined;
    const appts = (await appointmentsForPatient(q, s.patient_id)).filter((a) => a.screening_id === s.id);
    return { screening: toScreening(s), suggestion: sug ? toSuggestion(sug) : null, appointments: appts.map(toAppointment), referrals: (await referralsFor(q, { screeningId: s.id })).map(toReferral) };
  });
  if (!out) throw notFound('Screening');
  return out;
}

/** A referral note for an existing screening. */
export async function createReferral(db: Db, actor: Actor, screeningId: string, body: { toFacility: string; note?: string }, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  checkFollowUp({ referral: body }, now);
  const out = await db.tx(async (q) => {
    const s = await findScreeningScoped(q, screeningId, actor.facilityIds);
    if (!s) {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'create', resourceType: 'Referral', resourceId: null, patientId: null, outcome: 'not_found', details: { screeningId } });
      return null;
    }
    const patient = (await findPatientScoped(q, s.patient_id, [s.facility_id]))
      ?? (await q.query<PatientRow>('SELECT * FROM patient WHERE id = $1', [s.patient_id]))[0]!;
    const facility = (await q.query<{ name: string }>('SELECT name FROM facility WHERE id = $1', [s.facility_id]))[0]!;
    const result = s.result as { counselling?: Bilingual[] };
    const text = referralText({
      facilityName: facility.name, toFacility: body.toFacility.trim(), patient, kind: s.kind, summary: { en: s.summary, vi: s.summary_vi },
      counselling: result.counselling ?? [], ...(body.note?.trim() ? { note: body.note.trim() } : {}), by: actor.fullName, at: now, tool: { id: s.tool_id, version: s.tool_version },
    });
    const r: ReferralRow = {
      id: uuidv7(now.getTime()), patient_id: s.patient_id, facility_id: s.facility_id, screening_id: s.id, to_facility: body.toFacility.trim(),
      reason: s.summary_vi, text_vi: text.vi, text_en: text.en, created_by: actor.id, created_at: now,
    };
    await insertReferral(q, r);
    await appendAudit(q, { userId: actor.id, facilityId: s.facility_id, action: 'create', resourceType: 'Referral', resourceId: r.id, patientId: s.patient_id, outcome: 'success', details: { screeningId } });
    return toReferral(r);
  });
  if (!out) throw notFound('Screening');
  return out;
}

export async function referralDetail(db: Db, actor: Actor, id: string) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const r = await findReferralScoped(q, id, actor.facilityIds);
    await appendAudit(q, { userId: actor.id, facilityId: r?.facility_id ?? null, action: 'read', resourceType: 'Referral', resourceId: id, patientId: r?.patient_id ?? null, outcome: r ? 'success' : 'not_found', details: null });
    return r ? toReferral(r) : null;
  });
  if (!out) throw notFound('Referral');
  return out;
}

/** The child's measurements from nutrition screenings, for plotting on the growth curves. */
export const growthPointsOf = (db: Db, actor: Actor, patientId: string) =>
  readPatientRecords(db, actor, patientId, 'Screening', async (q) => {
    const rows = await screeningsForPatient(q, patientId, 'nutrition');
    return rows.reverse().map((s) => {
      const i = s.inputs as { weightKg?: number; lengthOrHeightCm?: number; measured?: string; muacMm?: number; ageDays: number };
      const r = s.result as GrowthResult;
      return {
        screeningId: s.id, at: new Date(s.performed_at).toISOString(), ageDays: r.ageDays, ageMonths: r.ageMonths,
        weightKg: i.weightKg ?? null, lengthOrHeightCm: i.lengthOrHeightCm ?? null, correctedLengthOrHeightCm: r.correctedLengthOrHeightCm,
        measured: i.measured ?? null, muacMm: i.muacMm ?? null, waz: r.waz, haz: r.haz, whz: r.whz, baz: r.baz,
      };
    });
  });

