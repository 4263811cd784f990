import type { Queryable } from '../../db/db.ts';

export type ScreeningKind = 'tb' | 'cvd' | 'nutrition' | 'bmi';

export interface ScreeningRow {
  id: string;
  patient_id: string;
  encounter_id: string | null;
  facility_id: string;
  kind: ScreeningKind;
  inputs: unknown;
  result: unknown;
  summary: string;
  summary_vi: string;
  tool_id: string;
  tool_version: string;
  suggestion_id: string | null;
  performed_by: string | null;
  performed_at: Date;
  created_at: Date;
}

export interface ReferralRow {
  id: string;
  patient_id: string;
  facility_id: string;
  screening_id: string | null;
  to_facility: string;
  reason: string;
  text_vi: string;
  text_en: string;
  created_by: string | null;
  created_at: Date;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function insertScreening(q: Queryable, s: ScreeningRow) {
  await q.query(
    `INSERT INTO screening (id, patient_id, encounter_id, facility_id, kind, inputs, result, summary, summary_vi, tool_id, tool_version, suggestion_id, performed_by, performed_at, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
    [s.id, s.patient_id, s.encounter_id, s.facility_id, s.kind, JSON.stringify(s.inputs), JSON.stringify(s.result), s.summary, s.summary_vi, s.tool_id, s.tool_version, s.suggestion_id, s.performed_by, iso(s.performed_at), iso(s.created_at)],
  );
}

export async function insertReferral(q: Queryable, r: ReferralRow) {
  await q.query(
    `INSERT INTO referral (id, patient_id, facility_id, screening_id, to_facility, reason, text_vi, text_en, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [r.id, r.patient_id, r.facility_id, r.screening_id, r.to_facility, r.reason, r.text_vi, r.text_en, r.created_by, iso(r.created_at)],
  );
}

export async function screeningsForPatient(q: Queryable, patientId: string, kind?: ScreeningKind) {
  return q.query<ScreeningRow>('SELECT * FROM screening WHERE patient_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY performed_at DESC, id DESC LIMIT 200', [patientId, kind ?? null]);
}

export async function findScreeningScoped(q: Queryable, id: string, facilityIds: string[]) {
  return (await q.query<ScreeningRow>('SELECT * FROM screening WHERE id = $1 AND facility_id = ANY($2::uuid[])', [id, facilityIds]))[0];
}

export async function referralsFor(q: Queryable, opts: { screeningId?: string; patientId?: string }) {
  return q.query<ReferralRow>('SELECT * FROM referral WHERE ($1::uuid IS NULL OR screening_id = $1) AND ($2::uuid IS NULL OR patient_id = $2) ORDER BY created_at DESC LIMIT 100', [opts.screeningId ?? null, opts.patientId ?? null]);
}

export async function findReferralScoped(q: Queryable, id: string, facilityIds: string[]) {
  return (await q.query<ReferralRow>('SELECT * FROM referral WHERE id = $1 AND facility_id = ANY($2::uuid[])', [id, facilityIds]))[0];
}

export const toScreening = (s: ScreeningRow) => ({
  id: s.id, patientId: s.patient_id, encounterId: s.encounter_id, facilityId: s.facility_id, kind: s.kind, inputs: s.inputs, result: s.result,
  summary: s.summary, summaryVi: s.summary_vi, toolId: s.tool_id, toolVersion: s.tool_version, suggestionId: s.suggestion_id,
  performedBy: s.performed_by, performedAt: iso(s.performed_at)!, createdAt: iso(s.created_at)!,
});

export const toReferral = (r: ReferralRow) => ({
  id: r.id, patientId: r.patient_id, facilityId: r.facility_id, screeningId: r.screening_id, toFacility: r.to_facility, reason: r.reason,
  textVi: r.text_vi, textEn: r.text_en, createdBy: r.created_by, createdAt: iso(r.created_at)!,
});
