import type { ReferralState } from '@yte/clinical';
import type { Queryable } from '../../db/db.ts';

export interface TransferRow {
  id: string;
  patient_id: string;
  from_facility_id: string;
  to_facility_id: string;
  state: ReferralState;
  reason: string;
  diagnosis: string;
  icd10: string;
  treatment_given: string;
  condition_at_transfer: string;
  transport: string;
  accompanying_staff: string | null;
  bhyt: string | null;
  counter_diagnosis: string | null;
  counter_treatment: string | null;
  counter_advice: string | null;
  counter_follow_up: string | null;
  cancel_reason: string | null;
  created_by: string | null;
  sent_at: Date;
  received_at: Date | null;
  arrived_at: Date | null;
  treated_at: Date | null;
  returned_at: Date | null;
  cancelled_at: Date | null;
  updated_at: Date;
}

/** A row joined with the names the inbox and paper show. */
export interface TransferView extends TransferRow {
  patient_name: string;
  patient_sex: string;
  patient_birth_date: string;
  from_name: string;
  to_name: string;
}

const COLS = Object.keys({
  id: 0, patient_id: 0, from_facility_id: 0, to_facility_id: 0, state: 0, reason: 0, diagnosis: 0, icd10: 0, treatment_given: 0, condition_at_transfer: 0,
  transport: 0, accompanying_staff: 0, bhyt: 0, counter_diagnosis: 0, counter_treatment: 0, counter_advice: 0, counter_follow_up: 0, cancel_reason: 0,
  created_by: 0, sent_at: 0, received_at: 0, arrived_at: 0, treated_at: 0, returned_at: 0, cancelled_at: 0, updated_at: 0,
} satisfies Record<keyof TransferRow, 0>);

const VIEW = `SELECT r.*, p.full_name AS patient_name, p.sex AS patient_sex, p.birth_date::text AS patient_birth_date, ff.name AS from_name, tf.name AS to_name
  FROM referral_transfer r JOIN patient p ON p.id = r.patient_id JOIN facility ff ON ff.id = r.from_facility_id JOIN facility tf ON tf.id = r.to_facility_id`;

export async function insertTransfer(q: Queryable, r: TransferRow) {
  await q.query(`INSERT INTO referral_transfer (${COLS.join(', ')}) VALUES (${COLS.map((_, i) => `$${i + 1}`).join(', ')})`, COLS.map((c) => r[c as keyof TransferRow]));
}

/** The referral only when the caller's facilities include its sending or receiving facility. */
export async function findTransferScoped(q: Queryable, id: string, facilityIds: string[], forUpdate = false): Promise<TransferView | undefined> {
  const rows = await q.query<TransferView>(
    `${VIEW} WHERE r.id = $1 AND (r.from_facility_id = ANY($2::uuid[]) OR r.to_facility_id = ANY($2::uuid[]))${forUpdate ? ' FOR UPDATE OF r' : ''}`,
    [id, facilityIds],
  );
  return rows[0];
}

export async function updateTransfer(q: Queryable, id: string, set: Partial<TransferRow>) {
  const keys = Object.keys(set).filter((k) => COLS.includes(k));
  await q.query(`UPDATE referral_transfer SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...keys.map((k) => set[k as keyof TransferRow])]);
}

/** Receiving facility's inbox: open referrals first (oldest sent first), then closed, newest first. */
export async function inboxFor(q: Queryable, facilityId: string, states: readonly ReferralState[] | null, limit: number): Promise<TransferView[]> {
  return q.query<TransferView>(
    `${VIEW} WHERE r.to_facility_id = $1 ${states ? 'AND r.state = ANY($3::text[])' : ''}
     ORDER BY (r.state IN ('counter_referral_returned', 'cancelled')), CASE WHEN r.state IN ('counter_referral_returned', 'cancelled') THEN -extract(epoch FROM r.sent_at) ELSE extract(epoch FROM r.sent_at) END
     LIMIT $2`,
    states ? [facilityId, limit, states] : [facilityId, limit],
  );
}

export async function transfersOfPatient(q: Queryable, patientId: string): Promise<TransferView[]> {
  return q.query<TransferView>(`${VIEW} WHERE r.patient_id = $1 ORDER BY r.sent_at DESC`, [patientId]);
}

export async function transfersForMetrics(q: Queryable, column: 'from_facility_id' | 'to_facility_id', facilityId: string, from: Date | null, to: Date | null) {
  return q.query<{ state: ReferralState; sent_at: Date; arrived_at: Date | null }>(
    `SELECT state, sent_at, arrived_at FROM referral_transfer WHERE ${column} = $1 AND ($2::timestamptz IS NULL OR sent_at >= $2) AND ($3::timestamptz IS NULL OR sent_at < $3)`,
    [facilityId, from, to],
  );
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toTransfer(r: TransferView) {
  return {
    id: r.id, patientId: r.patient_id, patientName: r.patient_name, patientSex: r.patient_sex, patientBirthDate: r.patient_birth_date,
    fromFacilityId: r.from_facility_id, fromFacilityName: r.from_name, toFacilityId: r.to_facility_id, toFacilityName: r.to_name,
    state: r.state, reason: r.reason, diagnosis: r.diagnosis, icd10: r.icd10, treatmentGiven: r.treatment_given, conditionAtTransfer: r.condition_at_transfer,
    transport: r.transport, accompanyingStaff: r.accompanying_staff, bhyt: r.bhyt,
    counterReferral: r.returned_at
      ? { diagnosis: r.counter_diagnosis, treatment: r.counter_treatment, advice: r.counter_advice ?? '', followUpPlan: r.counter_follow_up ?? '', returnedAt: iso(r.returned_at)! }
      : null,
    cancelReason: r.cancel_reason, createdBy: r.created_by,
    sentAt: iso(r.sent_at)!, receivedAt: iso(r.received_at), arrivedAt: iso(r.arrived_at), treatedAt: iso(r.treated_at), cancelledAt: iso(r.cancelled_at),
    updatedAt: iso(r.updated_at)!,
  };
}
export type Transfer = ReturnType<typeof toTransfer>;
