import type { Queryable } from '../../db/db.ts';

export interface EncounterRow {
  id: string;
  patient_id: string;
  facility_id: string;
  type: 'outpatient' | 'inpatient' | 'emergency' | 'station' | 'home';
  reason: string | null;
  started_at: Date;
  created_by: string | null;
}

export async function insertEncounter(q: Queryable, e: EncounterRow) {
  await q.query('INSERT INTO encounter (id, patient_id, facility_id, type, reason, started_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7)', [
    e.id, e.patient_id, e.facility_id, e.type, e.reason, e.started_at.toISOString(), e.created_by,
  ]);
}

export async function listEncounters(q: Queryable, patientId: string) {
  return q.query<EncounterRow>('SELECT * FROM encounter WHERE patient_id = $1 ORDER BY started_at DESC', [patientId]);
}

/** The encounter when its facility is one of `facilityIds`. */
export async function findEncounterScoped(q: Queryable, id: string, facilityIds: string[]) {
  const rows = await q.query<EncounterRow>('SELECT * FROM encounter WHERE id = $1 AND facility_id = ANY($2::uuid[])', [id, facilityIds]);
  return rows[0];
}
