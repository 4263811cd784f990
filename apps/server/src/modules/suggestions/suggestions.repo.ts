import type { Queryable } from '../../db/db.ts';

export interface SuggestionRow {
  id: string;
  tool_id: string;
  tool_version: string;
  kind: 'rule' | 'model' | 'vendor';
  patient_id: string;
  encounter_id: string | null;
  facility_id: string;
  subject_ref: string | null;
  inputs: unknown;
  inputs_hash: string;
  output: unknown;
  explanation: unknown;
  summary: string;
  summary_vi: string;
  severity: 'info' | 'warning' | 'urgent' | 'emergency';
  score: number | null;
  visibility: 'visible' | 'shadow';
  status: 'proposed' | 'accepted' | 'overridden' | 'dismissed';
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  created_at: Date;
}

const COLS = ['id', 'tool_id', 'tool_version', 'kind', 'patient_id', 'encounter_id', 'facility_id', 'subject_ref', 'inputs', 'inputs_hash', 'output', 'explanation', 'summary', 'summary_vi', 'severity', 'score', 'visibility', 'status', 'created_at'] as const;

export async function insertSuggestions(q: Queryable, rows: SuggestionRow[]) {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((r) => {
    const base = params.length;
    for (const c of COLS) {
      const v = r[c];
      params.push(c === 'inputs' || c === 'output' || c === 'explanation' ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : v);
    }
    return `(${COLS.map((_, i) => `$${base + i + 1}`).join(',')})`;
  });
  await q.query(`INSERT INTO suggestion (${COLS.join(',')}) VALUES ${tuples.join(',')}`, params);
}

export async function listForPatient(q: Queryable, patientId: string, opts: { status?: string; includeShadow: boolean; hiddenTools: string[]; limit: number }) {
  return q.query<SuggestionRow>(
    `SELECT * FROM suggestion WHERE patient_id = $1 AND ($2::text IS NULL OR status = $2)
       AND ($3 OR visibility = 'visible') AND NOT (tool_id = ANY($4::text[]))
     ORDER BY created_at DESC LIMIT $5`,
    [patientId, opts.status ?? null, opts.includeShadow, opts.hiddenTools, opts.limit],
  );
}

export async function findSuggestion(q: Queryable, id: string, facilityIds: string[]) {
  return (await q.query<SuggestionRow>('SELECT * FROM suggestion WHERE id = $1 AND facility_id = ANY($2::uuid[]) FOR UPDATE', [id, facilityIds]))[0];
}

export async function setDecision(q: Queryable, id: string, d: { status: SuggestionRow['status']; by: string; at: Date; reason: string | null }) {
  await q.query('UPDATE suggestion SET status = $2, decided_by = $3, decided_at = $4, reason = $5 WHERE id = $1', [id, d.status, d.by, d.at.toISOString(), d.reason]);
}
