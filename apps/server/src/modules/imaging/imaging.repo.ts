/** SQL for imaging studies, series, instances and reports. */
import type { Queryable } from '../../db/db.ts';

export interface StudyRow {
  id: string;
  facility_id: string;
  study_uid: string;
  patient_id: string | null;
  match_state: 'matched' | 'unmatched';
  dicom_patient_id: string | null;
  dicom_patient_name: string | null;
  accession_number: string | null;
  study_date: string | null;
  description: string | null;
  modalities: string[];
  status: 'received' | 'analysing' | 'analysed' | 'reported' | 'failed';
  ai_suspicion: number | null;
  source: string;
  received_at: Date;
}

export interface SeriesRow {
  id: string;
  study_id: string;
  series_uid: string;
  modality: string | null;
  description: string | null;
  body_part: string | null;
}

export interface InstanceRow {
  id: string;
  study_id: string;
  series_id: string;
  sop_instance_uid: string;
  sop_class_uid: string;
  transfer_syntax_uid: string;
  instance_number: number | null;
  rows: number | null;
  columns: number | null;
  file_path: string;
  size_bytes: number;
  sha256: string;
  source_name: string | null;
  received_at: Date;
}

export async function findStudyByUid(q: Queryable, facilityId: string, studyUid: string, lock = false) {
  return (await q.query<StudyRow>(`SELECT * FROM imaging_study WHERE facility_id = $1 AND study_uid = $2${lock ? ' FOR UPDATE' : ''}`, [facilityId, studyUid]))[0];
}

export async function findStudy(q: Queryable, id: string, facilityIds: string[]) {
  return (await q.query<StudyRow>('SELECT * FROM imaging_study WHERE id = $1 AND facility_id = ANY($2::uuid[])', [id, facilityIds]))[0];
}

export async function insertStudy(q: Queryable, s: StudyRow) {
  await q.query(
    `INSERT INTO imaging_study (id, facility_id, study_uid, patient_id, match_state, dicom_patient_id, dicom_patient_name, accession_number,
       study_date, description, modalities, status, ai_suspicion, source, received_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
    [s.id, s.facility_id, s.study_uid, s.patient_id, s.match_state, s.dicom_patient_id, s.dicom_patient_name, s.accession_number,
      s.study_date, s.description, s.modalities, s.status, s.ai_suspicion, s.source, new Date(s.received_at).toISOString()],
  );
}

export async function addModality(q: Queryable, studyId: string, modality: string) {
  await q.query('UPDATE imaging_study SET modalities = array_append(modalities, $2) WHERE id = $1 AND NOT ($2 = ANY(modalities))', [studyId, modality]);
}

export async function findSeries(q: Queryable, studyId: string, seriesUid: string) {
  return (await q.query<SeriesRow>('SELECT * FROM imaging_series WHERE study_id = $1 AND series_uid = $2', [studyId, seriesUid]))[0];
}

export async function insertSeries(q: Queryable, s: SeriesRow) {
  await q.query('INSERT INTO imaging_series (id, study_id, series_uid, modality, description, body_part) VALUES ($1,$2,$3,$4,$5,$6)',
    [s.id, s.study_id, s.series_uid, s.modality, s.description, s.body_part]);
}

export async function findInstanceByUid(q: Queryable, studyId: string, sopUid: string) {
  return (await q.query<InstanceRow>('SELECT * FROM imaging_instance WHERE study_id = $1 AND sop_instance_uid = $2', [studyId, sopUid]))[0];
}

export async function insertInstance(q: Queryable, i: InstanceRow) {
  await q.query(
    `INSERT INTO imaging_instance (id, study_id, series_id, sop_instance_uid, sop_class_uid, transfer_syntax_uid, instance_number, rows, columns,
       file_path, size_bytes, sha256, source_name, received_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
    [i.id, i.study_id, i.series_id, i.sop_instance_uid, i.sop_class_uid, i.transfer_syntax_uid, i.instance_number, i.rows, i.columns,
      i.file_path, i.size_bytes, i.sha256, i.source_name, new Date(i.received_at).toISOString()],
  );
}

/** An instance visible to the caller (facility-scoped through its study). */
export async function findInstance(q: Queryable, id: string, facilityIds: string[]) {
  return (await q.query<InstanceRow & { facility_id: string; patient_id: string | null }>(
    `SELECT i.*, s.facility_id, s.patient_id FROM imaging_instance i JOIN imaging_study s ON s.id = i.study_id
     WHERE i.id = $1 AND s.facility_id = ANY($2::uuid[])`, [id, facilityIds]))[0];
}

export async function instancesOfStudy(q: Queryable, studyId: string) {
  return q.query<InstanceRow & { series_uid: string; modality: string | null }>(
    `SELECT i.*, se.series_uid, se.modality FROM imaging_instance i JOIN imaging_series se ON se.id = i.series_id
     WHERE i.study_id = $1 ORDER BY se.series_uid, i.instance_number NULLS LAST, i.sop_instance_uid`, [studyId]);
}

export async function setStudyStatus(q: Queryable, studyId: string, status: StudyRow['status']) {
  await q.query('UPDATE imaging_study SET status = $2 WHERE id = $1', [studyId, status]);
}

/** Raises the study's AI suspicion to at least `value`. */
export async function raiseSuspicion(q: Queryable, studyId: string, value: number) {
  await q.query('UPDATE imaging_study SET ai_suspicion = GREATEST(COALESCE(ai_suspicion, 0), $2) WHERE id = $1', [studyId, value]);
}
