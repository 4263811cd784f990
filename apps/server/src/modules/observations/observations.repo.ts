import type { Queryable } from '../../db/db.ts';

export interface ObservationRow {
  id: string;
  patient_id: string;
  encounter_id: string | null;
  facility_id: string;
  category: 'vital-signs' | 'laboratory';
  code_system: string;
  code: string;
  display: string;
  value_num: number | null;
  value_text: string | null;
  unit: string | null;
  ref_low: number | null;
  ref_high: number | null;
  effective_at: Date;
  recorded_by: string | null;
  device_id: string | null;
  created_at: Date;
}

const COLS = ['id', 'patient_id', 'encounter_id', 'facility_id', 'category', 'code_system', 'code', 'display', 'value_num', 'value_text', 'unit', 'ref_low', 'ref_high', 'effective_at', 'recorded_by', 'device_id', 'created_at'] as const;

// Column types for the unnest() insert, in COLS order.
const COL_TYPES: Record<(typeof COLS)[number], string> = {
  id: 'uuid', patient_id: 'uuid', encounter_id: 'uuid', facility_id: 'uuid', category: 'text', code_system: 'text', code: 'text',
  display: 'text', value_num: 'float8', value_text: 'text', unit: 'text', ref_low: 'float8', ref_high: 'float8',
  effective_at: 'timestamptz', recorded_by: 'uuid', device_id: 'text', created_at: 'timestamptz',
};

/**
 * Bulk insert: one array parameter per column, unnest()ed into rows, so a gateway's batch of
 * thousands of readings is one statement with 17 parameters (not 17 per row, which cost more to
 * bind than to store). Rows that repeat a device reading (device, code, instant) are skipped.
 * Returns the inserted ids.
 */
export async function insertObservations(q: Queryable, rows: ObservationRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const columns = COLS.map((c) => rows.map((r) => {
    const v = r[c];
    return v instanceof Date ? v.toISOString() : v;
  }));
  const inserted = await q.query<{ id: string }>(
    `INSERT INTO observation (${COLS.join(',')})
     SELECT * FROM unnest(${COLS.map((c, i) => `$${i + 1}::${COL_TYPES[c]}[]`).join(', ')})
     ON CONFLICT (device_id, code, effective_at) WHERE device_id IS NOT NULL DO NOTHING RETURNING id`,
    columns,
  );
  return inserted.map((r) => r.id);
}

export async function listObservations(
  q: Queryable,
  patientId: string,
  opts: { category?: string; code?: string; limit: number; since?: Date },
): Promise<ObservationRow[]> {
  // Newest N (after `since` when given), returned oldest first for charts.
  return q.query<ObservationRow>(
    `SELECT * FROM (
       SELECT ${COLS.join(',')} FROM observation
       WHERE patient_id = $1 AND ($2::text IS NULL OR category = $2) AND ($3::text IS NULL OR code = $3)
         AND ($5::timestamptz IS NULL OR effective_at > $5::timestamptz)
       ORDER BY effective_at DESC, id DESC LIMIT $4) t
     ORDER BY effective_at, id`,
    [patientId, opts.category ?? null, opts.code ?? null, opts.limit, opts.since?.toISOString() ?? null],
  );
}
