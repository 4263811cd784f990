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
