import type { Queryable } from '../../db/db.ts';
import type { Role } from './roles.ts';

export interface UserRow {
  id: string;
  username: string;
  full_name: string;
  password_hash: string;
  roles: Role[];
  active: boolean;
  facility_ids: string[];
}

const USER_SELECT = `SELECT u.id, u.username, u.full_name, u.password_hash, u.roles, u.active,
  COALESCE(array_agg(uf.facility_id::text ORDER BY uf.facility_id) FILTER (WHERE uf.facility_id IS NOT NULL), '{}') AS facility_ids
  FROM app_user u LEFT JOIN user_facility uf ON uf.user_id = u.id`;

export async function findUserByUsername(q: Queryable, username: string): Promise<UserRow | undefined> {
  const rows = await q.query<UserRow>(`${USER_SELECT} WHERE u.username = $1 GROUP BY u.id`, [username]);
  return rows[0];
}

export async function findUserBySession(q: Queryable, tokenHash: string, now: Date): Promise<UserRow | undefined> {
  const rows = await q.query<UserRow>(
    `${USER_SELECT} JOIN session s ON s.user_id = u.id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active GROUP BY u.id`,
    [tokenHash, now.toISOString()],
  );
  return rows[0];
}

export async function insertSession(q: Queryable, tokenHash: string, userId: string, now: Date, expires: Date) {
  await q.query('INSERT INTO session (token_hash, user_id, created_at, expires_at) VALUES ($1,$2,$3,$4)', [
    tokenHash,
    userId,
    now.toISOString(),
    expires.toISOString(),
  ]);
  await q.query('DELETE FROM session WHERE user_id = $1 AND expires_at <= $2', [userId, now.toISOString()]);
}

export async function deleteSession(q: Queryable, tokenHash: string) {
  await q.query('DELETE FROM session WHERE token_hash = $1', [tokenHash]);
}

export async function listFacilities(q: Queryable, ids: string[]) {
  return q.query<{ id: string; code: string; name: string; kind: 'hospital' | 'station'; province: string; commune: string }>(
    'SELECT id, code, name, kind, province, commune FROM facility WHERE id = ANY($1::uuid[]) ORDER BY kind, name',
    [ids],
  );
}

/** The identifiers an account carries for matching it to records kept elsewhere (e.g. training enrolment). */
export interface UserIdentifiers { nationalId: string | null; employeeId: string | null; email: string | null }

export async function userIdentifiers(q: Queryable, userId: string): Promise<(UserIdentifiers & { active: boolean; fullName: string }) | undefined> {
  const r = (await q.query<{ national_id: string | null; employee_id: string | null; email: string | null; active: boolean; full_name: string }>(
    'SELECT national_id, employee_id, email, active, full_name FROM app_user WHERE id = $1', [userId]))[0];
  return r && { nationalId: r.national_id, employeeId: r.employee_id, email: r.email, active: r.active, fullName: r.full_name };
}

/** Sets the given identifiers (undefined: unchanged; null: cleared). A duplicate raises 23505. */
export async function setUserIdentifiers(q: Queryable, userId: string, ids: Partial<UserIdentifiers>) {
  await q.query(
    `UPDATE app_user SET national_id = CASE WHEN $2 THEN $3 ELSE national_id END, employee_id = CASE WHEN $4 THEN $5 ELSE employee_id END,
            email = CASE WHEN $6 THEN $7 ELSE email END WHERE id = $1`,
    [userId, ids.nationalId !== undefined, ids.nationalId ?? null, ids.employeeId !== undefined, ids.employeeId ?? null, ids.email !== undefined, ids.email?.toLowerCase() ?? null]);
}

/** Active accounts carrying any of the given identifiers. */
export async function usersByIdentifiers(q: Queryable, f: { nationalIds: string[]; employeeIds: string[]; emails: string[] }) {
  return q.query<{ id: string; national_id: string | null; employee_id: string | null; email: string | null }>(
    `SELECT id, national_id, employee_id, email FROM app_user WHERE active AND (national_id = ANY($1::text[]) OR employee_id = ANY($2::text[]) OR email = ANY($3::text[]))`,
    [f.nationalIds, f.employeeIds, f.emails]);
}

/** Facilities an account belongs to. */
export async function userFacilityIds(q: Queryable, userId: string): Promise<string[]> {
  return (await q.query<{ facility_id: string }>('SELECT facility_id FROM user_facility WHERE user_id = $1', [userId])).map((r) => r.facility_id);
}
