import type { Queryable } from '../../db/db.ts';

export interface TriageRow {
  id: string;
  patient_id: string;
  facility_id: string;
  encounter_id: string | null;
  arrived_at: Date;
  inputs: unknown;
  result: unknown;
  category: 'red' | 'yellow' | 'green';
  target_minutes: number;
  suggestion_id: string | null;
  status: 'waiting' | 'seen' | 'left';
  seen_at: Date | null;
  seen_by: string | null;
  created_by: string | null;
  created_at: Date;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function insertTriage(q: Queryable, t: TriageRow) {
  await q.query(
    `INSERT INTO triage (id, patient_id, facility_id, encounter_id, arrived_at, inputs, result, category, target_minutes, suggestion_id, status, created_by, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [t.id, t.patient_id, t.facility_id, t.encounter_id, iso(t.arrived_at), JSON.stringify(t.inputs), JSON.stringify(t.result), t.category, t.target_minutes, t.suggestion_id, t.status, t.created_by, iso(t.created_at)],
  );
}

export interface QueueRow extends TriageRow {
  full_name: string;
  sex: string;
  birth_date: string;
}

/** Waiting patients: red, then yellow, then green; within a category, first come first seen. */
export async function waitingQueue(q: Queryable, facilityId: string) {
  return q.query<QueueRow>(
    `SELECT t.*, p.full_name, p.sex, p.birth_date FROM triage t JOIN patient p ON p.id = t.patient_id
     WHERE t.facility_id = $1 AND t.status = 'waiting'
     ORDER BY CASE t.category WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, t.arrived_at, t.id LIMIT 500`,
    [facilityId],
  );
}

export async function findTriageScoped(q: Queryable, id: string, facilityIds: string[]) {
  return (await q.query<TriageRow>('SELECT * FROM triage WHERE id = $1 AND facility_id = ANY($2::uuid[]) FOR UPDATE', [id, facilityIds]))[0];
}

export async function markSeen(q: Queryable, id: string, by: string, at: Date) {
  await q.query("UPDATE triage SET status = 'seen', seen_at = $2, seen_by = $3 WHERE id = $1", [id, at.toISOString(), by]);
}

export function toTriage(t: TriageRow & Partial<Pick<QueueRow, 'full_name' | 'sex' | 'birth_date'>>, now?: Date) {
  const arrived = new Date(t.arrived_at);
  const result = t.result as { targetTime?: { vi: string; en: string }; criteria?: string[] };
  const waiting = now ? Math.max(0, Math.floor((now.getTime() - arrived.getTime()) / 60_000)) : undefined;
  return {
    id: t.id, patientId: t.patient_id, facilityId: t.facility_id, encounterId: t.encounter_id, arrivedAt: arrived.toISOString(),
    category: t.category, targetMinutes: t.target_minutes, targetAt: new Date(arrived.getTime() + t.target_minutes * 60_000).toISOString(),
    targetTime: result.targetTime ?? { vi: '', en: '' }, criteria: result.criteria ?? [],
    inputs: t.inputs, result: t.result, suggestionId: t.suggestion_id, status: t.status, seenAt: iso(t.seen_at), seenBy: t.seen_by, createdAt: iso(t.created_at)!,
    ...(t.full_name !== undefined ? { patient: { id: t.patient_id, fullName: t.full_name, sex: t.sex!, birthDate: t.birth_date! } } : {}),
    ...(waiting !== undefined ? { waitingMinutes: waiting, overTarget: waiting > t.target_minutes } : {}),
  };
}
