import type { ConsultState, ConsultUrgency } from '@yte/clinical';
import type { Queryable } from '../../db/db.ts';

export interface ConsultRow {
  id: string;
  patient_id: string;
  encounter_id: string | null;
  from_facility_id: string;
  to_facility_id: string;
  specialty: string;
  assigned_to: string | null;
  urgency: ConsultUrgency;
  question: string;
  snapshot: unknown;
  state: ConsultState;
  client_ref: string | null;
  requested_by: string | null;
  requested_at: Date;
  due_at: Date;
  accepted_by: string | null;
  accepted_at: Date | null;
  answered_by: string | null;
  answered_at: Date | null;
  advice: string | null;
  follow_up: string | null;
  ai_assisted: boolean;
  decision: 'accepted' | 'overridden' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  cancel_reason: string | null;
  cancelled_by: string | null;
  cancelled_at: Date | null;
  updated_at: Date;
}

export interface ConsultView extends ConsultRow {
  patient_name: string;
  patient_sex: string;
  patient_birth_date: string;
  from_name: string;
  to_name: string;
  requested_by_name: string | null;
  assigned_to_name: string | null;
  answered_by_name: string | null;
  attachment_count: number;
}

const COLS = Object.keys({
  id: 0, patient_id: 0, encounter_id: 0, from_facility_id: 0, to_facility_id: 0, specialty: 0, assigned_to: 0, urgency: 0, question: 0, snapshot: 0, state: 0,
  client_ref: 0, requested_by: 0, requested_at: 0, due_at: 0, accepted_by: 0, accepted_at: 0, answered_by: 0, answered_at: 0, advice: 0, follow_up: 0,
  ai_assisted: 0, decision: 0, decision_reason: 0, decided_by: 0, decided_at: 0, cancel_reason: 0, cancelled_by: 0, cancelled_at: 0, updated_at: 0,
} satisfies Record<keyof ConsultRow, 0>);

const VIEW = `SELECT c.*, p.full_name AS patient_name, p.sex AS patient_sex, p.birth_date::text AS patient_birth_date,
    ff.name AS from_name, tf.name AS to_name, ru.full_name AS requested_by_name, au.full_name AS assigned_to_name, an.full_name AS answered_by_name,
    (SELECT count(*)::int FROM teleconsult_attachment a WHERE a.consult_id = c.id) AS attachment_count
  FROM teleconsult c JOIN patient p ON p.id = c.patient_id JOIN facility ff ON ff.id = c.from_facility_id JOIN facility tf ON tf.id = c.to_facility_id
  LEFT JOIN app_user ru ON ru.id = c.requested_by LEFT JOIN app_user au ON au.id = c.assigned_to LEFT JOIN app_user an ON an.id = c.answered_by`;

export async function insertConsult(q: Queryable, r: ConsultRow) {
  await q.query(`INSERT INTO teleconsult (${COLS.join(', ')}) VALUES (${COLS.map((c, i) => (c === 'snapshot' ? `$${i + 1}::jsonb` : `$${i + 1}`)).join(', ')})`,
    COLS.map((c) => (c === 'snapshot' ? JSON.stringify(r.snapshot) : r[c as keyof ConsultRow])));
}

/** The consult only when one of the caller's facilities is its requesting or consulting facility. */
export async function findConsultScoped(q: Queryable, id: string, facilityIds: string[], forUpdate = false): Promise<ConsultView | undefined> {
  if (forUpdate) {
    const locked = await q.query<{ id: string }>('SELECT id FROM teleconsult WHERE id = $1 AND (from_facility_id = ANY($2::uuid[]) OR to_facility_id = ANY($2::uuid[])) FOR UPDATE', [id, facilityIds]);
    if (!locked[0]) return undefined;
  }
  return (await q.query<ConsultView>(`${VIEW} WHERE c.id = $1 AND (c.from_facility_id = ANY($2::uuid[]) OR c.to_facility_id = ANY($2::uuid[]))`, [id, facilityIds]))[0];
}

export async function findByClientRef(q: Queryable, fromFacilityId: string, clientRef: string) {
  return (await q.query<{ id: string; patient_id: string }>('SELECT id, patient_id FROM teleconsult WHERE from_facility_id = $1 AND client_ref = $2', [fromFacilityId, clientRef]))[0];
}

export async function updateConsult(q: Queryable, id: string, set: Partial<ConsultRow>) {
  const keys = Object.keys(set).filter((k) => COLS.includes(k) && k !== 'snapshot');
  await q.query(`UPDATE teleconsult SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...keys.map((k) => set[k as keyof ConsultRow])]);
}

/**
 * The hospital inbox: open consults first, by due instant then request instant (compareInbox in
 * @yte/clinical), then the latest closed ones. `mine` narrows to consults named to the user or to nobody.
 */
export async function inboxFor(q: Queryable, facilityId: string, opts: { open: boolean; userId?: string; limit: number }): Promise<ConsultView[]> {
  const params: unknown[] = [facilityId, opts.limit];
  let mine = '';
  if (opts.userId) { params.push(opts.userId); mine = ' AND (c.assigned_to IS NULL OR c.assigned_to = $3)'; }
  if (opts.open) {
    return q.query<ConsultView>(`${VIEW} WHERE c.to_facility_id = $1 AND c.state IN ('requested', 'accepted')${mine} ORDER BY c.due_at, c.requested_at LIMIT $2`, params);
  }
  return q.query<ConsultView>(`${VIEW} WHERE c.to_facility_id = $1 AND c.state NOT IN ('requested', 'accepted')${mine} ORDER BY c.requested_at DESC LIMIT $2`, params);
}

export async function consultsOfPatient(q: Queryable, patientId: string, facilityIds: string[]): Promise<ConsultView[]> {
  return q.query<ConsultView>(`${VIEW} WHERE c.patient_id = $1 AND (c.from_facility_id = ANY($2::uuid[]) OR c.to_facility_id = ANY($2::uuid[])) ORDER BY c.requested_at DESC`, [patientId, facilityIds]);
}

export async function sentBy(q: Queryable, facilityId: string, limit: number): Promise<ConsultView[]> {
  return q.query<ConsultView>(`${VIEW} WHERE c.from_facility_id = $1 ORDER BY (c.state IN ('closed', 'cancelled')), c.requested_at DESC LIMIT $2`, [facilityId, limit]);
}

// ---------- attachments, messages, calls ----------

export interface AttachmentRow {
  id: string; consult_id: string; kind: 'photo' | 'document' | 'imaging_study'; media_type: string | null; file_name: string | null; size_bytes: number | null;
  sha256: string | null; data: Uint8Array | null; imaging_study_id: string | null; note: string | null; added_by: string | null; added_at: Date;
}

export async function insertAttachment(q: Queryable, a: AttachmentRow) {
  await q.query(
    `INSERT INTO teleconsult_attachment (id, consult_id, kind, media_type, file_name, size_bytes, sha256, data, imaging_study_id, note, added_by, added_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [a.id, a.consult_id, a.kind, a.media_type, a.file_name, a.size_bytes, a.sha256, a.data, a.imaging_study_id, a.note, a.added_by, a.added_at],
  );
}

export async function attachmentsOf(q: Queryable, consultId: string) {
  return q.query<Omit<AttachmentRow, 'data'> & { study_description: string | null; study_date: string | null }>(
    `SELECT a.id, a.consult_id, a.kind, a.media_type, a.file_name, a.size_bytes, a.sha256, a.imaging_study_id, a.note, a.added_by, a.added_at,
       s.description AS study_description, s.study_date
     FROM teleconsult_attachment a LEFT JOIN imaging_study s ON s.id = a.imaging_study_id WHERE a.consult_id = $1 ORDER BY a.added_at, a.id`, [consultId]);
}

export async function attachmentData(q: Queryable, consultId: string, id: string) {
  return (await q.query<{ media_type: string; file_name: string | null; data: Uint8Array }>(
    "SELECT media_type, file_name, data FROM teleconsult_attachment WHERE consult_id = $1 AND id = $2 AND kind <> 'imaging_study'", [consultId, id]))[0];
}

export async function insertMessage(q: Queryable, m: { id: string; consult_id: string; call_id: string | null; author_id: string; body: string; sent_at: Date }) {
  await q.query('INSERT INTO teleconsult_message (id, consult_id, call_id, author_id, body, sent_at) VALUES ($1, $2, $3, $4, $5, $6)', [m.id, m.consult_id, m.call_id, m.author_id, m.body, m.sent_at]);
}

export async function messagesOf(q: Queryable, consultId: string) {
  return q.query<{ id: string; call_id: string | null; author_id: string; author_name: string; body: string; sent_at: Date }>(
    'SELECT m.id, m.call_id, m.author_id, u.full_name AS author_name, m.body, m.sent_at FROM teleconsult_message m JOIN app_user u ON u.id = m.author_id WHERE m.consult_id = $1 ORDER BY m.sent_at, m.id', [consultId]);
}

export interface CallRow {
  id: string; consult_id: string; started_by: string; started_at: Date; connected_at: Date | null; ended_at: Date | null;
  participants: Array<{ userId: string; side: string; joinedAt: string }>; final_mode: string | null; end_reason: string | null;
  consent_requesting: boolean; consent_consulting: boolean;
}

export async function insertCall(q: Queryable, c: Pick<CallRow, 'id' | 'consult_id' | 'started_by' | 'started_at' | 'participants'>) {
  await q.query('INSERT INTO teleconsult_call (id, consult_id, started_by, started_at, participants) VALUES ($1, $2, $3, $4, $5::jsonb)', [c.id, c.consult_id, c.started_by, c.started_at, JSON.stringify(c.participants)]);
}

export async function openCallOf(q: Queryable, consultId: string, forUpdate = false) {
  return (await q.query<CallRow>(`SELECT * FROM teleconsult_call WHERE consult_id = $1 AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1${forUpdate ? ' FOR UPDATE' : ''}`, [consultId]))[0];
}

export async function updateCall(q: Queryable, id: string, set: Partial<CallRow>) {
  const keys = Object.keys(set);
  await q.query(`UPDATE teleconsult_call SET ${keys.map((k, i) => `${k} = $${i + 2}${k === 'participants' ? '::jsonb' : ''}`).join(', ')} WHERE id = $1`,
    [id, ...keys.map((k) => (k === 'participants' ? JSON.stringify(set.participants) : set[k as keyof CallRow]))]);
}

export async function callsOf(q: Queryable, consultId: string) {
  return q.query<CallRow>('SELECT * FROM teleconsult_call WHERE consult_id = $1 ORDER BY started_at', [consultId]);
}
