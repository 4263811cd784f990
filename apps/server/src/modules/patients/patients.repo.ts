import type { Queryable } from '../../db/db.ts';

export interface PatientRow {
  id: string;
  facility_id: string;
  full_name: string;
  sex: 'male' | 'female' | 'other';
  birth_date: string;
  cccd: string | null;
  bhyt: string | null;
  phone: string | null;
  province: string;
  commune: string;
  address_line: string | null;
  created_at: Date;
}

const COLS = 'id, facility_id, full_name, sex, birth_date, cccd, bhyt, phone, province, commune, address_line, created_at';

/** The patient only when registered at one of `facilityIds`; otherwise undefined (callers answer 404). */
export async function findPatientScoped(q: Queryable, id: string, facilityIds: string[]): Promise<PatientRow | undefined> {
  const rows = await q.query<PatientRow>(`SELECT ${COLS} FROM patient WHERE id = $1 AND facility_id = ANY($2::uuid[])`, [id, facilityIds]);
  return rows[0];
}

export async function insertPatient(q: Queryable, p: PatientRow & { name_search: string; created_by: string | null }) {
  await q.query(
    `INSERT INTO patient (id, facility_id, full_name, name_search, sex, birth_date, cccd, bhyt, phone, province, commune, address_line, created_at, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
    [p.id, p.facility_id, p.full_name, p.name_search, p.sex, p.birth_date, p.cccd, p.bhyt, p.phone, p.province, p.commune, p.address_line, p.created_at.toISOString(), p.created_by],
  );
}

export async function findByCccd(q: Queryable, cccd: string, facilityIds: string[]) {
  return q.query<{ id: string; full_name: string }>('SELECT id, full_name FROM patient WHERE cccd = $1 AND facility_id = ANY($2::uuid[])', [cccd, facilityIds]);
}

/** Name searches look at most this many nearest names. */
export const SEARCH_CAP = 100;

export interface SearchRow extends PatientRow {
  last_encounter_at: Date | null;
}

const SUMMARY = `p.${COLS.split(', ').join(', p.')},
  (SELECT max(e.started_at) FROM encounter e WHERE e.patient_id = p.id) AS last_encounter_at`;

/**
 * Name search: trigram word-similarity KNN on the folded name (GiST index), so diacritics and small
 * typos don't matter ("nguyen van ann" → "Nguyễn Văn An"). Digits search CCCD, BHYT and phone exactly.
 */
export async function searchPatients(
  q: Queryable,
  opts: { folded: string; digits: string | null; facilityIds: string[]; limit: number; offset: number },
): Promise<{ rows: SearchRow[]; total: number }> {
  if (opts.digits) {
    const rows = await q.query<SearchRow>(
      `SELECT ${SUMMARY} FROM patient p WHERE p.facility_id = ANY($1::uuid[]) AND (p.cccd = $2 OR p.bhyt LIKE '%' || $2 OR p.phone = $2)
       ORDER BY p.full_name LIMIT $3 OFFSET $4`,
      [opts.facilityIds, opts.digits, opts.limit, opts.offset],
    );
    return { rows, total: rows.length + opts.offset };
  }
  if (opts.folded === '') {
    const [rows, count] = await Promise.all([
      q.query<SearchRow>(`SELECT ${SUMMARY} FROM patient p WHERE p.facility_id = ANY($1::uuid[]) ORDER BY p.created_at DESC, p.id LIMIT $2 OFFSET $3`, [opts.facilityIds, opts.limit, opts.offset]),
      q.query<{ n: number }>('SELECT count(*)::int AS n FROM patient WHERE facility_id = ANY($1::uuid[])', [opts.facilityIds]),
    ]);
    return { rows, total: count[0]?.n ?? 0 };
  }
  // Two steps: trigram KNN over the distinct-name dictionary (`<%` word similarity ≥ 0.6, ordered by
  // `<<->` through its GiST index), then, name by name, only as many patients at the caller's
  // facilities as the page needs (LATERAL … LIMIT), so common names cost no more than rare ones.
  // The total is counted up to SEARCH_CAP from the (name_search, facility_id) index alone.
  const rows = await q.query<SearchRow & { total: number }>(
    `WITH names AS MATERIALIZED (
       SELECT name_search, $2 <<-> name_search AS dist FROM patient_name
       WHERE $2 <% name_search ORDER BY $2 <<-> name_search LIMIT 25),
     page AS (
       SELECT m.id, n.dist, n.name_search FROM names n
       CROSS JOIN LATERAL (
         SELECT p.id FROM patient p WHERE p.name_search = n.name_search AND p.facility_id = ANY($1::uuid[])
         LIMIT $5) m
       ORDER BY n.dist, n.name_search, m.id LIMIT $3 OFFSET $4)
     SELECT ${SUMMARY},
       (SELECT count(*)::int FROM (SELECT 1 FROM names n JOIN patient c ON c.name_search = n.name_search
          AND c.facility_id = ANY($1::uuid[]) LIMIT ${SEARCH_CAP}) t) AS total
     FROM page h JOIN patient p ON p.id = h.id
     ORDER BY h.dist, h.name_search, p.id`,
    [opts.facilityIds, opts.folded, opts.limit, opts.offset, opts.offset + opts.limit],
  );
  return { rows, total: rows[0]?.total ?? 0 };
}
