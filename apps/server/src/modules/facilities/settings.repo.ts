/** One facility's settings document and its name (SQL only). */
import type { Queryable } from '../../db/db.ts';

export async function readSettings(q: Queryable, facilityId: string): Promise<{ name: string; settings: Record<string, unknown> | null; updated_at: Date | null } | undefined> {
  return (await q.query<{ name: string; settings: Record<string, unknown> | null; updated_at: Date | null }>(
    'SELECT f.name, s.settings, s.updated_at FROM facility f LEFT JOIN facility_setting s ON s.facility_id = f.id WHERE f.id = $1',
    [facilityId],
  ))[0];
}

export async function writeSettings(q: Queryable, facilityId: string, name: string, settings: Record<string, unknown>, by: string, now: Date) {
  await q.query('UPDATE facility SET name = $2 WHERE id = $1', [facilityId, name]);
  await q.query(
    `INSERT INTO facility_setting (facility_id, settings, updated_at, updated_by) VALUES ($1,$2,$3,$4)
     ON CONFLICT (facility_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [facilityId, JSON.stringify(settings), now.toISOString(), by],
  );
}
