import type { Queryable } from '../../db/db.ts';
import { nameTokens, pageOfNames, rankNames } from './name-search.ts';

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

/** A name search counts matches up to this many (the UI then says "more than 100"). */
export const SEARCH_CAP = 100;
/** The unfiltered list counts up to this many: an exact count of a hospital's million rows costs ~0.4 s. */
export const LIST_COUNT_CAP = 10_000;

export interface SearchRow extends PatientRow {
  last_encounter_at: Date | null;
  demo_placeholder: boolean;
}

const SUMMARY = `p.${COLS.split(', ').join(', p.')},
  (SELECT max(e.started_at) FROM encounter e WHERE e.patient_id = p.id) AS last_encounter_at, p.demo_placeholder`;

export interface SearchResult {
  rows: SearchRow[];
  total: number;
  /** True when `total` is a lower bound (the count stopped at its cap). */
  totalCapped: boolean;
}

/**
 * Patients at `facilityIds`: by name (tokens, diacritics and small typos tolerated — see
 * name-search.ts), by identifier digits (CCCD, BHYT, phone, exactly), or newest first.
 */
export async function searchPatients(
  q: Queryable,
  opts: { folded: string; digits: string | null; facilityIds: string[]; limit: number; offset: number; demoPlaceholders?: boolean },
): Promise<SearchResult> {
  if (opts.facilityIds.length === 0) return { rows: [], total: 0, totalCapped: false };
  if (opts.digits) {
    const rows = await q.query<SearchRow>(
      `SELECT ${SUMMARY} FROM patient p WHERE p.facility_id = ANY($1::uuid[]) AND (p.cccd = $2 OR p.bhyt LIKE '%' || $2 OR p.phone = $2)
       ORDER BY p.full_name LIMIT $3 OFFSET $4`,
      [opts.facilityIds, opts.digits, opts.limit, opts.offset],
    );
    return { rows, total: rows.length + opts.offset, totalCapped: false };
  }
  if (opts.folded === '') {
    // The list leaves out the demo's placeholder patients (migration 012) unless asked for them.
    const real = opts.demoPlaceholders ? '' : 'AND NOT p.demo_placeholder';
    const [rows, count] = await Promise.all([
      q.query<SearchRow>(`SELECT ${SUMMARY} FROM patient p WHERE p.facility_id = ANY($1::uuid[]) ${real} ORDER BY p.created_at DESC, p.id LIMIT $2 OFFSET $3`, [opts.facilityIds, opts.limit, opts.offset]),
      q.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM patient p WHERE p.facility_id = ANY($1::uuid[]) ${real} LIMIT ${LIST_COUNT_CAP}) c`, [opts.facilityIds]),
    ]);
    const n = count[0]?.n ?? 0;
    return { rows, total: n, totalCapped: n >= LIST_COUNT_CAP };
  }
  const names = await rankNames(q, nameTokens(opts.folded), opts.facilityIds, SEARCH_CAP);
  const counted = names.reduce((s, r) => s + r.patients, 0);
  const total = Math.min(SEARCH_CAP, counted);
  const page = pageOfNames(names, opts.offset, opts.limit);
  if (page.names.length === 0) return { rows: [], total, totalCapped: counted >= SEARCH_CAP };
  // The page's ids from the (name_search, facility_id, id) index alone, then only those rows: a
  // common name has hundreds of patients, and reading them all to keep twenty cost ~10 ms.
  const rows = await q.query<SearchRow>(
    `WITH page AS (
       SELECT p.id, array_position($1::text[], p.name_search) AS pos FROM patient p
       WHERE p.name_search = ANY($1::text[]) AND p.facility_id = ANY($2::uuid[])
       ORDER BY pos, p.id LIMIT $3 OFFSET $4)
     SELECT ${SUMMARY} FROM page JOIN patient p ON p.id = page.id ORDER BY page.pos, p.id`,
    [page.names, opts.facilityIds, opts.limit, page.skip],
  );
  return { rows, total, totalCapped: counted >= SEARCH_CAP };
}
