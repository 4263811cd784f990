/** Appointments: book (optionally from a screening), list a facility's day, mark seen/missed/cancelled. */
import type { Db } from '../../db/db.ts';
import { badInput, forbidden, notFound, patientNotFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, READING_ROLES, RECORDING_ROLES } from '../auth/roles.ts';
import { conflict, localDay, localDayRange } from '../decision/common.ts';
import { readPatientRecords } from '../encounters/encounters.service.ts';
import { findPatientScoped } from '../patients/patients.repo.ts';
import {
  type AppointmentRow, appointmentsForPatient, findAppointmentScoped, insertAppointment, listAppointments, setAppointmentStatus, toAppointment,
} from './appointments.repo.ts';

export interface AppointmentBody {
  patientId: string;
  facilityId: string;
  at: string;
  reason?: string;
  screeningId?: string;
}

export async function bookAppointment(db: Db, actor: Actor, body: AppointmentBody, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(body.facilityId)) throw patientNotFound();
  const at = new Date(body.at);
  if (Number.isNaN(at.getTime())) throw badInput('INVALID_DATE', 'at is not an ISO-8601 instant', 'Thời điểm hẹn không hợp lệ', 'at');
  if (localDay(at) < localDay(now)) throw badInput('APPOINTMENT_IN_PAST', 'An appointment cannot be booked in the past', 'Không thể đặt lịch hẹn trong quá khứ', 'at');
  const out = await db.tx(async (q) => {
    const patient = await findPatientScoped(q, body.patientId, actor.facilityIds);
    if (!patient) {
      await appendAudit(q, { userId: actor.id, facilityId: body.facilityId, action: 'create', resourceType: 'Appointment', resourceId: null, patientId: null, outcome: 'not_found', details: { patientId: body.patientId } });
      return null;
    }
    if (body.screeningId) {
      const s = await q.query<{ id: string }>('SELECT id FROM screening WHERE id = $1 AND patient_id = $2 AND facility_id = ANY($3::uuid[])', [body.screeningId, patient.id, actor.facilityIds]);
      if (!s[0]) throw notFound('Screening');
    }
    const a: AppointmentRow = {
      id: uuidv7(now.getTime()), patient_id: patient.id, facility_id: body.facilityId, scheduled_at: at, reason: body.reason?.trim() ?? '',
      screening_id: body.screeningId ?? null, status: 'booked', created_by: actor.id, created_at: now, status_by: null, status_at: null,
    };
    await insertAppointment(q, a);
    await appendAudit(q, { userId: actor.id, facilityId: body.facilityId, action: 'create', resourceType: 'Appointment', resourceId: a.id, patientId: patient.id, outcome: 'success', details: { screeningId: a.screening_id } });
    return toAppointment({ ...a, full_name: patient.full_name, sex: patient.sex, birth_date: patient.birth_date, phone: patient.phone });
  });
  if (!out) throw patientNotFound();
  return out;
}

/** One facility's day, or (without facilityId) the day across every facility of the caller. */
export async function appointmentsOfDay(db: Db, actor: Actor, facilityId: string | undefined, day: string | undefined, now = new Date()) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  if (facilityId && !actor.facilityIds.includes(facilityId)) throw notFound('Facility');
  const facilities = facilityId ? [facilityId] : actor.facilityIds;
  const d = day ?? localDay(now);
  const [from, to] = localDayRange(d);
  if (Number.isNaN(from.getTime())) throw badInput('INVALID_DATE', 'date must be YYYY-MM-DD', 'Ngày không hợp lệ (YYYY-MM-DD)', 'date');
  return db.tx(async (q) => {
    const rows = await listAppointments(q, facilities, from, to);
    await appendAudit(q, { userId: actor.id, facilityId: facilityId ?? null, action: 'read', resourceType: 'Appointment', resourceId: null, patientId: null, outcome: 'success', details: { date: d, count: rows.length } });
    return rows.map(toAppointment);
  });
}

export const appointmentsOfPatient = (db: Db, actor: Actor, patientId: string) =>
  readPatientRecords(db, actor, patientId, 'Appointment', async (q) => (await appointmentsForPatient(q, patientId)).map(toAppointment));

export async function setStatus(db: Db, actor: Actor, id: string, status: 'seen' | 'missed' | 'cancelled', now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const a = await findAppointmentScoped(q, id, actor.facilityIds);
    if (!a) {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'update', resourceType: 'Appointment', resourceId: id, patientId: null, outcome: 'not_found', details: null });
      return null;
    }
    if (a.status !== 'booked') throw conflict('ALREADY_CLOSED', `This appointment is already ${a.status}`, 'Lịch hẹn này đã được cập nhật trước đó');
    if (status === 'missed' && new Date(a.scheduled_at).getTime() > now.getTime()) {
      throw badInput('NOT_YET_DUE', 'An appointment cannot be missed before its time', 'Chưa đến giờ hẹn, chưa thể ghi là lỡ hẹn', 'status');
    }
    await setAppointmentStatus(q, id, status, actor.id, now);
    await appendAudit(q, { userId: actor.id, facilityId: a.facility_id, action: 'update', resourceType: 'Appointment', resourceId: id, patientId: a.patient_id, outcome: 'success', details: { status } });
    return toAppointment({ ...a, status, status_by: actor.id, status_at: now });
  });
  if (!out) throw notFound('Appointment');
  return out;
}
