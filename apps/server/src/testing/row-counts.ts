/**
 * Row counts of every table of the current schema, for "nothing was written" assertions. The audit
 * log and the login sessions are left out: a refused request may be audited (denials are audit
 * entries by design) and tests log in; every other table holds patient data or its context.
 */
import type { Queryable } from '../db/db.ts';

const NOT_PATIENT_DATA = new Set(['audit_log', 'session']);

export async function patientDataCounts(db: Queryable): Promise<Record<string, number>> {
  const tables = (await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  )).map((r) => r.table_name).filter((n) => !NOT_PATIENT_DATA.has(n) && !n.startsWith('schema_'));
  const sql = tables.map((n) => `SELECT '${n}' AS t, count(*)::int AS n FROM "${n}"`).join(' UNION ALL ');
  const rows = await db.query<{ t: string; n: number }>(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
