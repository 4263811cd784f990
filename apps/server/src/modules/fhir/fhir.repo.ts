/**
 * Facility-scoped reads for the FHIR facade. Patients, encounters, observations and suggestions come
 * through their modules' repos; the rows below have no read API of their own yet (facilities by id
 * set, users as practitioners, devices, referrals, appointments, imaging studies with series).
 */
import type { Queryable } from '../../db/db.ts';
import type { AppointmentRow, DeviceRow, FacilityRow, ReferralRow, StudyRow, UserRow } from './fhir.mappers.ts';

export const facilitiesIn = (q: Queryable, ids: readonly string[]) =>
  q.query<FacilityRow>('SELECT id::text AS id, code, name, kind, province, commune FROM facility WHERE id = ANY($1::uuid[]) ORDER BY code', [ids]);

/** Staff who work at one of the facilities, and its integration clients (authors of what they send). */
export const practitionersIn = (q: Queryable, facilityIds: readonly string[]) =>
  q.query<UserRow>(`SELECT u.id::text AS id, u.full_name, u.active FROM app_user u JOIN user_facility uf ON uf.user_id = u.id WHERE uf.facility_id = ANY($1::uuid[])
    UNION SELECT c.id::text, c.name, c.revoked_at IS NULL FROM oauth_client c WHERE c.facility_id = ANY($1::uuid[]) ORDER BY 1`, [facilityIds]);

export const devicesIn = (q: Queryable, facilityIds: readonly string[]) =>
  q.query<DeviceRow>('SELECT id, facility_id::text AS facility_id, bed, patient_id::text AS patient_id FROM device WHERE facility_id = ANY($1::uuid[]) ORDER BY id', [facilityIds]);

export const referralsOf = (q: Queryable, patientId: string) =>
  q.query<ReferralRow>('SELECT id::text AS id, patient_id::text AS patient_id, facility_id::text AS facility_id, to_facility, reason, text_en, created_by::text AS created_by, created_at FROM referral WHERE patient_id = $1 ORDER BY created_at, id', [patientId]);

export const appointmentsOf = (q: Queryable, patientId: string) =>
  q.query<AppointmentRow>('SELECT id::text AS id, patient_id::text AS patient_id, facility_id::text AS facility_id, scheduled_at, reason, status FROM appointment WHERE patient_id = $1 ORDER BY scheduled_at, id', [patientId]);

export async function studiesOf(q: Queryable, patientId: string): Promise<Array<StudyRow & { report_final: boolean }>> {
  const studies = await q.query<Omit<StudyRow, 'series'> & { report_final: boolean }>(
    `SELECT s.id::text AS id, s.facility_id::text AS facility_id, s.study_uid, s.patient_id::text AS patient_id, s.accession_number, s.description, s.modalities, s.received_at, s.status,
       (SELECT count(*)::int FROM imaging_series se WHERE se.study_id = s.id) AS n_series,
       (SELECT count(*)::int FROM imaging_instance i WHERE i.study_id = s.id) AS n_instances,
       EXISTS (SELECT 1 FROM imaging_report r WHERE r.study_id = s.id AND r.final_at IS NOT NULL) AS report_final
     FROM imaging_study s WHERE s.patient_id = $1 ORDER BY s.received_at, s.id`, [patientId]);
  if (studies.length === 0) return [];
  const series = await q.query<{ study_id: string; series_uid: string; modality: string | null; description: string | null; n: number }>(
    `SELECT se.study_id::text AS study_id, se.series_uid, se.modality, se.description, (SELECT count(*)::int FROM imaging_instance i WHERE i.series_id = se.id) AS n
     FROM imaging_series se WHERE se.study_id = ANY($1::uuid[]) ORDER BY se.series_uid`, [studies.map((s) => s.id)]);
  return studies.map((s) => ({ ...s, series: series.filter((x) => x.study_id === s.id) }));
}

/** Which patient (and facility) a compartment resource of this id belongs to, within the facilities. */
export async function ownerOf(q: Queryable, table: 'encounter' | 'observation' | 'suggestion' | 'referral' | 'appointment' | 'imaging_study' | 'imaging_report', id: string, facilityIds: readonly string[]) {
  const patientCol = table === 'imaging_report' ? '(SELECT s.patient_id FROM imaging_study s WHERE s.id = t.study_id)' : 't.patient_id';
  return (await q.query<{ patient_id: string | null; facility_id: string; study_id?: string }>(
    `SELECT ${patientCol}::text AS patient_id, t.facility_id::text AS facility_id${table === 'imaging_report' ? ', t.study_id::text AS study_id' : ''}
     FROM ${table} t WHERE t.id = $1 AND t.facility_id = ANY($2::uuid[])`, [id, facilityIds]))[0];
}
