/** Staff accounts as the facility admin console sees them (SQL only; permissions live in admin.service). */
import type { Queryable } from '../../db/db.ts';
import type { Role } from './roles.ts';

export interface StaffRow {
  id: string;
  username: string;
  full_name: string;
  roles: Role[];
  active: boolean;
  must_change_password: boolean;
  created_at: Date;
  deactivated_at: Date | null;
  facility_ids: string[];
  active_sessions: number;
  last_login_at: Date | null;
}

const STAFF_SELECT = `SELECT u.id, u.username, u.full_name, u.roles, u.active, u.must_change_password, u.created_at, u.deactivated_at,
  COALESCE((SELECT array_agg(uf.facility_id::text ORDER BY uf.facility_id) FROM user_facility uf WHERE uf.user_id = u.id), '{}') AS facility_ids,
  (SELECT count(*)::int FROM session s WHERE s.user_id = u.id AND s.expires_at > $1) AS active_sessions,
  (SELECT max(a.at) FROM audit_log a WHERE a.user_id = u.id AND a.action = 'login' AND a.outcome = 'success') AS last_login_at
  FROM app_user u`;

/** Accounts that work at one of `facilityIds` at least. */
export async function listStaff(q: Queryable, facilityIds: string[], now: Date): Promise<StaffRow[]> {
  return q.query<StaffRow>(
    `${STAFF_SELECT} WHERE EXISTS (SELECT 1 FROM user_facility uf WHERE uf.user_id = u.id AND uf.facility_id = ANY($2::uuid[])) ORDER BY u.active DESC, u.full_name`,
    [now.toISOString(), facilityIds],
  );
}

export async function findStaff(q: Queryable, id: string, now: Date): Promise<StaffRow | undefined> {
  return (await q.query<StaffRow>(`${STAFF_SELECT} WHERE u.id = $2`, [now.toISOString(), id]))[0];
}

export async function usernameTaken(q: Queryable, username: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM app_user WHERE lower(username) = lower($1)', [username])).length > 0;
}

export async function insertStaff(q: Queryable, u: { id: string; username: string; fullName: string; passwordHash: string; roles: Role[]; facilityIds: string[]; createdBy: string; now: Date }) {
  await q.query('INSERT INTO app_user (id, username, full_name, password_hash, roles, active, must_change_password, created_by, created_at) VALUES ($1,$2,$3,$4,$5,true,true,$6,$7)', [
    u.id, u.username, u.fullName, u.passwordHash, u.roles, u.createdBy, u.now.toISOString(),
  ]);
  for (const f of u.facilityIds) await q.query('INSERT INTO user_facility (user_id, facility_id) VALUES ($1,$2)', [u.id, f]);
}

export async function updateStaff(q: Queryable, id: string, set: { roles?: Role[]; fullName?: string; active?: boolean; by: string; now: Date }) {
  if (set.roles) await q.query('UPDATE app_user SET roles = $2 WHERE id = $1', [id, set.roles]);
  if (set.fullName) await q.query('UPDATE app_user SET full_name = $2 WHERE id = $1', [id, set.fullName]);
  if (set.active === false) await q.query('UPDATE app_user SET active = false, deactivated_at = $2, deactivated_by = $3 WHERE id = $1', [id, set.now.toISOString(), set.by]);
  if (set.active === true) await q.query('UPDATE app_user SET active = true, deactivated_at = NULL, deactivated_by = NULL WHERE id = $1', [id]);
}

export async function setPassword(q: Queryable, id: string, passwordHash: string, mustChange: boolean) {
  await q.query('UPDATE app_user SET password_hash = $2, must_change_password = $3 WHERE id = $1', [id, passwordHash, mustChange]);
}

/** Ends every session of the user; returns how many were open. */
export async function endSessions(q: Queryable, userId: string): Promise<number> {
  const r = await q.query<{ n: number }>('WITH d AS (DELETE FROM session WHERE user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d', [userId]);
  return r[0]?.n ?? 0;
}

export async function mustChangePassword(q: Queryable, userId: string): Promise<boolean> {
  return (await q.query<{ must_change_password: boolean }>('SELECT must_change_password FROM app_user WHERE id = $1', [userId]))[0]?.must_change_password === true;
}

export async function passwordHashOf(q: Queryable, userId: string): Promise<string | undefined> {
  return (await q.query<{ password_hash: string }>('SELECT password_hash FROM app_user WHERE id = $1', [userId]))[0]?.password_hash;
}
