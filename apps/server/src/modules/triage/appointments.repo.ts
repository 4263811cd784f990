import type { Queryable } from '../../db/db.ts';

export interface AppointmentRow {
  id: string;
  patient_id: string;
  facility_id: string;
  scheduled_at: Date;
  reason: string;
  screening_id: string | null;
  status: 'booked' | 'seen' | 'missed' | 'cancelled';
  created_by: string | null;
  created_at: Date;
  status_by: string | null;
  status_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function insertAppointment(q: Queryable, a: AppointmentRow) {
  await q.query(
    `INSERT INTO appointment (id, patient_id, facility_id, scheduled_at, reason, screening_id, status, created_by, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [a.id, a.patient_id, a.facility_id, iso(a.scheduled_at), a.reason, a.screening_id, a.status, a.created_by, iso(a.created_at)],
  );
}

export interface AppointmentListRow extends AppointmentRow {
  full_name: string;
  sex: string;
  birth_date: string;
  phone: string | null;
}

export async function listAppointments(q: Queryable, facilityIds: string[], from: Date, to: Date) {
  return q.query<AppointmentListRow>(
    `SELECT a.*, p.full_name, p.sex, p.birth_date, p.phone FROM appointment a JOIN patient p ON p.id = a.patient_id
     WHERE a.facility_id = ANY($1::uuid[]) AND a.scheduled_at >= $2 AND a.scheduled_at < $3 ORDER BY a.scheduled_at, a.id LIMIT 1000`,
    [facilityIds, from.toISOString(), to.toISOString()],
  );
}

export async function appointmentsForPatient(q: Queryable, patientId: string) {
  return q.query<AppointmentRow>('SELECT * FROM appointment WHERE patient_id = $1 ORDER BY scheduled_at DESC LIMIT 100', [patientId]);
}

export async function findAppointmentScoped(q: Queryable, id: string, facilityIds: string[]) {
  return (await q.query<AppointmentRow>('SELECT * FROM appointment WHERE id = $1 AND facility_id = ANY($2::uuid[]) FOR UPDATE', [id, facilityIds]))[0];
}

export async function setAppointmentStatus(q: Queryable, id: string, status: AppointmentRow['status'], by: string, at: Date) {
  await q.query('UPDATE appointment SET status = $2, status_by = $3, status_at = $4 WHERE id = $1', [id, status, by, at.toISOString()]);
}

export const toAppointment = (a: AppointmentRow & Partial<Pick<AppointmentListRow, 'full_name' | 'sex' | 'birth_date' | 'phone'>>) => ({
  id: a.id,
  patientId: a.patient_id,
  facilityId: a.facility_id,
  scheduledAt: iso(a.scheduled_at)!,
  reason: a.reason,
  screeningId: a.screening_id,
  status: a.status,
  createdBy: a.created_by,
  createdAt: iso(a.created_at)!,
  statusBy: a.status_by,
  statusAt: iso(a.status_at),
  ...(a.full_name !== undefined ? { patient: { id: a.patient_id, fullName: a.full_name, sex: a.sex!, birthDate: a.birth_date!, phone: a.phone ?? null } } : {}),
});
